// Axis ticks follow Heckbert's loose labelling: the step is 1, 2 or 5 × 10^k, the ticks are whole
// multiples of the step, the first and last tick enclose the data, and their count is near the
// target.
#include <catch2/catch.hpp>

#include <cmath>

#include "viz/axis_ticks.hpp"

using kneeload::viz::calc_axis_ticks;

namespace {

// True when step = m × 10^k with m in {1, 2, 5}.
bool is_nice_step(double step) {
  const double mantissa = step / std::pow(10.0, std::floor(std::log10(step)));
  return std::abs(mantissa - 1.0) < 1e-9 || std::abs(mantissa - 2.0) < 1e-9 ||
         std::abs(mantissa - 5.0) < 1e-9;
}

}  // namespace

TEST_CASE("axis ticks: worked examples by hand", "[viz]") {
  // 0..100 % stance, about 7 ticks: range rounds up to 100, step 100/6 rounds to 20.
  const auto stance = calc_axis_ticks(0.0, 100.0, 7);
  CHECK(stance.step == Approx(20.0));
  CHECK(stance.labels == std::vector<std::string>{"0", "20", "40", "60", "80", "100"});
  // A right stance 0.057..0.297 s: range 0.24 -> 0.5, step 0.5/6 = 0.083 -> 0.1, so 0.0..0.3 s.
  const auto time = calc_axis_ticks(0.057, 0.297, 7);
  CHECK(time.step == Approx(0.1));
  CHECK(time.labels == std::vector<std::string>{"0.0", "0.1", "0.2", "0.3"});
  // Negative moments: -1.7..0.4 N·m/kg, range 2.1 -> 5, step 0.83 -> 1, so -2..1.
  const auto moment = calc_axis_ticks(-1.7, 0.4, 7);
  CHECK(moment.labels == std::vector<std::string>{"-2", "-1", "0", "1"});
}

TEST_CASE("axis ticks: nice steps that enclose the data, for many ranges", "[viz]") {
  const double los[] = {-3.3e4, -1.0, 0.0, 0.057, 2.5, 1234.5};
  const double widths[] = {1e-4, 0.24, 1.0, 3.7, 99.0, 5e5};
  for (double lo : los)
    for (double width : widths) {
      const double hi = lo + width;
      const auto ticks = calc_axis_ticks(lo, hi, 7);
      INFO("range [" << lo << ", " << hi << "] step " << ticks.step);
      CHECK(is_nice_step(ticks.step));
      CHECK(ticks.min <= lo);
      CHECK(ticks.max >= hi - 1e-12 * std::abs(hi));
      CHECK(ticks.positions.size() >= 3);
      CHECK(ticks.positions.size() <= 12);
      for (double p : ticks.positions)
        CHECK(std::abs(p / ticks.step - std::round(p / ticks.step)) < 1e-6);
    }
}

TEST_CASE("axis ticks: a flat signal still gets a range around its value", "[viz]") {
  const auto zero = calc_axis_ticks(0.0, 0.0, 7);
  CHECK(zero.min < 0.0);
  CHECK(zero.max > 0.0);
  const auto constant = calc_axis_ticks(70.0, 70.0, 7);
  CHECK(constant.min < 70.0);
  CHECK(constant.max > 70.0);
}
