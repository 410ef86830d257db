#include "viz/axis_ticks.hpp"

#include <algorithm>
#include <cmath>

#include "solver/errors.hpp"

namespace kneeload::viz {
namespace {

// The "nice" number (1, 2, 5 or 10 × 10^k) near x > 0: rounded to the nearest, or the next above.
double calc_nice_number(double x, bool round_to_nearest) {
  const double exponent = std::floor(std::log10(x));
  const double fraction = x / std::pow(10.0, exponent);  // in [1, 10)
  double nice = 10.0;
  if (round_to_nearest)
    nice = fraction < 1.5 ? 1.0 : fraction < 3.0 ? 2.0 : fraction < 7.0 ? 5.0 : 10.0;
  else
    nice = fraction <= 1.0 ? 1.0 : fraction <= 2.0 ? 2.0 : fraction <= 5.0 ? 5.0 : 10.0;
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
  const double range = calc_nice_number(hi - lo, false);
  ticks.step = calc_nice_number(range / (target_count - 1), true);
  ticks.min = std::floor(lo / ticks.step) * ticks.step;
  ticks.max = std::ceil(hi / ticks.step) * ticks.step;
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
