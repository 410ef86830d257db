#include "scenarios/scenario_runner.hpp"

#include "models/elastic_foundation.hpp"
#include "models/leg_dynamics.hpp"
#include "models/leg_outputs.hpp"
#include "scenarios/cmc_control.hpp"
#include "scenarios/control_flags.hpp"
#include "scenarios/ground_force_reference.hpp"
#include "scenarios/leg_spec_from_parameters.hpp"
#include "scenarios/parameter_registry.hpp"
#include "scenarios/reference_motion.hpp"
#include "scenarios/reference_trajectory.hpp"
#include "scenarios/scenario_names.hpp"
#include "scenarios/stairs_placement.hpp"
#include "scenarios/static_optimization.hpp"
#include "scenarios/terrain.hpp"
#include "scenarios/tracking_law.hpp"
#include "solver/errors.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace kneeload {
namespace {

constexpr int kJoints = 3;  // hip_flexion_r, knee_angle_r, ankle_angle_r

ReferenceTrajectory make_trajectory(const ReferenceMotion& ref) {
  const LegCoordinateMap map;
  std::vector<std::string> names(map.names.begin(), map.names.end());
  const int last = static_cast<int>(ref.time_s.size()) - 1;
  return ReferenceTrajectory(names, ref.time_s, ref.value, ref.speed.row(0).transpose(),
                             ref.speed.row(last).transpose());
}

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

// Output series preallocated for n samples; rows filled one by one.
void allocate_series(const LegModel& model, int n, RunResult& r) {
  const LegCoordinateMap map;
  r.time_s.resize(n);
  r.coordinates.names.assign(map.names.begin(), map.names.end());
  r.coordinates.units = {"m", "m", "rad", "rad", "rad", "rad"};
  if (model.toe_offset >= 0) {  // the toes' angle, a state of their own
    r.coordinates.names.emplace_back("mtp_angle_r");
    r.coordinates.units.emplace_back("rad");
  }
  const auto n_coordinates = static_cast<Eigen::Index>(r.coordinates.names.size());
  r.coordinates.values.resize(n, n_coordinates);
  r.coordinates.speeds.resize(n, n_coordinates);
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
  r.coordinates.values.row(k).head<kLegCoordinates>() = out.coordinates.transpose();
  r.coordinates.speeds.row(k).head<kLegCoordinates>() = out.speeds.transpose();
  if (r.coordinates.values.cols() > kLegCoordinates) {
    r.coordinates.values(k, kLegCoordinates) = out.toe_angle_rad;
    r.coordinates.speeds(k, kLegCoordinates) = out.toe_angle_rate_radps;
  }
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

}  // namespace

std::string explain_numerical_failure(const std::string& reason, double rtol, double atol) {
  // Steps shrink to nothing when the tolerances ask for more than double precision can give.
  const bool underflow = reason.find("step-size underflow") == 0;
  if (!underflow || (rtol >= 1e-9 && atol >= 1e-11)) return reason;
  return reason + fmt::format(" (solver.rtol = {:g} and solver.atol = {:g} may ask for more than "
                              "double precision gives here: try looser)",
                              rtol, atol);
}

RunResult run_scenario(const std::string& scenario, const Parameters& params,
                       const RunnerOptions& options) {
  check_scenario_name(scenario);
  KNEELOAD_CHECK(params.get_scenario() == scenario, "parameters of '{}' for scenario '{}'",
                 params.get_scenario(), scenario);

  // Model, terrain, reference, controller: compiled once.
  const LegModel model = compile_leg_model(make_leg_spec(params));
  LegWorkspace ws(model);
  ReferenceMotion table = load_reference_motion(scenario, params);
  // The trial's foot angles re-expressed on the model's sole: flat on the ground, the model's foot
  // frame tips as the default shoe makes it, the trial's sat as its own shoe made it
  // (docs/model/reference_motion.md, *The foot on the model's sole*).
  const ParameterSpec drop_spec =
      calc_scenario_spec(get_parameter_registry().get("shoe.heel_drop_mm"), scenario);
  const double sole_pitch_rad = calcFlatSolePitchRad(
      model.foot_contact, 1e-3 * drop_spec.default_value - model.spec.shoe.heel_drop_m);
  apply_ankle_offset(sole_pitch_rad - table.flat_foot_pitch_rad, table);

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
    result.summary.failure_reason =
        explain_numerical_failure(e.what(), integration.rtol, integration.atol);
  }

  truncate_series(n_samples, result);
  const std::string status = result.summary.status;
  const std::string reason = result.summary.failure_reason;
  result.summary = calc_run_summary(result, model.spec.body.mass_kg);
  result.summary.status = status;
  const double full_compression_MPa =
      1e-6 * models::calc_full_compression_pressure_Pa(model.patellofemoral.spec.contact);
  TrialChecks checks;
  checks.foot_unloaded_s = calc_foot_unloaded_s(result, ground_forces, model.body_weight_N);
  checks.trial_peak_vgrf_bw = table.stance_force_bw.col(1).maxCoeff();
  checks.body_weight_N = model.body_weight_N;
  checks.cartilage_through_s = calc_cartilage_through_s(result, full_compression_MPa);
  const std::string flags = make_control_flags(result, checks);
  if (status == "ok")
    result.summary.failure_reason = flags.empty() ? "" : "flagged: " + flags;
  else
    result.summary.failure_reason = flags.empty() ? reason : reason + "; flagged: " + flags;
  return result;
}

}  // namespace kneeload
