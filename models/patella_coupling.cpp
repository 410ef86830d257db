#include "models/patella_coupling.hpp"

#include "models/data_table.hpp"
#include "solver/errors.hpp"

namespace kneeload {

PatellaCoupling read_patella_coupling(const std::string& path_in) {
  const std::string path =
      path_in.empty() ? data_file_path("patella_coupling_rajagopal2015.csv") : path_in;
  const DataTable t = DataTable::read(path);
  std::vector<double> q, x, y, a;  // [rows]
  for (int r = 0; r < t.rows(); ++r) {
    q.push_back(t.number(r, "knee_angle_rad"));
    x.push_back(t.number(r, "origin_x_m"));
    y.push_back(t.number(r, "origin_y_m"));
    a.push_back(t.number(r, "angle_rad"));
    if (r > 0 && !(q[r] > q[r - 1]))
      throw InputError(fmt::format("{}: knee_angle_rad not increasing", t.where(r)));
  }
  if (q.size() < 4) throw InputError(fmt::format("{}: fewer than 4 knots", path));
  return {SimmSpline(q, x), SimmSpline(q, y), SimmSpline(q, a)};
}

PatellaPose calc_patella_pose(const PatellaCoupling& c, double q, double scale) {
  PatellaPose p;
  double x_m, dx_m, y_m, dy_m;  // origin and its derivative per radian, unscaled
  c.origin_x_m.calc_value_and_derivative(q, x_m, dx_m);
  c.origin_y_m.calc_value_and_derivative(q, y_m, dy_m);
  p.origin_m = scale * Eigen::Vector2d(x_m, y_m);
  p.dorigin_dq_m = scale * Eigen::Vector2d(dx_m, dy_m);
  c.angle_rad.calc_value_and_derivative(q, p.angle_rad, p.dangle_dq);
  return p;
}

}  // namespace kneeload
