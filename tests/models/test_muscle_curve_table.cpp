// The tabulated De Groote curves (models/muscle_curve_table.hpp) against the analytic ones of
// models/muscle_curves.hpp, a second formulation of the same functions: the muscle model's
// tables agree with the curves to 2e-9 of the maximum isometric force over the whole domain, and
// the interpolant converges at fourth order (halving h divides the error by 2⁴), as a cubic
// Hermite interpolant with exact node slopes must.
#include "models/muscle_curve_table.hpp"
#include "models/muscle_curves.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

namespace {

namespace mc = kneeload::muscle_curves;
using kneeload::MuscleCurveTable;

double active(double l) { return mc::calcActiveForceLength(l); }
double passive(double l) { return mc::calcPassiveForceLength(l); }
double velocity(double v) { return mc::calcForceVelocity(v); }

// Largest |table − curve| on a grid 37 times finer than the table's (off the nodes).
double calc_max_error(const MuscleCurveTable& table, double (*f)(double), double a, double b) {
  double worst = 0.0;
  const int n = 37 * 1024;
  for (int i = 0; i <= n; ++i) {
    const double x = a + (b - a) * i / n;
    worst = std::max(worst, std::abs(table.calc_value(x) - f(x)));
  }
  return worst;
}

}  // namespace

TEST_CASE("Muscle curve tables: the muscle model's tables follow the De Groote curves to 2e-9",
          "[models]") {
  const kneeload::MuscleCurveTables& t = kneeload::get_muscle_curve_tables();
  CHECK(calc_max_error(t.active_force_length, active, 0.0, 2.0) < 2e-9);
  CHECK(calc_max_error(t.passive_force_length, passive, 0.0, 2.0) < 2e-9);
  CHECK(calc_max_error(t.force_velocity, velocity, -1.0, 1.0) < 2e-9);
  // At the nodes, the ends included, the table gives the curve itself.
  CHECK(t.active_force_length.calc_value(1.0) == Approx(1.0).margin(1e-15));
  CHECK(t.force_velocity.calc_value(-1.0) == Approx(0.0).margin(1e-15));
  CHECK(t.force_velocity.calc_value(1.0) == Approx(velocity(1.0)).epsilon(1e-15));
  // Outside its range a table hands over to the curve.
  CHECK(t.active_force_length.calc_value(2.3) == active(2.3));
  CHECK(t.force_velocity.calc_value(-1.2) == velocity(-1.2));
}

TEST_CASE("Muscle curve tables: halving the interval divides the error by 2^4 (cubic Hermite)",
          "[models]") {
  for (int intervals : {64, 128}) {
    const MuscleCurveTable coarse(active, mc::calcActiveForceLengthDerivative, 0.2, 1.8, intervals);
    const MuscleCurveTable fine(active, mc::calcActiveForceLengthDerivative, 0.2, 1.8,
                                2 * intervals);
    const double order = std::log2(calc_max_error(coarse, active, 0.2, 1.8) /
                                   calc_max_error(fine, active, 0.2, 1.8));
    CHECK(order == Approx(4.0).margin(0.3));
  }
}
