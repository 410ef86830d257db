// The patellofemoral curve and its band measures (scenarios/pf_curve), and `kneeload validate`'s
// evaluation of the three pf-curve bands from it (scenarios/validation_bands).
#include "models/classic_patellofemoral.hpp"
#include "scenarios/parameter_registry.hpp"
#include "scenarios/parameter_values.hpp"
#include "scenarios/pf_curve.hpp"
#include "scenarios/validation_bands.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

using namespace kneeload;

namespace {

constexpr double kPi = 3.14159265358979323846;

// Rows whose PF/quad ratio, lever arm and patellar flexion are set by hand.
std::vector<PfCurveRow> make_rows(double ratio_scale, double lever_scale, double slope, double offset_deg) {
  std::vector<PfCurveRow> rows;
  for (int deg = 0; deg <= 120; ++deg) {
    PfCurveRow row;
    row.knee_flexion_deg = deg;
    row.result.quadriceps_force_N = 1000.0;
    row.result.contact_force_magnitude_N = 1000.0 * ratio_scale * models::calc_classic_pf_to_quad_ratio(deg);
    row.result.quadriceps_lever_arm_m = lever_scale * models::calc_classic_quad_lever_arm_m(deg);
    row.result.patella_flexion_rad = (offset_deg + slope * deg) * kPi / 180.0;
    rows.push_back(row);
  }
  return rows;
}

}  // namespace

TEST_CASE("pf-curve measures: a curve 1.2 x k(theta) deviates +20 %, 0.7 x the lever arm -30 %, and "
          "the least-squares slope of a line is its slope",
          "[pf-curve]") {
  std::vector<PfCurveRow> rows = make_rows(1.2, 0.7, 0.72, 5.0);
  CHECK(calc_pf_to_quad_ratio_deviation(rows, 10, 90).worst_pct == Approx(20.0));
  CHECK(calc_quad_lever_arm_deviation(rows, 10, 90).worst_pct == Approx(-30.0));
  CHECK(calc_patella_flexion_slope(rows, 10, 50) == Approx(0.72));
  // The worst deviation is the signed one of largest magnitude, only within the range.
  rows[37].result.quadriceps_lever_arm_m = 0.5 * models::calc_classic_quad_lever_arm_m(37);
  rows[95].result.quadriceps_lever_arm_m = 0.1 * models::calc_classic_quad_lever_arm_m(95);
  const PfCurveDeviation worst = calc_quad_lever_arm_deviation(rows, 10, 90);
  CHECK(worst.worst_pct == Approx(-50.0));
  CHECK(worst.at_deg == 37);
}

TEST_CASE("validate evaluates the three pf-curve bands from the pf-curve at default parameters",
          "[pf-curve]") {
  for (const char* id : {"pf_curve_pf_to_quad_ratio", "pf_curve_quad_lever_arm",
                         "pf_curve_patella_flexion_slope"}) {
    const ValidationCheck c = check_validation_band(id);
    INFO(id << ": " << c.value << " " << c.band.unit << "; " << c.note);
    CHECK(c.evaluated);
    CHECK(std::isfinite(c.value));
    CHECK(c.pass == (c.value >= c.band.low && c.value <= c.band.high));
  }
}

// get_pf_curve_keys is what `kneeload pf-curve` tells the user: every number key it lists moves
// the curve, every other leaves it bit for bit (body.sex acts through the Q-angle's default, which
// io/config resolves before the curve is computed).
TEST_CASE("pf-curve reads exactly the keys it lists", "[pf-curve]") {
  const Parameters defaults = Parameters::make_defaults("level_run");
  const std::vector<PfCurveRow> base = calc_pf_curve(defaults, 1000.0);
  const std::vector<std::string>& listed = get_pf_curve_keys();
  int moved = 0;
  for (const Parameters::Entry& entry : defaults.get_entries()) {
    if (entry.kind != ParameterKind::number) continue;
    const ParameterSpec& spec = get_parameter_registry().get(entry.key);
    Parameters changed = defaults;
    const double middle = 0.5 * (spec.min_value + spec.max_value);
    changed.set_number(entry.key, middle != entry.number ? middle : spec.min_value);
    const std::vector<PfCurveRow> rows = calc_pf_curve(changed, 1000.0);
    bool same = true;
    for (std::size_t i = 0; i < rows.size(); ++i)
      same = same && rows[i].result.contact_force_N == base[i].result.contact_force_N &&
             rows[i].result.quadriceps_lever_arm_m == base[i].result.quadriceps_lever_arm_m;
    const bool is_listed = std::find(listed.begin(), listed.end(), entry.key) != listed.end();
    INFO(entry.key);
    CHECK(same != is_listed);
    moved += !same;
  }
  CHECK(moved == 6);  // the listed keys but body.sex
}
