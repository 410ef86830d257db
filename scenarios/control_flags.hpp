#pragma once
// The control flags of a run (DESIGN §3.6 and what the project adds,
// docs/model/scenario_runner.md): what a completed run reports beside its numbers when its loads
// are not those of a muscle-driven leg following the trial — reserves and residuals beyond
// DESIGN's limits, a stance foot that left the ground, a ground force far above the trial's,
// cartilage pressed through to the bone. Written into RunSummary::failure_reason after
// "flagged: ", items separated by "; ".
#include "scenarios/ground_force_reference.hpp"
#include "scenarios/run_result.hpp"

#include <string>
#include <utility>
#include <vector>

namespace kneeload {

// What the flags need beside the run's series.
struct TrialChecks {
  double foot_unloaded_s = 0.0;      // calc_foot_unloaded_s
  double trial_peak_vgrf_bw = 0.0;   // the trial's peak vertical ground force on the stance foot
  double body_weight_N = 0.0;
  double cartilage_through_s = 0.0;  // calc_cartilage_through_s
};

// The flags of a run, each with its size and how long and from when it holds; empty when none.
std::string make_control_flags(const RunResult& run, const TrialChecks& checks);

// Time (s) during which the trial loads the stance foot (over 0.5 BW) but the model's foot carries
// less than a tenth of that: the foot has left the ground the trial stands on, so the loads that
// follow are not the trial's (sample-and-hold over the output samples).
double calc_foot_unloaded_s(const RunResult& run, const GroundForceReference& forces,
                            double body_weight_N);

// Time (s) during which some patch of the patella is pressed deeper than the cartilage is thick:
// its pressure exceeds the foundation's full-compression pressure (elastic_foundation.hpp), and
// the contact there is the rigid bone's, not the cartilage's (sample-and-hold).
double calc_cartilage_through_s(const RunResult& run, double full_compression_MPa);

// The flags of a failure_reason, each in full, in the order written; empty when there is none.
std::vector<std::string> list_control_flags(const std::string& failure_reason);
// The failure a failed run's reason names before its flags; empty for a run that did not fail.
std::string get_failure_before_flags(const std::string& failure_reason);
// One flag's kind in a few words: "knee reserve", "foot unloaded", "ground force high", ...
std::string name_control_flag(const std::string& flag);
// The flags of a failure_reason in a few words ("hip, knee reserve; foot unloaded; ground force
// high"); empty when the run carries no flag.
std::string shorten_control_flags(const std::string& failure_reason);

// Over many runs (a sweep's failure_reasons): how many runs carry any flag, and each kind of flag
// ("hip reserve", "ground force high", ...) with its count, kinds in the order first met.
struct ControlFlagCounts {
  int flagged_runs = 0;
  std::vector<std::pair<std::string, int>> kinds;
};
ControlFlagCounts count_control_flags(const std::vector<std::string>& failure_reasons);
// The kinds with their counts: "hip reserve 87, knee reserve 86, ground force high 3".
std::string describe_control_flag_kinds(const ControlFlagCounts& counts);

}  // namespace kneeload
