// Terrain of the scenarios: flat, sloped plane, stairs with real step edges (DESIGN §3.7, §4).
#include "scenarios/terrain.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <limits>

#include "scenarios/parameter_values.hpp"
#include "solver/errors.hpp"

namespace kneeload {

namespace {

constexpr double kRunout_m = 100.0;  // flat ground before and landing after the stairs

void check_range(const char* key, double value, double lo, double hi, const char* unit) {
  if (!(value >= lo && value <= hi))
    throw InputError(fmt::format("{} = {} {} is outside [{}, {}] {}", key, value, unit, lo, hi, unit));
}

}  // namespace

TerrainSpec make_terrain_spec(const Parameters& params) {
  TerrainSpec spec;
  const std::string& scenario = params.get_scenario();
  if (scenario == "downhill_run") {
    spec.kind = TerrainKind::slope;
    spec.slope_rad = params.get_angle_rad("terrain.slope_deg");
  } else if (scenario == "stair_ascent" || scenario == "stair_descent") {
    spec.kind = scenario == "stair_ascent" ? TerrainKind::stairs_up : TerrainKind::stairs_down;
    spec.step_rise_m = params.get_number("terrain.step_rise_m");
    spec.step_tread_m = params.get_number("terrain.step_tread_m");
  }
  return spec;
}

std::unique_ptr<Terrain> make_terrain(const TerrainSpec& spec) {
  switch (spec.kind) {
    case TerrainKind::flat:
      return std::make_unique<PlaneTerrain>();
    case TerrainKind::slope: {
      const double slope_deg = spec.slope_rad * 180.0 / M_PI;
      check_range("terrain.slope_deg", slope_deg, -20.0, 0.0, "deg");
      return std::make_unique<PlaneTerrain>(PlaneTerrain::makeSlope(spec.slope_rad));
    }
    case TerrainKind::stairs_up:
    case TerrainKind::stairs_down:
      check_range("terrain.step_rise_m", spec.step_rise_m, 0.10, 0.25, "m");
      check_range("terrain.step_tread_m", spec.step_tread_m, 0.20, 0.40, "m");
      if (spec.num_steps < 1 || spec.num_steps > 1000)
        throw InputError(fmt::format("stairs: num_steps = {} is outside [1, 1000]", spec.num_steps));
      if (!std::isfinite(spec.first_riser_x_m))
        throw InputError("stairs: first_riser_x_m is not finite");
      return std::make_unique<StairsTerrain>(spec.step_rise_m, spec.step_tread_m,
                                             spec.kind == TerrainKind::stairs_up,
                                             spec.first_riser_x_m, spec.num_steps);
  }
  throw InvariantError("make_terrain: unknown terrain kind");
}

StairsTerrain::StairsTerrain(double rise_m, double tread_m, bool ascending, double first_riser_x_m,
                             int num_steps) {
  KNEELOAD_CHECK(rise_m > 0.0 && tread_m > 0.0 && num_steps >= 1,
                 "stairs need rise {} m > 0, tread {} m > 0 and {} ≥ 1 steps", rise_m, tread_m,
                 num_steps);
  const double sign = ascending ? 1.0 : -1.0;
  edge_x_m_.resize(num_steps + 2);
  tread_y_m_.resize(num_steps + 1);
  edge_x_m_[0] = first_riser_x_m - kRunout_m;
  for (int k = 1; k <= num_steps; ++k) edge_x_m_[k] = first_riser_x_m + (k - 1) * tread_m;
  edge_x_m_[num_steps + 1] = edge_x_m_[num_steps] + kRunout_m;
  for (int k = 0; k <= num_steps; ++k) tread_y_m_[k] = sign * k * rise_m;
}

double StairsTerrain::calc_height_m(double x_m) const {
  const auto it = std::upper_bound(edge_x_m_.begin(), edge_x_m_.end(), x_m);
  const int last = static_cast<int>(tread_y_m_.size()) - 1;
  const int i = std::clamp(static_cast<int>(it - edge_x_m_.begin()) - 1, 0, last);
  return tread_y_m_[i];
}

TerrainPlane StairsTerrain::calcLocalPlane(const Eigen::Vector3d& p_m) const {
  const double x = p_m.x(), y = p_m.y();
  const int last = static_cast<int>(tread_y_m_.size()) - 1;  // index of the landing tread
  const auto it = std::upper_bound(edge_x_m_.begin(), edge_x_m_.end(), x);
  const int i = std::clamp(static_cast<int>(it - edge_x_m_.begin()) - 1, 0, last);

  // Nearest point of the profile among the features of the neighbouring steps (enough for any
  // point within one tread of the surface, i.e. every sphere that can touch it).
  double best_d2 = std::numeric_limits<double>::infinity();
  Eigen::Vector2d best(0.0, 0.0);
  Eigen::Vector2d face_normal(0.0, 1.0);
  auto consider = [&](double cx, double cy, const Eigen::Vector2d& n) {
    const double d2 = (x - cx) * (x - cx) + (y - cy) * (y - cy);
    if (d2 < best_d2) {
      best_d2 = d2;
      best = {cx, cy};
      face_normal = n;
    }
  };
  for (int j = std::max(0, i - 2); j <= std::min(last, i + 2); ++j)  // treads
    consider(std::clamp(x, edge_x_m_[j], edge_x_m_[j + 1]), tread_y_m_[j], {0.0, 1.0});
  for (int j = std::max(1, i - 1); j <= std::min(last, i + 2); ++j) {  // risers
    const double lo = std::min(tread_y_m_[j - 1], tread_y_m_[j]);
    const double hi = std::max(tread_y_m_[j - 1], tread_y_m_[j]);
    // The solid lies on the side of the higher tread: the riser faces away from it.
    const double nx = tread_y_m_[j] > tread_y_m_[j - 1] ? -1.0 : 1.0;
    consider(edge_x_m_[j], std::clamp(y, lo, hi), {nx, 0.0});
  }

  // Outward normal: along the line from the nearest point to p (radial at a nosing edge, the
  // face normal on a face), flipped when p lies inside the step; the face normal on the surface.
  const double d = std::sqrt(best_d2);
  Eigen::Vector2d n = face_normal;
  if (d > 1e-12) {
    const bool inside = y < tread_y_m_[i];
    n = (Eigen::Vector2d(x, y) - best) / d;
    if (inside) n = -n;
  }
  TerrainPlane plane;
  plane.point_m = Eigen::Vector3d(best.x(), best.y(), p_m.z());
  plane.normal = Eigen::Vector3d(n.x(), n.y(), 0.0);
  return plane;
}

}  // namespace kneeload
