#pragma once
// Cubic interpolating spline with the end conditions of OpenSim's SimmSpline (Forsythe, Malcolm
// & Moler 1977, "Computer Methods for Mathematical Computations": third derivatives at the ends
// from divided differences), so that tables taken from .osim files evaluate as in OpenSim.
// Outside the knots it continues linearly with the end slope, as SimmSpline does.
#include <vector>

namespace kneeload {

class SimmSpline {
 public:
  SimmSpline() = default;
  // x strictly increasing, at least 2 knots (x, y of equal size); checked.
  SimmSpline(std::vector<double> x, std::vector<double> y);

  double calc_value(double x) const;
  double calc_derivative(double x) const;  // dy/dx
  // Both with one interval search (the same arithmetic as the two calls above).
  void calc_value_and_derivative(double x, double& y, double& dydx) const;
  bool empty() const { return x_.empty(); }

 private:
  int find_interval(double x) const;
  std::vector<double> x_, y_, b_, c_, d_;  // [n] knots and polynomial coefficients
};

}  // namespace kneeload
