#include "app/sweep_flag_line.hpp"

#include "scenarios/control_flags.hpp"

#include <fmt/format.h>

#include <vector>

namespace kneeload::app {

std::string format_sweep_flag_line(const SweepTable& table) {
  std::vector<std::string> ok_reasons;
  for (Eigen::Index i = 0; i < table.status.size(); ++i)
    if (table.status[i] == sweep_ok) ok_reasons.push_back(table.failure_reason[i]);
  const ControlFlagCounts flags = count_control_flags(ok_reasons);
  if (flags.flagged_runs == 0) return "";
  return fmt::format("flagged: {} of {} ok runs ({}); each run's flags in /sweep/failure_reason "
                     "(docs/model/scenario_runner.md)\n",
                     flags.flagged_runs, ok_reasons.size(), describe_control_flag_kinds(flags));
}

}  // namespace kneeload::app
