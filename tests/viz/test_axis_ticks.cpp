// Axis ticks: the step is 1, 2 or 5 × 10^k (Heckbert's nice numbers), the ticks are whole
// multiples of the step, the first and last tick enclose the data, and their count is the nearest
// to the target that such a step gives.
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
  // 0..100 % stance, about 7 ticks: 100/6 = 16.7 rounds to 20; steps 10, 20, 50 give 11, 6, 3
  // ticks, and 6 is nearest 7.
  const auto stance = calc_axis_ticks(0.0, 100.0, 7);
  CHECK(stance.step == Approx(20.0));
  CHECK(stance.labels == std::vector<std::string>{"0", "20", "40", "60", "80", "100"});
  // A right stance 0.057..0.297 s: 0.24/6 = 0.04 rounds to 0.05; steps 0.02, 0.05, 0.1 give
  // 0.04..0.30 (14), 0.05..0.30 (6), 0.0..0.3 (4 ticks).
  const auto time = calc_axis_ticks(0.057, 0.297, 7);
  CHECK(time.step == Approx(0.05));
  CHECK(time.labels ==
        std::vector<std::string>{"0.05", "0.10", "0.15", "0.20", "0.25", "0.30"});
  // Knee flexion 0..120 deg: 20 -> 0, 20, ..., 120 (7 ticks); rounding the range up first, as
  // Heckbert does, gave 0, 50, 100, 150.
  const auto knee = calc_axis_ticks(0.0, 120.0, 7);
  CHECK(knee.labels == std::vector<std::string>{"0", "20", "40", "60", "80", "100", "120"});
  // Bounds on ticks but for rounding (0.3 / 0.1 = 2.9999999999999996): no extra tick below.
  const auto fraction = calc_axis_ticks(0.3, 0.9, 7);
  CHECK(fraction.labels ==
        std::vector<std::string>{"0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9"});
  // Negative moments: -1.7..0.4 N·m/kg: 0.35 rounds to 0.5; steps 0.2, 0.5, 1 give 12, 6, 4.
  const auto moment = calc_axis_ticks(-1.7, 0.4, 7);
  CHECK(moment.labels ==
        std::vector<std::string>{"-2.0", "-1.5", "-1.0", "-0.5", "0.0", "0.5"});
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
