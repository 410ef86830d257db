#include "models/leg_dynamics.hpp"

#include "models/patellofemoral_equilibrium.hpp"
#include "models/toe_joint.hpp"
#include "solver/errors.hpp"
#include "solver/multibody_dynamics.hpp"

#include <algorithm>
#include <cmath>

namespace kneeload {
namespace {

constexpr int kKnee = 4;  // knee_angle_r in LegVector
// A warm start further than this from the current knee angle is replaced by the cold-start pose
// of calc_initial_patella_pose (Newton's step limits would need many iterations), rad.
constexpr double kColdStartKneeStep_rad = 2.0 * 3.14159265358979323846 / 180.0;

// Total pull of the four quadriceps muscles, N (a numerically negative force counts as 0).
double calc_quadriceps_force_N(const LegModel& model, const LegWorkspace& ws) {
  double quadriceps_N = 0.0;
  for (int i = 0; i < models::kQuadricepsCount; ++i)
    quadriceps_N += std::max(0.0, ws.muscle_force_N[model.quadriceps_muscle[i]]);
  return quadriceps_N;
}

}  // namespace

void calc_leg_kinematics(const LegModel& model, const solver::OdeState& x, LegWorkspace& ws) {
  KNEELOAD_CHECK(static_cast<int>(x.size()) == model.state.size, "state has {} entries, model {}",
                 x.size(), model.state.size);
  const LegCoordinateMap& map = model.coordinates;
  for (int i = 0; i < kLegCoordinates; ++i) {
    ws.coordinates[i] = x[model.q_offset + i];
    ws.speeds[i] = x[model.qd_offset + i];
    ws.q[map.solver_index[i]] = map.sign[i] * ws.coordinates[i];
    ws.qd[map.solver_index[i]] = map.sign[i] * ws.speeds[i];
  }
  ws.toe_angle_rad = model.toe_offset >= 0 ? x[model.toe_offset] : 0.0;
  solver::update_kinematics(model.multibody, ws.q, ws.qd, ws.multibody);
  const LegAngles angles = ws.coordinates.tail<kPathCoordinates>();
  const LegAngles rates = ws.speeds.tail<kPathCoordinates>();
  calc_lengthening_speed(model.paths, angles, rates, ws.paths);
}

void calc_leg_contact_forces(const LegModel& model, const Terrain& terrain, LegWorkspace& ws) {
  const int b = model.foot_body;
  const solver::MultibodyWorkspace& mw = ws.multibody;
  FootMotion foot;  // the planar foot as a 3-D motion in the X-Y plane
  foot.rotation.topLeftCorner<2, 2>() = mw.R_world[b];
  foot.origin_m.head<2>() = mw.position_m[b];
  foot.velocity_mps.head<2>() =
      solver::point_velocity(model.multibody, mw, b, Eigen::Vector2d::Zero());
  foot.angular_velocity_radps.z() = mw.v[b](0);
  foot.toe_angle_rad = ws.toe_angle_rad;
  const int flexor = model.toe_flexor_muscle;
  const double flexor_N = flexor >= 0 ? std::max(0.0, ws.muscle_force_N[flexor]) : 0.0;
  ws.toe_angle_rate_radps = solveToeAngleRate(
      model.foot_contact, terrain, -model.toe_flexor_moment_arm_m * flexor_N, foot, ws.contact);
}

void calc_leg_muscle_forces(const LegModel& model, const solver::OdeState& x, LegWorkspace& ws) {
  for (int k = 0; k < model.n_muscles; ++k) {
    if (!model.spec.muscle_forces_enabled) {
      ws.muscle[k] = MuscleForceInfo{};
      ws.muscle_force_N[k] = 0.0;
      continue;
    }
    const double a = x[model.activation_offset + k];
    const double l_m = ws.paths.length_m[k], v_mps = ws.paths.lengthening_speed_mps[k];
    const double width_m = model.muscle_fiber_width_m[k];
    if (model.tendon_offset < 0)  // written in place: no copy of the result per muscle
      calcRigidTendonMuscle(model.muscles[k], width_m, a, l_m, v_mps, ws.muscle[k]);
    else
      ws.muscle[k] = calcCompliantTendonMuscle(model.muscles[k], width_m, a, l_m, v_mps,
                                               x[model.tendon_offset + k]);
    ws.muscle_force_N[k] = ws.muscle[k].tendon_force_N;
  }
}

void calc_leg_patellofemoral(const LegModel& model, double t_s, LegWorkspace& ws) {
  double quadriceps_N = 0.0;
  for (int i = 0; i < models::kQuadricepsCount; ++i) {
    // A muscle pulls; a (numerically) negative tendon force would push the patella.
    const double f_N = std::max(0.0, ws.muscle_force_N[model.quadriceps_muscle[i]]);
    ws.pf_loading.muscle_force_N[i] = f_N;
    quadriceps_N += f_N;
  }
  if (!(quadriceps_N > 0.0)) {  // nothing holds the patella: no solve, no PF load, no moment
    ws.pf_loaded = false;
    ws.pf_result = models::PatellofemoralResult{};
    ws.quadriceps_knee_extension_moment_Nm = 0.0;
    return;
  }
  const double knee_rad = ws.coordinates[kKnee];
  ws.pf_loading.knee_flexion_rad = knee_rad;
  ws.pf_loading.time_s = t_s;
  const bool warm = std::abs(knee_rad - ws.patella_pose_knee_rad) <= kColdStartKneeStep_rad;
  // A workspace's solves follow the run in time (the controller's, or the output samples'), so
  // the knee angle path is smooth: a warm start is extrapolated from the last solutions (3–4 → 2–3
  // Newton iterations per solve; the equilibrium found is the same).
  models::EquilibriumOptions options;
  options.predict_from_history = true;
  if (!warm) ws.patella_pose = models::calc_initial_patella_pose(model.patellofemoral, knee_rad);
  try {
    models::solve_patellofemoral_equilibrium(model.patellofemoral, ws.pf_loading, ws.patella_pose,
                                             ws.patellofemoral, ws.pf_result, options);
  } catch (const NumericalError&) {
    if (!warm) throw;
    // A warm start far from the solution can fail where the cold start converges: retry once
    // (only on this failure path does anything allocate).
    ws.patella_pose = models::calc_initial_patella_pose(model.patellofemoral, knee_rad);
    models::solve_patellofemoral_equilibrium(model.patellofemoral, ws.pf_loading, ws.patella_pose,
                                             ws.patellofemoral, ws.pf_result);
  }
  ws.patella_pose_knee_rad = knee_rad;
  ws.pf_loaded = true;
  ws.quadriceps_knee_extension_moment_Nm = ws.pf_result.knee_extension_moment_Nm;
}

void calc_leg_quadriceps_knee_moment(const LegModel& model, LegWorkspace& ws) {
  std::array<double, models::kQuadricepsCount> lever_m;  // [4] each muscle's lever arm, m
  calc_leg_quadriceps_lever_arms_m(model, 0.0, ws, lever_m);
  double moment_Nm = 0.0;
  for (int i = 0; i < models::kQuadricepsCount; ++i)
    moment_Nm += lever_m[i] * std::max(0.0, ws.muscle_force_N[model.quadriceps_muscle[i]]);
  ws.quadriceps_knee_extension_moment_Nm = moment_Nm;
}

void calc_leg_quadriceps_lever_arms_m(const LegModel& model, double t_s, LegWorkspace& ws,
                                      std::array<double, models::kQuadricepsCount>& lever_m) {
  const double quadriceps_N = calc_quadriceps_force_N(model, ws);
  if (model.spec.knee_moment_from_table) {
    if (quadriceps_N > 0.0)
      models::calc_quadriceps_muscle_lever_arms_m(model.quadriceps_moment_table,
                                                  ws.coordinates[kKnee], quadriceps_N, lever_m);
    else
      lever_m.fill(0.0);
    return;
  }
  calc_leg_patellofemoral(model, t_s, ws);
  lever_m.fill(ws.pf_loaded ? ws.pf_result.quadriceps_lever_arm_m : 0.0);
}

void calc_leg_generalized_forces(const LegModel& model, const LegControls& controls,
                                 LegWorkspace& ws) {
  KNEELOAD_CHECK(controls.excitation.size() == model.n_muscles, "{} excitations for {} muscles",
                 controls.excitation.size(), model.n_muscles);
  // Muscles: tau_j = r_j F with r_j = -dl/dq_j, except the quadriceps at the knee.
  LegVector& muscles = ws.muscle_generalized_force;
  muscles.setZero();
  for (int k = 0; k < model.n_muscles; ++k) {
    const double f_N = ws.muscle_force_N[k];
    for (int j = 0; j < kPathCoordinates; ++j) {
      const int c = kFirstJointCoordinate + j;
      if (c == kKnee && model.knee_moment_from_patella[k]) continue;
      muscles[c] += ws.paths.moment_arm_m(k, j) * f_N;
    }
  }
  // The quadriceps' knee moment is the PF mechanism's: the patellar tendon's pull on the tibia.
  // An extension moment turns the knee toward smaller knee_angle_r.
  muscles[kKnee] -= ws.quadriceps_knee_extension_moment_Nm;
  ws.generalized_force = muscles + controls.generalized_force;

  const LegCoordinateMap& map = model.coordinates;
  for (int i = 0; i < kLegCoordinates; ++i)
    ws.tau[map.solver_index[i]] = map.sign[i] * ws.generalized_force[i];

  // Contact forces act on the foot at their application points.
  solver::MultibodyWorkspace& mw = ws.multibody;
  solver::clear_external_forces(mw);
  const int b = model.foot_body;
  for (int s = 0; s < model.foot_contact.getNumSpheres(); ++s) {
    if (ws.contact.normal_force_N[s] <= 0.0) continue;
    const Eigen::Vector2d point_in_foot_m =
        mw.R_world[b].transpose() * (ws.contact.point_m[s].head<2>() - mw.position_m[b]);
    solver::add_point_force(model.multibody, mw, b, point_in_foot_m,
                            ws.contact.force_N[s].head<2>());
  }
}

void calc_leg_accelerations(const LegModel& model, LegWorkspace& ws) {
  solver::forward_dynamics_aba(model.multibody, ws.tau, ws.multibody, ws.qdd);
}

void calc_state_derivative(const LegModel& model, const LegControls& controls,
                           const Terrain& terrain, const solver::OdeState& x,
                           solver::OdeState& dxdt, double t_s, LegWorkspace& ws) {
  KNEELOAD_CHECK(dxdt.size() == x.size(), "dxdt has {} entries, x {}", dxdt.size(), x.size());
  // 1-2. positions and velocities
  calc_leg_kinematics(model, x, ws);
  // 3. forces (the muscles first: the toe flexors' pull enters the toes' balance)
  calc_leg_muscle_forces(model, x, ws);
  calc_leg_contact_forces(model, terrain, ws);
  if (model.spec.knee_moment_from_table)
    calc_leg_quadriceps_knee_moment(model, ws);  // the PF solve runs only for the outputs
  else
    calc_leg_patellofemoral(model, t_s, ws);
  calc_leg_generalized_forces(model, controls, ws);
  // 4. accelerations
  calc_leg_accelerations(model, ws);

  const LegCoordinateMap& map = model.coordinates;
  for (int i = 0; i < kLegCoordinates; ++i) {
    dxdt[model.q_offset + i] = ws.speeds[i];
    dxdt[model.qd_offset + i] = map.sign[i] * ws.qdd[map.solver_index[i]];
  }
  // 5. activation (and tendon-force) derivatives
  for (int k = 0; k < model.n_muscles; ++k)
    dxdt[model.activation_offset + k] = calcActivationDerivative(
        model.activation, controls.excitation[k], x[model.activation_offset + k]);
  if (model.tendon_offset >= 0)
    for (int k = 0; k < model.n_muscles; ++k)
      dxdt[model.tendon_offset + k] = ws.muscle[k].norm_tendon_force_rate_per_s;
  if (model.toe_offset >= 0) dxdt[model.toe_offset] = ws.toe_angle_rate_radps;
}

}  // namespace kneeload
