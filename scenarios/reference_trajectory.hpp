#pragma once
// A reference motion as a smooth function of time: one clamped cubic spline per coordinate
// through the table rows (de Boor 1978, A Practical Guide to Splines, ch. IV), with end slopes
// from the table's first and last speeds. The spline is C², so q_ref, qd_ref and qdd_ref are the
// derivatives of one function and qdd_ref has no jumps at the rows (an adaptive ODE stepper then
// sees a smooth right-hand side). Outside the table the motion continues at the end speeds
// (qdd_ref = 0). docs/model/control.md.
#include <Eigen/Core>
#include <string>
#include <vector>

namespace kneeload {

class DataTable;

// Reference values at one time, preallocated by make_reference_sample.
struct ReferenceSample {
  Eigen::VectorXd q;    // [n_coordinates] rad or m
  Eigen::VectorXd qd;   // [n_coordinates] rad/s or m/s
  Eigen::VectorXd qdd;  // [n_coordinates] rad/s² or m/s²
};

class ReferenceTrajectory {
 public:
  // time_s [n_rows] strictly increasing (n_rows ≥ 2), value [n_rows × n_coordinates],
  // start_speed and end_speed [n_coordinates]: the slopes at the first and last row.
  ReferenceTrajectory(std::vector<std::string> coordinate_names, Eigen::VectorXd time_s,
                      Eigen::MatrixXd value, const Eigen::VectorXd& start_speed,
                      const Eigen::VectorXd& end_speed);

  // From a data/reference/*.csv table: column time_s, and for each coordinate name c the
  // columns c_rad (or c_m) and c_speed_rad_per_s (or c_speed_m_per_s). InputError names the
  // file and the missing column.
  static ReferenceTrajectory read(const DataTable& table,
                                  const std::vector<std::string>& coordinate_names);

  int get_num_coordinates() const { return static_cast<int>(names_.size()); }
  const std::vector<std::string>& get_coordinate_names() const { return names_; }
  double get_start_time_s() const { return time_s_[0]; }
  double get_end_time_s() const { return time_s_[time_s_.size() - 1]; }

  // q, qd, qdd at time t_s; no allocation.
  void calc_sample(double t_s, ReferenceSample& sample) const;

 private:
  std::vector<std::string> names_;  // [n_coordinates]
  Eigen::VectorXd time_s_;          // [n_rows]
  Eigen::MatrixXd value_;           // [n_rows × n_coordinates]
  Eigen::MatrixXd second_derivative_;  // [n_rows × n_coordinates] spline q'' at each row
  Eigen::VectorXd start_speed_;     // [n_coordinates]
  Eigen::VectorXd end_speed_;       // [n_coordinates]
};

ReferenceSample make_reference_sample(const ReferenceTrajectory& trajectory);

}  // namespace kneeload
