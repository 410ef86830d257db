#pragma once
// A signal of several runs against % stance (time, when a run failed) on one chart: `kneeload
// plot RUN.h5 [RUN2.h5 ...] -o FIGURE.png [--signal NAME]` (DESIGN.md §5). One curve per run,
// legend = the scenario name (or the file name when two runs share a scenario), axis titles with
// units.
#include "scenarios/run_result.hpp"
#include "viz/line_chart.hpp"

#include <string>
#include <vector>

namespace kneeload::viz {

// The signal plotted when none is named: the PF contact force in body weights.
inline constexpr const char* kDefaultPlotSignal = "pf_force_bw";

// Legend text for each run [runs]: its scenario; where two runs share a scenario, their file names
// (without folder; the full paths if the file names coincide too; after the scenario's name when
// the chart holds other scenarios too) and, when their configs differ in one or two keys, those
// keys' values with units, "soft.h5 (100 kN/m)", the keys being named in the chart's subtitle
// ("level_run runs differ in shoe.midsole_stiffness_kN_per_m"). A failed run gets
// " (failed at 0.073 s)": its last sample, in s from its first.
// `paths` [runs] and `runs` [runs] correspond.
std::vector<std::string> calc_run_legend_labels(const std::vector<std::string>& paths,
                                                const std::vector<RunResult>& runs);

// The chart of `signal` (a calc_run_signal name) for every run against % stance; when a run
// failed, every run against time from initial contact (s), the failed ones dashed. InputError for
// an unknown signal (listing the valid ones), a column a run lacks, or a run with fewer than 2
// samples, naming the file.
LineChart make_run_signal_chart(const std::vector<std::string>& paths,
                                const std::vector<RunResult>& runs, const std::string& signal);

// Reads every run file first, so a missing or corrupt one stops everything before any output,
// then writes the chart as PNG (write_line_chart_png: off-screen, no partial file).
void write_run_signal_png(const std::vector<std::string>& run_paths, const std::string& signal,
                          const std::string& png_path);

}  // namespace kneeload::viz
