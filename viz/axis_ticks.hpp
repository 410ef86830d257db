#pragma once
// Round tick marks for a chart axis ("nice numbers": steps of 1, 2 or 5 × 10^k), so a chart shows
// a handful of readable labels and its axes begin and end on a tick.
#include <string>
#include <vector>

namespace kneeload::viz {

struct AxisTicks {
  double min = 0.0;                 // axis range: the first tick, <= the data minimum
  double max = 1.0;                 // the last tick, >= the data maximum
  double step = 1.0;                // 1, 2 or 5 × 10^k
  std::vector<double> positions;    // [n] from min to max in steps of `step`
  std::vector<std::string> labels;  // [n] as many decimals as the step needs
};

// Loose labelling of the data range [lo, hi] with about `target_count` ticks (>= 2): the step is
// the nice number (Heckbert PS 1990, "Nice numbers for graph labels", Graphics Gems I) whose ticks
// enclosing the data come nearest the target in number. A zero-width range is widened around its
// value. lo and hi must be finite with lo <= hi.
AxisTicks calc_axis_ticks(double lo, double hi, int target_count);

}  // namespace kneeload::viz
