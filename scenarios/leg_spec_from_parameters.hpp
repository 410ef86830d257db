#pragma once
// The leg model's plain spec from a scenario's resolved parameters (DESIGN.md §4): body, muscle
// strength groups, pronation and wedge, Q-angle, patellar brace and shoe, converted to SI.
#include "models/leg_model.hpp"

namespace kneeload {

class Parameters;

// Reads body.*, muscle.strength.*, foot.*, knee.q_angle_deg, brace.*, shoe.* from `params`.
// The values were range-checked by io/config; compile_leg_model validates the result again.
LegModelSpec make_leg_spec(const Parameters& params);

}  // namespace kneeload
