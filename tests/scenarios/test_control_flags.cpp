// The short form of a run's flags (scenarios/control_flags.hpp), as `kneeload summary`, the
// pictures and a sweep's report show them, and their counts over many runs.
#include "scenarios/control_flags.hpp"

#include <catch2/catch.hpp>

using namespace kneeload;

namespace {

const std::string kStairs =
    "flagged: hip_flexion_r reserve 2205.6 N m > 10 % of joint moment 2490.8 N m (for 60 ms from "
    "0.071 s); knee_angle_r reserve 414.3 N m > 10 % of joint moment 664.2 N m (for 30 ms from "
    "0.096 s); stance foot unloaded for 210 ms while the trial loads it; vertical ground force "
    "8.46 BW > 1.5 times the trial's peak 1.15 BW (for 52 ms from 0.069 s)";
const std::string kRun =
    "flagged: ankle_angle_r reserve 28.1 N m > 10 % of joint moment 273.2 N m (for 10 ms from "
    "0.156 s)";

}  // namespace

TEST_CASE("control flags: the short form names each flag, reserves by joint", "[control_flags]") {
  CHECK(shorten_control_flags(kStairs) == "hip, knee reserve; foot unloaded; ground force high");
  CHECK(shorten_control_flags(kRun) == "ankle reserve");
  CHECK(shorten_control_flags("").empty());
  // A failed run's reason comes before its flags and is not a flag.
  CHECK(shorten_control_flags("step-size underflow (at t = 0.05 s); " + kRun) == "ankle reserve");
  CHECK(shorten_control_flags("step-size underflow (at t = 0.05 s)").empty());
}

TEST_CASE("control flags: each flag in full, and a failed run's reason apart from its flags",
          "[control_flags]") {
  const std::vector<std::string> flags = list_control_flags(kStairs);
  REQUIRE(flags.size() == 4);
  CHECK(flags[2] == "stance foot unloaded for 210 ms while the trial loads it");
  CHECK(name_control_flag(flags[0]) == "hip reserve");
  CHECK(name_control_flag(flags[3]) == "ground force high");
  CHECK(list_control_flags("step-size underflow (at t = 0.05 s)").empty());
  CHECK(get_failure_before_flags(kStairs).empty());
  CHECK(get_failure_before_flags("step-size underflow (at t = 0.05 s); " + kRun) ==
        "step-size underflow (at t = 0.05 s)");
  CHECK(get_failure_before_flags("step-size underflow (at t = 0.05 s)") ==
        "step-size underflow (at t = 0.05 s)");
  CHECK(get_failure_before_flags("").empty());
}

TEST_CASE("control flags: counted over runs, each run once per kind, kinds in the order met",
          "[control_flags]") {
  const ControlFlagCounts counts = count_control_flags({kRun, "", kStairs, kRun});
  CHECK(counts.flagged_runs == 3);
  const std::vector<std::pair<std::string, int>> expected = {
      {"ankle reserve", 2}, {"hip reserve", 1}, {"knee reserve", 1}, {"foot unloaded", 1},
      {"ground force high", 1}};
  CHECK(counts.kinds == expected);
  CHECK(describe_control_flag_kinds(counts) == "ankle reserve 2, hip reserve 1, knee reserve 1, "
                                                "foot unloaded 1, ground force high 1");
  CHECK(count_control_flags({"", ""}).flagged_runs == 0);
}
