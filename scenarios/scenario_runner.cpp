#include "scenarios/scenario_runner.hpp"

#include "models/classic_patellofemoral.hpp"
#include "models/leg_dynamics.hpp"
#include "models/leg_outputs.hpp"
#include "models/other_leg_load.hpp"
#include "scenarios/leg_spec_from_parameters.hpp"
#include "scenarios/reference_motion.hpp"
#include "scenarios/reference_trajectory.hpp"
#include "scenarios/scenario_names.hpp"
#include "scenarios/stairs_placement.hpp"
#include "scenarios/stance_inverse_dynamics.hpp"
#include "scenarios/static_optimization.hpp"
#include "scenarios/terrain.hpp"
#include "scenarios/tracking_law.hpp"
#include "solver/errors.hpp"
#include "solver/multibody_dynamics.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace kneeload {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr int kJoints = 3;  // hip_flexion_r, knee_angle_r, ankle_angle_r
constexpr int kKneeJoint = 1;
// A stance foot unloaded for longer than two control intervals is reported (make_control_flags).
constexpr double kFootUnloadedFlag_s = 0.010;

ReferenceTrajectory make_trajectory(const ReferenceMotion& ref) {
  const LegCoordinateMap map;
  std::vector<std::string> names(map.names.begin(), map.names.end());
  const int last = static_cast<int>(ref.time_s.size()) - 1;
  return ReferenceTrajectory(names, ref.time_s, ref.value, ref.speed.row(0).transpose(),
                             ref.speed.row(last).transpose());
}

// The trial's ground forces over stance (linear between rows: no overshoot at the impact peak),
// in newtons for this model, the other leg's swing load on the pelvis along the reference
// (models/other_leg_load.hpp; zero when the trial has no other-leg angles), and the motion of
// the model's centre of mass they give by Newton's second law:
// a = (F_stance + F_other + F_leg)/m + g, v = v(t0) + ∫a dt (trapezoids between rows).
class GroundForceReference {
 public:
  GroundForceReference(const ReferenceMotion& ref, const ReferenceTrajectory& trajectory,
                       const LegModel& model, const Eigen::Vector2d& touchdown_com_velocity_mps)
      : time_s_(ref.time_s),
        stance_N_(ref.stance_force_bw * model.body_weight_N),
        other_N_(ref.contralateral_force_bw * model.body_weight_N),
        other_dx_m_(ref.contralateral_cop_dx_m),
        leg_N_(Eigen::MatrixXd::Zero(ref.time_s.size(), 2)),
        leg_moment_Nm_(Eigen::VectorXd::Zero(ref.time_s.size())),
        com_velocity_mps_(ref.time_s.size(), 2),
        has_horizontal_force_(ref.has_horizontal_force) {
    const double mass_kg = model.multibody.total_mass_kg();
    const Eigen::Vector2d gravity_mps2(0.0, -model.body_weight_N / mass_kg);
    if (!has_horizontal_force_) {  // no recorded horizontal force: the x task is off
      stance_N_.col(0).setZero();
      other_N_.col(0).setZero();
    }
    if (ref.other_leg_angle_rad.rows() > 0)
      calc_other_leg_loads(ref, trajectory, model, mass_kg, gravity_mps2);
    com_velocity_mps_.row(0) = touchdown_com_velocity_mps.transpose();
    for (int i = 1; i < time_s_.size(); ++i) {
      const Eigen::Vector2d a0 = calc_com_acceleration(i - 1, mass_kg, gravity_mps2);
      const Eigen::Vector2d a1 = calc_com_acceleration(i, mass_kg, gravity_mps2);
      com_velocity_mps_.row(i) = com_velocity_mps_.row(i - 1) +
                                 0.5 * (time_s_[i] - time_s_[i - 1]) * (a0 + a1).transpose();
    }
    mass_kg_ = mass_kg;
    gravity_mps2_ = gravity_mps2;
  }

  bool has_horizontal_force() const { return has_horizontal_force_; }
  // The whole-body task at t_s (clamped to stance): a_com, v_com and the other foot's force.
  void calc_task(double t_s, StanceTask& task) const {
    const int last = static_cast<int>(time_s_.size()) - 1;
    const double t = std::clamp(t_s, time_s_[0], time_s_[last]);
    const int i = std::clamp<int>(
        static_cast<int>(std::upper_bound(time_s_.data(), time_s_.data() + last + 1, t) -
                         time_s_.data()) - 1,
        0, last - 1);
    const double a = (t - time_s_[i]) / (time_s_[i + 1] - time_s_[i]);
    auto lerp = [i, a](const Eigen::MatrixXd& m) -> Eigen::Vector2d {
      return (1 - a) * m.row(i).transpose() + a * m.row(i + 1).transpose();
    };
    task.other_foot_force_N = lerp(other_N_);
    task.stance_foot_load_N = lerp(stance_N_).y();
    task.other_foot_dx_m = (1 - a) * other_dx_m_[i] + a * other_dx_m_[i + 1];
    task.other_leg_force_N = lerp(leg_N_);
    task.other_leg_moment_about_hip_Nm = (1 - a) * leg_moment_Nm_[i] + a * leg_moment_Nm_[i + 1];
    task.com_acceleration_mps2 =
        (lerp(stance_N_) + task.other_foot_force_N + task.other_leg_force_N) / mass_kg_ +
        gravity_mps2_;
    task.com_velocity_mps = lerp(com_velocity_mps_);
    task.com_x_tracked = has_horizontal_force_;
  }

 private:
  Eigen::Vector2d calc_com_acceleration(int row, double mass_kg,
                                        const Eigen::Vector2d& gravity_mps2) const {
    return (stance_N_.row(row) + other_N_.row(row) + leg_N_.row(row)).transpose() / mass_kg +
           gravity_mps2;
  }

  // The other leg's load at each row, with the reference's own pelvis tilt and the hip moving
  // with the trial's centre of mass (its ground forces): both known along the reference.
  void calc_other_leg_loads(const ReferenceMotion& ref, const ReferenceTrajectory& trajectory,
                            const LegModel& model, double mass_kg,
                            const Eigen::Vector2d& gravity_mps2) {
    const int last = static_cast<int>(time_s_.size()) - 1;
    const ReferenceTrajectory leg({"hip_flexion_l", "knee_angle_l", "ankle_angle_l"}, ref.time_s,
                                  ref.other_leg_angle_rad,
                                  ref.other_leg_speed_rad_per_s.row(0).transpose(),
                                  ref.other_leg_speed_rad_per_s.row(last).transpose());
    ReferenceSample leg_sample = make_reference_sample(leg);
    ReferenceSample pelvis_sample = make_reference_sample(trajectory);
    constexpr int kTilt = 2;  // pelvis_tilt in the model's coordinate order
    for (int i = 0; i <= last; ++i) {
      leg.calc_sample(time_s_[i], leg_sample);
      trajectory.calc_sample(time_s_[i], pelvis_sample);
      OtherLegMotion motion;
      motion.angle_rad = leg_sample.q;
      motion.speed_rad_per_s = leg_sample.qd;
      motion.acceleration_rad_per_s2 = leg_sample.qdd;
      motion.pelvis_tilt_rad = pelvis_sample.q[kTilt];
      motion.pelvis_tilt_speed_rad_per_s = pelvis_sample.qd[kTilt];
      motion.pelvis_tilt_acceleration_rad_per_s2 = pelvis_sample.qdd[kTilt];
      motion.hip_acceleration_mps2 =
          (stance_N_.row(i) + other_N_.row(i)).transpose() / mass_kg + gravity_mps2;
      const OtherLegLoad load = calc_other_leg_load(model.skeleton.segments, motion, gravity_mps2);
      leg_N_.row(i) = load.force_N.transpose();
      leg_moment_Nm_[i] = load.moment_about_hip_Nm;
    }
  }

  Eigen::VectorXd time_s_;           // [rows] s
  Eigen::MatrixXd stance_N_;         // [rows × 2] N
  Eigen::MatrixXd other_N_;          // [rows × 2] N
  Eigen::VectorXd other_dx_m_;       // [rows] m
  Eigen::MatrixXd leg_N_;            // [rows × 2] N, the other leg's load on the pelvis
  Eigen::VectorXd leg_moment_Nm_;    // [rows] N m, its moment about the hip
  Eigen::MatrixXd com_velocity_mps_; // [rows × 2] m/s
  bool has_horizontal_force_;
  double mass_kg_ = 0.0;
  Eigen::Vector2d gravity_mps2_ = Eigen::Vector2d::Zero();
};

double calc_max_penetration_m(const LegModel& model, const Terrain& terrain,
                              const solver::OdeState& x, LegWorkspace& ws) {
  calc_leg_kinematics(model, x, ws);
  calc_leg_contact_forces(model, terrain, ws);
  double deepest_m = 0.0;
  for (double d : ws.contact.penetration_m) deepest_m = std::max(deepest_m, d);
  return deepest_m;
}

// The vertical shift of the pelvis (m) that puts the deepest contact sphere `depth_m` into the
// terrain at touchdown: the reference's pelvis height was measured on another skeleton, so the
// model's own segment lengths decide where its foot meets the ground. Bisection on a monotone
// function (lowering the pelvis only deepens the contact).
double calc_touchdown_height_shift_m(const LegModel& model, const Terrain& terrain,
                                     solver::OdeState x, double depth_m, LegWorkspace& ws) {
  const int ty = model.q_offset + 1;
  const double ty0_m = x[ty];
  double low_m = -0.5, high_m = 0.5;  // shift, m: low = deep inside, high = in the air
  for (int i = 0; i < 60; ++i) {
    const double mid_m = 0.5 * (low_m + high_m);
    x[ty] = ty0_m + mid_m;
    if (calc_max_penetration_m(model, terrain, x, ws) > depth_m)
      low_m = mid_m;
    else
      high_m = mid_m;
  }
  return 0.5 * (low_m + high_m);
}

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

// Everything one control step needs, sized once (no allocation inside the loop).
struct ControlWorkspace {
  ControlWorkspace(const LegModel& model, const StaticOptimizationModel& so,
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
  ReferenceSample reference;
  StaticOptimizationWorkspace so_ws;
  StaticOptimizationResult so_result;
  StanceInverseDynamicsWorkspace stance_ws;
  StanceInverseDynamicsResult stance;
  Eigen::VectorXd qdd_des;                 // [6] model convention
  Eigen::MatrixXd moment_arm_m;            // [3 × n_muscles] m
  Eigen::VectorXd force_per_activation_N;  // [n_muscles] N
  Eigen::VectorXd passive_force_N;         // [n_muscles] N
  Eigen::VectorXd desired_moment_Nm;       // [3] N m
  Eigen::MatrixXd A;                       // [3 × n_muscles] N m per unit activation
  Eigen::VectorXd b;                       // [3] N m
  Eigen::Vector3d joint_moment_Nm = Eigen::Vector3d::Zero();  // [3] hip, knee, ankle: step 2's
  // Generalised force on the base (pelvis_tx N, pelvis_ty N, pelvis_tilt N m) applied with the
  // controls: the other foot's ground force, or (contact-force inverse dynamics) the residual.
  Eigen::Vector3d base_force = Eigen::Vector3d::Zero();
  double tilt_residual_Nm = 0.0;  // the residual moment on pelvis_tilt, N m (reported)
};

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
    for (int b = 0; b < 2; ++b) M_bb(a, b) = sw.mass_matrix(map.solver_index[a], map.solver_index[b]);
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

// One CMC step at (x, t): sets controls.excitation, the reserves and the other foot's force.
void calc_control(const LegModel& model, const Terrain& terrain, const TrackingLaw& law,
                  const ReferenceTrajectory& trajectory, const GroundForceReference& forces,
                  const StanceTaskWeights& weights, const StaticOptimizationModel& so,
                  const solver::OdeState& x, double t_s, double interval_s, LegControls& controls,
                  LegWorkspace& ws, ControlWorkspace& cw) {
  calc_leg_kinematics(model, x, ws);
  calc_leg_contact_forces(model, terrain, ws);
  calc_leg_muscle_forces(model, x, ws);

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

// Output series preallocated for n samples; rows filled one by one.
void allocate_series(const LegModel& model, int n, RunResult& r) {
  const LegCoordinateMap map;
  r.time_s.resize(n);
  r.coordinates.names.assign(map.names.begin(), map.names.end());
  r.coordinates.units = {"m", "m", "rad", "rad", "rad", "rad"};
  r.coordinates.values.resize(n, 6);
  r.coordinates.speeds.resize(n, 6);
  r.muscles.names = model.muscle_names;
  r.muscles.activation.resize(n, model.n_muscles);
  r.muscles.force_N.resize(n, model.n_muscles);
  r.joints.names.assign(kLegJointMomentNames.begin(), kLegJointMomentNames.end());
  r.joints.moment_Nm.resize(n, kJoints);
  r.ground.force_N.resize(n, 3);
  r.ground.force_terrain_N.resize(n, 2);
  r.ground.cop_m.resize(n, 3);
  PatellofemoralSeries& pf = r.patellofemoral;
  pf.contact_force_N.resize(n, 3);
  for (Eigen::VectorXd* v : {&pf.contact_force_bw, &pf.peak_pressure_MPa, &pf.mean_pressure_MPa,
                             &pf.contact_area_mm2, &pf.lateral_fraction,
                             &pf.patellar_tendon_force_N, &pf.quadriceps_force_N})
    v->resize(n);
  // Residual forces on the base translations (N); the base rotation's residual moment (N m) is
  // reported with the reserves, whose unit it shares.
  r.control.residual_names = {"pelvis_tx", "pelvis_ty"};
  r.control.residual_force_N.resize(n, 2);
  r.control.reserve_names = {"pelvis_tilt", "hip_flexion_r", "knee_angle_r", "ankle_angle_r"};
  r.control.reserve_moment_Nm.resize(n, 4);
  r.control.tracking_names = {"pelvis_tilt", "hip_flexion_r", "knee_angle_r", "ankle_angle_r"};
  r.control.tracking_error_rad.resize(n, 4);
}

void store_sample(int k, const LegOutputs& out, const LegControls& controls, double tilt_residual_Nm,
                  const ReferenceSample& ref, RunResult& r) {
  r.time_s[k] = out.time_s;
  r.coordinates.values.row(k) = out.coordinates.transpose();
  r.coordinates.speeds.row(k) = out.speeds.transpose();
  r.muscles.activation.row(k) = out.activation.transpose();
  r.muscles.force_N.row(k) = out.muscle_force_N.transpose();
  r.joints.moment_Nm.row(k) = out.joint_moment_Nm.transpose();
  r.ground.force_N.row(k) = out.ground_force_N.transpose();
  r.ground.force_terrain_N.row(k) = out.ground_force_terrain_N.transpose();
  r.ground.cop_m.row(k) = out.cop_m.transpose();
  const models::PatellofemoralResult& pf = out.patellofemoral;
  PatellofemoralSeries& s = r.patellofemoral;
  s.contact_force_N.row(k) = pf.contact_force_N.transpose();
  s.contact_force_bw[k] = out.pf_contact_force_bw;
  s.peak_pressure_MPa[k] = pf.peak_pressure_MPa;
  s.mean_pressure_MPa[k] = pf.mean_pressure_MPa;
  s.contact_area_mm2[k] = pf.contact_area_mm2;
  s.lateral_fraction[k] = pf.lateral_fraction;
  s.patellar_tendon_force_N[k] = pf.tendon_force_N;
  s.quadriceps_force_N[k] = pf.quadriceps_force_N;
  // The base translations are unactuated (their rows are met by the ground force): no residual
  // force. The residual moment on pelvis_tilt is reported with the reserves (same unit).
  r.control.residual_force_N.row(k).setZero();
  r.control.reserve_moment_Nm(k, 0) = tilt_residual_Nm;
  for (int j = 0; j < 4; ++j) {
    if (j > 0) r.control.reserve_moment_Nm(k, j) = controls.generalized_force[2 + j];
    r.control.tracking_error_rad(k, j) = ref.q[2 + j] - out.coordinates[2 + j];
  }
}

void truncate_series(int n, RunResult& r) {
  auto rows = [n](SeriesMatrix& m) { m.conservativeResize(n, m.cols()); };
  auto vec = [n](Eigen::VectorXd& v) { v.conservativeResize(n); };
  vec(r.time_s);
  rows(r.coordinates.values);
  rows(r.coordinates.speeds);
  rows(r.muscles.activation);
  rows(r.muscles.force_N);
  rows(r.joints.moment_Nm);
  rows(r.ground.force_N);
  rows(r.ground.force_terrain_N);
  rows(r.ground.cop_m);
  PatellofemoralSeries& pf = r.patellofemoral;
  rows(pf.contact_force_N);
  for (Eigen::VectorXd* v : {&pf.contact_force_bw, &pf.peak_pressure_MPa, &pf.mean_pressure_MPa,
                             &pf.contact_area_mm2, &pf.lateral_fraction,
                             &pf.patellar_tendon_force_N, &pf.quadriceps_force_N})
    vec(*v);
  rows(r.control.residual_force_N);
  rows(r.control.reserve_moment_Nm);
  rows(r.control.tracking_error_rad);
}

bool is_finite_sample(const LegOutputs& out) {
  return out.coordinates.allFinite() && out.speeds.allFinite() && out.activation.allFinite() &&
         out.muscle_force_N.allFinite() && out.ground_force_N.allFinite() &&
         out.patellofemoral.contact_force_N.allFinite() && std::isfinite(out.pf_contact_force_bw);
}

// DESIGN §3.6 flags: residual force > 5 % of the peak ground force, reserve > 10 % of the joint
// moment (peak over stance of each joint); and a stance foot unloaded for longer than
// kFootUnloadedFlag_s while the trial loads it (calc_foot_unloaded_s). Empty when none applies.
std::string make_control_flags(const RunResult& r, double foot_unloaded_s) {
  std::string flags;
  const int n = get_sample_count(r);
  if (n == 0) return flags;
  double peak_grf_N = 0.0, peak_residual_N = 0.0;
  for (int k = 0; k < n; ++k) {
    peak_grf_N = std::max(peak_grf_N, r.ground.force_N.row(k).norm());
    peak_residual_N = std::max(peak_residual_N, r.control.residual_force_N.row(k).norm());
  }
  if (peak_residual_N > 0.05 * peak_grf_N)
    flags += fmt::format("residual force {:.0f} N > 5 % of peak ground force {:.0f} N; ",
                         peak_residual_N, peak_grf_N);
  for (int j = 0; j < kJoints; ++j) {
    const double peak_moment_Nm = r.joints.moment_Nm.col(j).cwiseAbs().maxCoeff();
    const double peak_reserve_Nm = r.control.reserve_moment_Nm.col(1 + j).cwiseAbs().maxCoeff();
    if (peak_reserve_Nm > 0.10 * peak_moment_Nm)
      flags += fmt::format("{} reserve {:.1f} N m > 10 % of joint moment {:.1f} N m; ",
                           r.joints.names[j], peak_reserve_Nm, peak_moment_Nm);
  }
  if (foot_unloaded_s > kFootUnloadedFlag_s)
    flags += fmt::format("stance foot unloaded for {:.0f} ms while the trial loads it; ",
                         1e3 * foot_unloaded_s);
  if (!flags.empty()) flags.resize(flags.size() - 2);
  return flags;
}

// Time (s) during which the trial loads the stance foot (over 0.5 BW) but the model's foot carries
// less than a tenth of that: the foot has left the ground the trial stands on, so the loads that
// follow are not the trial's (sample-and-hold over the output samples).
double calc_foot_unloaded_s(const RunResult& r, const GroundForceReference& forces,
                            double body_weight_N) {
  const int n = get_sample_count(r);
  StanceTask task;
  double unloaded_s = 0.0;
  for (int k = 0; k + 1 < n; ++k) {
    forces.calc_task(r.time_s[k], task);
    const double trial_N = task.stance_foot_load_N;
    if (trial_N > 0.5 * body_weight_N && r.ground.force_N(k, 1) < 0.1 * trial_N)
      unloaded_s += r.time_s[k + 1] - r.time_s[k];
  }
  return unloaded_s;
}

}  // namespace

RunResult run_scenario(const std::string& scenario, const Parameters& params,
                       const RunnerOptions& options) {
  check_scenario_name(scenario);
  KNEELOAD_CHECK(params.get_scenario() == scenario, "parameters of '{}' for scenario '{}'",
                 params.get_scenario(), scenario);

  // Model, terrain, reference, controller: compiled once.
  const LegModel model = compile_leg_model(make_leg_spec(params));
  LegWorkspace ws(model);
  ReferenceMotion table = load_reference_motion(scenario, params);

  TerrainSpec terrain_spec = make_terrain_spec(params);
  solver::OdeState x0 = make_leg_state(model, table.value.row(0).transpose(),
                                       table.speed.row(0).transpose(), 0.01, ws);
  place_stairs_at_touchdown(model, table.value.row(0).transpose(), terrain_spec);
  const std::unique_ptr<Terrain> terrain = make_terrain(terrain_spec);

  // Touchdown: the deepest sphere 1 mm into the terrain.
  const double shift_m = calc_touchdown_height_shift_m(model, *terrain, x0, 1e-3, ws);
  table.value.col(1).array() += shift_m;
  x0[model.q_offset + 1] += shift_m;
  const ReferenceTrajectory trajectory = make_trajectory(table);
  calc_leg_kinematics(model, x0, ws);
  StanceInverseDynamicsWorkspace touchdown_ws(model);
  const GroundForceReference ground_forces(table, trajectory, model,
                                           calc_com_velocity_mps(model, ws, touchdown_ws));

  const TrackingLaw law = make_tracking_law(
      kLegCoordinates, {options.tracking_frequency_hz, options.tracking_damping_ratio});
  StaticOptimizationSpec so_spec;
  so_spec.muscle_names = model.muscle_names;
  so_spec.joint_names.assign(kLegJointMomentNames.begin(), kLegJointMomentNames.end());
  so_spec.reserve_scale_Nm.assign(kJoints, options.reserve_scale_Nm);
  const StaticOptimizationModel so = compile_static_optimization(so_spec);
  ControlWorkspace cw(model, so, trajectory);

  solver::IntegrationOptions integration;
  const std::string stepper = params.get_choice("solver.stepper");
  integration.stepper = stepper == "rk4"        ? solver::StepperKind::RungeKutta4
                        : stepper == "ros34pw2" ? solver::StepperKind::RosenbrockW
                                                : solver::StepperKind::Dopri5;
  // The stiffness sits in the speeds: the foot's rotation against its contact's damping
  // (docs/model/integration.md), so the Rosenbrock-W method is implicit in them.
  for (int i = 0; i < kLegCoordinates; ++i)
    integration.stiff_entries.push_back(model.qd_offset + i);
  integration.rtol = params.get_number("solver.rtol");
  integration.atol = params.get_number("solver.atol");
  const double output_dt_s = 1.0 / params.get_number("solver.output_hz");
  const double interval_s = options.control_interval_s;
  integration.output_dt_s = std::min(output_dt_s, interval_s);

  const double t0_s = trajectory.get_start_time_s();
  const double t_end_s = trajectory.get_end_time_s();
  const int max_samples = static_cast<int>(std::floor((t_end_s - t0_s) / output_dt_s + 1e-9)) + 2;

  RunResult result;
  result.meta.scenario = scenario;
  result.meta.kneeload_version = options.kneeload_version;
  allocate_series(model, max_samples, result);

  LegControls controls(model);
  LegWorkspace out_ws(model);
  LegOutputs out(model);
  ReferenceSample out_ref = make_reference_sample(trajectory);
  int n_samples = 0;
  double last_stored_s = -std::numeric_limits<double>::infinity();
  double peak_vgrf_N = 0.0;
  bool toe_off = false;
  const double grid_tol_s = 1e-9;

  // Samples on the global grid t0 + k·output_dt, whichever control interval they fall in.
  auto observe = [&](const solver::OdeState& x, double t_s) {
    const double k_real = (t_s - t0_s) / output_dt_s;
    const double k = std::round(k_real);
    const bool on_grid = std::abs(k_real - k) * output_dt_s < grid_tol_s;
    const bool is_end = std::abs(t_s - t_end_s) < grid_tol_s;
    if (!(on_grid || is_end) || t_s <= last_stored_s + grid_tol_s || n_samples >= max_samples)
      return;
    calc_leg_outputs(model, controls, *terrain, x, t_s, out_ws, out);
    if (!is_finite_sample(out))
      throw NumericalError("non-finite output (coordinates, forces or PF result)", t_s);
    trajectory.calc_sample(t_s, out_ref);
    store_sample(n_samples++, out, controls, cw.tilt_residual_Nm, out_ref, result);
    last_stored_s = t_s;
    peak_vgrf_N = std::max(peak_vgrf_N, out.ground_force_N.y());
    // Toe-off: the vertical ground force has fallen to ~0 after having risen (after mid stance).
    if (t_s > 0.5 * (t0_s + t_end_s) && peak_vgrf_N > 0.5 * model.body_weight_N &&
        out.ground_force_N.y() < options.toe_off_force_bw * model.body_weight_N)
      toe_off = true;
  };

  const LegSystem system(model, ws, controls, *terrain);
  // CMC from t_s until t_stop_s (or toe-off), control interval by control interval.
  auto track = [&](solver::OdeState& x, double& t_s, double t_stop_s, auto&& observer) {
    while (t_s < t_stop_s - grid_tol_s && !toe_off) {
      const double t_next_s = std::min(t_s + interval_s, t_stop_s);
      calc_control(model, *terrain, law, trajectory, ground_forces, options.stance_task_weights,
                   so, x, t_s, t_next_s - t_s, controls, ws, cw);
      solver::integrate(system, x, t_s, t_next_s, integration, observer);
      t_s = t_next_s;
    }
  };
  solver::OdeState x = x0;
  double t_s = t0_s;
  try {
    // Initial muscle states as OpenSim's CMC finds them (Thelen & Anderson 2006, J Biomech
    // 39:1107): track the first window, keep its final activations, restart from touchdown.
    // Muscles that the early stance needs are then already active at contact.
    if (options.initial_state_window_s > 0.0) {
      track(x, t_s, t0_s + options.initial_state_window_s, [](const solver::OdeState&, double) {});
      std::copy_n(x.begin() + model.activation_offset, model.n_muscles,
                  x0.begin() + model.activation_offset);
      x = x0;
      t_s = t0_s;
    }
    track(x, t_s, t_end_s, observe);
  } catch (const NumericalError& e) {
    result.summary.status = "failed";
    result.summary.failure_reason = e.what();
  }

  truncate_series(n_samples, result);
  const std::string status = result.summary.status;
  const std::string reason = result.summary.failure_reason;
  result.summary = calc_run_summary(result, model.spec.body.mass_kg);
  result.summary.status = status;
  const std::string flags = make_control_flags(
      result, calc_foot_unloaded_s(result, ground_forces, model.body_weight_N));
  if (status == "ok")
    result.summary.failure_reason = flags.empty() ? "" : "flagged: " + flags;
  else
    result.summary.failure_reason = flags.empty() ? reason : reason + "; flagged: " + flags;
  return result;
}

}  // namespace kneeload
