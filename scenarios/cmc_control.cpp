#include "scenarios/cmc_control.hpp"

#include "models/classic_patellofemoral.hpp"
#include "models/leg_dynamics.hpp"
#include "solver/multibody_dynamics.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace kneeload {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr int kJoints = 3;  // hip_flexion_r, knee_angle_r, ankle_angle_r
constexpr int kKneeJoint = 1;

// Excitation that brings activation a0 to `target` after dt_s under first-order dynamics
// a(t) = e + (a0 − e)·exp(−t/τ), τ = activation or deactivation time constant (Winters 1995),
// clamped to [0.01, 1].
double calc_excitation_for_target(const ActivationParameters& p, double a0, double target,
                                  double dt_s) {
  const double tau_s =
      target >= a0 ? p.activation_time_constant_s : p.deactivation_time_constant_s;
  const double decay = std::exp(-dt_s / tau_s);
  const double e = (target - a0 * decay) / (1.0 - decay);
  return std::clamp(e, 0.01, 1.0);
}

// Step 2 for a trial without horizontal ground force (the stair curves publish only the vertical
// force, so the centre-of-mass task is not available): inverse dynamics (RNEA) with the present
// foot-contact forces. pelvis_tx and pelvis_ty are unactuated (their accelerations are solved so
// that their rows vanish); pelvis_tilt carries a residual moment, applied and reported.
void calc_contact_force_inverse_dynamics(const LegModel& model, const LegControls& controls,
                                         LegWorkspace& ws, ControlWorkspace& cw) {
  const solver::MultibodyModel& mb = model.multibody;
  const LegCoordinateMap& map = model.coordinates;
  StanceInverseDynamicsWorkspace& sw = cw.stance_ws;
  calc_leg_generalized_forces(model, controls, ws);  // contact forces into the external forces
  for (int i = 0; i < kLegCoordinates; ++i)
    sw.qdd_des[map.solver_index[i]] = map.sign[i] * cw.qdd_des[i];
  solver::inverse_dynamics_rnea(mb, sw.qdd_des, ws.multibody, sw.tau);
  solver::mass_matrix_crba(mb, ws.q, ws.multibody, sw.mass_matrix);
  Eigen::Matrix2d M_bb;   // [2 × 2] kg
  Eigen::Vector2d tau_b;  // [2] N
  for (int a = 0; a < 2; ++a) {
    tau_b[a] = sw.tau[map.solver_index[a]];
    for (int b = 0; b < 2; ++b)
      M_bb(a, b) = sw.mass_matrix(map.solver_index[a], map.solver_index[b]);
  }
  const Eigen::Vector2d dqdd = -M_bb.inverse() * tau_b;  // [2] m/s²
  for (int a = 0; a < 2; ++a) sw.tau += sw.mass_matrix.col(map.solver_index[a]) * dqdd[a];
  LegVector tau_model;  // [6] model convention
  for (int i = 0; i < kLegCoordinates; ++i)
    tau_model[i] = map.sign[i] * sw.tau[map.solver_index[i]];
  cw.joint_moment_Nm = tau_model.tail<kJoints>();
  cw.tilt_residual_Nm = tau_model[2];
  cw.base_force << 0.0, 0.0, cw.tilt_residual_Nm;
}

}  // namespace

ControlWorkspace::ControlWorkspace(const LegModel& model, const StaticOptimizationModel& so,
                                   const ReferenceTrajectory& trajectory)
    : reference(make_reference_sample(trajectory)),
      so_ws(so),
      so_result(make_static_optimization_result(so)),
      stance_ws(model),
      qdd_des(kLegCoordinates),
      moment_arm_m(kJoints, model.n_muscles),
      force_per_activation_N(model.n_muscles),
      passive_force_N(model.n_muscles),
      desired_moment_Nm(kJoints),
      A(kJoints, model.n_muscles),
      b(kJoints) {}

void calc_control(const LegModel& model, const Terrain& terrain, const TrackingLaw& law,
                  const ReferenceTrajectory& trajectory, const GroundForceReference& forces,
                  const StanceTaskWeights& weights, const StaticOptimizationModel& so,
                  const solver::OdeState& x, double t_s, double interval_s, LegControls& controls,
                  LegWorkspace& ws, ControlWorkspace& cw) {
  calc_leg_kinematics(model, x, ws);
  calc_leg_muscle_forces(model, x, ws);
  calc_leg_contact_forces(model, terrain, ws);

  // 1. Desired accelerations; 2. joint moments.
  trajectory.calc_sample(t_s, cw.reference);
  calc_desired_accelerations(law, cw.reference, ws.coordinates, ws.speeds, cw.qdd_des);
  if (forces.has_horizontal_force()) {
    // The stance inverse dynamics: its centre-of-mass task comes from the trial's ground forces
    // (Newton: a = ΣF/m + g); the base is unactuated, so no residual.
    StanceTask task;
    task.qdd_des = cw.qdd_des;
    forces.calc_task(t_s, task);
    calc_stance_inverse_dynamics(model, weights, task, ws, cw.stance_ws, cw.stance);
    cw.joint_moment_Nm = cw.stance.generalized_force.tail<kJoints>();
    cw.base_force = cw.stance.other_leg_base_force;
    cw.tilt_residual_Nm = 0.0;
  } else {
    calc_contact_force_inverse_dynamics(model, controls, ws, cw);
  }

  // Muscle moment arms (model convention); the quadriceps act at the knee through the patella:
  // an extension moment (negative knee moment) of Σ lever arm × force, with each muscle's lever
  // arm the plant applies (the moment table's, or a full PF solve's).
  const double knee_deg = ws.coordinates[4] * 180.0 / kPi;
  std::array<double, models::kQuadricepsCount> lever_m;  // [4] m
  calc_leg_quadriceps_lever_arms_m(model, t_s, ws, lever_m);
  for (int k = 0; k < model.n_muscles; ++k) {
    for (int j = 0; j < kJoints; ++j) cw.moment_arm_m(j, k) = ws.paths.moment_arm_m(k, j);
    cw.force_per_activation_N[k] = ws.muscle[k].force_per_activation_N;
    cw.passive_force_N[k] = ws.muscle[k].passive_force_N;
  }
  for (int i = 0; i < models::kQuadricepsCount; ++i) {
    double lever_i_m = lever_m[i];
    if (!(lever_i_m > 0.0) || !std::isfinite(lever_i_m))  // unloaded: the classic curve
      lever_i_m = models::calc_classic_quad_lever_arm_m(std::clamp(knee_deg, 0.0, 120.0));
    cw.moment_arm_m(kKneeJoint, model.quadriceps_muscle[i]) = -lever_i_m;
  }
  cw.desired_moment_Nm = cw.joint_moment_Nm;
  calc_static_optimization_problem(cw.moment_arm_m, cw.force_per_activation_N,
                                   cw.passive_force_N, cw.desired_moment_Nm, cw.A, cw.b);
  solve_static_optimization(so, cw.A, cw.b, cw.so_ws, cw.so_result);

  for (int k = 0; k < model.n_muscles; ++k)
    controls.excitation[k] = calc_excitation_for_target(
        model.activation, x[model.activation_offset + k], cw.so_result.activation[k], interval_s);
  controls.generalized_force.head<3>() = cw.base_force;
  controls.generalized_force.tail<kJoints>() = cw.so_result.reserve_moment_Nm;
}

}  // namespace kneeload
