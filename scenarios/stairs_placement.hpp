#pragma once
// Where the stairs stand relative to the runner (DESIGN.md §3.7): the stance foot lands on the
// ground (or tread) before the first riser, with the riser just ahead of its toe. The simulation
// (scenario_runner) and the replay of a stored run (viz/) both place the stairs with this rule, so
// the pictures show the steps where the feet met them. docs/scenarios.md, "Terrain".
#include "models/leg_model.hpp"
#include "scenarios/terrain.hpp"

namespace kneeload {

// Distance from the foot frame origin (ankle) at touchdown to the first riser, as a fraction of
// body height (1): the foot is about 0.15 × height long and the riser stands just beyond the toe.
inline constexpr double kFirstRiserAheadOfAnkle_per_height = 0.17;

// For stairs (stairs_up, stairs_down) sets spec.first_riser_x_m from the foot's position at the
// touchdown coordinates [6] (model convention, m and rad); flat ground and slopes are unchanged.
void place_stairs_at_touchdown(const LegModel& model, const LegVector& touchdown_coordinates,
                               TerrainSpec& spec);

}  // namespace kneeload
