#pragma once
// Analytic trochlear groove (DESIGN.md §3.4): a V-shaped groove with a rounded floor, the lateral
// facet steeper (higher), swept around a sagittal circle that wraps the femoral condyles.
// Sized from the Lenhart et al. 2015 femur (Ann Biomed Eng 43:2675) by
// data/scripts/derive_knee_geometry.py. In cylindrical coordinates about the axis through
// (centre_x, centre_y) parallel to Z, the articular surface is
//   rho_s(z) = R + g(z - z_s),  g(u) = a (sqrt(u^2 + r0^2) - r0) + b u,
// a = (tan beta_L + tan beta_M)/2, b = (tan beta_L - tan beta_M)/2, beta_L + beta_M = pi - sulcus.
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
};

TrochleaSurface make_trochlea_surface(const TrochleaSpec& spec);

// Height of the facet profile above the sulcus at mediolateral offset u (m) and its derivatives.
struct TrochleaProfile {
  double g_m, dg, d2g_per_m;  // m, 1, 1/m
};
inline TrochleaProfile calc_trochlea_profile(const TrochleaSurface& s, double u_m) {
  const double root = std::sqrt(u_m * u_m + s.floor_radius_m * s.floor_radius_m);
  return {s.incline_mean * (root - s.floor_radius_m) + s.incline_asymmetry * u_m,
          s.incline_mean * u_m / root + s.incline_asymmetry,
          s.incline_mean * s.floor_radius_m * s.floor_radius_m / (root * root * root)};
}

}  // namespace kneeload::models
