#pragma once
// A summary metric of a sweep against one of its parameters: `kneeload plot SWEEP.h5 -o FIG.png
// [--metric NAME] [--param KEY] [--by KEY2]` (DESIGN.md §5, §6; docs/viz.md). A grid gives one
// line per value of the --by key through its runs sorted by the --param key; a sample (lhs,
// sobol) has no order, so its runs are drawn as points. Runs that are not done are counted in the
// title and drawn as nothing: a grid's line breaks where they are.
#include "io/sweep_file.hpp"
#include "viz/line_chart.hpp"

#include <string>

namespace kneeload::viz {

// The metric plotted when none is named: the peak PF contact force in body weights.
inline constexpr const char* kDefaultSweepMetric = "peak_pf_force_bw";

struct SweepChartOptions {
  std::string metric = kDefaultSweepMetric;  // a /sweep/metrics name (get_summary_metrics())
  std::string param;  // x axis: a parameter key of the sweep; empty = its first key
  std::string by;     // grid only: one line per value of this key; empty = the second key, if any
};

// The chart of `options.metric` against `options.param` for the runs of `table` with status ok
// and a finite metric; a grid's line holds a NaN (a gap) at each of its other runs. A grid whose
// keys other than param and by also vary is drawn as points (the title says which keys vary),
// since a line through them would join unrelated runs.
// InputError, naming `path` where it is about the file: an unknown metric or key (listing the
// allowed ones, with the nearest), --by equal to --param, --by on a sample or a one-key grid,
// or no completed run to draw.
LineChart make_sweep_chart(const SweepTable& table, const SweepChartOptions& options,
                           const std::string& path);

// Reads the sweep file (read_sweep_table), checks the options and writes the chart as PNG
// (write_line_chart_png: off-screen, no partial file).
void write_sweep_png(const std::string& sweep_path, const SweepChartOptions& options,
                     const std::string& png_path);

}  // namespace kneeload::viz
