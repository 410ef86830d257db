#include "models/trochlea_surface.hpp"

#include "solver/errors.hpp"

#include <cmath>

namespace kneeload::models {

TrochleaSurface make_trochlea_surface(const TrochleaSpec& spec) {
  if (!(spec.sulcus_angle_deg > 90.0 && spec.sulcus_angle_deg < 180.0))
    throw InputError(fmt::format("trochlea.sulcus_angle_deg = {} is outside (90, 180) deg",
                                 spec.sulcus_angle_deg));
  if (!(spec.lateral_incline_share > 0.0 && spec.lateral_incline_share < 1.0))
    throw InputError(fmt::format("trochlea.lateral_incline_share = {} is outside (0, 1)",
                                 spec.lateral_incline_share));
  if (!(spec.groove_radius_m > 0.005 && spec.floor_radius_m > 0.0))
    throw InputError(fmt::format("trochlea: groove radius {} m and floor radius {} m must be "
                                 "positive (radius > 5 mm)", spec.groove_radius_m, spec.floor_radius_m));
  const double pi = 3.14159265358979323846;
  const double inclines_rad = pi - spec.sulcus_angle_deg * pi / 180.0;  // beta_L + beta_M
  const double tan_lateral = std::tan(spec.lateral_incline_share * inclines_rad);
  const double tan_medial = std::tan((1.0 - spec.lateral_incline_share) * inclines_rad);
  TrochleaSurface s;
  s.centre_x_m = spec.centre_x_m;
  s.centre_y_m = spec.centre_y_m;
  s.radius_m = spec.groove_radius_m;
  s.sulcus_z_m = spec.sulcus_z_m;
  s.incline_mean = 0.5 * (tan_lateral + tan_medial);
  s.incline_asymmetry = 0.5 * (tan_lateral - tan_medial);
  s.floor_radius_m = spec.floor_radius_m;
  if (!(spec.facet_fit_half_width_m >= 0.0))
    throw InputError(fmt::format("trochlea.facet_fit_half_width_m = {} must be >= 0",
                                 spec.facet_fit_half_width_m));
  s.lateral_curvature_per_m = spec.lateral_facet_curvature_per_m;
  s.medial_curvature_per_m = spec.medial_facet_curvature_per_m;
  s.curved_half_width_m = spec.facet_fit_half_width_m;
  return s;
}

}  // namespace kneeload::models
