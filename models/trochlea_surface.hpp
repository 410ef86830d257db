#pragma once
// Analytic trochlear groove (DESIGN.md §3.4): a V-shaped groove with a rounded floor, the lateral
// facet steeper (higher), swept around a sagittal circle that wraps the femoral condyles.
// Sized from the Lenhart et al. 2015 femur (Ann Biomed Eng 43:2675) by
// data/scripts/derive_knee_geometry.py. In cylindrical coordinates about the axis through
// (centre_x, centre_y) parallel to Z, the articular surface is
//   rho_s(z) = R + g(z - z_s),  g(u) = a (sqrt(u^2 + r0^2) - r0) + b u + q(u),
// a = (tan beta_L + tan beta_M)/2, b = (tan beta_L - tan beta_M)/2, beta_L + beta_M = pi - sulcus
// (the inclines at the floor), q(u) = c u^2/2 the facet curvature (c_L lateral, c_M medial),
// fitted to the femur mesh within |u| <= w and continued tangentially beyond.
// The signed gap of a point is (rho - rho_s)/sqrt(1 + g'^2): cheap, analytic, no mesh search.
#include "models/patellofemoral_spec.hpp"

#include <Eigen/Core>

#include <cmath>

namespace kneeload::models {

struct TrochleaSurface {
  double centre_x_m = 0, centre_y_m = 0;  // m, femur frame
  double radius_m = 0;                    // m, groove floor
  double sulcus_z_m = 0;                  // m
  double incline_mean = 0;                // a, 1
  double incline_asymmetry = 0;           // b, 1 (> 0: lateral facet steeper)
  double floor_radius_m = 0;              // r0, m
  double lateral_curvature_per_m = 0;     // c_L, 1/m (facet curvature, u > 0)
  double medial_curvature_per_m = 0;      // c_M, 1/m (u < 0)
  double curved_half_width_m = 0;         // w, m: c u^2/2 inside |u| <= w, tangent beyond
};

TrochleaSurface make_trochlea_surface(const TrochleaSpec& spec);

// Height of the facet profile above the sulcus at mediolateral offset u (m) and its derivatives.
struct TrochleaProfile {
  double g_m, dg, d2g_per_m;  // m, 1, 1/m
};
inline TrochleaProfile calc_trochlea_profile(const TrochleaSurface& s, double u_m) {
  const double root = std::sqrt(u_m * u_m + s.floor_radius_m * s.floor_radius_m);
  const double c = u_m > 0.0 ? s.lateral_curvature_per_m : s.medial_curvature_per_m;
  const double w = s.curved_half_width_m, au = std::abs(u_m);
  const double q = au <= w ? 0.5 * c * u_m * u_m : c * w * (au - 0.5 * w);  // m
  const double dq = au <= w ? c * u_m : (u_m > 0.0 ? c * w : -c * w);      // 1
  const double d2q = au <= w ? c : 0.0;                                   // 1/m
  return {s.incline_mean * (root - s.floor_radius_m) + s.incline_asymmetry * u_m + q,
          s.incline_mean * u_m / root + s.incline_asymmetry + dq,
          s.incline_mean * s.floor_radius_m * s.floor_radius_m / (root * root * root) + d2q};
}

}  // namespace kneeload::models
