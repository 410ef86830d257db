// The classic PF model is the yardstick the mechanism is checked against; these pin it to the
// values DESIGN.md §3.4 quotes from van Eijden et al. 1986 and the published lever-arm curve.
#include "models/classic_patellofemoral.hpp"

#include <catch2/catch.hpp>

using namespace kneeload::models;

TEST_CASE("classic model: van Eijden k(theta) at the published angles", "[classic]") {
  CHECK(calc_classic_pf_to_quad_ratio(0) == Approx(0.46).margin(0.005));
  CHECK(calc_classic_pf_to_quad_ratio(20) == Approx(0.65).margin(0.005));
  CHECK(calc_classic_pf_to_quad_ratio(40) == Approx(0.83).margin(0.005));
  CHECK(calc_classic_pf_to_quad_ratio(60) == Approx(0.95).margin(0.005));
  CHECK(calc_classic_pf_to_quad_ratio(90) == Approx(0.98).margin(0.005));
}

TEST_CASE("classic model: quadriceps lever arm 46, 41 and 24 mm at 0, 40 and 90 deg", "[classic]") {
  CHECK(calc_classic_quad_lever_arm_m(0) == Approx(0.046).margin(0.0005));
  CHECK(calc_classic_quad_lever_arm_m(40) == Approx(0.041).margin(0.0006));
  CHECK(calc_classic_quad_lever_arm_m(90) == Approx(0.024).margin(0.0005));
}

TEST_CASE("classic model: PF force = k(theta) * moment / lever arm, none for a flexion moment",
          "[classic]") {
  const double moment_Nm = 120.0, deg = 40.0;
  CHECK(calc_classic_pf_force_N(moment_Nm, deg) ==
        Approx(calc_classic_pf_to_quad_ratio(deg) * moment_Nm / calc_classic_quad_lever_arm_m(deg)));
  CHECK(calc_classic_pf_force_N(-50.0, deg) == 0.0);
}
