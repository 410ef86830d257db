// Clamped cubic spline interpolation of a reference motion (de Boor 1978, A Practical Guide to
// Splines, ch. IV): per coordinate the second derivatives M_k at the rows solve the tridiagonal
//   h_{k-1} M_{k-1} + 2 (h_{k-1} + h_k) M_k + h_k M_{k+1} = 6 (Δ_k − Δ_{k-1}),  Δ_k = (y_{k+1} − y_k)/h_k
// with the end rows 2 h_0 M_0 + h_0 M_1 = 6 (Δ_0 − s_0) and h M_{N-1} + 2 h M_N = 6 (s_N − Δ_{N-1}).
#include "scenarios/reference_trajectory.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "models/data_table.hpp"
#include "solver/errors.hpp"

namespace kneeload {

ReferenceTrajectory::ReferenceTrajectory(std::vector<std::string> coordinate_names,
                                         Eigen::VectorXd time_s, Eigen::MatrixXd value,
                                         const Eigen::VectorXd& start_speed,
                                         const Eigen::VectorXd& end_speed)
    : names_(std::move(coordinate_names)),
      time_s_(std::move(time_s)),
      value_(std::move(value)),
      start_speed_(start_speed),
      end_speed_(end_speed) {
  const Eigen::Index rows = time_s_.size();
  const Eigen::Index n = static_cast<Eigen::Index>(names_.size());
  if (rows < 2) throw InputError(fmt::format("reference motion: {} rows, need at least 2", rows));
  if (value_.rows() != rows || value_.cols() != n || start_speed_.size() != n ||
      end_speed_.size() != n)
    throw InputError(fmt::format(
        "reference motion: values {}×{}, speeds {} and {} for {} rows and {} coordinates",
        value_.rows(), value_.cols(), start_speed_.size(), end_speed_.size(), rows, n));
  if (!time_s_.allFinite() || !value_.allFinite() || !start_speed_.allFinite() ||
      !end_speed_.allFinite())
    throw InputError("reference motion: a time, value or speed is not finite");
  for (Eigen::Index k = 1; k < rows; ++k)
    if (!(time_s_[k] > time_s_[k - 1]))
      throw InputError(fmt::format("reference motion: time {} s at row {} does not follow {} s",
                                   time_s_[k], k, time_s_[k - 1]));

  // Thomas algorithm on the tridiagonal system, all coordinates at once.
  Eigen::VectorXd diag(rows), upper(rows);  // [rows]
  Eigen::MatrixXd rhs(rows, n);             // [rows × n_coordinates]
  auto h = [&](Eigen::Index k) { return time_s_[k + 1] - time_s_[k]; };
  auto slope = [&](Eigen::Index k) {
    return ((value_.row(k + 1) - value_.row(k)) / h(k)).eval();
  };
  diag[0] = 2.0 * h(0);
  upper[0] = h(0);
  rhs.row(0) = 6.0 * (slope(0) - start_speed_.transpose());
  for (Eigen::Index k = 1; k < rows - 1; ++k) {
    diag[k] = 2.0 * (h(k - 1) + h(k));
    upper[k] = h(k);
    rhs.row(k) = 6.0 * (slope(k) - slope(k - 1));
  }
  diag[rows - 1] = 2.0 * h(rows - 2);
  upper[rows - 1] = 0.0;
  rhs.row(rows - 1) = 6.0 * (end_speed_.transpose() - slope(rows - 2));
  // Forward elimination: the sub-diagonal of row k is h(k−1) (= upper[k−1]).
  for (Eigen::Index k = 1; k < rows; ++k) {
    const double factor = upper[k - 1] / diag[k - 1];
    diag[k] -= factor * upper[k - 1];
    rhs.row(k) -= factor * rhs.row(k - 1);
  }
  second_derivative_.resize(rows, n);
  second_derivative_.row(rows - 1) = rhs.row(rows - 1) / diag[rows - 1];
  for (Eigen::Index k = rows - 2; k >= 0; --k)
    second_derivative_.row(k) =
        (rhs.row(k) - upper[k] * second_derivative_.row(k + 1)) / diag[k];
}

ReferenceTrajectory ReferenceTrajectory::read(const DataTable& table,
                                              const std::vector<std::string>& coordinate_names) {
  const int rows = table.rows();
  const int n = static_cast<int>(coordinate_names.size());
  // A column named c_rad or c_m (whichever the table has); InputError naming both otherwise.
  auto find_column = [&](const std::string& a, const std::string& b) {
    try {
      return table.column(a);
    } catch (const InputError&) {
      try {
        return table.column(b);
      } catch (const InputError&) {
        throw InputError(fmt::format("{}: no column '{}' or '{}'", table.path(), a, b));
      }
    }
  };
  Eigen::VectorXd time_s(rows);
  Eigen::MatrixXd value(rows, n);
  Eigen::VectorXd start_speed(n), end_speed(n);
  const int time_col = table.column("time_s");
  for (int r = 0; r < rows; ++r) time_s[r] = table.number(r, time_col);
  for (int c = 0; c < n; ++c) {
    const std::string& name = coordinate_names[c];
    const int q_col = find_column(name + "_rad", name + "_m");
    const int qd_col = find_column(name + "_speed_rad_per_s", name + "_speed_m_per_s");
    for (int r = 0; r < rows; ++r) value(r, c) = table.number(r, q_col);
    start_speed[c] = table.number(0, qd_col);
    end_speed[c] = table.number(rows - 1, qd_col);
  }
  return ReferenceTrajectory(coordinate_names, std::move(time_s), std::move(value), start_speed,
                             end_speed);
}

void ReferenceTrajectory::calc_sample(double t_s, ReferenceSample& s) const {
  const Eigen::Index n = value_.cols();
  const Eigen::Index rows = time_s_.size();
  KNEELOAD_CHECK(s.q.size() == n && s.qd.size() == n && s.qdd.size() == n,
                 "reference sample has sizes {}, {}, {}; trajectory has {} coordinates",
                 s.q.size(), s.qd.size(), s.qdd.size(), n);
  KNEELOAD_CHECK(std::isfinite(t_s), "reference time {} s is not finite", t_s);
  if (t_s <= time_s_[0] || t_s >= time_s_[rows - 1]) {
    // Beyond the table: straight on at the end speed.
    const bool before = t_s <= time_s_[0];
    const Eigen::Index k = before ? 0 : rows - 1;
    const Eigen::VectorXd& speed = before ? start_speed_ : end_speed_;
    const double dt_s = t_s - time_s_[k];
    s.q = value_.row(k).transpose() + dt_s * speed;
    s.qd = speed;
    s.qdd.setZero();
    if (dt_s == 0.0) s.qdd = second_derivative_.row(k).transpose();
    return;
  }
  // Interval [t_k, t_k+1) holding t_s (binary search, no allocation).
  const double* begin = time_s_.data();
  const Eigen::Index k = std::upper_bound(begin, begin + rows, t_s) - begin - 1;
  const double h = time_s_[k + 1] - time_s_[k];
  const double u = (time_s_[k + 1] - t_s) / h;  // 1 at t_k, 0 at t_k+1
  const double w = 1.0 - u;
  for (Eigen::Index c = 0; c < n; ++c) {
    const double m0 = second_derivative_(k, c), m1 = second_derivative_(k + 1, c);
    const double y0 = value_(k, c), y1 = value_(k + 1, c);
    s.q[c] = u * y0 + w * y1 + h * h / 6.0 * ((u * u * u - u) * m0 + (w * w * w - w) * m1);
    s.qd[c] = (y1 - y0) / h + h / 6.0 * (-(3.0 * u * u - 1.0) * m0 + (3.0 * w * w - 1.0) * m1);
    s.qdd[c] = u * m0 + w * m1;
  }
}

ReferenceSample make_reference_sample(const ReferenceTrajectory& trajectory) {
  const int n = trajectory.get_num_coordinates();
  return {Eigen::VectorXd::Zero(n), Eigen::VectorXd::Zero(n), Eigen::VectorXd::Zero(n)};
}

}  // namespace kneeload
