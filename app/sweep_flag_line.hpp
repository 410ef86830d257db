#pragma once
// The line `kneeload sweep` and `kneeload summary` print about a sweep's control flags.
#include "io/sweep_file.hpp"

#include <string>

namespace kneeload::app {

// "flagged: F of N ok runs (kinds); each run's flags in /sweep/failure_reason (docs/...)\n" over
// the completed runs (a failed run is counted as failed, not as flagged); "" when none is flagged.
std::string format_sweep_flag_line(const SweepTable& table);

}  // namespace kneeload::app
