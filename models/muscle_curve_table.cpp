#include "models/muscle_curve_table.hpp"

#include "models/muscle_curves.hpp"
#include "solver/errors.hpp"

namespace kneeload {

MuscleCurveTable::MuscleCurveTable(double (*f)(double), double (*df)(double), double x_min,
                                   double x_max, int intervals)
    : f_(f), x_min_(x_min), inv_h_(intervals / (x_max - x_min)), intervals_(intervals),
      coefficients_(intervals) {
  KNEELOAD_CHECK(intervals > 0 && x_max > x_min, "table over [{}, {}] with {} intervals", x_min,
                 x_max, intervals);
  const double h = (x_max - x_min) / intervals;
  for (int i = 0; i < intervals; ++i) {
    const double a = x_min + i * h, b = a + h;
    const double fa = f(a), fb = f(b), sa = h * df(a), sb = h * df(b);  // slopes per unit t
    coefficients_[i] = {fa, sa, 3.0 * (fb - fa) - 2.0 * sa - sb, 2.0 * (fa - fb) + sa + sb};
  }
}

MuscleCurveTables make_muscle_curve_tables() {
  namespace mc = muscle_curves;
  // Wrapped so that the inline curves have an address; 1024 and 512 intervals keep the error
  // near 1e-9 (tests/models/test_muscle_curve_table.cpp).
  return {MuscleCurveTable([](double l) { return mc::calcActiveForceLength(l); },
                           mc::calcActiveForceLengthDerivative, 0.0, 2.0, 1024),
          MuscleCurveTable([](double l) { return mc::calcPassiveForceLength(l); },
                           mc::calcPassiveForceLengthDerivative, 0.0, 2.0, 1024),
          MuscleCurveTable([](double v) { return mc::calcForceVelocity(v); },
                           mc::calcForceVelocityDerivative, -1.0, 1.0, 512)};
}

}  // namespace kneeload
