#include "viz/leg_replay.hpp"

#include "io/config.hpp"
#include "models/elastic_foundation.hpp"
#include "models/leg_dynamics.hpp"
#include "scenarios/control_flags.hpp"
#include "scenarios/leg_spec_from_parameters.hpp"
#include "scenarios/parameter_values.hpp"
#include "scenarios/stairs_placement.hpp"
#include "solver/errors.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace kneeload::viz {
namespace {

constexpr int kKnee = 4;  // knee_angle_r in LegVector
constexpr double kPa_per_MPa = 1e6;

int find_column(const std::vector<std::string>& names, const std::string& name,
                const std::string& what, const std::string& where) {
  const auto it = std::find(names.begin(), names.end(), name);
  if (it == names.end())
    throw InputError(fmt::format("{}: the run has no {} '{}' (its {}: {})", where, what, name, what,
                                 fmt::join(names, ", ")));
  return static_cast<int>(it - names.begin());
}

Eigen::Matrix3d rotation_z(double angle_rad) {
  return Eigen::AngleAxisd(angle_rad, Eigen::Vector3d::UnitZ()).toRotationMatrix();
}

}  // namespace

std::string make_run_warning(const RunSummary& summary) {
  std::string warning = summary.status == "ok" ? "" : "run failed before toe-off";
  const std::string flags = shorten_control_flags(summary.failure_reason);
  if (!flags.empty()) warning += (warning.empty() ? "" : "\n") + ("flagged: " + flags);
  // Where to read more; an ok run's /summary failure_reason holds only its flags.
  if (!warning.empty())
    warning += summary.status == "ok"
                   ? "\n(details: /summary failure_reason, where flags are listed)"
                   : "\n(details: /summary failure_reason)";
  return warning;
}

LegReplay make_leg_replay(const RunResult& run, const std::string& where) {
  if (get_sample_count(run) < 1) throw InputError(fmt::format("{}: the run has no samples", where));
  const Parameters params = parse_resolved_toml(run.meta.config_toml, where + " config_toml");
  LegReplay r;
  r.scenario = run.meta.scenario;
  r.model = compile_leg_model(make_leg_spec(params));
  const LegModel& m = r.model;
  r.body = {m.multibody.body_index("pelvis"), m.multibody.body_index("femur_r"),
            m.multibody.body_index("tibia_r"), m.foot_body, -1};
  for (int i = 0; i < kLegCoordinates; ++i)
    r.coordinate_column[i] =
        find_column(run.coordinates.names, m.coordinates.names[i], "coordinate", where);
  for (std::size_t j = 0; j < run.coordinates.names.size(); ++j)
    if (run.coordinates.names[j] == "mtp_angle_r") r.toe_column = static_cast<int>(j);
  r.muscle_column.resize(m.n_muscles);
  for (int k = 0; k < m.n_muscles; ++k)
    r.muscle_column[k] = find_column(run.muscles.names, m.muscle_names[k], "muscle", where);
  r.body_weight_N = m.body_weight_N;
  r.max_peak_pressure_MPa = run.patellofemoral.peak_pressure_MPa.size() > 0
                                ? run.patellofemoral.peak_pressure_MPa.maxCoeff()
                                : 0.0;
  r.full_compression_pressure_MPa =
      1e-6 * models::calc_full_compression_pressure_Pa(m.patellofemoral.spec.contact);
  r.warning = make_run_warning(run.summary);
  r.failed = run.summary.status != "ok";

  // The terrain as the simulation built it: stairs placed from the touchdown (first) sample.
  r.terrain = make_terrain_spec(params);
  LegVector touchdown;
  for (int i = 0; i < kLegCoordinates; ++i)
    touchdown[i] = run.coordinates.values(0, r.coordinate_column[i]);
  place_stairs_at_touchdown(m, touchdown, r.terrain);
  make_terrain(r.terrain);  // validates
  return r;
}

LegReplayWorkspace::LegReplayWorkspace(const LegReplay& replay)
    : leg(replay.model), x(replay.model.state.size, 0.0) {}

LegFrame make_leg_frame(const LegReplay& replay) {
  LegFrame f;
  f.muscle_point_m.assign(replay.model.paths.n_points, Eigen::Vector3d::Zero());
  f.activation = Eigen::VectorXd::Zero(replay.model.n_muscles);
  f.patch_pressure_MPa =
      Eigen::VectorXd::Zero(static_cast<int>(replay.model.patellofemoral.patches.size()));
  for (auto& p : f.body_origin_m) p.setZero();
  return f;
}

void calc_leg_frame_kinematics(const LegReplay& replay, const RunResult& run, int sample,
                               LegReplayWorkspace& ws, LegFrame& frame) {
  const int n = get_sample_count(run);
  KNEELOAD_CHECK(sample >= 0 && sample < n, "sample {} of a run with {} samples", sample, n);
  const LegModel& m = replay.model;
  for (int i = 0; i < kLegCoordinates; ++i) {
    ws.x[m.q_offset + i] = run.coordinates.values(sample, replay.coordinate_column[i]);
    ws.x[m.qd_offset + i] = run.coordinates.speeds(sample, replay.coordinate_column[i]);
  }
  for (int k = 0; k < m.n_muscles; ++k) {
    frame.activation[k] = run.muscles.activation(sample, replay.muscle_column[k]);
    ws.x[m.activation_offset + k] = frame.activation[k];
  }
  calc_leg_kinematics(m, ws.x, ws.leg);

  frame.sample = sample;
  frame.time_s = run.time_s[sample];
  const double stance_s = run.time_s[n - 1] - run.time_s[0];
  frame.stance_pct = stance_s > 0 ? 100.0 * (frame.time_s - run.time_s[0]) / stance_s : 0.0;
  const solver::MultibodyWorkspace& mw = ws.leg.multibody;
  for (int b = 0; b < kLegBodies; ++b) {
    if (replay.body[b] < 0) continue;
    frame.body_origin_m[b] = mw.position_m[replay.body[b]];
    frame.body_angle_rad[b] = mw.angle_rad[replay.body[b]];
  }
  // The toes: origin at the MTP joint, turned from the foot by the stored angle.
  const int foot = int(LegBody::foot), toes = int(LegBody::toes);
  frame.body_origin_m[toes] = frame.body_origin_m[foot] +
                              mw.R_world[m.foot_body] * m.foot_contact.mtp_in_foot_m.head<2>();
  frame.body_angle_rad[toes] =
      frame.body_angle_rad[foot] +
      (replay.toe_column >= 0 ? run.coordinates.values(sample, replay.toe_column) : 0.0);
  // Path points are computed in the pelvis frame.
  const int pelvis = replay.body[int(LegBody::pelvis)];
  for (int p = 0; p < m.paths.n_points; ++p) {
    const Eigen::Vector2d w = mw.position_m[pelvis] + mw.R_world[pelvis] * ws.leg.paths.point_position_m[p];
    frame.muscle_point_m[p] = Eigen::Vector3d(w.x(), w.y(), kMuscleDrawOffsetZ_m);
  }
  frame.ground_force_N = run.ground.force_N.row(sample).transpose();
  frame.ground_cop_m = run.ground.cop_m.row(sample).transpose();
  frame.pf_force_N = run.patellofemoral.contact_force_N.row(sample).norm();
  frame.pf_force_bw = run.patellofemoral.contact_force_bw[sample];
}

void calc_leg_frame(const LegReplay& replay, const RunResult& run, int sample,
                    LegReplayWorkspace& ws, LegFrame& frame) {
  calc_leg_frame_kinematics(replay, run, sample, ws, frame);
  const LegModel& m = replay.model;
  // The stored tendon forces drive the PF equilibrium exactly as in the simulation's stage 3c.
  for (int k = 0; k < m.n_muscles; ++k)
    ws.leg.muscle_force_N[k] = run.muscles.force_N(sample, replay.muscle_column[k]);
  calc_leg_patellofemoral(m, frame.time_s, ws.leg);

  // The PF femur frame (Lenhart's femur_distal_r) sits at the knee centre, parallel to femur_r.
  const int femur = int(LegBody::femur);
  const Eigen::Matrix3d R_femur = rotation_z(frame.body_angle_rad[femur]);
  const Eigen::Vector3d knee_m = calc_world_point(frame, LegBody::femur,
                                                  m.skeleton.knee_in_femur_m.head<2>());
  const models::PatellofemoralResult& pf = ws.leg.pf_result;
  frame.pf_loaded = ws.leg.pf_loaded;
  frame.patella_rotation = R_femur * pf.pose.rotation;
  frame.patella_origin_m = knee_m + R_femur * pf.pose.translation_m;
  if (!ws.leg.pf_loaded) {
    // Slack quadriceps: the patella rests where a cold start puts it, unloaded.
    const models::PatellaPose rest =
        models::calc_initial_patella_pose(m.patellofemoral, ws.leg.coordinates[kKnee]);
    frame.patella_rotation = R_femur * rest.rotation;
    frame.patella_origin_m = knee_m + R_femur * rest.translation_m;
  }
  // The PF tibia frame (tibia_proximal_r) sits at the knee centre, the tibia_r origin.
  const models::PatellofemoralModel& pfm = m.patellofemoral;
  Eigen::Vector3d on_patella = Eigen::Vector3d::Zero(), on_tibia = Eigen::Vector3d::Zero();
  for (std::size_t i = 0; i < pfm.bundle_patella_m.size(); ++i) {
    on_patella += pfm.bundle_patella_m[i] / double(pfm.bundle_patella_m.size());
    on_tibia += pfm.bundle_tibia_m[i] / double(pfm.bundle_tibia_m.size());
  }
  frame.tendon_patella_m = frame.patella_origin_m + frame.patella_rotation * on_patella;
  frame.tendon_tibia_m = calc_world_point(frame, LegBody::tibia, on_tibia.head<2>()) +
                         Eigen::Vector3d(0, 0, on_tibia.z());
  const std::vector<double>& p_Pa = ws.leg.patellofemoral.patch_pressure_Pa;
  for (int i = 0; i < frame.patch_pressure_MPa.size(); ++i)
    frame.patch_pressure_MPa[i] = ws.leg.pf_loaded ? std::max(0.0, p_Pa[i]) / kPa_per_MPa : 0.0;
  frame.pf_force_on_patella_N = R_femur * pf.contact_force_N;
  frame.pf_centre_of_pressure_m = knee_m + R_femur * pf.centre_of_pressure_m;
  frame.peak_pressure_MPa = pf.peak_pressure_MPa;
  frame.contact_area_mm2 = pf.contact_area_mm2;
  frame.lateral_fraction = pf.lateral_fraction;
}

Eigen::Vector3d calc_world_point(const LegFrame& frame, LegBody body, const Eigen::Vector2d& p_m) {
  const int b = int(body);
  const double c = std::cos(frame.body_angle_rad[b]), s = std::sin(frame.body_angle_rad[b]);
  const Eigen::Vector2d w = frame.body_origin_m[b] + Eigen::Vector2d(c * p_m.x() - s * p_m.y(),
                                                                     s * p_m.x() + c * p_m.y());
  return {w.x(), w.y(), 0.0};
}

int find_peak_pf_sample(const RunResult& run) {
  int best = 0;
  const Eigen::VectorXd& f = run.patellofemoral.contact_force_bw;
  for (int k = 1; k < f.size(); ++k)
    if (f[k] > f[best]) best = k;
  return best;
}

}  // namespace kneeload::viz
