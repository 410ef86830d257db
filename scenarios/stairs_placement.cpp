#include "scenarios/stairs_placement.hpp"

#include "solver/multibody_kinematics.hpp"

namespace kneeload {

void place_stairs_at_touchdown(const LegModel& model, const LegVector& touchdown_coordinates,
                               TerrainSpec& spec) {
  if (spec.kind != TerrainKind::stairs_up && spec.kind != TerrainKind::stairs_down) return;
  // Positions only: runs once per run (or replay), so a local workspace is fine here.
  solver::MultibodyWorkspace mw(model.multibody);
  Eigen::VectorXd q = Eigen::VectorXd::Zero(model.multibody.nq);  // [nq] solver convention
  set_leg_coordinates(model.coordinates, touchdown_coordinates, q);
  solver::update_positions(model.multibody, q, mw);
  const double foot_x_m = mw.position_m[model.foot_body].x();
  spec.first_riser_x_m = foot_x_m + kFirstRiserAheadOfAnkle_per_height * model.spec.body.height_m;
}

}  // namespace kneeload
