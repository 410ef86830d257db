#pragma once
// The result of one run: the time series and the summary that DESIGN.md §6 (contract) lists, in
// memory. io/run_file writes it to HDF5 and reads it back; io/sto_file writes OpenSim tables.
// Storage order: every series matrix is row-major with one row per output sample (row k = time[k]).
#include <Eigen/Core>

#include <string>
#include <vector>

namespace kneeload {

// [N × columns], row k is sample k (row-major, so a sample is contiguous).
using SeriesMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

struct RunMeta {
  std::string scenario;          // contract scenario name, e.g. "level_run"
  std::string kneeload_version;  // e.g. "0.1.0"
  std::string created_utc;       // ISO 8601, e.g. "2026-11-24T03:40:00Z"
  std::string config_toml;       // the resolved config (io/config format_parameters_toml)
};

// Generalised coordinates, OpenSim names (DESIGN.md §2): pelvis_tx, pelvis_ty, pelvis_tilt, ...
struct CoordinateSeries {
  std::vector<std::string> names;  // [n]
  std::vector<std::string> units;  // [n] "rad" or "m"; the speeds' units are these + "/s"
  SeriesMatrix values;             // [N × n] rad or m
  SeriesMatrix speeds;             // [N × n] rad/s or m/s
};

struct MuscleSeries {
  std::vector<std::string> names;  // [m] e.g. "vasmed_r"
  SeriesMatrix activation;         // [N × m] 1 (0..1)
  SeriesMatrix force_N;            // [N × m] N, tendon force
};

// Net internal joint moments, one column per joint coordinate, positive in the coordinate's
// positive direction (knee: a flexion moment is positive, an extension moment negative).
struct JointSeries {
  std::vector<std::string> names;  // [j] coordinate names, e.g. "knee_angle_r"
  SeriesMatrix moment_Nm;          // [N × j] N m
};

struct GroundSeries {
  SeriesMatrix force_N;          // [N × 3] N, on the foot, world frame (x forward, y up, z right)
  SeriesMatrix force_terrain_N;  // [N × 2] N, (along the slope, normal to it)
  SeriesMatrix cop_m;            // [N × 3] m, centre of pressure, world frame
};

struct PatellofemoralSeries {
  SeriesMatrix contact_force_N;            // [N × 3] N, on the patella, femur frame
  Eigen::VectorXd contact_force_bw;        // [N] BW, magnitude / (body mass × g)
  Eigen::VectorXd peak_pressure_MPa;       // [N] MPa
  Eigen::VectorXd mean_pressure_MPa;       // [N] MPa, over the contact area
  Eigen::VectorXd contact_area_mm2;        // [N] mm^2
  Eigen::VectorXd lateral_fraction;        // [N] 1, lateral facet's share of the contact force
  Eigen::VectorXd patellar_tendon_force_N; // [N] N
  Eigen::VectorXd quadriceps_force_N;      // [N] N, sum of vasmed, vaslat, vasint, recfem
};

// The tracking controller's bookkeeping (DESIGN.md §3.6). Each has its own column names.
struct ControlSeries {
  std::vector<std::string> residual_names;  // [r] e.g. "pelvis_tx", "pelvis_ty" (world x, y)
  SeriesMatrix residual_force_N;            // [N × r] N, residual forces on the floating base
  std::vector<std::string> reserve_names;   // [j] joint coordinate names
  SeriesMatrix reserve_moment_Nm;           // [N × j] N m, reserve actuator moments
  std::vector<std::string> tracking_names;  // [k] rotational coordinate names
  SeriesMatrix tracking_error_rad;          // [N × k] rad, reference minus simulated angle
};

// DESIGN.md §6 /summary. Metrics that cannot be computed (no samples, no such column) are NaN.
struct RunSummary {
  std::string status = "ok";   // "ok" | "failed"
  std::string failure_reason;  // empty when ok; names the failure and its time otherwise
  double peak_pf_force_N = 0;                      // N
  double peak_pf_force_bw = 0;                     // BW
  double time_of_peak_pf_s = 0;                    // s
  double pf_impulse_bw_s = 0;                      // BW s
  double peak_pf_pressure_MPa = 0;                 // MPa
  double peak_knee_flexion_deg = 0;                // deg
  double peak_knee_extension_moment_Nm_per_kg = 0; // N m / kg
  double peak_vgrf_bw = 0;                         // BW
  double peak_quadriceps_force_bw = 0;             // BW
  double peak_patellar_tendon_force_bw = 0;        // BW
  double peak_lateral_fraction = 0;                // 1
  double stance_time_s = 0;                        // s
  double max_tracking_error_deg = 0;               // deg
  double max_residual_force_pct_bw = 0;            // % BW
};

// One numeric summary metric: its contract name, unit and where it lives in RunSummary.
struct SummaryMetric {
  const char* name;             // e.g. "peak_pf_force_N"
  const char* unit;             // e.g. "N", "BW", "1"
  double RunSummary::*member;
};

// The 14 numeric metrics of §6 in contract order; size 14.
const std::vector<SummaryMetric>& get_summary_metrics();

struct RunResult {
  RunMeta meta;
  Eigen::VectorXd time_s;  // [N] s, strictly increasing
  CoordinateSeries coordinates;
  MuscleSeries muscles;
  JointSeries joints;
  GroundSeries ground;
  PatellofemoralSeries patellofemoral;
  ControlSeries control;
  RunSummary summary;
};

// Number of samples N.
inline int get_sample_count(const RunResult& result) { return int(result.time_s.size()); }

// Checks that every series has N rows and as many names as columns; InvariantError naming the
// series and both sizes otherwise.
void check_run_result_shapes(const RunResult& result);

// The summary metrics from the series (status "ok", no failure reason: a failed run sets them
// afterwards). Definitions (g = 9.80665 m/s^2, BW = body_mass_kg × g, |F| = row norm):
//   peak_pf_force_N        max_k |contact_force_N[k]|; peak_pf_force_bw = that / BW
//   time_of_peak_pf_s      time of the first sample reaching that maximum
//   pf_impulse_bw_s        ∫ |contact_force_N| / BW dt by the trapezoid rule over the samples
//   peak_pf_pressure_MPa   max peak_pressure_MPa
//   peak_knee_flexion_deg  max of coordinate knee_angle_r, in degrees
//   peak_knee_extension_moment_Nm_per_kg   max of (−moment of joint knee_angle_r) / body mass
//   peak_vgrf_bw           max ground force_N y (vertical) / BW
//   peak_quadriceps_force_bw, peak_patellar_tendon_force_bw   max of the series / BW
//   peak_lateral_fraction  max lateral_fraction over the loaded samples: contact force > 0 and
//                          at least half its peak (the share of a few newtons means nothing)
//   stance_time_s          time[N−1] − time[0]
//   max_tracking_error_deg max |tracking_error_rad| over all samples and columns, in degrees
//   max_residual_force_pct_bw   100 × max_k |residual_force_N[k]| / BW
// NaN (not an error) where the series is empty or the named column is absent.
RunSummary calc_run_summary(const RunResult& result, double body_mass_kg);

}  // namespace kneeload
