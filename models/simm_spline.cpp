#include "models/simm_spline.hpp"

#include "solver/errors.hpp"

namespace kneeload {

SimmSpline::SimmSpline(std::vector<double> x, std::vector<double> y)
    : x_(std::move(x)), y_(std::move(y)) {
  const int n = static_cast<int>(x_.size());
  KNEELOAD_CHECK(n >= 2 && y_.size() == x_.size(), "spline with {} x and {} y knots", n,
                 y_.size());
  for (int i = 1; i < n; ++i)
    KNEELOAD_CHECK(x_[i] > x_[i - 1], "spline knots not increasing at {}: {} <= {}", i, x_[i],
                   x_[i - 1]);
  b_.assign(n, 0.0);
  c_.assign(n, 0.0);
  d_.assign(n, 0.0);
  auto& b = b_; auto& c = c_; auto& d = d_;
  const auto& X = x_; const auto& Y = y_;
  if (n < 3) {  // a straight line
    b[0] = b[1] = (Y[1] - Y[0]) / (X[1] - X[0]);
    return;
  }
  const int nm1 = n - 1;
  // Tridiagonal system for the second-derivative coefficients (FMM "spline").
  d[0] = X[1] - X[0];
  c[1] = (Y[1] - Y[0]) / d[0];
  for (int i = 1; i < nm1; ++i) {
    d[i] = X[i + 1] - X[i];
    b[i] = 2.0 * (d[i - 1] + d[i]);
    c[i + 1] = (Y[i + 1] - Y[i]) / d[i];
    c[i] = c[i + 1] - c[i];
  }
  // End conditions: third derivatives matched to those of cubics through the end four points.
  b[0] = -d[0];
  b[nm1] = -d[n - 2];
  c[0] = c[nm1] = 0.0;
  if (n > 3) {
    c[0] = c[2] / (X[3] - X[1]) - c[1] / (X[2] - X[0]);
    c[nm1] = c[n - 2] / (X[nm1] - X[n - 3]) - c[n - 3] / (X[n - 2] - X[n - 4]);
    c[0] = c[0] * d[0] * d[0] / (X[3] - X[0]);
    c[nm1] = -c[nm1] * d[n - 2] * d[n - 2] / (X[nm1] - X[n - 4]);
  }
  for (int i = 1; i < n; ++i) {  // forward elimination
    const double t = d[i - 1] / b[i - 1];
    b[i] -= t * d[i - 1];
    c[i] -= t * c[i - 1];
  }
  c[nm1] /= b[nm1];  // back substitution
  for (int i = n - 2; i >= 0; --i) c[i] = (c[i] - d[i] * c[i + 1]) / b[i];
  // Polynomial coefficients: y = Y[i] + b dx + c dx^2 + d dx^3 on [X[i], X[i+1]].
  b[nm1] = (Y[nm1] - Y[n - 2]) / d[n - 2] + d[n - 2] * (c[n - 2] + 2.0 * c[nm1]);
  for (int i = 0; i < nm1; ++i) {
    b[i] = (Y[i + 1] - Y[i]) / d[i] - d[i] * (c[i + 1] + 2.0 * c[i]);
    d[i] = (c[i + 1] - c[i]) / d[i];
    c[i] = 3.0 * c[i];
  }
  c[nm1] = 3.0 * c[nm1];
  d[nm1] = d[n - 2];
}

int SimmSpline::find_interval(double x) const {
  int lo = 0, hi = static_cast<int>(x_.size()) - 1;
  while (hi - lo > 1) {
    const int mid = (lo + hi) / 2;
    (x < x_[mid] ? hi : lo) = mid;
  }
  return lo;
}

double SimmSpline::calc_value(double x) const {
  const int n = static_cast<int>(x_.size());
  if (x < x_[0]) return y_[0] + b_[0] * (x - x_[0]);
  if (x > x_[n - 1]) return y_[n - 1] + b_[n - 1] * (x - x_[n - 1]);
  const int i = find_interval(x);
  const double dx = x - x_[i];
  return y_[i] + dx * (b_[i] + dx * (c_[i] + dx * d_[i]));
}

double SimmSpline::calc_derivative(double x) const {
  const int n = static_cast<int>(x_.size());
  if (x < x_[0]) return b_[0];
  if (x > x_[n - 1]) return b_[n - 1];
  const int i = find_interval(x);
  const double dx = x - x_[i];
  return b_[i] + dx * (2.0 * c_[i] + 3.0 * dx * d_[i]);
}

void SimmSpline::calc_value_and_derivative(double x, double& y, double& dydx) const {
  const int n = static_cast<int>(x_.size());
  if (x < x_[0]) {
    y = y_[0] + b_[0] * (x - x_[0]);
    dydx = b_[0];
    return;
  }
  if (x > x_[n - 1]) {
    y = y_[n - 1] + b_[n - 1] * (x - x_[n - 1]);
    dydx = b_[n - 1];
    return;
  }
  const int i = find_interval(x);
  const double dx = x - x_[i];
  y = y_[i] + dx * (b_[i] + dx * (c_[i] + dx * d_[i]));
  dydx = b_[i] + dx * (2.0 * c_[i] + 3.0 * dx * d_[i]);
}

}  // namespace kneeload
