#pragma once
// The three De Groote curves every muscle evaluates in each right-hand side (active and passive
// force–length, force–velocity; models/muscle_curves.hpp), tabulated once as piecewise cubic
// Hermite interpolants on a uniform grid: value and slope of the analytic curve at every node, so
// the interpolant is C¹ and its error is h⁴/384·max|f''''| (≤ 2e-9 of the maximum isometric force
// on these grids; tested). One table lookup is a few multiply-adds where the analytic curves cost
// four exponentials and a logarithm per muscle (bench/RESULTS.md, 2026-11-25).
#include <array>
#include <vector>

namespace kneeload {

class MuscleCurveTable {
 public:
  // f and its derivative df tabulated over [x_min, x_max] in `intervals` equal intervals.
  MuscleCurveTable(double (*f)(double), double (*df)(double), double x_min, double x_max,
                   int intervals);
  // f(x) from the table inside [x_min, x_max], from the analytic curve outside.
  double calc_value(double x) const {
    const double s = (x - x_min_) * inv_h_;
    if (!(s >= 0.0 && s <= intervals_)) return f_(x);  // also NaN: the curve says what it gives
    const int i = s < intervals_ ? static_cast<int>(s) : intervals_ - 1;
    const double t = s - i;
    const std::array<double, 4>& c = coefficients_[i];
    return c[0] + t * (c[1] + t * (c[2] + t * c[3]));
  }

 private:
  double (*f_)(double);
  double x_min_, inv_h_;
  int intervals_;
  std::vector<std::array<double, 4>> coefficients_;  // [intervals] cubic in t ∈ [0, 1] per interval
};

struct MuscleCurveTables {
  MuscleCurveTable active_force_length;   // of normalised fibre length, over [0, 2]
  MuscleCurveTable passive_force_length;  // of normalised fibre length, over [0, 2]
  MuscleCurveTable force_velocity;        // of normalised fibre velocity, over [−1, 1]
};

// The three tables from their analytic curves.
MuscleCurveTables make_muscle_curve_tables();

// Built on first use (thread-safe), constant afterwards. Inline: every muscle asks for them in each
// right-hand side, so the first-use check stays a load and a branch.
inline const MuscleCurveTables& get_muscle_curve_tables() {
  static const MuscleCurveTables tables = make_muscle_curve_tables();
  return tables;
}

}  // namespace kneeload
