#include "scenarios/control_flags.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

namespace kneeload {
namespace {

constexpr int kJoints = 3;  // hip_flexion_r, knee_angle_r, ankle_angle_r
// A stance foot unloaded for longer than two control intervals is reported.
constexpr double kFootUnloadedFlag_s = 0.010;
// A vertical ground force above this multiple of the trial's peak is reported: more than running's
// peak grows with speed, ≈ 2.5 BW at 6 m/s and no higher in sprinting (Keller et al. 1996, Clin
// Biomech 11:253), so the run no longer carries the trial's loading.
constexpr double kGroundForceOverTrialFlag = 1.5;

// Whether, how long in all (s, sample-and-hold over the output samples; the time over may come in
// several spells), from when, and when at its peak a series is above a limit.
struct TimeOver {
  bool ever = false;
  double from_s = 0.0, total_s = 0.0, peak_s = 0.0;
};
TimeOver calc_time_over(const RunResult& r, const Eigen::VectorXd& values, double limit) {
  const int n = get_sample_count(r);
  TimeOver over;
  int first = -1, peak = -1;
  for (int k = 0; k < n; ++k) {
    if (!(values[k] > limit)) continue;
    if (first < 0) first = k;
    if (peak < 0 || values[k] > values[peak]) peak = k;
    if (k + 1 < n) over.total_s += r.time_s[k + 1] - r.time_s[k];
  }
  over.ever = first >= 0;
  if (over.ever) {
    over.from_s = r.time_s[first];
    over.peak_s = r.time_s[peak];
  }
  return over;
}

}  // namespace

// DESIGN §3.6: residual force > 5 % of the peak ground force, reserve > 10 % of the joint moment
// (peak over stance of each joint); then a stance foot unloaded for longer than
// kFootUnloadedFlag_s while the trial loads it, a vertical ground force above
// kGroundForceOverTrialFlag × the trial's peak, and the patellar cartilage compressed through.
std::string make_control_flags(const RunResult& r, const TrialChecks& checks) {
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
    const Eigen::VectorXd reserve_Nm = r.control.reserve_moment_Nm.col(1 + j).cwiseAbs();
    // When and how long: a touchdown transient reads differently from a muscle group saturated
    // for a phase.
    const TimeOver over = calc_time_over(r, reserve_Nm, 0.10 * peak_moment_Nm);
    if (!over.ever) continue;
    flags += fmt::format("{} reserve {:.1f} N m > 10 % of joint moment {:.1f} N m (for {:.0f} ms "
                         "in all from {:.3f} s, peak at {:.3f} s); ",
                         r.joints.names[j], reserve_Nm.maxCoeff(), peak_moment_Nm,
                         1e3 * over.total_s, over.from_s, over.peak_s);
  }
  if (checks.foot_unloaded_s > kFootUnloadedFlag_s)
    flags += fmt::format("stance foot unloaded for {:.0f} ms while the trial loads it; ",
                         1e3 * checks.foot_unloaded_s);
  const TimeOver high =
      calc_time_over(r, r.ground.force_N.col(1),
                     kGroundForceOverTrialFlag * checks.trial_peak_vgrf_bw * checks.body_weight_N);
  if (high.ever)
    flags += fmt::format("vertical ground force {:.2f} BW > {} times the trial's peak {:.2f} BW "
                         "(for {:.0f} ms in all from {:.3f} s, peak at {:.3f} s); ",
                         r.ground.force_N.col(1).maxCoeff() / checks.body_weight_N,
                         kGroundForceOverTrialFlag, checks.trial_peak_vgrf_bw,
                         1e3 * high.total_s, high.from_s, high.peak_s);
  if (checks.cartilage_through_s > 0.0)
    flags += fmt::format("patellar cartilage compressed through for {:.0f} ms (bone on bone, peak "
                         "pressure {:.1f} MPa); ",
                         1e3 * checks.cartilage_through_s,
                         r.patellofemoral.peak_pressure_MPa.maxCoeff());
  if (!flags.empty()) flags.resize(flags.size() - 2);
  return flags;
}

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

double calc_cartilage_through_s(const RunResult& r, double full_compression_MPa) {
  const int n = get_sample_count(r);
  double through_s = 0.0;
  for (int k = 0; k + 1 < n; ++k)
    if (r.patellofemoral.peak_pressure_MPa[k] > full_compression_MPa)
      through_s += r.time_s[k + 1] - r.time_s[k];
  return through_s;
}

std::vector<std::string> list_control_flags(const std::string& failure_reason) {
  const std::string marker = "flagged: ";
  std::vector<std::string> items;
  const std::size_t start = failure_reason.find(marker);
  if (start == std::string::npos) return items;
  for (std::size_t begin = start + marker.size(); begin < failure_reason.size();) {
    std::size_t end = failure_reason.find("; ", begin);
    if (end == std::string::npos) end = failure_reason.size();
    items.push_back(failure_reason.substr(begin, end - begin));
    begin = end + 2;
  }
  return items;
}

std::string get_failure_before_flags(const std::string& failure_reason) {
  if (failure_reason.rfind("flagged: ", 0) == 0) return "";
  return failure_reason.substr(0, failure_reason.find("; flagged: "));
}

std::string name_control_flag(const std::string& flag) {
  if (flag.find(" reserve ") != std::string::npos)  // "knee_angle_r reserve ..." -> "knee reserve"
    return flag.substr(0, flag.find('_')) + " reserve";
  if (flag.rfind("residual force", 0) == 0) return "residual force";
  if (flag.rfind("stance foot unloaded", 0) == 0) return "foot unloaded";
  if (flag.rfind("vertical ground force", 0) == 0) return "ground force high";
  if (flag.rfind("patellar cartilage compressed through", 0) == 0) return "cartilage through";
  return flag;
}

std::string shorten_control_flags(const std::string& failure_reason) {
  std::string joints, others;  // "hip, knee" and "foot unloaded; ground force high"
  const std::string reserve = " reserve";
  for (const std::string& flag : list_control_flags(failure_reason)) {
    const std::string name = name_control_flag(flag);
    const bool is_reserve =
        name.size() > reserve.size() &&
        name.compare(name.size() - reserve.size(), reserve.size(), reserve) == 0;
    std::string& list = is_reserve ? joints : others;
    list += (list.empty() ? "" : is_reserve ? ", " : "; ") +
            (is_reserve ? name.substr(0, name.size() - reserve.size()) : name);
  }
  if (!joints.empty()) joints += reserve;
  return joints + (!joints.empty() && !others.empty() ? "; " : "") + others;
}

ControlFlagCounts count_control_flags(const std::vector<std::string>& failure_reasons) {
  ControlFlagCounts counts;
  for (const std::string& reason : failure_reasons) {
    const std::vector<std::string> flags = list_control_flags(reason);
    if (flags.empty()) continue;
    ++counts.flagged_runs;
    for (const std::string& flag : flags) {
      const std::string kind = name_control_flag(flag);
      auto same = [&kind](const auto& entry) { return entry.first == kind; };
      const auto found = std::find_if(counts.kinds.begin(), counts.kinds.end(), same);
      if (found != counts.kinds.end())
        ++found->second;
      else
        counts.kinds.emplace_back(kind, 1);
    }
  }
  return counts;
}

std::string describe_control_flag_kinds(const ControlFlagCounts& counts) {
  std::string text;
  for (const auto& [kind, runs] : counts.kinds)
    text += fmt::format("{}{} {}", text.empty() ? "" : ", ", kind, runs);
  return text;
}

}  // namespace kneeload
