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
