#pragma once
// Patellar articular surface (DESIGN.md §3.4): a central ridge with a lateral and a medial facet,
// convex proximodistally, sized from Lenhart et al. 2015's patellar cartilage mesh
// (data/scripts/derive_knee_geometry.py). In the patella frame the surface is
//   x_s(y, z) = x_r + s v + k/2 v^2 + h(u) + w(u) v,  u = z - z_r, v = y - y_a,
//   h(u) = a (sqrt(u^2 + r^2) - r) + b u + c u^2/2,  w(u) = t_s (sqrt(u^2 + r^2) - r) + t_a u,
// a surface of second order on each facet (c its curvature, t_a +- t_s its twist away from the
// ridge), smooth across the ridge, with the sagittal slope s at the apex y_a and the curvature k
// above or below it,
// and it is discretised into patches (centre, outward normal, area) over an ellipse of the
// articular width and height for the elastic-foundation contact.
#include "models/patellofemoral_spec.hpp"

#include <Eigen/Core>

#include <vector>

namespace kneeload::models {

struct ContactPatch {
  Eigen::Vector3d centre_m;   // patella frame, m
  Eigen::Vector3d normal;     // outward (posterior-facing) unit normal, patella frame
  double area_m2 = 0.0;       // m^2
  bool lateral = false;       // on the lateral facet (lateral of the ridge)
};

// The surface at (y, z) of the patella frame: its X and both slopes.
struct PatellaSurfacePoint {
  double x_m = 0.0;    // m
  double dx_dy = 0.0;  // 1
  double dx_dz = 0.0;  // 1
};
PatellaSurfacePoint calc_patella_surface(const PatellaSurfaceSpec& spec, double y_m, double z_m);

// Patches of the articular surface; InputError naming the field for a bad spec.
std::vector<ContactPatch> make_patella_patches(const PatellaSurfaceSpec& spec);

}  // namespace kneeload::models
