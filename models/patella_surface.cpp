#include "models/patella_surface.hpp"

#include "solver/errors.hpp"

#include <cmath>

namespace kneeload::models {

PatellaSurfacePoint calc_patella_surface(const PatellaSurfaceSpec& spec, double y_m, double z_m) {
  // Slope and twist split alike into a part on the rounded ridge term and one linear in u, so
  // that both stay smooth across the ridge.
  const double a = 0.5 * (spec.lateral_facet_slope + spec.medial_facet_slope);
  const double b = 0.5 * (spec.lateral_facet_slope - spec.medial_facet_slope);
  const double t_s = 0.5 * (spec.lateral_facet_twist_per_m - spec.medial_facet_twist_per_m);
  const double t_a = 0.5 * (spec.lateral_facet_twist_per_m + spec.medial_facet_twist_per_m);
  const double r = spec.ridge_radius_m;
  const double v = y_m - spec.apex_y_m, u = z_m - spec.ridge_z_m;
  const double k = v > 0.0 ? spec.superior_curvature_per_m : spec.inferior_curvature_per_m;
  const double root = std::sqrt(u * u + r * r);
  const double c =
      u > 0.0 ? spec.lateral_facet_curvature_per_m : spec.medial_facet_curvature_per_m;
  const double twist = t_s * (root - r) + t_a * u;  // dx/dy from the twist, 1
  PatellaSurfacePoint p;
  p.x_m = spec.ridge_x_m + spec.sagittal_slope * v + 0.5 * k * v * v + a * (root - r) + b * u +
          0.5 * c * u * u + twist * v;
  p.dx_dy = spec.sagittal_slope + k * v + twist;
  p.dx_dz = a * u / root + b + c * u + (t_s * u / root + t_a) * v;
  return p;
}

std::vector<ContactPatch> make_patella_patches(const PatellaSurfaceSpec& spec) {
  if (spec.n_rows < 4 || spec.n_columns < 4 || spec.n_rows * spec.n_columns > 4000)
    throw InputError(fmt::format("patella patch grid {} x {} is outside 4..4000 patches",
                                 spec.n_rows, spec.n_columns));
  if (!(spec.width_m > 0.0 && spec.height_m > 0.0 && spec.ridge_radius_m > 0.0))
    throw InputError(fmt::format("patella width {} m, height {} m and ridge radius {} m must be "
                                 "positive", spec.width_m, spec.height_m, spec.ridge_radius_m));
  const double dy = spec.height_m / spec.n_rows, dz = spec.width_m / spec.n_columns;  // m
  std::vector<ContactPatch> patches;
  patches.reserve(static_cast<std::size_t>(spec.n_rows * spec.n_columns));
  for (int i = 0; i < spec.n_rows; ++i) {
    for (int j = 0; j < spec.n_columns; ++j) {
      const double y = spec.centre_y_m - 0.5 * spec.height_m + (i + 0.5) * dy;
      const double z = spec.centre_z_m - 0.5 * spec.width_m + (j + 0.5) * dz;
      const double ey = (y - spec.centre_y_m) / (0.5 * spec.height_m);
      const double ez = (z - spec.centre_z_m) / (0.5 * spec.width_m);
      if (ey * ey + ez * ez > 1.0) continue;  // outside the articular ellipse
      const PatellaSurfacePoint surface = calc_patella_surface(spec, y, z);
      ContactPatch p;
      p.centre_m = Eigen::Vector3d(surface.x_m, y, z);
      // Material lies anterior (x > x_s): the outward normal points posteriorly.
      p.normal = Eigen::Vector3d(-1.0, surface.dx_dy, surface.dx_dz).normalized();
      p.area_m2 = dy * dz * std::sqrt(1.0 + surface.dx_dy * surface.dx_dy +
                                      surface.dx_dz * surface.dx_dz);
      p.lateral = z > spec.ridge_z_m;
      patches.push_back(p);
    }
  }
  return patches;
}

}  // namespace kneeload::models
