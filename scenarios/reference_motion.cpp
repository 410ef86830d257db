#include "scenarios/reference_motion.hpp"

#include "models/data_table.hpp"
#include "models/leg_skeleton.hpp"
#include "scenarios/parameter_registry.hpp"
#include "scenarios/scenario_names.hpp"
#include "solver/errors.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numeric>

namespace kneeload {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr int kTx = 0, kTy = 1, kTilt = 2, kHip = 3, kKnee = 4, kAnkle = 5;  // LegCoordinateMap
constexpr int kCoordinates = 6;

const char* unit_suffix(int coordinate) { return coordinate < 2 ? "m" : "rad"; }

bool is_running(const std::string& scenario) {
  return scenario == "level_run" || scenario == "downhill_run";
}
bool is_stairs(const std::string& scenario) {
  return scenario == "stair_ascent" || scenario == "stair_descent";
}

double get_stance_time_s(const ReferenceMotion& m) {
  return m.time_s[m.time_s.size() - 1] - m.time_s[0];
}

void update_forward_speed(ReferenceMotion& m) {
  const int last = static_cast<int>(m.time_s.size()) - 1;
  m.speed_mps = (m.value(last, kTx) - m.value(0, kTx)) / get_stance_time_s(m);
}

// Heiderscheit BC et al. (2011) Med Sci Sports Exerc 43:296, Table 3 (45 runners, treadmill,
// preferred speed): knee flexion at initial contact and peak knee flexion of the loading
// response, deg, at step rate −10, −5, preferred, +5, +10 %.
constexpr std::array<double, 5> kHeiderscheitStepRatePct = {-10.0, -5.0, 0.0, 5.0, 10.0};    // %
constexpr std::array<double, 5> kHeiderscheitKneeContactDeg = {16.9, 17.0, 17.8, 18.7, 19.6};  // deg
constexpr std::array<double, 5> kHeiderscheitKneePeakDeg = {50.6, 48.0, 46.3, 44.1, 42.8};     // deg

// Piecewise-linear in the published conditions, extended linearly by the outer segments.
double calc_change_from_preferred(const std::array<double, 5>& y, double pct) {
  const auto& x = kHeiderscheitStepRatePct;
  int j = 0;  // segment [x[j], x[j+1]]
  while (j < 3 && pct > x[j + 1]) ++j;
  const double w = (pct - x[j]) / (x[j + 1] - x[j]);
  return y[j] + w * (y[j + 1] - y[j]) - y[2];
}

double get_registry_default(const std::string& key, const std::string& scenario) {
  const ParameterSpec* spec = get_parameter_registry().find(key);
  KNEELOAD_CHECK(spec != nullptr, "registry has no key '{}'", key);
  return calc_scenario_spec(*spec, scenario).default_value;
}

}  // namespace

ReferenceMotion read_reference_motion(const std::string& path, const std::string& source) {
  const DataTable table = DataTable::read(path);
  const int rows = table.rows();
  if (rows < 2)
    throw InputError(fmt::format("{}: {} row(s); a reference motion needs at least 2", path, rows));
  const LegCoordinateMap names;
  ReferenceMotion m;
  m.source = source;
  m.time_s.resize(rows);
  m.value.resize(rows, kCoordinates);
  m.speed.resize(rows, kCoordinates);
  const int time_col = table.column("time_s");
  for (int c = 0; c < kCoordinates; ++c) {
    const std::string name = names.names[c];
    const int value_col = table.column(name + "_" + unit_suffix(c));
    const int speed_col = table.column(name + "_speed_" + unit_suffix(c) + "_per_s");
    for (int r = 0; r < rows; ++r) {
      m.value(r, c) = table.number(r, value_col);
      m.speed(r, c) = table.number(r, speed_col);
    }
  }
  // Ground forces: y required, x and the other foot optional (zero when absent).
  auto optional_column = [&table](const char* name) {
    return table.has_column(name) ? table.column(name) : -1;
  };
  const int force_col[4] = {optional_column("grf_x_bw"), table.column("grf_y_bw"),
                            optional_column("contralateral_grf_x_bw"),
                            optional_column("contralateral_grf_y_bw")};
  const int dx_col = optional_column("contralateral_cop_dx_m");
  m.has_horizontal_force = force_col[0] >= 0;
  m.stance_force_bw.setZero(rows, 2);
  m.contralateral_force_bw.setZero(rows, 2);
  m.contralateral_cop_dx_m.setZero(rows);
  for (int r = 0; r < rows; ++r) {
    for (int k = 0; k < 4; ++k) {
      if (force_col[k] < 0) continue;
      Eigen::MatrixXd& target = k < 2 ? m.stance_force_bw : m.contralateral_force_bw;
      target(r, k % 2) = table.number(r, force_col[k]);
    }
    if (dx_col >= 0) m.contralateral_cop_dx_m[r] = table.number(r, dx_col);
  }
  // The other leg: all three angles with their speeds, or none.
  constexpr const char* kOtherLeg[3] = {"hip_flexion_l", "knee_angle_l", "ankle_angle_l"};
  const bool has_other_leg = table.has_column(std::string(kOtherLeg[0]) + "_rad");
  m.other_leg_angle_rad.setZero(has_other_leg ? rows : 0, 3);
  m.other_leg_speed_rad_per_s.setZero(has_other_leg ? rows : 0, 3);
  for (int c = 0; has_other_leg && c < 3; ++c) {
    const int value_col = table.column(std::string(kOtherLeg[c]) + "_rad");
    const int speed_col = table.column(std::string(kOtherLeg[c]) + "_speed_rad_per_s");
    for (int r = 0; r < rows; ++r) {
      m.other_leg_angle_rad(r, c) = table.number(r, value_col);
      m.other_leg_speed_rad_per_s(r, c) = table.number(r, speed_col);
    }
  }
  for (int r = 0; r < rows; ++r) {
    m.time_s[r] = table.number(r, time_col);
    if (r > 0 && !(m.time_s[r] > m.time_s[r - 1]))
      throw InputError(fmt::format("{}: time_s {} s does not increase (previous row {} s)",
                                   table.where(r), m.time_s[r], m.time_s[r - 1]));
  }
  update_forward_speed(m);
  m.flat_foot_pitch_rad = calc_flat_foot_pitch_rad(m);
  return m;
}

double calc_flat_foot_pitch_rad(const ReferenceMotion& m) {
  // The pitch on a grid of 1 % of stance (linear between rows), so that every window holds the
  // same 11 samples whatever the table's sampling.
  constexpr int kGrid = 101, kWindow = 11, kLastStart = 60;  // samples; % of stance
  const Eigen::Index rows = m.time_s.size();
  const Eigen::VectorXd pitch_rad = m.value.col(kTilt) + m.value.col(kHip) - m.value.col(kKnee) +
                                    m.value.col(kAnkle);  // [rows]
  const double t0_s = m.time_s[0], stance_s = get_stance_time_s(m);
  std::array<double, kGrid> grid{};  // [kGrid] rad
  Eigen::Index row = 0;
  for (int g = 0; g < kGrid; ++g) {
    const double t_s = t0_s + stance_s * g / (kGrid - 1);
    while (row + 2 < rows && m.time_s[row + 1] < t_s) ++row;
    const double w = std::clamp((t_s - m.time_s[row]) / (m.time_s[row + 1] - m.time_s[row]), 0.0,
                                1.0);
    grid[g] = (1.0 - w) * pitch_rad[row] + w * pitch_rad[row + 1];
  }
  double best_range = std::numeric_limits<double>::infinity(), best_mean = grid[0];
  for (int first = 0; first <= kLastStart; ++first) {
    const auto begin = grid.begin() + first, end = begin + kWindow;
    const auto [low, high] = std::minmax_element(begin, end);
    if (*high - *low < best_range - 1e-12) {  // on a tie (to rounding) the earlier window
      best_range = *high - *low;
      best_mean = std::accumulate(begin, end, 0.0) / kWindow;
    }
  }
  return best_mean;
}

void apply_ankle_offset(double offset_rad, ReferenceMotion& m) {
  m.value.col(kAnkle).array() += offset_rad;
  // The other leg wore the same shoes (walking: the same leg half a stride away).
  if (m.other_leg_angle_rad.rows() > 0) m.other_leg_angle_rad.col(2).array() += offset_rad;
}

void apply_knee_warp_for_slope(const std::string& warp_table_path, double slope_deg,
                               ReferenceMotion& m) {
  const DataTable warp = DataTable::read(warp_table_path);
  const int rows = static_cast<int>(m.time_s.size());
  if (warp.rows() != rows)
    throw InputError(fmt::format("{}: {} rows, the reference motion has {}", warp.path(),
                                 warp.rows(), rows));
  const int delta_col = warp.column("knee_delta_rad_per_deg");
  const int d_dphase_col = warp.column("knee_delta_dphase_rad_per_deg");
  const double stance_s = get_stance_time_s(m);
  for (int r = 0; r < rows; ++r) {
    m.value(r, kKnee) += slope_deg * warp.number(r, delta_col);
    m.speed(r, kKnee) += slope_deg * warp.number(r, d_dphase_col) / stance_s;
  }
}

void apply_pelvis_descent_for_slope(double slope_deg, ReferenceMotion& m) {
  const double tan_slope = std::tan(slope_deg * kPi / 180.0);
  for (int r = 0; r < m.value.rows(); ++r) {
    m.value(r, kTy) += m.value(r, kTx) * tan_slope;
    m.speed(r, kTy) += m.speed(r, kTx) * tan_slope;
  }
}

KneeFlexionChange calc_knee_change_for_step_rate(double step_rate_change_pct) {
  return {calc_change_from_preferred(kHeiderscheitKneeContactDeg, step_rate_change_pct),
          calc_change_from_preferred(kHeiderscheitKneePeakDeg, step_rate_change_pct)};
}

void apply_knee_change(const KneeFlexionChange& change, ReferenceMotion& m) {
  const int rows = static_cast<int>(m.time_s.size());
  const int last = rows - 1;
  int peak = 0;
  for (int r = 1; r < rows; ++r)
    if (m.value(r, kKnee) > m.value(peak, kKnee)) peak = r;
  const double contact = m.value(0, kKnee), top = m.value(peak, kKnee), end = m.value(last, kKnee);
  if (!(peak > 0 && peak < last && top > contact && top > end))
    throw InputError(fmt::format("{}: peak knee flexion in row {} of {}; the knee-change rule needs "
                                 "a peak inside stance",
                                 m.source, peak, rows));
  const double new_contact = contact + change.at_contact_deg * kPi / 180.0;
  const double new_top = top + change.at_peak_deg * kPi / 180.0;
  // An increasing affine map of the knee angle on each side of the peak: the peak keeps its row
  // and takes the new value exactly, contact and toe-off move to theirs (toe-off unchanged).
  const double rise_scale = (new_top - new_contact) / (top - contact);
  const double fall_scale = (new_top - end) / (top - end);
  KNEELOAD_CHECK(rise_scale > 0.0 && fall_scale > 0.0, "knee change {} / {} deg inverts the stance "
                 "knee curve", change.at_contact_deg, change.at_peak_deg);
  for (int r = 0; r < rows; ++r) {
    if (r <= peak) {
      m.value(r, kKnee) = new_contact + (m.value(r, kKnee) - contact) * rise_scale;
      m.speed(r, kKnee) *= rise_scale;
    } else {
      m.value(r, kKnee) = end + (m.value(r, kKnee) - end) * fall_scale;
      m.speed(r, kKnee) *= fall_scale;
    }
  }
}

void scale_vertical_motion(double factor, ReferenceMotion& m) {
  KNEELOAD_CHECK(factor > 0.0, "vertical motion factor {}", factor);
  const double y0_m = m.value(0, kTy);
  m.value.col(kTy) = ((m.value.col(kTy).array() - y0_m) * factor + y0_m).matrix();
  m.speed.col(kTy) *= factor;
}

void scale_stance(double time_scale, double forward_scale, ReferenceMotion& m) {
  KNEELOAD_CHECK(time_scale > 0.0 && forward_scale > 0.0, "time scale {}, forward scale {}",
                 time_scale, forward_scale);
  m.time_s *= time_scale;
  m.value.col(kTx) *= forward_scale;
  m.speed /= time_scale;
  m.other_leg_speed_rad_per_s /= time_scale;
  m.speed.col(kTx) *= forward_scale;
  update_forward_speed(m);
}

ReferenceMotion load_reference_motion(const std::string& scenario, const Parameters& params) {
  check_scenario_name(scenario);
  const bool downhill = scenario == "downhill_run";
  const std::string file = downhill ? "level_run.csv" : scenario + ".csv";
  ReferenceMotion m = read_reference_motion(
      data_file_path("reference/" + file),
      fmt::format("data/reference/{} (cited in its header; docs/scenarios.md)", file));
  if (is_stairs(scenario)) {  // published ensemble timing; gait keys not read
    const double tread_m = params.get_number("terrain.step_tread_m");
    const int rows = static_cast<int>(m.time_s.size());
    for (int r = 0; r < rows; ++r)
      m.contralateral_cop_dx_m[r] = m.contralateral_force_bw(r, 1) <= 0.0 ? 0.0
                                    : 2 * r < rows                     ? -tread_m
                                                                       : tread_m;
    return m;
  }

  // 1. Knee shape at the reference timing. Downhill: DESIGN §3.7 warp, linear in slope.
  const double slope_deg = params.get_number("terrain.slope_deg");
  if (downhill) {
    apply_knee_warp_for_slope(data_file_path("reference/downhill_run_knee_warp.csv"), slope_deg, m);
    m.source += fmt::format("; knee warped for slope {} deg (DESIGN §3.7)", slope_deg);
  }
  const double step_rate_pct = params.get_number("gait.step_rate_change_pct");
  if (step_rate_pct != 0.0 && is_running(scenario)) {
    apply_knee_change(calc_knee_change_for_step_rate(step_rate_pct), m);
    m.source += fmt::format("; knee for step rate {:+} % (Heiderscheit et al. 2011 Table 3)",
                            step_rate_pct);
  }

  // 2. Timing. Speed relative to the reference's own (the registry default of the scenario).
  const double speed_mps = params.get_number("gait.speed_mps");
  const double reference_speed_mps = get_registry_default("gait.speed_mps", scenario);
  if (speed_mps != reference_speed_mps) {
    const double ratio = speed_mps / reference_speed_mps;
    if (is_running(scenario)) {
      scale_stance(1.0 / ratio, 1.0, m);  // contact length constant (Weyand et al. 2000)
      m.source += fmt::format("; stance time × {:.3f} for {} m/s (Weyand et al. 2000)",
                              1.0 / ratio, speed_mps);
    } else {
      // Walk ratio (step length / step rate) constant: both scale with √v (Sekiya & Nagasaki 1998).
      scale_stance(1.0 / std::sqrt(ratio), std::sqrt(ratio), m);
      m.source += fmt::format("; stance time × {:.3f} for {} m/s (Sekiya & Nagasaki 1998)",
                              1.0 / std::sqrt(ratio), speed_mps);
    }
  }
  if (step_rate_pct != 0.0) {
    // Same speed, shorter steps: stance time and forward travel ÷ (1 + Δ) at a constant stance
    // share of the step (an assumption; Heiderscheit et al. 2011 report shorter steps).
    const double scale = 1.0 / (1.0 + step_rate_pct / 100.0);
    scale_stance(scale, scale, m);
    // The trial's ground force is kept over % stance, in body weights, and so is the vertical
    // acceleration it gives the body. Under the same accelerations over a stride `scale` times as
    // long (stance and flight alike) the vertical motion is self-similar: height change from
    // touchdown × scale², vertical speed × scale (Newton's second law; a periodic gait stays
    // periodic). scale_stance divided the speeds by scale, hence the factor scale² on both.
    scale_vertical_motion(scale * scale, m);
    m.source += fmt::format("; stance time × {:.3f} for step rate {:+} %", scale, step_rate_pct);
  }

  // 3. Downhill: the pelvis travels down the plane.
  if (downhill) apply_pelvis_descent_for_slope(slope_deg, m);
  return m;
}

}  // namespace kneeload
