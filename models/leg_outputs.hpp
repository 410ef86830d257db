#pragma once
// What an observer records at one sample of a leg simulation (DESIGN.md §6), computed into a
// preallocated struct by re-running the right-hand side's stages at (x, t): coordinates in the
// model (OpenSim) convention, muscle activations and forces, net joint moments, ground reaction
// force and centre of pressure, and the patellofemoral result.
#include "models/leg_model.hpp"
#include "solver/integrator.hpp"

#include <Eigen/Core>

#include <array>

namespace kneeload {

// Net internal joint moments, in this order (N m, positive in the coordinate's positive sense:
// hip flexion, knee flexion, ankle dorsiflexion; a knee extension moment is negative).
inline constexpr std::array<const char*, 3> kLegJointMomentNames = {"hip_flexion_r", "knee_angle_r",
                                                                    "ankle_angle_r"};

struct LegOutputs {
  explicit LegOutputs(const LegModel& model);
  double time_s = 0.0;
  LegVector coordinates = LegVector::Zero();  // [6] m or rad, LegCoordinateMap order and signs
  LegVector speeds = LegVector::Zero();       // [6] m/s or rad/s
  double toe_angle_rad = 0.0;                 // mtp_angle_r, extension positive (0 if rigid)
  double toe_angle_rate_radps = 0.0;          // its rate, rad/s
  Eigen::VectorXd activation;                 // [n_muscles] (1)
  Eigen::VectorXd muscle_force_N;             // [n_muscles] tendon force, N
  // [3] muscles (with the PF knee moment) + reserves, N m; see kLegJointMomentNames.
  Eigen::Vector3d joint_moment_Nm = Eigen::Vector3d::Zero();
  Eigen::Vector3d quadriceps_knee_moment_Nm = Eigen::Vector3d::Zero();  // unused entries 0; [1]: PF
  Eigen::Vector3d residual_force = Eigen::Vector3d::Zero();  // [3] base: N, N, N m (controls)
  Eigen::Vector3d ground_force_N = Eigen::Vector3d::Zero();  // [3] on the foot, world frame, N
  // [2] along the terrain (forward, down the slope's X direction) and normal to it, N
  Eigen::Vector2d ground_force_terrain_N = Eigen::Vector2d::Zero();
  Eigen::Vector3d cop_m = Eigen::Vector3d::Zero();  // [3] world, m; NaN without contact
  models::PatellofemoralResult patellofemoral;      // zero while the quadriceps are off
  double pf_contact_force_bw = 0.0;                 // PF contact force / body weight (1)
};

// Fills `out` for the state x [state.size] at t (s); uses ws (and advances its patella warm start).
void calc_leg_outputs(const LegModel& model, const LegControls& controls, const Terrain& terrain,
                      const solver::OdeState& x, double t_s, LegWorkspace& ws, LegOutputs& out);

}  // namespace kneeload
