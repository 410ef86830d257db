// make_leg_spec (scenarios/leg_spec_from_parameters.hpp): every registry key that shapes the leg
// reaches its own field of the leg spec, in the spec's units (a swapped pair of keys or a unit slip
// would pass every end-to-end band that does not vary that key).
#include "scenarios/leg_spec_from_parameters.hpp"

#include "scenarios/parameter_values.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <vector>

using namespace kneeload;

TEST_CASE("make_leg_spec: each key sets its own field, in the spec's units", "[scenarios]") {
  Parameters params = Parameters::make_defaults("level_run");
  // Distinct values within each range, so that a swap of two keys shows.
  const std::vector<std::pair<std::string, double>> values{
      {"body.mass_kg", 81.0},
      {"body.height_m", 1.83},
      {"muscle.strength.quadriceps", 0.61},
      {"muscle.strength.vastus_medialis", 0.62},
      {"muscle.strength.hamstrings", 0.63},
      {"muscle.strength.gluteals", 0.64},
      {"muscle.strength.hip_flexors", 0.65},
      {"muscle.strength.plantarflexors", 0.66},
      {"muscle.strength.dorsiflexors", 0.67},
      {"foot.pronation_deg", 11.0},
      {"foot.orthotic_wedge_deg", 4.0},
      {"knee.q_angle_deg", 19.0},
      {"brace.patellar_medial_force_N", 35.0},
      {"shoe.midsole_stiffness_kN_per_m", 210.0},
      {"shoe.heel_drop_mm", 6.0},
  };
  for (const auto& [key, value] : values) params.set_number(key, value);
  params.set_choice("body.sex", "female");

  const LegModelSpec spec = make_leg_spec(params);
  CHECK(spec.body.sex == Sex::female);
  CHECK(spec.body.mass_kg == 81.0);
  CHECK(spec.body.height_m == 1.83);
  CHECK(spec.strength.quadriceps == 0.61);
  CHECK(spec.strength.vastus_medialis == 0.62);
  CHECK(spec.strength.hamstrings == 0.63);
  CHECK(spec.strength.gluteals == 0.64);
  CHECK(spec.strength.hip_flexors == 0.65);
  CHECK(spec.strength.plantarflexors == 0.66);
  CHECK(spec.strength.dorsiflexors == 0.67);
  CHECK(spec.pronation_deg == 11.0);
  CHECK(spec.orthotic_wedge_deg == 4.0);
  CHECK(spec.q_angle_deg == 19.0);
  CHECK(spec.brace_medial_force_N == 35.0);
  CHECK(spec.shoe.midsole_stiffness_N_per_m == Approx(2.1e5).epsilon(1e-15));  // kN/m -> N/m
  CHECK(spec.shoe.heel_drop_m == Approx(0.006).epsilon(1e-15));              // mm -> m
}
