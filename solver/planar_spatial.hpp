#pragma once
// Planar spatial algebra (Featherstone, "Rigid Body Dynamics Algorithms", 2008, ch. 2.16).
// In the sagittal X-Y plane a spatial vector has three components:
//   motion vector  m = (omega_z [rad/s], v_x [m/s], v_y [m/s])   (velocity of the frame origin)
//   force vector   f = (n_z [N*m], f_x [N], f_y [N])              (moment about the frame origin)
// A motion transform B_X_A (3x3) maps motion vectors from frame A to frame B; the matching force
// transform is B_X*_A = (B_X_A)^-T, so forces go back up the tree with A_X*_B f = (B_X_A)^T f.
// Replacing these 3-vectors by 6-vectors and the 3x3 matrices by 6x6 ones gives the 3-D algebra
// with the same algorithms (docs/model/multibody.md).
#include <Eigen/Core>

#include <cmath>

namespace kneeload::solver {

using SpatialMotion = Eigen::Vector3d;     // (omega_z, v_x, v_y)
using SpatialForce = Eigen::Vector3d;      // (n_z, f_x, f_y)
using SpatialTransform = Eigen::Matrix3d;  // motion transform B_X_A
using SpatialInertia = Eigen::Matrix3d;    // about the frame origin, in frame coordinates

// Motion transform from frame A to frame B, where B's origin sits at r_m (A coordinates) and
// E maps A coordinates to B coordinates (E = R^T, R the rotation of B relative to A).
// The velocity of B's origin is v_A + omega x r, with omega x r = omega * (-r_y, r_x).
inline SpatialTransform planar_transform(const Eigen::Matrix2d& E, const Eigen::Vector2d& r_m) {
  SpatialTransform X;
  const Eigen::Vector2d u = E * Eigen::Vector2d(-r_m.y(), r_m.x());
  X << 1.0, 0.0, 0.0,
       u.x(), E(0, 0), E(0, 1),
       u.y(), E(1, 0), E(1, 1);
  return X;
}

// Rotation by angle_rad about Z: the 2x2 matrix whose columns are the rotated axes.
inline Eigen::Matrix2d rotation_2d(double angle_rad) {
  const double c = std::cos(angle_rad), s = std::sin(angle_rad);
  Eigen::Matrix2d R;
  R << c, -s,
       s, c;
  return R;
}

// Motion transform from body coordinates to world coordinates (both at their own origins), for a
// body whose origin is at position_m in the world and whose axes are the columns of R.
inline SpatialTransform world_from_body_transform(const Eigen::Vector2d& position_m,
                                                  const Eigen::Matrix2d& R) {
  SpatialTransform X;
  // v_world_origin = R v_body + omega z x (0 - p) = R v_body + omega (p_y, -p_x)
  X << 1.0, 0.0, 0.0,
       position_m.y(), R(0, 0), R(0, 1),
       -position_m.x(), R(1, 0), R(1, 1);
  return X;
}

// Motion cross product v x m as a matrix: crm(v) * m.
inline Eigen::Matrix3d crm(const SpatialMotion& v) {
  Eigen::Matrix3d C;
  C << 0.0, 0.0, 0.0,
       v(2), 0.0, -v(0),
       -v(1), v(0), 0.0;
  return C;
}

// Force cross product v x* f = -crm(v)^T f.
inline Eigen::Matrix3d crf(const SpatialMotion& v) {
  Eigen::Matrix3d C;
  C << 0.0, -v(2), v(1),
       0.0, 0.0, -v(0),
       0.0, v(0), 0.0;
  return C;
}

// Spatial inertia about the body origin of a body of mass_kg with its centre of mass at com_m and
// rotational inertia inertia_kgm2 about the centre of mass (Featherstone eq. 2.77, planar).
inline SpatialInertia spatial_inertia(double mass_kg, const Eigen::Vector2d& com_m,
                                      double inertia_kgm2) {
  SpatialInertia I;
  const double cx = com_m.x(), cy = com_m.y();
  I << inertia_kgm2 + mass_kg * (cx * cx + cy * cy), -mass_kg * cy, mass_kg * cx,
       -mass_kg * cy, mass_kg, 0.0,
       mass_kg * cx, 0.0, mass_kg;
  return I;
}

}  // namespace kneeload::solver
