// RunResult shape checks and the summary metrics of DESIGN.md §6 (definitions in run_result.hpp).
#include "scenarios/run_result.hpp"

#include "solver/errors.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace kneeload {
namespace {

constexpr double kGravity_m_per_s2 = 9.80665;  // m/s^2, DESIGN.md §2 body weight
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kDegPerRad = 180.0 / 3.14159265358979323846;  // deg/rad
// peak_lateral_fraction counts the samples whose PF force is at least this share of the peak.
constexpr double kLoadedShareOfPeak = 0.5;  // 1

void check_rows(const char* series, Eigen::Index rows, Eigen::Index samples) {
  KNEELOAD_CHECK(rows == samples, "{} has {} rows, time has {} samples", series, rows, samples);
}

void check_matrix(const char* series, const SeriesMatrix& m, Eigen::Index samples,
                  Eigen::Index columns) {
  check_rows(series, m.rows(), samples);
  KNEELOAD_CHECK(m.cols() == columns, "{} has {} columns, needs {}", series, m.cols(), columns);
}

int find_column(const std::vector<std::string>& names, const char* name) {
  const auto it = std::find(names.begin(), names.end(), name);
  return it == names.end() ? -1 : int(it - names.begin());
}

// Maximum ignoring NaN; NaN when nothing is left.
template <typename Values>
double max_of(const Values& values) {
  double best = kNaN;
  for (Eigen::Index k = 0; k < values.size(); ++k)
    if (!std::isnan(values[k]) && (std::isnan(best) || values[k] > best)) best = values[k];
  return best;
}

}  // namespace

const std::vector<SummaryMetric>& get_summary_metrics() {
  static const std::vector<SummaryMetric> metrics = {
      {"peak_pf_force_N", "N", &RunSummary::peak_pf_force_N},
      {"peak_pf_force_bw", "BW", &RunSummary::peak_pf_force_bw},
      {"time_of_peak_pf_s", "s", &RunSummary::time_of_peak_pf_s},
      {"pf_impulse_bw_s", "BW s", &RunSummary::pf_impulse_bw_s},
      {"peak_pf_pressure_MPa", "MPa", &RunSummary::peak_pf_pressure_MPa},
      {"peak_knee_flexion_deg", "deg", &RunSummary::peak_knee_flexion_deg},
      {"peak_knee_extension_moment_Nm_per_kg", "N m/kg",
       &RunSummary::peak_knee_extension_moment_Nm_per_kg},
      {"peak_vgrf_bw", "BW", &RunSummary::peak_vgrf_bw},
      {"peak_quadriceps_force_bw", "BW", &RunSummary::peak_quadriceps_force_bw},
      {"peak_patellar_tendon_force_bw", "BW", &RunSummary::peak_patellar_tendon_force_bw},
      {"peak_lateral_fraction", "1", &RunSummary::peak_lateral_fraction},
      {"stance_time_s", "s", &RunSummary::stance_time_s},
      {"max_tracking_error_deg", "deg", &RunSummary::max_tracking_error_deg},
      {"max_residual_force_pct_bw", "% BW", &RunSummary::max_residual_force_pct_bw},
  };
  return metrics;
}

void check_run_result_shapes(const RunResult& r) {
  const Eigen::Index n = r.time_s.size();
  const auto& c = r.coordinates;
  KNEELOAD_CHECK(c.units.size() == c.names.size(), "coordinates have {} names and {} units",
                 c.names.size(), c.units.size());
  check_matrix("coordinates/values", c.values, n, Eigen::Index(c.names.size()));
  check_matrix("coordinates/speeds", c.speeds, n, Eigen::Index(c.names.size()));
  check_matrix("muscles/activation", r.muscles.activation, n, Eigen::Index(r.muscles.names.size()));
  check_matrix("muscles/force_N", r.muscles.force_N, n, Eigen::Index(r.muscles.names.size()));
  check_matrix("joints/moment_Nm", r.joints.moment_Nm, n, Eigen::Index(r.joints.names.size()));
  check_matrix("ground/force_N", r.ground.force_N, n, 3);
  check_matrix("ground/force_terrain_N", r.ground.force_terrain_N, n, 2);
  check_matrix("ground/cop_m", r.ground.cop_m, n, 3);
  const auto& pf = r.patellofemoral;
  check_matrix("patellofemoral/contact_force_N", pf.contact_force_N, n, 3);
  check_rows("patellofemoral/contact_force_bw", pf.contact_force_bw.size(), n);
  check_rows("patellofemoral/peak_pressure_MPa", pf.peak_pressure_MPa.size(), n);
  check_rows("patellofemoral/mean_pressure_MPa", pf.mean_pressure_MPa.size(), n);
  check_rows("patellofemoral/contact_area_mm2", pf.contact_area_mm2.size(), n);
  check_rows("patellofemoral/lateral_fraction", pf.lateral_fraction.size(), n);
  check_rows("patellofemoral/patellar_tendon_force_N", pf.patellar_tendon_force_N.size(), n);
  check_rows("patellofemoral/quadriceps_force_N", pf.quadriceps_force_N.size(), n);
  const auto& ctl = r.control;
  check_matrix("control/residual_force_N", ctl.residual_force_N, n,
               Eigen::Index(ctl.residual_names.size()));
  check_matrix("control/reserve_moment_Nm", ctl.reserve_moment_Nm, n,
               Eigen::Index(ctl.reserve_names.size()));
  check_matrix("control/tracking_error_rad", ctl.tracking_error_rad, n,
               Eigen::Index(ctl.tracking_names.size()));
}

RunSummary calc_run_summary(const RunResult& r, double body_mass_kg) {
  KNEELOAD_CHECK(body_mass_kg > 0, "body mass {} kg must be positive", body_mass_kg);
  check_run_result_shapes(r);
  const double body_weight_N = body_mass_kg * kGravity_m_per_s2;  // N
  const Eigen::Index n = r.time_s.size();
  RunSummary s;
  s.status = "ok";
  for (const SummaryMetric& metric : get_summary_metrics()) s.*metric.member = kNaN;
  if (n == 0) return s;

  // Patellofemoral contact force magnitude, its peak (first sample reaching it) and impulse.
  const Eigen::VectorXd pf_N = r.patellofemoral.contact_force_N.rowwise().norm();  // [N] N
  Eigen::Index peak_k = 0;
  for (Eigen::Index k = 1; k < n; ++k)
    if (pf_N[k] > pf_N[peak_k]) peak_k = k;
  s.peak_pf_force_N = pf_N[peak_k];
  s.peak_pf_force_bw = s.peak_pf_force_N / body_weight_N;
  s.time_of_peak_pf_s = r.time_s[peak_k];
  double impulse_N_s = 0;  // N s, trapezoid rule
  for (Eigen::Index k = 1; k < n; ++k)
    impulse_N_s += 0.5 * (pf_N[k] + pf_N[k - 1]) * (r.time_s[k] - r.time_s[k - 1]);
  s.pf_impulse_bw_s = impulse_N_s / body_weight_N;
  s.peak_pf_pressure_MPa = max_of(r.patellofemoral.peak_pressure_MPa);

  const int knee_q = find_column(r.coordinates.names, "knee_angle_r");
  if (knee_q >= 0) s.peak_knee_flexion_deg = max_of(r.coordinates.values.col(knee_q)) * kDegPerRad;
  const int knee_j = find_column(r.joints.names, "knee_angle_r");
  if (knee_j >= 0)  // extension moment = minus the moment along knee flexion
    s.peak_knee_extension_moment_Nm_per_kg =
        max_of(Eigen::VectorXd(-r.joints.moment_Nm.col(knee_j))) / body_mass_kg;

  s.peak_vgrf_bw = max_of(r.ground.force_N.col(1)) / body_weight_N;
  s.peak_quadriceps_force_bw = max_of(r.patellofemoral.quadriceps_force_N) / body_weight_N;
  s.peak_patellar_tendon_force_bw =
      max_of(r.patellofemoral.patellar_tendon_force_N) / body_weight_N;
  // The share while the joint is loaded: at a few newtons, near touchdown and toe-off, it swings
  // to 0.9 and more and describes no load on the cartilage.
  Eigen::VectorXd loaded_fraction = r.patellofemoral.lateral_fraction;  // [N] 1, NaN if no contact
  for (Eigen::Index k = 0; k < n; ++k)
    if (!(pf_N[k] > 0 && pf_N[k] >= kLoadedShareOfPeak * s.peak_pf_force_N))
      loaded_fraction[k] = kNaN;
  s.peak_lateral_fraction = max_of(loaded_fraction);
  s.stance_time_s = r.time_s[n - 1] - r.time_s[0];
  if (r.control.tracking_error_rad.size() > 0)
    s.max_tracking_error_deg = r.control.tracking_error_rad.cwiseAbs().maxCoeff() * kDegPerRad;
  if (r.control.residual_force_N.cols() > 0)
    s.max_residual_force_pct_bw =
        100.0 * r.control.residual_force_N.rowwise().norm().maxCoeff() / body_weight_N;
  return s;
}

}  // namespace kneeload
