#include "scenarios/leg_spec_from_parameters.hpp"

#include "scenarios/parameter_values.hpp"

namespace kneeload {

LegModelSpec make_leg_spec(const Parameters& params) {
  LegModelSpec spec;
  spec.body.sex = params.get_choice("body.sex") == "female" ? Sex::female : Sex::male;
  spec.body.mass_kg = params.get_number("body.mass_kg");
  spec.body.height_m = params.get_number("body.height_m");

  MuscleStrengthSpec& s = spec.strength;
  s.quadriceps = params.get_number("muscle.strength.quadriceps");
  s.vastus_medialis = params.get_number("muscle.strength.vastus_medialis");
  s.hamstrings = params.get_number("muscle.strength.hamstrings");
  s.gluteals = params.get_number("muscle.strength.gluteals");
  s.hip_flexors = params.get_number("muscle.strength.hip_flexors");
  s.plantarflexors = params.get_number("muscle.strength.plantarflexors");
  s.dorsiflexors = params.get_number("muscle.strength.dorsiflexors");

  // Degrees stay degrees here: the leg spec's angle fields are user-facing (names end in _deg).
  spec.pronation_deg = params.get_number("foot.pronation_deg");
  spec.orthotic_wedge_deg = params.get_number("foot.orthotic_wedge_deg");
  spec.q_angle_deg = params.get_number("knee.q_angle_deg");
  spec.brace_medial_force_N = params.get_number("brace.patellar_medial_force_N");

  spec.shoe.midsole_stiffness_N_per_m =
      1000.0 * params.get_number("shoe.midsole_stiffness_kN_per_m");  // kN/m -> N/m
  spec.shoe.heel_drop_m = 1e-3 * params.get_number("shoe.heel_drop_mm");  // mm -> m
  return spec;
}

}  // namespace kneeload
