// Compliant-sphere foot contact (Hunt & Crossley 1975; smooth Coulomb friction) and the shoe
// mapping: analytic static solution, restitution of a drop, damping sign, friction bounds, and the
// sole-stiffness definition.
#include <catch2/catch.hpp>

#include <cmath>

#include "models/foot_contact.hpp"
#include "models/shoe.hpp"
#include "solver/errors.hpp"

using namespace kneeload;

namespace {

constexpr double kGravity_mps2 = 9.80665;

// One sphere at the foot origin carrying the whole sole.
FootContactModel makeSingleSphere(const ShoeSpec& shoe, double friction = 0.8) {
  FootContactSpec spec;
  spec.spheres = {{"ball", Eigen::Vector3d::Zero(), 0.03, 1.0, false}};
  spec.friction_coefficient = friction;
  return compileFootContact(spec, shoe);
}

ShoeSpec makeBareShoe() {
  ShoeSpec s;
  s.forefoot_sole_thickness_m = 0.0;
  s.heel_drop_m = 0.0;
  return s;
}

// Vertical motion of a point mass on one sphere over flat ground, RK4; returns {y, vy} after
// `duration_s`, and the rebound speed of the first bounce through `rebound_speed_mps`.
struct Drop {
  double y_m, vy_mps, rebound_speed_mps;
};

Drop simulateDrop(const FootContactModel& model, double mass_kg, double y0_m, double vy0_mps,
                  double duration_s, double dt_s, bool gravity) {
  const PlaneTerrain ground;
  FootContactResult r = makeFootContactResult(model);
  auto accel = [&](double y, double vy) {
    FootMotion foot;
    foot.origin_m = Eigen::Vector3d(0, y, 0);
    foot.velocity_mps = Eigen::Vector3d(0, vy, 0);
    calcFootContactForces(model, ground, foot, r);
    return r.total_force_N.y() / mass_kg - (gravity ? kGravity_mps2 : 0.0);
  };
  const double radius_m = model.spheres[0].radius_m;
  double y = y0_m, vy = vy0_mps, rebound = NAN;
  bool touched = false;
  for (double t = 0; t < duration_s; t += dt_s) {
    const double a1 = accel(y, vy);
    const double y2 = y + 0.5 * dt_s * vy, v2 = vy + 0.5 * dt_s * a1, a2 = accel(y2, v2);
    const double y3 = y + 0.5 * dt_s * v2, v3 = vy + 0.5 * dt_s * a2, a3 = accel(y3, v3);
    const double y4 = y + dt_s * v3, v4 = vy + dt_s * a3, a4 = accel(y4, v4);
    y += dt_s / 6.0 * (vy + 2 * v2 + 2 * v3 + v4);
    vy += dt_s / 6.0 * (a1 + 2 * a2 + 2 * a3 + a4);
    if (y < radius_m) touched = true;
    if (touched && y >= radius_m && std::isnan(rebound)) rebound = vy;
  }
  return {y, vy, rebound};
}

}  // namespace

TEST_CASE("a sphere at rest on flat ground carries body weight at delta = (W/k)^(1/1.5)",
          "[foot_contact]") {
  // Analytic static solution of k·δ^1.5 = W; reached by letting a damped mass settle.
  const FootContactModel model = makeSingleSphere(makeBareShoe());
  const double mass_kg = 70.0, weight_N = mass_kg * kGravity_mps2;
  const double k = model.spheres[0].stiffness_N_per_m1p5;
  const double delta_m = std::pow(weight_N / k, 1.0 / 1.5);
  const Drop d = simulateDrop(model, mass_kg, 0.03, 0.0, 1.5, 1e-5, true);
  CHECK(0.03 - d.y_m == Approx(delta_m).epsilon(1e-6));
  CHECK(d.vy_mps == Approx(0.0).margin(1e-6));

  FootContactResult r = makeFootContactResult(model);
  FootMotion foot;
  foot.origin_m = Eigen::Vector3d(0.2, 0.03 - delta_m, 0.1);
  calcFootContactForces(model, PlaneTerrain(), foot, r);
  CHECK(r.total_force_N.y() == Approx(weight_N).epsilon(1e-12));
  CHECK(r.penetration_m[0] == Approx(delta_m).epsilon(1e-12));
  // Applied midway through the overlap, under the centre.
  CHECK(r.point_m[0].x() == Approx(0.2));
  CHECK(r.point_m[0].y() == Approx(0.5 * -delta_m).epsilon(1e-9));
  CHECK(r.center_of_pressure_m.z() == Approx(0.1));
}

TEST_CASE("a drop rebounds with restitution e = 1 - c·v for small damping", "[foot_contact]") {
  // Hunt & Crossley 1975: F = k·δ^1.5·(1 + 1.5·c·δ̇) gives e ≈ 1 − c·v_in to first order in c·v_in;
  // Lankarani & Nikravesh's second-order form, e² ≈ 1 − 2·c·v_in, bounds the neglected term.
  ShoeSpec shoe = makeBareShoe();
  shoe.damping_s_per_m = 0.02;
  const FootContactModel model = makeSingleSphere(shoe);
  const double v_in_mps = 1.0;
  const Drop d = simulateDrop(model, 10.0, 0.0301, -v_in_mps, 0.1, 1e-6, false);
  const double e = d.rebound_speed_mps / v_in_mps;
  CHECK(e == Approx(1.0 - 0.02 * v_in_mps).margin(4e-4));
  CHECK(e < 1.0);

  shoe.damping_s_per_m = 0.0;  // no damping, no loss
  const Drop elastic = simulateDrop(makeSingleSphere(shoe), 10.0, 0.0301, -v_in_mps, 0.1, 1e-6, false);
  CHECK(elastic.rebound_speed_mps == Approx(v_in_mps).epsilon(1e-6));
}

TEST_CASE("damping makes the force larger when compressing than when releasing",
          "[foot_contact]") {
  const double k = 1e6, c = 2.0, delta_m = 0.005;
  const double elastic_N = k * std::pow(delta_m, 1.5);
  CHECK(calcHuntCrossleyNormalForce(k, c, delta_m, 0.3) > elastic_N);
  CHECK(calcHuntCrossleyNormalForce(k, c, delta_m, -0.3) < elastic_N);
  CHECK(calcHuntCrossleyNormalForce(k, c, delta_m, 0.3) ==
        Approx(elastic_N * (1 + 1.5 * c * 0.3)).epsilon(1e-12));
  // Fast release never pulls the foot into the ground.
  CHECK(calcHuntCrossleyNormalForce(k, c, delta_m, -2.0) == 0.0);
  CHECK(calcHuntCrossleyNormalForce(k, c, -0.001, 0.5) == 0.0);
}

TEST_CASE("friction opposes sliding and is bounded by mu·F_n", "[foot_contact]") {
  const FootContactModel model = makeSingleSphere(makeBareShoe(), 0.8);
  FootContactResult r = makeFootContactResult(model);
  FootMotion foot;
  foot.origin_m = Eigen::Vector3d(0, 0.025, 0);  // 5 mm deep
  for (const Eigen::Vector3d& slip : {Eigen::Vector3d(1.0, 0, 0), Eigen::Vector3d(-0.01, 0, 0.02),
                                      Eigen::Vector3d(0.0, 0, -0.3)}) {
    foot.velocity_mps = slip;
    calcFootContactForces(model, PlaneTerrain(), foot, r);
    const Eigen::Vector3d tangential(r.total_force_N.x(), 0, r.total_force_N.z());
    const double fn_N = r.total_force_N.y();
    CHECK(tangential.dot(slip) < 0.0);
    CHECK(tangential.cross(slip).norm() == Approx(0.0).margin(1e-9 * fn_N));  // antiparallel
    CHECK(tangential.norm() <= 0.8 * fn_N * (1 + 1e-12));
    // tanh law: the ratio to μF_n is tanh(|v|/v_tr).
    CHECK(tangential.norm() / (0.8 * fn_N) ==
          Approx(std::tanh(slip.norm() / model.friction_transition_speed_mps)).epsilon(1e-12));
  }
  foot.velocity_mps.setZero();
  calcFootContactForces(model, PlaneTerrain(), foot, r);
  CHECK(r.total_force_N.x() == 0.0);
}

TEST_CASE("on a slope the contact force is normal to the slope", "[foot_contact]") {
  const double slope_rad = -0.1;  // downhill along +X
  const PlaneTerrain slope = PlaneTerrain::makeSlope(slope_rad);
  const FootContactModel model = makeSingleSphere(makeBareShoe());
  FootContactResult r = makeFootContactResult(model);
  FootMotion foot;
  const Eigen::Vector3d n(-std::sin(slope_rad), std::cos(slope_rad), 0);
  const double x_m = 0.5;
  foot.origin_m = Eigen::Vector3d(x_m, x_m * std::tan(slope_rad), 0) + (0.03 - 0.004) * n;
  calcFootContactForces(model, slope, foot, r);
  CHECK(r.penetration_m[0] == Approx(0.004).epsilon(1e-9));
  CHECK(r.total_force_N.normalized().dot(n) == Approx(1.0).epsilon(1e-12));
}

TEST_CASE("the sole's secant stiffness at the nominal compression is the midsole stiffness",
          "[shoe]") {
  // Mapping: k_i = share_i·K/√δ0, so all spheres pressed by δ0 carry K·δ0 together.
  const ShoeSpec shoe;  // default running shoe
  const FootContactModel model = compileFootContact(makeDefaultFootContactSpec(), shoe);
  double total_N = 0.0;
  for (const ContactSphere& s : model.spheres)
    total_N += calcHuntCrossleyNormalForce(s.stiffness_N_per_m1p5, 0.0, shoe.nominal_compression_m, 0.0);
  CHECK(total_N == Approx(shoe.midsole_stiffness_N_per_m * shoe.nominal_compression_m).epsilon(1e-12));
}

TEST_CASE("the sole lowers the spheres, the heel by the drop as well", "[shoe]") {
  ShoeSpec shoe;
  shoe.forefoot_sole_thickness_m = 0.02;
  shoe.heel_drop_m = 0.01;
  const FootContactSpec spec = makeDefaultFootContactSpec();
  const FootContactModel model = compileFootContact(spec, shoe);
  const int heel = model.findSphere("heel"), met1 = model.findSphere("met1");
  CHECK(model.spheres[heel].center_in_foot_m.y() ==
        Approx(spec.spheres[heel].center_in_foot_m.y() - 0.03));
  CHECK(model.spheres[met1].center_in_foot_m.y() ==
        Approx(spec.spheres[met1].center_in_foot_m.y() - 0.02));
  CHECK_THROWS_WITH(model.findSphere("arch"), Catch::Contains("arch") && Catch::Contains("heel"));
}

TEST_CASE("the foot frame's pitch on a flat sole: toes down by the drop over the heel-to-forefoot "
          "distance", "[shoe]") {
  // By hand: heel lowest point x 0.004 m; the metatarsal spheres' mean x 0.160 m; all barefoot
  // lowest points at the same height, so only the drop tips the sole line.
  ShoeSpec shoe;
  shoe.heel_drop_m = 0.010;
  const FootContactModel model = compileFootContact(makeDefaultFootContactSpec(), shoe);
  CHECK(calcFlatSolePitchRad(model) == Approx(-std::atan2(0.010, 0.156)).epsilon(1e-12));
  // Another drop asked of the same model: 6 mm more tips it further.
  CHECK(calcFlatSolePitchRad(model, 0.006) == Approx(-std::atan2(0.016, 0.156)).epsilon(1e-12));
  // Rigid toes stay out of the sole line too.
  FootContactSpec rigid = makeDefaultFootContactSpec();
  rigid.toes.articulated = false;
  CHECK(calcFlatSolePitchRad(compileFootContact(rigid, shoe)) == calcFlatSolePitchRad(model));
  shoe.heel_drop_m = 0.0;
  CHECK(calcFlatSolePitchRad(compileFootContact(makeDefaultFootContactSpec(), shoe)) ==
        Approx(0.0).margin(1e-15));
}

TEST_CASE("bad shoe and contact input names the key", "[shoe]") {
  ShoeSpec shoe;
  shoe.midsole_stiffness_N_per_m = -5.0;
  CHECK_THROWS_WITH(validateShoeSpec(shoe), Catch::Contains("shoe.midsole_stiffness"));
  FootContactSpec spec = makeDefaultFootContactSpec();
  spec.spheres[1].stiffness_share = 0.9;
  CHECK_THROWS_WITH(compileFootContact(spec, ShoeSpec{}), Catch::Contains("sum"));
  spec = makeDefaultFootContactSpec();
  spec.spheres[2].radius_m = 0.0;
  CHECK_THROWS_WITH(compileFootContact(spec, ShoeSpec{}), Catch::Contains("met5"));
}
