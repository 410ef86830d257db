// Sweep specs (docs/sweeps.md): the full-factorial order (first key slowest), {from, to, steps}
// ends exactly, sample sizes (lhs n; sobol N·(p+2), Saltelli 2010), and strict errors that name
// file:line:col and the key (DESIGN.md §9).
#include "io/sweep_spec.hpp"
#include "solver/errors.hpp"
#include "tests/input_error_of.hpp"

#include <catch2/catch.hpp>

#include <string>

using kneeload::InputError;
using kneeload::SweepSpec;
using Catch::Matchers::Contains;

using kneeload::testing::input_error_of;

namespace {

SweepSpec parse(const std::string& text) { return kneeload::parse_sweep_spec(text, "s.toml"); }

}  // namespace

TEST_CASE("sweep grid: full factorial with the first key slowest", "[sweep]") {
  const SweepSpec spec = parse(R"(scenario = "level_run"
[base]
body.height_m = 1.8
[grid]
body.mass_kg = [60, 80, 100]
foot.pronation_deg = {from = 0, to = 20, steps = 3}
)");
  CHECK(spec.method == "grid");
  CHECK(spec.n_base == 0);
  REQUIRE(spec.param_keys == std::vector<std::string>{"body.mass_kg", "foot.pronation_deg"});
  CHECK(spec.param_units == std::vector<std::string>{"kg", "deg"});
  REQUIRE(spec.get_run_count() == 9);
  const double mass[9] = {60, 60, 60, 80, 80, 80, 100, 100, 100};
  const double pronation[9] = {0, 10, 20, 0, 10, 20, 0, 10, 20};
  for (int i = 0; i < 9; ++i) {
    CHECK(spec.points(i, 0) == mass[i]);
    CHECK(spec.points(i, 1) == pronation[i]);
  }
  // Run 5's parameters: base, then the point, over the defaults.
  const kneeload::Parameters p = kneeload::make_run_parameters(spec, 5);
  CHECK(p.get_number("body.mass_kg") == 80.0);
  CHECK(p.get_number("foot.pronation_deg") == 20.0);
  CHECK(p.get_number("body.height_m") == 1.8);
  CHECK(p.get_number("gait.speed_mps") == 2.7);  // untouched default
}

TEST_CASE("sweep keys keep the file's order, not the alphabet's", "[sweep]") {
  // A grid: the key written first varies slowest, whatever its name.
  const SweepSpec grid = parse(R"(scenario = "level_run"
[grid]
foot.pronation_deg = [0, 10]
body.mass_kg = [60, 80, 100]
)");
  REQUIRE(grid.param_keys == std::vector<std::string>{"foot.pronation_deg", "body.mass_kg"});
  const double pronation[6] = {0, 0, 0, 10, 10, 10};
  const double mass[6] = {60, 80, 100, 60, 80, 100};
  for (int i = 0; i < 6; ++i) {
    CHECK(grid.points(i, 0) == pronation[i]);
    CHECK(grid.points(i, 1) == mass[i]);
  }
  // A sample's ranges, with a table and a dotted key mixed.
  const SweepSpec sample = parse(R"(scenario = "level_run"
[sample]
method = "lhs"
n = 4
[sample.ranges]
muscle.strength.quadriceps = [0.5, 1.5]
"gait.speed_mps" = [2.2, 3.5]
body.mass_kg = [55, 100]
)");
  CHECK(sample.param_keys == std::vector<std::string>{"muscle.strength.quadriceps",
                                                      "gait.speed_mps", "body.mass_kg"});
}

TEST_CASE("sweep grid: {from, to, steps} ends exactly at both ends", "[sweep]") {
  const SweepSpec spec = parse("scenario = \"level_run\"\n[grid]\n"
                               "\"muscle.strength.quadriceps\" = {from = 0.3, to = 1.7, steps = 7}\n");
  REQUIRE(spec.get_run_count() == 7);
  CHECK(spec.points(0, 0) == 0.3);
  CHECK(spec.points(6, 0) == 1.7);
  CHECK(spec.points(3, 0) == Approx(1.0).margin(1e-15));
}

TEST_CASE("sweep sample: lhs gives n runs in range, sobol N·(p+2)", "[sweep]") {
  const SweepSpec lhs = parse(R"(scenario = "level_run"
[sample]
method = "lhs"
n = 10
seed = 3
[sample.ranges]
body.mass_kg = [50, 110]
foot.pronation_deg = [0, 20]
)");
  REQUIRE(lhs.get_run_count() == 10);
  CHECK(lhs.method == "lhs");
  CHECK(lhs.points.col(0).minCoeff() >= 50.0);
  CHECK(lhs.points.col(0).maxCoeff() < 110.0);
  CHECK(lhs.points.col(1).minCoeff() >= 0.0);
  CHECK(lhs.points.col(1).maxCoeff() < 20.0);

  const SweepSpec sobol = parse(R"(scenario = "level_run"
[sample]
method = "sobol"
n = 8
seed = 1
[sample.ranges]
body.mass_kg = [50, 110]
foot.pronation_deg = [0, 20]
"muscle.strength.quadriceps" = [0.5, 1.5]
)");
  CHECK(sobol.n_base == 8);
  CHECK(sobol.get_run_count() == 8 * (3 + 2));
  // AB_0 (rows 2N..3N-1) takes column 0 from B (rows N..2N-1) and the rest from A.
  for (int k = 0; k < 8; ++k) {
    CHECK(sobol.points(16 + k, 0) == sobol.points(8 + k, 0));
    CHECK(sobol.points(16 + k, 1) == sobol.points(k, 1));
  }
}

TEST_CASE("sweep spec errors: one line naming file:line:col and the key", "[sweep]") {
  const std::string head = "scenario = \"level_run\"\n";
  CHECK_THAT(input_error_of([&] { parse(head + "[grid]\nbody.mass_kgg = [60]\n"); }),
             Contains("s.toml:3:1") && Contains("body.mass_kgg") && Contains("body.mass_kg"));
  CHECK_THAT(input_error_of([&] { parse(head + "[grid]\nbody.mass_kg = [60, 250]\n"); }),
             Contains("s.toml:3:") && Contains("body.mass_kg = 250") && Contains("[30, 200]"));
  CHECK_THAT(input_error_of([&] { parse(head + "[grid]\nbody.mass_kg = [60]\n[sample]\n"
                                              "method = \"lhs\"\n"); }),
             Contains("exactly one of [grid] and [sample]"));
  CHECK_THAT(input_error_of([&] { parse(head + "[gird]\nbody.mass_kg = [60]\n"); }),
             Contains("s.toml:2:1") && Contains("unknown key 'gird'"));
  CHECK_THAT(input_error_of([&] { parse(head + "[base]\nbody.mass_kg = 20\n[grid]\n"
                                              "foot.pronation_deg = [0]\n"); }),
             Contains("s.toml:3:") && Contains("[base]") && Contains("out of range"));
  CHECK_THAT(input_error_of([&] { parse(head + "[sample]\nmethod = \"lhs\"\nn = 4\n"
                                              "[sample.ranges]\nbody.mass_kg = [20, 80]\n"); }),
             Contains("s.toml:6:") && Contains("[sample.ranges] low: body.mass_kg = 20 is out "
                                                "of range"));
  CHECK_THAT(input_error_of([&] { parse(head + "[sample]\nmethod = \"sobol\"\nn = 1\n"
                                              "[sample.ranges]\nbody.mass_kg = [50, 80]\n"); }),
             Contains("n = 1: a sobol sample needs n >= 2"));
  CHECK_THAT(input_error_of([&] { parse(head + "[sample]\nmethod = \"lhs\"\nn = 4\nsed = 1\n"
                                              "[sample.ranges]\nbody.mass_kg = [50, 80]\n"); }),
             Contains("s.toml:5:") && Contains("'sed'"));
  CHECK_THAT(input_error_of([&] { parse(head + "[grid]\nbody.sex = [\"male\"]\n"); }),
             Contains("only number parameters"));
  CHECK_THAT(input_error_of([&] { parse(head + "[base]\nbody.mass_kg = 80\n[grid]\n"
                                              "body.mass_kg = [60]\n"); }),
             Contains("s.toml:5:") && Contains("both in [base] and swept"));
  // Both ends included: one step is one value, and one value is one step.
  CHECK_THAT(input_error_of([&] { parse(head + "[grid]\nbody.mass_kg = {from = 30, to = 200, "
                                              "steps = 1}\n"); }),
             Contains("s.toml:3:") && Contains("one step cannot include both ends"));
  CHECK_THAT(input_error_of([&] { parse(head + "[grid]\nbody.mass_kg = {from = 60, to = 60, "
                                              "steps = 3}\n"); }),
             Contains("s.toml:3:") && Contains("repeat the same run"));
  CHECK(parse(head + "[grid]\nbody.mass_kg = {from = 60, to = 60, steps = 1}\n")
            .get_run_count() == 1);
  // Ends a rounding apart, or a list with a value twice, would repeat runs too.
  CHECK_THAT(input_error_of([&] { parse(head + "[grid]\nbody.mass_kg = {from = 60, to = "
                                              "60.00000000000001, steps = 5}\n"); }),
             Contains("s.toml:3:") && Contains("twice"));
  CHECK_THAT(input_error_of([&] { parse(head + "[grid]\nbody.mass_kg = [60, 70, 60]\n"); }),
             Contains("s.toml:3:") && Contains("holds 60 twice"));
  // Quoted and dotted forms of one key: its line is named either way.
  CHECK_THAT(input_error_of([&] { parse(head + "[base]\n\"body.mass_kg\" = 80\n[grid]\n"
                                              "\"body.mass_kg\" = [60]\n"); }),
             Contains("s.toml:5:") && Contains("both in [base] and swept"));
  CHECK_THAT(input_error_of([&] { parse(head + "[grid]\n\"body.mass_kg\" = [60]\n"
                                              "body.mass_kg = [70]\n"); }),
             Contains("s.toml:") && Contains("swept twice"));
  CHECK_THAT(input_error_of([] { kneeload::read_sweep_spec("no/such/sweep.toml"); }),
             Contains("no/such/sweep.toml"));
  // At most a million runs, refused before any point is made.
  CHECK_THAT(input_error_of([&] {
               parse(head + "[grid]\nbody.mass_kg = {from = 50, to = 100, steps = 10000}\n"
                            "foot.pronation_deg = {from = 0, to = 20, steps = 10000}\n");
             }),
             Contains("more than 1000000 points"));
  CHECK_THAT(input_error_of([&] {
               parse(head + "[sample]\nmethod = \"lhs\"\nn = 1000001\n"
                            "[sample.ranges]\nbody.mass_kg = [50, 80]\n");
             }),
             Contains("n must be an integer in [1, 1000000]"));
}

TEST_CASE("sweep fingerprint changes with any point, not with comments", "[sweep]") {
  const std::string a = "scenario = \"level_run\"\n[grid]\nbody.mass_kg = [60, 80]\n";
  const std::string b = "# same sweep\nscenario = \"level_run\"\n[grid]\nbody.mass_kg = [60, 80]\n";
  const std::string c = "scenario = \"level_run\"\n[grid]\nbody.mass_kg = [60, 80.000000001]\n";
  CHECK(calc_sweep_fingerprint(parse(a)) == calc_sweep_fingerprint(parse(b)));
  CHECK(calc_sweep_fingerprint(parse(a)) != calc_sweep_fingerprint(parse(c)));
}
