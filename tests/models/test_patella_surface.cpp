// The patellar surface's patches (models/patella_surface.hpp) against the surface they sample.
#include "models/patella_surface.hpp"
#include "models/patellofemoral_spec.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <optional>

using namespace kneeload::models;

namespace {

// The patch centred at (y, z), if the grid has one there.
std::optional<ContactPatch> find_patch(const std::vector<ContactPatch>& patches, double y,
                                       double z) {
  for (const ContactPatch& p : patches)
    if (std::abs(p.centre_m.y() - y) < 1e-9 && std::abs(p.centre_m.z() - z) < 1e-9) return p;
  return std::nullopt;
}

}  // namespace

// Geometry: a patch's normal is perpendicular to the surface, so to the chords joining its two
// neighbours along the row (Z) and along the column (Y); on a surface of second order the chord
// through the points at +-h is parallel to the tangent at the middle. Skipped where a chord would
// cross the ridge's rounding (|u| < 3 r) or the apex (the curvature changes there). A normal that
// leaves out any term of the surface's slope (the sagittal slope, a facet's twist) tilts by up to
// 0.1 rad and fails.
TEST_CASE("Patella patches: each normal is perpendicular to the chords through its neighbours",
          "[patella_surface]") {
  const PatellaSurfaceSpec spec = load_lenhart2015_patellofemoral_spec().patella;
  REQUIRE(spec.sagittal_slope != 0.0);  // the fitted surface has every term
  REQUIRE(spec.lateral_facet_twist_per_m != 0.0);
  REQUIRE(spec.medial_facet_twist_per_m != 0.0);
  const std::vector<ContactPatch> patches = make_patella_patches(spec);
  const double dy = spec.height_m / spec.n_rows, dz = spec.width_m / spec.n_columns;  // m
  int checked_rows = 0, checked_columns = 0;
  for (const ContactPatch& p : patches) {
    const double y = p.centre_m.y(), z = p.centre_m.z();
    const double u = z - spec.ridge_z_m, v = y - spec.apex_y_m;
    INFO("patch at y = " << y * 1e3 << " mm, z = " << z * 1e3 << " mm");
    const auto left = find_patch(patches, y, z - dz), right = find_patch(patches, y, z + dz);
    if (left && right && std::abs(u) - dz > 3.0 * spec.ridge_radius_m) {
      const Eigen::Vector3d chord = (right->centre_m - left->centre_m).normalized();
      CHECK(std::abs(p.normal.dot(chord)) < 1e-3);
      ++checked_rows;
    }
    const auto below = find_patch(patches, y - dy, z), above = find_patch(patches, y + dy, z);
    if (below && above && std::abs(v) > dy) {
      const Eigen::Vector3d chord = (above->centre_m - below->centre_m).normalized();
      CHECK(std::abs(p.normal.dot(chord)) < 1e-3);
      ++checked_columns;
    }
  }
  CHECK(checked_rows > 50);
  CHECK(checked_columns > 50);
}

// Calculus: the slopes are the derivatives of the surface, everywhere on the articular ellipse,
// across the ridge's rounding too (central differences, h = 1 um; the curvature changes at the
// apex, y = y_a, so points within 2h of it are left out).
TEST_CASE("Patella surface: its slopes are the central differences of its height, ridge included",
          "[patella_surface]") {
  const PatellaSurfaceSpec spec = load_lenhart2015_patellofemoral_spec().patella;
  constexpr double h = 1e-6;  // m
  int checked = 0, near_ridge = 0;
  for (int i = 0; i <= 40; ++i) {
    for (int j = 0; j <= 80; ++j) {
      const double y = spec.centre_y_m + spec.height_m * (i / 40.0 - 0.5);
      const double z = spec.centre_z_m + spec.width_m * (j / 80.0 - 0.5);
      const double ey = (y - spec.centre_y_m) / (0.5 * spec.height_m);
      const double ez = (z - spec.centre_z_m) / (0.5 * spec.width_m);
      if (ey * ey + ez * ez > 1.0 || std::abs(y - spec.apex_y_m) < 2 * h) continue;
      const PatellaSurfacePoint p = calc_patella_surface(spec, y, z);
      const double dy = (calc_patella_surface(spec, y + h, z).x_m -
                         calc_patella_surface(spec, y - h, z).x_m) / (2 * h);
      const double dz = (calc_patella_surface(spec, y, z + h).x_m -
                         calc_patella_surface(spec, y, z - h).x_m) / (2 * h);
      INFO("y = " << y * 1e3 << " mm, z = " << z * 1e3 << " mm");
      CHECK(p.dx_dy == Approx(dy).margin(1e-7));
      CHECK(p.dx_dz == Approx(dz).margin(1e-7));
      ++checked;
      near_ridge += std::abs(z - spec.ridge_z_m) < spec.ridge_radius_m;
    }
  }
  CHECK(checked > 2000);
  CHECK(near_ridge > 40);
}

// The fitted coefficients land where the surface says (a swap or a sign slip in their mapping
// fails): far from the ridge (|u| = 15 mm >> r = 2 mm) each facet's mediolateral slope at the apex
// is its slope at the ridge plus its curvature times u, and its change with y is its twist.
TEST_CASE("Patella surface: each facet's slope and twist away from the ridge are the fitted ones",
          "[patella_surface]") {
  const PatellaSurfaceSpec spec = load_lenhart2015_patellofemoral_spec().patella;
  const double r = spec.ridge_radius_m, u = 0.015, y = spec.apex_y_m;  // m
  const double round = u / std::sqrt(u * u + r * r) - 1.0;  // the rounding's residue at |u|, 1
  const double a = 0.5 * (spec.lateral_facet_slope + spec.medial_facet_slope);
  const PatellaSurfacePoint lat = calc_patella_surface(spec, y, spec.ridge_z_m + u);
  const PatellaSurfacePoint med = calc_patella_surface(spec, y, spec.ridge_z_m - u);
  CHECK(lat.dx_dz == Approx(spec.lateral_facet_slope + a * round +
                            spec.lateral_facet_curvature_per_m * u).margin(1e-12));
  CHECK(-med.dx_dz == Approx(spec.medial_facet_slope + a * round +
                             spec.medial_facet_curvature_per_m * u).margin(1e-12));
  constexpr double dv = 0.004;  // m, on the superior side of the apex
  const double t_s = 0.5 * (spec.lateral_facet_twist_per_m - spec.medial_facet_twist_per_m);
  const double lat_twist = (calc_patella_surface(spec, y + dv, spec.ridge_z_m + u).dx_dz -
                            calc_patella_surface(spec, y + 1e-9, spec.ridge_z_m + u).dx_dz) / dv;
  const double med_twist = (calc_patella_surface(spec, y + dv, spec.ridge_z_m - u).dx_dz -
                            calc_patella_surface(spec, y + 1e-9, spec.ridge_z_m - u).dx_dz) / dv;
  CHECK(lat_twist == Approx(spec.lateral_facet_twist_per_m + t_s * round).epsilon(1e-6));
  CHECK(med_twist == Approx(spec.medial_facet_twist_per_m - t_s * round).epsilon(1e-6));
  CHECK(spec.lateral_facet_twist_per_m != Approx(spec.medial_facet_twist_per_m).epsilon(0.1));
}

// Geometry: a patch is the part of the surface over its grid cell, so its area projected on the
// Y-Z plane (area times |n_x|) is the cell's, dy dz; and its normal faces posteriorly (-X).
TEST_CASE("Patella patches: each patch projects onto its grid cell", "[patella_surface]") {
  const PatellaSurfaceSpec spec = load_lenhart2015_patellofemoral_spec().patella;
  const std::vector<ContactPatch> patches = make_patella_patches(spec);
  const double cell_m2 = spec.height_m / spec.n_rows * spec.width_m / spec.n_columns;
  REQUIRE(patches.size() > 100);
  for (const ContactPatch& p : patches) {
    CHECK(p.normal.norm() == Approx(1.0).epsilon(1e-12));
    CHECK(p.normal.x() < 0.0);
    CHECK(p.area_m2 * std::abs(p.normal.x()) == Approx(cell_m2).epsilon(1e-12));
  }
}
