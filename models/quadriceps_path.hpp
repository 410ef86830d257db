#pragma once
// Line of action of one quadriceps muscle at its patellar insertion: straight to its last femoral
// via point, or, when that line would cut the distal femur, tangent to Lenhart et al. 2015's
// knee-extensor wrapping cylinder (KnExt_at_fem_r, axis along Z) — the tendon then runs over the
// trochlea (a geodesic: constant Z slope along the sagittal path length).
#include <Eigen/Core>

namespace kneeload::models {

struct QuadricepsLine {
  Eigen::Vector3d direction;  // unit, from the insertion toward the muscle (femur frame)
  double free_length_m;       // m, insertion to the first contact (tangent) point or to the via
  Eigen::Matrix3d d_direction_d_insertion;  // 1/m: the line pivots about the via or tangent point
};

// insertion and via in the femur frame (m); wrap = (centre x, centre y, radius) in m.
QuadricepsLine calc_quadriceps_line(const Eigen::Vector3d& insertion_m, const Eigen::Vector3d& via_m,
                                    const Eigen::Vector3d& wrap_m);

}  // namespace kneeload::models
