// Configs: defaults per scenario and sex, precedence (defaults < file < override), strict errors
// that name the key and the bad value, and the resolved-config TOML round trip (DESIGN.md §4, §9).
#include "io/config.hpp"
#include "scenarios/parameter_registry.hpp"
#include "scenarios/scenario_names.hpp"
#include "solver/errors.hpp"
#include "tests/input_error_of.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

#include <cstdio>
#include <fstream>
#include <string>

using kneeload::InputError;
using kneeload::InvariantError;
using kneeload::Parameters;
using Catch::Matchers::Contains;

using kneeload::testing::input_error_of;

namespace {

Parameters resolve_text(const std::string& scenario, const std::string& toml,
                        std::vector<std::string> overrides = {}) {
  return kneeload::resolve_parameters_toml(scenario, toml, "test.toml", overrides);
}

}  // namespace

TEST_CASE("defaults: every key of DESIGN.md §4 with its contract default", "[config]") {
  const Parameters p = kneeload::resolve_parameters("level_run", "", {});
  CHECK(p.get_number("body.mass_kg") == 70.0);
  CHECK(p.get_number("body.height_m") == 1.75);
  CHECK(p.get_choice("body.sex") == "male");
  CHECK(p.get_number("foot.pronation_deg") == 6.0);
  CHECK(p.get_number("foot.orthotic_wedge_deg") == 0.0);
  CHECK(p.get_number("knee.q_angle_deg") == 14.0);
  for (const char* group : {"quadriceps", "vastus_medialis", "hamstrings", "gluteals",
                            "hip_flexors", "plantarflexors", "dorsiflexors"})
    CHECK(p.get_number(std::string("muscle.strength.") + group) == 1.0);
  CHECK(p.get_number("gait.speed_mps") == 2.7);  // Hamner 2010 stride
  CHECK(p.get_number("gait.step_rate_change_pct") == 0.0);
  CHECK(p.get_number("terrain.slope_deg") == 0.0);
  CHECK(p.get_number("terrain.step_rise_m") == 0.17);
  CHECK(p.get_number("terrain.step_tread_m") == 0.28);
  CHECK(p.get_number("shoe.midsole_stiffness_kN_per_m") == 150.0);
  CHECK(p.get_number("shoe.heel_drop_mm") == 10.0);
  CHECK(p.get_number("brace.patellar_medial_force_N") == 0.0);
  CHECK(p.get_number("solver.rtol") == 1e-6);
  CHECK(p.get_number("solver.atol") == 1e-8);
  CHECK(p.get_number("solver.output_hz") == 1000.0);
  CHECK(p.get_choice("solver.stepper") == "dopri5");
  CHECK(p.get_entries().size() == kneeload::get_parameter_registry().get_specs().size());
}

TEST_CASE("defaults depend on the scenario: slope -6 deg downhill, speed of the reference",
          "[config]") {
  CHECK(kneeload::resolve_parameters("downhill_run", "", {}).get_number("terrain.slope_deg") == -6.0);
  for (const char* s : {"level_run", "stair_ascent", "stair_descent", "level_walk"})
    CHECK(kneeload::resolve_parameters(s, "", {}).get_number("terrain.slope_deg") == 0.0);
  CHECK(kneeload::resolve_parameters("downhill_run", "", {}).get_number("gait.speed_mps") == 2.7);
  CHECK(kneeload::resolve_parameters("level_walk", "", {}).get_number("gait.speed_mps") == 1.3);
  // The walking range is not the running range: 1.0 m/s is a walk, 4 m/s is not.
  CHECK(kneeload::resolve_parameters("level_walk", "", {"gait.speed_mps=1.0"})
            .get_number("gait.speed_mps") == 1.0);
  CHECK_THROWS_AS(kneeload::resolve_parameters("level_run", "", {"gait.speed_mps=1.0"}), InputError);
  CHECK_THROWS_AS(kneeload::resolve_parameters("level_walk", "", {"gait.speed_mps=4"}), InputError);
  // Stairs keep the key (documented as ignored) so one config serves every scenario.
  const kneeload::ParameterSpec stairs = kneeload::calc_scenario_spec(
      *kneeload::get_parameter_registry().find("gait.speed_mps"), "stair_ascent");
  CHECK(stairs.ignored);
}

TEST_CASE("Q-angle default follows sex (14 deg male, 17 deg female) unless set", "[config]") {
  CHECK(resolve_text("level_run", "[body]\nsex = \"female\"\n").get_number("knee.q_angle_deg") == 17.0);
  CHECK(kneeload::resolve_parameters("level_run", "", {"body.sex=female"})
            .get_number("knee.q_angle_deg") == 17.0);
  CHECK(kneeload::resolve_parameters("level_run", "", {"body.sex=male"})
            .get_number("knee.q_angle_deg") == 14.0);
  // Set explicitly, the value wins whatever the sex and whichever comes first.
  CHECK(resolve_text("level_run", "knee.q_angle_deg = 10\n", {"body.sex=female"})
            .get_number("knee.q_angle_deg") == 10.0);
  CHECK(kneeload::resolve_parameters("level_run", "", {"knee.q_angle_deg=20", "body.sex=female"})
            .get_number("knee.q_angle_deg") == 20.0);
}

TEST_CASE("precedence: defaults < TOML file < command-line overrides, later override wins",
          "[config]") {
  const std::string toml = "[body]\nmass_kg = 80\nheight_m = 1.8\n\n[muscle.strength]\nquadriceps = 0.5\n";
  const Parameters from_file = resolve_text("level_run", toml);
  CHECK(from_file.get_number("body.mass_kg") == 80.0);
  CHECK(from_file.get_number("body.height_m") == 1.8);
  CHECK(from_file.get_number("muscle.strength.quadriceps") == 0.5);
  CHECK(from_file.get_number("muscle.strength.hamstrings") == 1.0);  // untouched: default

  const Parameters overridden =
      resolve_text("level_run", toml, {"body.mass_kg=90", "body.mass_kg = 95.5"});
  CHECK(overridden.get_number("body.mass_kg") == 95.5);
  CHECK(overridden.get_number("body.height_m") == 1.8);

  // Dotted keys at top level mean the same as tables.
  CHECK(resolve_text("level_run", "body.mass_kg = 81\nmuscle.strength.gluteals = 1.5\n")
            .get_number("muscle.strength.gluteals") == 1.5);
}

TEST_CASE("keys set but not read by the scenario are valid, and listed for the caller to say so",
          "[config]") {
  std::vector<std::string> without_effect;
  const Parameters p = kneeload::resolve_parameters_toml(
      "level_run", "[terrain]\nstep_rise_m = 0.2\n[body]\nmass_kg = 80\n", "test.toml",
      {"terrain.slope_deg=-5", "shoe.heel_drop_mm=4"}, &without_effect);
  CHECK(p.get_number("body.mass_kg") == 80.0);
  std::sort(without_effect.begin(), without_effect.end());
  CHECK(without_effect ==
        std::vector<std::string>{
            "terrain.slope_deg has no effect in level_run (see kneeload params level_run)",
            "terrain.step_rise_m has no effect in level_run (see kneeload params level_run)"});
  // Downhill reads the slope: nothing to say.
  without_effect.clear();
  kneeload::resolve_parameters("downhill_run", "", {"terrain.slope_deg=-5"}, &without_effect);
  CHECK(without_effect.empty());
}

TEST_CASE("config from a file on disk, and a missing file is an InputError naming the path",
          "[config]") {
  const std::string path = "test_config_on_disk.toml";
  {
    std::ofstream out(path);
    out << "[foot]\npronation_deg = 12\n";
  }
  CHECK(kneeload::resolve_parameters("level_run", path, {}).get_number("foot.pronation_deg") == 12.0);
  std::remove(path.c_str());
  const std::string message =
      input_error_of([&] { kneeload::resolve_parameters("level_run", "no_such_dir/none.toml", {}); });
  CHECK_THAT(message, Contains("no_such_dir/none.toml"));
  // A folder, or a file that cannot be read, is an error too, not an empty config.
  CHECK_THAT(input_error_of([] { kneeload::resolve_parameters("level_run", ".", {}); }),
             Contains("'.' is a folder"));
  CHECK_THAT(
      input_error_of([] { kneeload::resolve_parameters("level_run", "/proc/self/mem", {}); }),
      Contains("cannot be read"));
}

TEST_CASE("unknown key: names the key and suggests the nearest known key", "[config]") {
  const std::string in_file = input_error_of([] { resolve_text("level_run", "[body]\nmas_kg = 80\n"); });
  CHECK_THAT(in_file, Contains("body.mas_kg"));
  CHECK_THAT(in_file, Contains("did you mean 'body.mass_kg'"));
  CHECK_THAT(in_file, Contains("test.toml:2:"));  // file:line:column of the entry

  const std::string in_override =
      input_error_of([] { kneeload::resolve_parameters("level_run", "", {"muscle.strength.quads=1"}); });
  CHECK_THAT(in_override, Contains("muscle.strength.quads"));
  CHECK_THAT(in_override, Contains("did you mean 'muscle.strength.quadriceps'"));

  // An unknown (even empty) table is an unknown key too.
  CHECK_THAT(input_error_of([] { resolve_text("level_run", "[bodyy]\n"); }), Contains("bodyy"));
}

TEST_CASE("wrong type: names the key, the value and the expected type", "[config]") {
  const std::string string_for_number =
      input_error_of([] { resolve_text("level_run", "[body]\nmass_kg = \"heavy\"\n"); });
  CHECK_THAT(string_for_number, Contains("body.mass_kg"));
  CHECK_THAT(string_for_number, Contains("\"heavy\""));
  CHECK_THAT(string_for_number, Contains("a number in [30, 200] kg"));

  const std::string number_for_choice =
      input_error_of([] { resolve_text("level_run", "[body]\nsex = 1\n"); });
  CHECK_THAT(number_for_choice, Contains("body.sex"));
  CHECK_THAT(number_for_choice, Contains("integer 1"));
  CHECK_THAT(number_for_choice, Contains("male|female"));

  CHECK_THAT(input_error_of([] { resolve_text("level_run", "body.mass_kg = true\n"); }),
             Contains("boolean true"));
  CHECK_THAT(input_error_of([] { resolve_text("level_run", "[body.mass_kg]\nx = 1\n"); }),
             Contains("body.mass_kg"));
  CHECK_THAT(input_error_of([] { resolve_text("level_run", "[body]\nsex = \"other\"\n"); }),
             Contains("\"other\""));
}

TEST_CASE("out of range: names the key, the value and the allowed range", "[config]") {
  const std::string in_file = input_error_of([] { resolve_text("level_run", "[body]\nmass_kg = 500\n"); });
  CHECK_THAT(in_file, Contains("body.mass_kg = 500"));
  CHECK_THAT(in_file, Contains("[30, 200] kg"));

  const std::string in_override =
      input_error_of([] { kneeload::resolve_parameters("level_run", "", {"terrain.slope_deg=5"}); });
  CHECK_THAT(in_override, Contains("terrain.slope_deg = 5"));
  CHECK_THAT(in_override, Contains("[-20, 0] deg"));

  // Range ends are allowed; NaN is not a number in any range.
  CHECK_NOTHROW(kneeload::resolve_parameters("level_run", "", {"body.mass_kg=30", "body.mass_kg=200"}));
  CHECK_THROWS_AS(kneeload::resolve_parameters("level_run", "", {"body.mass_kg=nan"}), InputError);
  CHECK_THROWS_AS(resolve_text("level_run", "body.mass_kg = nan\n"), InputError);
}

TEST_CASE("non-numeric or malformed override: names the key and the value", "[config]") {
  CHECK_THAT(
      input_error_of([] { kneeload::resolve_parameters("level_run", "", {"body.mass_kg=0x46"}); }),
      Contains("body.mass_kg must be a number") && Contains("got '0x46'"));
  const std::string message =
      input_error_of([] { kneeload::resolve_parameters("level_run", "", {"body.mass_kg=80kg"}); });
  CHECK_THAT(message, Contains("body.mass_kg"));
  CHECK_THAT(message, Contains("'80kg'"));
  CHECK_THAT(message, Contains("[30, 200] kg"));
  CHECK_THAT(input_error_of([] { kneeload::resolve_parameters("level_run", "", {"body.mass_kg="}); }),
             Contains("body.mass_kg"));
  CHECK_THAT(input_error_of([] { kneeload::resolve_parameters("level_run", "", {"body.mass_kg"}); }),
             Contains("KEY=VALUE"));
}

TEST_CASE("malformed TOML: file:line:column and the parser's reason", "[config]") {
  const std::string message =
      input_error_of([] { resolve_text("level_run", "[body]\nmass_kg = 80\nheight_m = = 1.8\n"); });
  CHECK_THAT(message, Contains("test.toml:3:"));
  CHECK_THAT(message, Contains("malformed TOML"));
}

TEST_CASE("a results file or a sweep spec given as a config is named as what it is", "[config]") {
  const std::string hdf5_start("\x89HDF\r\n\x1a\n\0\0\0", 11);
  CHECK_THAT(input_error_of([&] { resolve_text("level_run", hdf5_start); }),
             Contains("test.toml: is an HDF5 file, not a TOML config"));
  CHECK_THAT(input_error_of([] { resolve_text("level_run", "[grid]\nbody.mass_kg = [60]\n"); }),
             Contains("test.toml: is a sweep spec") && Contains("kneeload sweep test.toml"));
  CHECK_THAT(input_error_of([] {
               resolve_text("level_run",
                            "scenario = \"level_walk\"\n[grid]\nbody.mass_kg = [60]\n");
             }),
             Contains("is a sweep spec"));
  CHECK_THAT(input_error_of([] {
               resolve_text("level_run", "[sample]\nmethod = \"lhs\"\nn = 4\n");
             }),
             Contains("is a sweep spec"));
}

TEST_CASE("scenario names: an unknown one lists the valid names and suggests the closest",
          "[config]") {
  const std::string message =
      input_error_of([] { kneeload::resolve_parameters("levelrun", "", {}); });
  CHECK_THAT(message, Contains("'levelrun'"));
  CHECK_THAT(message, Contains("did you mean 'level_run'"));
  for (const std::string& name : kneeload::get_scenario_names()) CHECK_THAT(message, Contains(name));
  CHECK(kneeload::get_scenario_names().size() == 5);
  // A config written for another scenario is refused rather than silently reused.
  CHECK_THAT(input_error_of([] { resolve_text("level_run", "scenario = \"level_walk\"\n"); }),
             Contains("level_walk"));
}

TEST_CASE("Parameters: asking for an unknown key or the wrong kind is an invariant error",
          "[config]") {
  const Parameters p = kneeload::resolve_parameters("level_run", "", {});
  CHECK_THROWS_AS(p.get_number("body.mass"), InvariantError);
  CHECK_THROWS_AS(p.get_number("body.sex"), InvariantError);
  CHECK_THROWS_AS(p.get_choice("body.mass_kg"), InvariantError);
  CHECK(p.get_angle_rad("foot.pronation_deg") == Approx(6.0 * 3.14159265358979323846 / 180.0));
}

TEST_CASE("resolved config TOML round-trips exactly, awkward doubles included", "[config]") {
  for (const std::string& scenario : kneeload::get_scenario_names()) {
    const Parameters p = kneeload::resolve_parameters(
        scenario, "",
        {"body.mass_kg=71.30000000000001", "body.height_m=1.7777777777777777", "body.sex=female",
         "solver.rtol=3.3e-9", "solver.atol=1e-14", "solver.stepper=rk4", "foot.pronation_deg=-4.1",
         "terrain.slope_deg=-0.1", "muscle.strength.quadriceps=0.2"});
    const std::string toml = kneeload::format_parameters_toml(p);
    const Parameters back = kneeload::parse_resolved_toml(toml, "resolved.toml");
    CHECK(back == p);
    CHECK(kneeload::format_parameters_toml(back) == toml);
    // The resolved config is also a valid input config for its scenario.
    CHECK(resolve_text(scenario, toml) == p);
  }
  // A changed value is seen by the comparison (the round trip check can fail).
  const Parameters a = kneeload::resolve_parameters("level_run", "", {});
  const Parameters b = kneeload::resolve_parameters("level_run", "", {"body.mass_kg=70.00000000000001"});
  CHECK(a != b);
}

TEST_CASE("config template: every key once, resolving to the scenario's defaults", "[config]") {
  const kneeload::ParameterRegistry& registry = kneeload::get_parameter_registry();
  for (const std::string& scenario : kneeload::get_scenario_names()) {
    const std::string toml = kneeload::format_config_template(scenario);
    CHECK(resolve_text(scenario, toml) == kneeload::resolve_parameters(scenario, "", {}));
    for (const kneeload::ParameterSpec& spec : registry.get_specs()) {
      const std::string leaf = spec.key.substr(spec.key.rfind('.') + 1);
      const std::string table = spec.key.substr(0, spec.key.rfind('.'));
      const size_t at_table = toml.find("\n[" + table + "]\n");
      REQUIRE(at_table != std::string::npos);
      const size_t at_key = toml.find(leaf + " = ", at_table);
      INFO(scenario << ": " << spec.key);
      REQUIRE(at_key != std::string::npos);
      CHECK(toml.find(leaf + " = ", at_key + 1) == std::string::npos);  // once
      CHECK(toml.find("\n[", at_table + 1) > at_key);                  // in its own table
    }
  }
  // The Q-angle line stays commented: switching the template to female still gives 17 deg.
  std::string female = kneeload::format_config_template("level_run");
  const size_t sex = female.find("sex = \"male\"");
  REQUIRE(sex != std::string::npos);
  female.replace(sex, 12, "sex = \"female\"");
  CHECK(resolve_text("level_run", female).get_number("knee.q_angle_deg") == 17.0);
  // Keys a scenario does not read are commented out and named as such.
  CHECK_THAT(kneeload::format_config_template("stair_ascent"),
             Contains("# (without effect in stair_ascent)\n# speed_mps = "));
}

// A stored config (config_toml of a results file) lists every key, those the scenario does not
// read included, at their defaults: reading it back notes none of them. A key set away from its
// default in a scenario that does not read it is noted.
TEST_CASE("config: keys without effect are those set away from their default", "[config]") {
  const std::string stored = kneeload::format_parameters_toml(
      kneeload::resolve_parameters("level_run", "", {}));
  std::vector<std::string> keys;
  kneeload::resolve_parameters_toml("level_run", stored, "stored.toml", {}, &keys);
  CHECK(keys.empty());
  kneeload::resolve_parameters_toml("level_run", stored, "stored.toml", {"terrain.slope_deg=-5"},
                                    &keys);
  REQUIRE(keys.size() == 1);
  CHECK(keys[0].rfind("terrain.slope_deg has no effect", 0) == 0);
}

// A stored config fixes the Q-angle (the male default, 14 deg); an override to female keeps it,
// and says so. Without the line, or with the Q-angle also overridden, there is nothing to say.
TEST_CASE("config: a sex-dependent key the file fixes is noted when an override changes the sex",
          "[config]") {
  const std::string stored = kneeload::format_parameters_toml(
      kneeload::resolve_parameters("level_run", "", {}));
  std::vector<std::string> notes;
  const Parameters p = kneeload::resolve_parameters_toml("level_run", stored, "stored.toml",
                                                         {"body.sex=female"}, &notes);
  CHECK(p.get_number("knee.q_angle_deg") == 14.0);
  REQUIRE(notes.size() == 1);
  CHECK_THAT(notes[0], Contains("knee.q_angle_deg = 14 deg comes from stored.toml") &&
                           Contains("the default for female: 17 deg"));
  notes.clear();
  kneeload::resolve_parameters_toml("level_run", stored, "stored.toml",
                                    {"body.sex=female", "knee.q_angle_deg=15"}, &notes);
  CHECK(notes.empty());
  kneeload::resolve_parameters_toml("level_run", "[body]\nmass_kg = 80\n", "own.toml",
                                    {"body.sex=female"}, &notes);
  CHECK(notes.empty());
  // The sex named again, unchanged: the file's Q-angle is what was asked for.
  kneeload::resolve_parameters_toml("level_run",
                                    "[body]\nsex = \"male\"\n[knee]\nq_angle_deg = 20\n",
                                    "own.toml", {"body.sex=male"}, &notes);
  CHECK(notes.empty());
}

// A misspelt table is named by its full key, so the suggestion finds the key meant.
TEST_CASE("config: a misspelt table is named with the key under it", "[config]") {
  const std::string error = input_error_of([] {
    kneeload::resolve_parameters_toml("level_run", "[bodyy]\nmass_kg = 80\nheight_m = 1.8\n",
                                      "c.toml", {});
  });
  CHECK_THAT(error, Catch::Matchers::Contains("c.toml:2:") &&
                        Catch::Matchers::Contains("unknown parameter 'bodyy.mass_kg'") &&
                        Catch::Matchers::Contains("did you mean 'body.mass_kg'"));
}
