#include "viz/axis_ticks.hpp"

#include <algorithm>
#include <cmath>

#include "solver/errors.hpp"

namespace kneeload::viz {
namespace {

// The "nice" number (1, 2, 5 or 10 × 10^k) nearest x > 0.
double calc_nice_number(double x) {
  const double exponent = std::floor(std::log10(x));
  const double fraction = x / std::pow(10.0, exponent);  // in [1, 10)
  const double nice = fraction < 1.5 ? 1.0 : fraction < 3.0 ? 2.0 : fraction < 7.0 ? 5.0 : 10.0;
  return nice * std::pow(10.0, exponent);
}

}  // namespace

AxisTicks calc_axis_ticks(double lo, double hi, int target_count) {
  KNEELOAD_CHECK(std::isfinite(lo) && std::isfinite(hi) && lo <= hi, "bad axis range [{}, {}]", lo,
                 hi);
  KNEELOAD_CHECK(target_count >= 2, "target_count = {} (needs >= 2)", target_count);
  if (hi - lo <= 1e-12 * std::max(1.0, std::abs(lo))) {
    const double half_width = lo == 0.0 ? 1.0 : 0.1 * std::abs(lo);
    lo -= half_width;
    hi += half_width;
  }
  AxisTicks ticks;
  // Of the nice steps around (hi − lo) / (target − 1), the one whose ticks enclosing the data are
  // nearest the target in number (the larger step on a tie). Heckbert rounds the range up first,
  // which can leave 0–120 with 4 ticks at 0, 50, 100, 150.
  const double raw_step = calc_nice_number((hi - lo) / (target_count - 1));
  int best_distance = -1;
  for (double factor : {0.4, 0.5, 1.0, 2.0, 2.5}) {  // the 1-2-5 neighbours of raw_step
    const double step = calc_nice_number(raw_step * factor);
    const double count = std::ceil(hi / step - 1e-9) - std::floor(lo / step + 1e-9) + 1.0;
    const int distance = static_cast<int>(std::abs(count - target_count));
    if (best_distance < 0 || distance < best_distance ||
        (distance == best_distance && step > ticks.step)) {
      best_distance = distance;
      ticks.step = step;
    }
  }
  // A bound a rounding error off a tick is that tick (0.3 / 0.1 = 2.9999999999999996).
  ticks.min = std::floor(lo / ticks.step + 1e-9) * ticks.step;
  ticks.max = std::ceil(hi / ticks.step - 1e-9) * ticks.step;
  const int decimals = std::max(0, -static_cast<int>(std::floor(std::log10(ticks.step))));
  const int n = static_cast<int>(std::lround((ticks.max - ticks.min) / ticks.step)) + 1;
  for (int i = 0; i < n; ++i) {
    double value = ticks.min + i * ticks.step;
    if (std::abs(value) < 0.5 * ticks.step) value = 0.0;  // print "0", not "-0" or "1e-17"
    ticks.positions.push_back(value);
    ticks.labels.push_back(fmt::format("{:.{}f}", value, decimals));
  }
  ticks.max = ticks.positions.back();
  return ticks;
}

}  // namespace kneeload::viz
