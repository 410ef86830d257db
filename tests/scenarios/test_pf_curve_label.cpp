// The pf-curve charts name the keys the curve reads that are set away from their defaults, and
// only those.
#include "scenarios/pf_curve_label.hpp"

#include <catch2/catch.hpp>


using kneeload::Parameters;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

TEST_CASE("pf-curve label: at the defaults only the Q-angle and the quadriceps force",
          "[pf-curve]") {
  const Parameters defaults = Parameters::make_defaults("level_run");
  const auto label = kneeload::make_pf_curve_label(defaults, defaults, 1000.0);
  CHECK(label.legend == "model, Q 14 deg, 1000 N");
  CHECK(label.subtitle.empty());
}

TEST_CASE("pf-curve label: keys set away from their defaults, in short form", "[pf-curve]") {
  const Parameters defaults = Parameters::make_defaults("level_run");
  Parameters params = defaults;
  params.set_number("foot.pronation_deg", 15.0);
  params.set_number("foot.orthotic_wedge_deg", 5.0);
  params.set_number("brace.patellar_medial_force_N", 40.0);
  params.set_choice("body.sex", "female");
  params.set_number("knee.q_angle_deg", 17.0);
  params.set_number("muscle.strength.quadriceps", 0.8);
  params.set_number("muscle.strength.vastus_medialis", 0.5);
  params.set_number("body.mass_kg", 90.0);  // not read by the curve: not named
  const auto label = kneeload::make_pf_curve_label(params, defaults, 800.0);
  INFO(label.subtitle);
  CHECK(label.legend == "model, Q 17 deg, 800 N");
  CHECK_THAT(label.subtitle, StartsWith("Model knee: "));
  for (const char* part : {"pronation 15 deg", "wedge 5 deg", "brace 40 N", "female",
                           "quadriceps \u00d7 0.8", "vastus medialis \u00d7 0.5"})
    CHECK_THAT(label.subtitle, Contains(part));
  CHECK_THAT(label.subtitle, !Contains("90") && !Contains("mass") && !Contains("Q "));
}
