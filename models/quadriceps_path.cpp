#include "models/quadriceps_path.hpp"

#include <algorithm>
#include <cmath>

namespace kneeload::models {
namespace {

double cross2(const Eigen::Vector2d& a, const Eigen::Vector2d& b) { return a.x() * b.y() - a.y() * b.x(); }

// The tangent point on the circle (centre c, radius r) seen from p. The extensor tendon runs up
// over the anterior femur, i.e. counter-clockwise about c in the sagittal (X anterior, Y up) view:
// leaving p (arriving = false) the path enters the circle moving counter-clockwise; arriving at p
// (arriving = true) it leaves the circle moving counter-clockwise.
Eigen::Vector2d tangent_point(const Eigen::Vector2d& p, const Eigen::Vector2d& c, double r,
                              bool arriving) {
  const double d = (p - c).norm();
  const Eigen::Vector2d e = (p - c) / d;
  // The tangent points sit at +-a from e, cos a = r / d (right angle at the tangent point).
  const double cos_a = r / d, sin_a = std::sqrt(std::max(1.0 - cos_a * cos_a, 0.0));
  const Eigen::Vector2d ep(cos_a * e.x() - sin_a * e.y(), sin_a * e.x() + cos_a * e.y());
  const Eigen::Vector2d em(cos_a * e.x() + sin_a * e.y(), -sin_a * e.x() + cos_a * e.y());
  const Eigen::Vector2d tp = c + r * ep, tm = c + r * em;
  const double turn = arriving ? cross2(tp - c, p - tp) : cross2(tp - c, tp - p);
  return turn > 0.0 ? tp : tm;
}

}  // namespace

QuadricepsLine calc_quadriceps_line(const Eigen::Vector3d& insertion_m, const Eigen::Vector3d& via_m,
                                    const Eigen::Vector3d& wrap_m) {
  const Eigen::Vector3d straight = via_m - insertion_m;
  const double r = wrap_m.z();
  const Eigen::Vector2d p = insertion_m.head<2>(), v = via_m.head<2>(), c = wrap_m.head<2>();
  bool wraps = false;
  if (r > 0.0 && (p - c).norm() > r && (v - c).norm() > r) {
    // Does the sagittal segment p-v pass inside the circle?
    const Eigen::Vector2d pv = v - p;
    const double s = std::clamp((c - p).dot(pv) / pv.squaredNorm(), 0.0, 1.0);
    wraps = (p + s * pv - c).norm() < r;
  }
  if (!wraps) {
    const Eigen::Vector3d u = straight.normalized();
    const double length = straight.norm();
    return {u, length, -(Eigen::Matrix3d::Identity() - u * u.transpose()) / length};
  }
  const Eigen::Vector2d t1 = tangent_point(p, c, r, false);
  const Eigen::Vector2d t2 = tangent_point(v, c, r, true);
  // Counter-clockwise arc from t1 to t2, in [0, 2 pi).
  double arc = std::atan2(cross2(t1 - c, t2 - c), (t1 - c).dot(t2 - c));
  if (arc < 0.0) arc += 2.0 * 3.14159265358979323846;
  const double free_2d = (t1 - p).norm();
  const double path_2d = free_2d + r * arc + (v - t2).norm();
  const double dz = straight.z() * free_2d / path_2d;  // geodesic: constant slope along the path
  const Eigen::Vector3d d(t1.x() - p.x(), t1.y() - p.y(), dz);
  const Eigen::Vector3d u = d.normalized();
  // d(d)/d(insertion): sagittally the line pivots about the tangent point (which slides along the
  // line to first order); along Z only the free share of the path rises, so dz/dz_p = -free/path.
  const Eigen::Vector2d u2 = (t1 - p).normalized();
  Eigen::Matrix3d dd = Eigen::Matrix3d::Zero();
  dd.topLeftCorner<2, 2>() = -(Eigen::Matrix2d::Identity() - u2 * u2.transpose());
  dd(2, 2) = -free_2d / path_2d;
  return {u, d.norm(), (Eigen::Matrix3d::Identity() - u * u.transpose()) * dd / d.norm()};
}

}  // namespace kneeload::models
