#include "scenarios/validation_bands.hpp"

#include "models/data_table.hpp"
#include "scenarios/control_flags.hpp"
#include "scenarios/parameter_values.hpp"
#include "scenarios/pf_curve.hpp"
#include "scenarios/scenario_runner.hpp"
#include "solver/errors.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>

namespace kneeload {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kPi = 3.14159265358979323846;

double read_bound(const DataTable& table, int row, const char* column, double if_empty) {
  return table.text(row, column).empty() ? if_empty : table.number(row, column);
}

const RunResult& get_run(const std::string& key, std::map<std::string, RunResult>& runs) {
  auto found = runs.find(key);
  if (found != runs.end()) return found->second;
  const bool variant = key.rfind("level_run ", 0) == 0;
  const std::string scenario = variant ? "level_run" : key;
  Parameters params = Parameters::make_defaults(scenario);
  if (key == "level_run mass x1.5")
    params.set_number("body.mass_kg", 1.5 * params.get_number("body.mass_kg"));  // kg
  else if (key == "level_run quadriceps x0.5")
    params.set_number("muscle.strength.quadriceps", 0.5);
  return runs.emplace(key, run_scenario(scenario, params)).first->second;
}

// A failed run's status and reason, or an ok run's control flags in a few words: a band met by
// a flagged run reads differently from one met by a clean run. `who` names the run where a band
// compares two.
std::string status_note(const RunResult& run, const std::string& who = "run") {
  if (run.summary.status != "ok")
    return fmt::format(" [{} {}: {}]", who, run.summary.status, run.summary.failure_reason);
  const std::string flags = shorten_control_flags(run.summary.failure_reason);
  return flags.empty() ? std::string() : fmt::format(" [{} flagged: {}]", who, flags);
}

// A failed run's partial peak does not count as meeting a band.
bool completed(const RunResult& run) { return run.summary.status == "ok"; }

// When in stance the vertical ground force peaks: an impact just after touchdown and the
// mid-stance peak of a published curve are different quantities (docs/validation.md). The share
// of stance only for a completed run (a failed run's series ends early).
std::string describe_vgrf_peak(const RunResult& run) {
  const int n = get_sample_count(run);
  if (run.ground.force_N.rows() != n) return {};
  int peak = -1;  // the largest finite vertical force, as the summary's peak
  for (int k = 0; k < n; ++k) {
    const double f_N = run.ground.force_N(k, 1);
    if (!std::isnan(f_N) && (peak < 0 || f_N > run.ground.force_N(peak, 1))) peak = k;
  }
  if (peak < 0) return {};
  const double t_s = run.time_s[peak] - run.time_s[0], stance_s = run.time_s[n - 1] - run.time_s[0];
  if (!completed(run) || !(stance_s > 0)) return fmt::format(", peak at {:.3f} s", t_s);
  return fmt::format(", peak at {:.3f} s ({:.0f} % of stance)", t_s, 100.0 * t_s / stance_s);
}

// The pf-curve bands (DESIGN §3.4 checks): the curve of `kneeload pf-curve` at default parameters
// (level_run defaults, 1000 N of quadriceps), computed once per validation (about 1 ms).
ValidationCheck evaluate_pf_curve_band(const ValidationBand& band, std::vector<PfCurveRow>& curve) {
  ValidationCheck c{band, kNaN, true, false, ""};
  if (curve.empty())
    curve = calc_pf_curve(Parameters::make_defaults("level_run"), kPfCurveDefaultQuadForceN);
  const std::string note = fmt::format("pf-curve at defaults, {:g} N; ", kPfCurveDefaultQuadForceN);
  if (band.id == "pf_curve_pf_to_quad_ratio" || band.id == "pf_curve_quad_lever_arm") {
    constexpr int kFromDeg = 10, kToDeg = 90;  // deg, the band's range
    const bool ratio = band.id == "pf_curve_pf_to_quad_ratio";
    const PfCurveDeviation d = ratio ? calc_pf_to_quad_ratio_deviation(curve, kFromDeg, kToDeg)
                                     : calc_quad_lever_arm_deviation(curve, kFromDeg, kToDeg);
    c.value = d.worst_pct;
    c.note = note + fmt::format("worst deviation over {}-{} deg (every degree), at {} deg",
                                kFromDeg, kToDeg, d.at_deg);
  } else if (band.id == "pf_curve_patella_flexion_slope") {
    constexpr int kFromDeg = 10, kToDeg = 50;  // deg, the band's range
    c.value = calc_patella_flexion_slope(curve, kFromDeg, kToDeg);
    const double flexion_at_0_deg = curve.front().result.patella_flexion_rad * 180.0 / kPi;
    c.note = note + fmt::format("least-squares slope over {}-{} deg (every degree); patella flexion "
                                "{:.1f} deg at 0 deg", kFromDeg, kToDeg, flexion_at_0_deg);
  } else {
    c.evaluated = false;
    c.note = "pf-curve metric not known to run_validation";
    return c;
  }
  c.pass = std::isfinite(c.value) && c.value >= band.low && c.value <= band.high;
  return c;
}

ValidationCheck evaluate(const ValidationBand& band, std::map<std::string, RunResult>& runs,
                         std::vector<PfCurveRow>& pf_curve) {
  if (band.scenario == "pf-curve") return evaluate_pf_curve_band(band, pf_curve);
  ValidationCheck c{band, kNaN, true, false, ""};
  const std::string& id = band.id;
  bool runs_completed = true;  // a failed run's partial peak meets no band
  if (id == "downhill_vs_level_peak_pf_force") {
    const RunResult& down = get_run("downhill_run", runs);
    const RunResult& level = get_run("level_run", runs);
    c.value = down.summary.peak_pf_force_bw / level.summary.peak_pf_force_bw;
    c.note = fmt::format("{:.2f} / {:.2f} BW", down.summary.peak_pf_force_bw,
                         level.summary.peak_pf_force_bw) +
             status_note(down, "downhill_run") + status_note(level, "level_run");
    // "higher": strictly above 1; a failed run's partial peak does not count.
    c.pass = completed(down) && completed(level) && c.value > band.low;
    return c;
  } else if (id == "mass_x1.5_pf_force_N" || id == "mass_x1.5_pf_force_bw") {
    const RunResult& heavy = get_run("level_run mass x1.5", runs);
    const RunResult& base = get_run("level_run", runs);
    if (id == "mass_x1.5_pf_force_N") {
      c.value = heavy.summary.peak_pf_force_N / base.summary.peak_pf_force_N;
      c.note = fmt::format("level_run {:.0f} / {:.0f} N", heavy.summary.peak_pf_force_N,
                           base.summary.peak_pf_force_N);
    } else {
      c.value = 100.0 * (heavy.summary.peak_pf_force_bw / base.summary.peak_pf_force_bw - 1.0);
      c.note = fmt::format("level_run {:.2f} vs {:.2f} BW", heavy.summary.peak_pf_force_bw,
                           base.summary.peak_pf_force_bw);
    }
    c.note += status_note(heavy, "mass x1.5") + status_note(base, "base");
    runs_completed = completed(heavy) && completed(base);
  } else if (id == "quad_strength_x0.5_completes") {
    const RunResult& weak = get_run("level_run quadriceps x0.5", runs);
    const RunSummary& full = get_run("level_run", runs).summary;
    const bool ok = completed(weak);
    c.value = ok ? 1.0 : 0.0;
    // The consequence next to the full-strength run: a weaker quadriceps either calls on the
    // reserves (flagged) or changes how the knee is loaded.
    const std::string weak_note = status_note(weak);
    c.note = fmt::format(
        "status {}; peak PF {:.2f} vs {:.2f} BW, knee extension moment {:.2f} vs {:.2f} N m/kg at "
        "full strength; max tracking error {:.1f} deg{}",
        weak.summary.status, weak.summary.peak_pf_force_bw, full.peak_pf_force_bw,
        weak.summary.peak_knee_extension_moment_Nm_per_kg,
        full.peak_knee_extension_moment_Nm_per_kg, weak.summary.max_tracking_error_deg,
        weak_note.empty() ? "; no flags" : weak_note);
    c.pass = ok;
    return c;
  } else {
    const RunResult& run = get_run(band.scenario, runs);
    const RunSummary& s = run.summary;
    if (band.metric == "peak_pf_force_bw") c.value = s.peak_pf_force_bw;
    else if (band.metric == "peak_pf_pressure_MPa") c.value = s.peak_pf_pressure_MPa;
    else if (band.metric == "peak_vgrf_bw") c.value = s.peak_vgrf_bw;
    else {
      c.evaluated = false;
      c.note = "metric not known to run_validation";
      return c;
    }
    c.note = fmt::format("{} {}", band.scenario, band.metric);
    if (band.metric == "peak_vgrf_bw") c.note += describe_vgrf_peak(run);
    c.note += status_note(run);
    runs_completed = completed(run);
  }
  c.pass = runs_completed && std::isfinite(c.value) && c.value >= band.low && c.value <= band.high;
  return c;
}

}  // namespace

std::vector<ValidationBand> read_validation_bands() {
  const DataTable table = DataTable::read(data_file_path("validation/published_values.csv"));
  std::vector<ValidationBand> bands;
  const double inf = std::numeric_limits<double>::infinity();
  for (int r = 0; r < table.rows(); ++r) {
    ValidationBand b;
    b.id = table.text(r, "id");
    b.scenario = table.text(r, "scenario");
    b.metric = table.text(r, "metric");
    b.low = read_bound(table, r, "low", -inf);
    b.high = read_bound(table, r, "high", inf);
    b.unit = table.text(r, "unit");
    b.source = table.text(r, "source");
    bands.push_back(b);
  }
  return bands;
}

std::vector<ValidationCheck> run_validation(const std::vector<ValidationBand>& bands,
                                            std::map<std::string, RunResult>& runs) {
  std::vector<ValidationCheck> checks;
  std::vector<PfCurveRow> pf_curve;  // [121] once computed
  for (const ValidationBand& band : bands) checks.push_back(evaluate(band, runs, pf_curve));
  return checks;
}

ValidationCheck check_validation_band(const std::string& id) {
  for (const ValidationBand& band : read_validation_bands())
    if (band.id == id) {
      std::map<std::string, RunResult> runs;
      std::vector<PfCurveRow> pf_curve;
      return evaluate(band, runs, pf_curve);
    }
  throw InputError(fmt::format("no validation band '{}' in published_values.csv", id));
}

}  // namespace kneeload
