// Terrain (scenarios/terrain.hpp): analytic nearest surfaces of a slope and of stairs with real
// step edges (tread tops, riser faces, nosing edges), and the contact force at an edge.
#include "scenarios/terrain.hpp"

#include <catch2/catch.hpp>

#include <cmath>

#include "scenarios/parameter_values.hpp"
#include "solver/errors.hpp"

using namespace kneeload;

namespace {

// Signed distance of p from the terrain as the contact model sees it: n·(p − point).
double signed_distance_m(const TerrainPlane& plane, const Eigen::Vector3d& p) {
  return plane.normal.dot(p - plane.point_m);
}

void check_plane(const Terrain& terrain, const Eigen::Vector3d& p, const Eigen::Vector3d& normal,
                 double distance_m) {
  const TerrainPlane plane = terrain.calcLocalPlane(p);
  INFO("p = (" << p.x() << ", " << p.y() << ", " << p.z() << "), normal = (" << plane.normal.x()
               << ", " << plane.normal.y() << ", " << plane.normal.z() << ")");
  CHECK((plane.normal - normal).norm() < 1e-12);
  CHECK(signed_distance_m(plane, p) == Approx(distance_m).margin(1e-12));
}

constexpr double kRise_m = 0.17, kTread_m = 0.28;

}  // namespace

TEST_CASE("terrain: the slope's normal is (−sin s, cos s) and a point's height above it is "
          "(y − x·tan s)·cos s", "[terrain]") {
  for (const double slope_deg : {-6.0, -20.0, 0.0}) {
    TerrainSpec spec;
    spec.kind = TerrainKind::slope;
    spec.slope_rad = slope_deg * M_PI / 180.0;
    const auto terrain = make_terrain(spec);
    const double s = spec.slope_rad;
    const Eigen::Vector3d p(1.3, 0.2, -0.1);
    INFO("slope " << slope_deg << " deg");
    check_plane(*terrain, p, Eigen::Vector3d(-std::sin(s), std::cos(s), 0.0),
                (p.y() - p.x() * std::tan(s)) * std::cos(s));
  }
  // Downhill along +X: the normal leans forward.
  TerrainSpec downhill;
  downhill.kind = TerrainKind::slope;
  downhill.slope_rad = -6.0 * M_PI / 180.0;
  CHECK(make_terrain(downhill)->calcLocalPlane(Eigen::Vector3d::Zero()).normal.x() > 0.0);
}

TEST_CASE("terrain: ascending stairs give the tread top, the riser face and the nosing edge "
          "nearest to a point, with their analytic normals and distances", "[terrain]") {
  const StairsTerrain stairs(kRise_m, kTread_m, /*ascending=*/true, /*first_riser_x_m=*/0.5, 6);
  const double riser2_x = 0.5 + kTread_m, tread2_y = 2 * kRise_m;
  CHECK(stairs.get_riser_x_m(2) == Approx(riser2_x));
  CHECK(stairs.get_tread_height_m(2) == Approx(tread2_y));
  CHECK(stairs.calc_height_m(riser2_x + 0.1) == Approx(tread2_y));
  CHECK(stairs.calc_height_m(0.0) == 0.0);

  // Above the middle of tread 2: the tread, normal +Y, height above it.
  check_plane(stairs, {riser2_x + 0.14, tread2_y + 0.05, 0.1}, Eigen::Vector3d::UnitY(), 0.05);
  // Just below tread 2's top (a penetrating sphere centre): negative distance.
  check_plane(stairs, {riser2_x + 0.14, tread2_y - 0.01, 0.0}, Eigen::Vector3d::UnitY(), -0.01);
  // In front of riser 2, 2 cm from its face and 10 cm above tread 1: the riser, normal −X.
  check_plane(stairs, {riser2_x - 0.02, kRise_m + 0.10, 0.0}, -Eigen::Vector3d::UnitX(), 0.02);
  // Above and in front of the nosing of step 2, 2 cm from it at 30° from vertical: the edge,
  // normal along the line from the edge to the point.
  const Eigen::Vector3d nosing(riser2_x, tread2_y, 0.0);
  const Eigen::Vector3d direction(-std::sin(M_PI / 6), std::cos(M_PI / 6), 0.0);
  check_plane(stairs, nosing + 0.02 * direction, direction, 0.02);
  // On riser 2's face itself (zero distance): the face normal.
  check_plane(stairs, {riser2_x, 1.5 * kRise_m, 0.0}, -Eigen::Vector3d::UnitX(), 0.0);
  // Near the foot of riser 2 (a concave corner), closer to the tread below: tread 1, normal +Y.
  check_plane(stairs, {riser2_x - 0.05, kRise_m + 0.03, 0.0}, Eigen::Vector3d::UnitY(), 0.03);
  // On the ground before the stairs.
  check_plane(stairs, {0.2, 0.04, 0.0}, Eigen::Vector3d::UnitY(), 0.04);
}

TEST_CASE("terrain: descending stairs drop along +X, the riser faces +X and the nosing is at the "
          "top of each riser", "[terrain]") {
  const StairsTerrain stairs(kRise_m, kTread_m, /*ascending=*/false, /*first_riser_x_m=*/0.0, 4);
  const double riser2_x = kTread_m;
  CHECK(stairs.get_tread_height_m(2) == Approx(-2 * kRise_m));
  // Tread 2 top.
  check_plane(stairs, {riser2_x + 0.2, -2 * kRise_m + 0.03, 0.0}, Eigen::Vector3d::UnitY(), 0.03);
  // Beyond riser 2 (on the +X side), below the nosing: the riser face, normal +X.
  check_plane(stairs, {riser2_x + 0.015, -kRise_m - 0.08, 0.0}, Eigen::Vector3d::UnitX(), 0.015);
  check_plane(stairs, {riser2_x, -1.5 * kRise_m, 0.0}, Eigen::Vector3d::UnitX(), 0.0);
  // Beyond and above the nosing at (riser2_x, −rise): radial normal, leaning forward.
  const Eigen::Vector3d nosing(riser2_x, -kRise_m, 0.0);
  const Eigen::Vector3d direction = Eigen::Vector3d(0.6, 0.8, 0.0);
  check_plane(stairs, nosing + 0.025 * direction, direction, 0.025);
  // The landing after the last step.
  check_plane(stairs, {5.0, -4 * kRise_m + 0.01, 0.0}, Eigen::Vector3d::UnitY(), 0.01);
}

TEST_CASE("terrain: a sphere pressed onto a nosing edge is pushed along the line from the edge to "
          "its centre with the overlap r − |c − edge| (Hunt–Crossley)", "[terrain]") {
  const StairsTerrain stairs(kRise_m, kTread_m, true, 0.0, 3);
  FootContactSpec spec;
  spec.spheres = {{"heel", Eigen::Vector3d::Zero(), 0.03, 1.0, true}};
  ShoeSpec barefoot_like;
  const FootContactModel model = compileFootContact(spec, barefoot_like);
  FootContactResult result = makeFootContactResult(model);
  // Centre 2.5 cm from the nosing of step 1 at (0, rise), 45° up and back: overlap 5 mm (sphere
  // radius 30 mm less the sole thickness is accounted for in the model's centre offset).
  const Eigen::Vector3d nosing(0.0, kRise_m, 0.0);
  const Eigen::Vector3d direction = Eigen::Vector3d(-1.0, 1.0, 0.0).normalized();
  FootMotion foot;
  const Eigen::Vector3d centre_in_foot = model.spheres[0].center_in_foot_m;
  foot.origin_m = nosing + 0.025 * direction - centre_in_foot;
  calcFootContactForces(model, stairs, foot, result);
  const double overlap_m = model.spheres[0].radius_m - 0.025;
  REQUIRE(overlap_m > 0.0);
  CHECK(result.penetration_m[0] == Approx(overlap_m));
  CHECK(result.force_N[0].normalized().dot(direction) == Approx(1.0));
  CHECK(result.normal_force_N[0] ==
        Approx(calcHuntCrossleyNormalForce(model.spheres[0].stiffness_N_per_m1p5,
                                           model.spheres[0].damping_s_per_m, overlap_m, 0.0)));
}

TEST_CASE("terrain: each scenario gets its terrain from the parameters, and out-of-range values "
          "name their key", "[terrain]") {
  CHECK(make_terrain_spec(Parameters::make_defaults("level_run")).kind == TerrainKind::flat);
  CHECK(make_terrain_spec(Parameters::make_defaults("level_walk")).kind == TerrainKind::flat);
  const TerrainSpec downhill = make_terrain_spec(Parameters::make_defaults("downhill_run"));
  CHECK(downhill.kind == TerrainKind::slope);
  CHECK(downhill.slope_rad == Approx(-6.0 * M_PI / 180.0));
  const TerrainSpec up = make_terrain_spec(Parameters::make_defaults("stair_ascent"));
  CHECK(up.kind == TerrainKind::stairs_up);
  CHECK(up.step_rise_m == Approx(0.17));
  CHECK(up.step_tread_m == Approx(0.28));
  CHECK(make_terrain_spec(Parameters::make_defaults("stair_descent")).kind ==
        TerrainKind::stairs_down);

  TerrainSpec bad = up;
  bad.step_rise_m = 0.3;
  CHECK_THROWS_WITH(make_terrain(bad), Catch::Contains("terrain.step_rise_m"));
  bad = downhill;
  bad.slope_rad = 0.1;
  CHECK_THROWS_WITH(make_terrain(bad), Catch::Contains("terrain.slope_deg"));
}
