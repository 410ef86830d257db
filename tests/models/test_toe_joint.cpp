// The toe segment at the metatarsophalangeal joint (models/toe_joint.hpp): the toe spheres'
// velocity against a finite difference of their penetration, the balance the solved rate meets, a
// static equilibrium against a hand calculation, the free joint's first-order relaxation, the
// Newton solve's derivative, and the toe flexors' table and strength.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <string>

#include "models/foot_contact.hpp"
#include "models/leg_model.hpp"
#include "models/toe_joint.hpp"
#include "solver/errors.hpp"

using namespace kneeload;

namespace {

// A bare foot with one sphere on the heel and one on the toes, by default 5 cm ahead of the joint.
FootContactModel makeToeFoot(double hunt_crossley_damping_s_per_m, double friction,
                             const Eigen::Vector3d& toe_centre_m = {0.23, 0.0, 0.0}) {
  FootContactSpec spec;
  spec.spheres = {{"heel", {0.0, 0.0, 0.0}, 0.03, 0.5, true, false},
                  {"toe", toe_centre_m, 0.015, 0.5, false, true}};
  spec.friction_coefficient = friction;
  spec.toes.center_in_foot_m = {0.18, 0.0, 0.0};
  ShoeSpec shoe;
  shoe.forefoot_sole_thickness_m = 0.0;
  shoe.heel_drop_m = 0.0;
  shoe.damping_s_per_m = hunt_crossley_damping_s_per_m;
  return compileFootContact(spec, shoe);
}

// The foot at rest, its origin `height_m` above flat ground.
FootMotion makeFootAt(double height_m) {
  FootMotion foot;
  foot.origin_m = Eigen::Vector3d(0.0, height_m, 0.0);
  return foot;
}

constexpr int kToe = 1;

}  // namespace

TEST_CASE("toes: a toe sphere's compression rate is its penetration's rate as the toes turn",
          "[toe_joint]") {
  // Second formulation: δ̇ from the Hunt–Crossley force (F = kδ^1.5(1 + 1.5cδ̇)) against the
  // finite difference dδ/dθ·θ̇.
  const double c_s_per_m = 1.0;
  const FootContactModel model = makeToeFoot(c_s_per_m, 0.0);
  const PlaneTerrain ground;
  FootContactResult r = makeFootContactResult(model);
  FootMotion foot = makeFootAt(0.005);  // the toe sphere 10 mm into the ground at θ = 0
  const double theta_rad = 0.05, rate_radps = 0.8, h = 1e-6;
  auto penetration_m = [&](double angle_rad) {
    foot.toe_angle_rad = angle_rad;
    foot.toe_angle_rate_radps = 0.0;
    calcFootContactForces(model, ground, foot, r);
    return r.penetration_m[kToe];
  };
  const double expected_mps =
      -(penetration_m(theta_rad + h) - penetration_m(theta_rad - h)) / (2 * h) * rate_radps;
  foot.toe_angle_rad = theta_rad;
  foot.toe_angle_rate_radps = rate_radps;
  calcFootContactForces(model, ground, foot, r);
  const double delta_m = r.penetration_m[kToe];
  REQUIRE(delta_m > 0.0);
  const double elastic_N = model.spheres[kToe].stiffness_N_per_m1p5 * std::pow(delta_m, 1.5);
  // Hunt–Crossley's rate is the compression rate, −dδ/dt... with δ̇ > 0 pressing in.
  const double compression_mps = (r.normal_force_N[kToe] / elastic_N - 1.0) / (1.5 * c_s_per_m);
  CHECK(expected_mps > 0.01);  // turning up relieves the sphere: dδ/dt < 0
  CHECK(-compression_mps == Approx(expected_mps).epsilon(1e-6));
}

TEST_CASE("toes: the ground moment's derivative with the toes' rate matches a finite difference",
          "[toe_joint]") {
  // Second formulation of what the Newton solve uses: d(toe moment)/d(rate) against a central
  // difference, with contact damping and friction creeping (viscous range) and sliding (saturated).
  const FootContactModel model = makeToeFoot(2.0, 0.8);
  const PlaneTerrain ground;
  FootContactResult r = makeFootContactResult(model);
  for (double foot_speed_mps : {0.05, 3.0})
    for (double rate_radps : {-4.0, 0.0, 2.0}) {
      FootMotion foot = makeFootAt(0.005);
      foot.velocity_mps = Eigen::Vector3d(foot_speed_mps, -0.1, 0.0);
      foot.toe_angle_rad = 0.05;
      calcFootContactForces(model, ground, foot, r);
      const double h = 1e-6;
      updateToeContactForces(model, rate_radps + h, r);
      const double plus_Nm = r.toe_moment_Nm;
      updateToeContactForces(model, rate_radps - h, r);
      const double minus_Nm = r.toe_moment_Nm;
      updateToeContactForces(model, rate_radps, r);
      CAPTURE(foot_speed_mps, rate_radps, r.toe_moment_Nm);
      REQUIRE(r.normal_force_N[kToe] > 0.0);
      CHECK(r.toe_moment_per_toe_rate_Nms ==
            Approx((plus_Nm - minus_Nm) / (2 * h)).epsilon(1e-6).margin(1e-9));
    }
}

TEST_CASE("toes: the solved rate balances the toes' moments while they press the ground",
          "[toe_joint]") {
  // Pressing and creeping (friction in its viscous range), then sliding fast with the toe sphere
  // 1 cm ahead of and 5 cm below the joint: there the saturated friction flexes the toes more as
  // they press harder (μ·depth > lead): the ground moment rises with the rate, and only the
  // joint's damper makes the balance fall.
  struct Case {
    Eigen::Vector3d toe_centre_m, velocity_mps;
    double height_m;
  };
  const Case cases[] = {{{0.23, 0.0, 0.0}, {0.3, -0.1, 0.0}, 0.005},
                        {{0.19, -0.05, 0.0}, {3.0, 0.0, 0.0}, 0.055}};
  const PlaneTerrain ground;
  const double muscle_Nm = -2.0;
  for (const Case& c : cases) {
    const FootContactModel model = makeToeFoot(2.0, 0.8, c.toe_centre_m);
    FootContactResult r = makeFootContactResult(model);
    FootMotion foot = makeFootAt(c.height_m);
    foot.velocity_mps = c.velocity_mps;
    for (double theta_rad : {-0.1, 0.0, 0.05, 0.2}) {
      foot.toe_angle_rad = theta_rad;
      foot.toe_angle_rate_radps = 0.0;
      calcFootContactForces(model, ground, foot, r);
      const double ground_at_rest_Nm = r.toe_moment_Nm;
      const double rate_radps = solveToeAngleRate(model, ground, muscle_Nm, foot, r);
      CAPTURE(c.velocity_mps.x(), theta_rad, rate_radps, ground_at_rest_Nm, r.toe_moment_Nm);
      FootContactResult fresh = makeFootContactResult(model);  // `r` holds the root's forces
    calcFootContactForces(model, ground, foot, fresh);
    CHECK(fresh.toe_moment_Nm == Approx(r.toe_moment_Nm).margin(1e-12));
      const double residual_Nm = r.toe_moment_Nm + muscle_Nm -
                                 model.toe_stiffness_Nm_per_rad * theta_rad -
                                 model.toe_damping_Nms_per_rad * rate_radps;
      CHECK(std::abs(residual_Nm) < 1e-9);
      CHECK(r.normal_force_N[kToe] > 0.0);
    }
  }
}

TEST_CASE("toes: a kinked balance at push-off is solved (Newton bisects when it stops halving)",
          "[toe_joint]") {
  // A pose met at the end of a full-range sample (level_run, a 1.46 m, 122 kg body on a stiff
  // sole, the foot pitched 70° toes-down, the toes extended 39°): the balance changes slope
  // sharply between two rates, and plain safeguarded Newton bounced between them for good.
  LegModelSpec spec;
  spec.body.mass_kg = 121.991;
  spec.body.height_m = 1.45672;
  spec.shoe.midsole_stiffness_N_per_m = 393.84e3;
  spec.shoe.heel_drop_m = 0.00276139;
  const LegModel leg = compile_leg_model(spec);
  const FootContactModel& model = leg.foot_contact;
  FootMotion foot;
  foot.origin_m = Eigen::Vector3d(0.18445441411785404, 0.18496527051595812, 0.0);
  foot.rotation.topLeftCorner<2, 2>() << 0.33296499753976916, 0.94293918701756241,
      -0.94293918701756241, 0.33296499753976916;
  foot.velocity_mps = Eigen::Vector3d(1.8769777045413547, 0.21865922518584818, 0.0);
  foot.angular_velocity_radps.z() = -5.7009661155934275;
  foot.toe_angle_rad = 0.68808108352384822;
  const double muscle_Nm = -1.2591967421345831;
  FootContactResult r = makeFootContactResult(model);
  double rate_radps = 0.0;
  REQUIRE_NOTHROW(rate_radps = solveToeAngleRate(model, PlaneTerrain(), muscle_Nm, foot, r));
  const double residual_Nm = r.toe_moment_Nm + muscle_Nm -
                             model.toe_stiffness_Nm_per_rad * foot.toe_angle_rad -
                             model.toe_damping_Nms_per_rad * rate_radps;
  CAPTURE(rate_radps, r.toe_moment_Nm);
  CHECK(std::abs(residual_Nm) < 1e-9);
}

TEST_CASE("toes: a balance whose ground moment rises with the rate is still bracketed and solved",
          "[toe_joint]") {
  // The foot sliding at 2.4 m/s with the toes flexed 34° and pressed 27 mm: the saturated
  // friction makes the ground moment rise with the rate (g' > 0 at rest), and g(0) < 0 with its
  // roots at positive rates (+0.14 and ≈ +2.2 rad/s): a step "balanced with the ground moment held
  // constant" walks away from them. Found by fuzzing the solver over 800 000 poses.
  const LegModel leg = compile_leg_model(LegModelSpec());
  const FootContactModel& model = leg.foot_contact;
  FootMotion foot;
  const double pitch_rad = 0.19443008397593164;
  foot.rotation.topLeftCorner<2, 2>() << std::cos(pitch_rad), -std::sin(pitch_rad),
      std::sin(pitch_rad), std::cos(pitch_rad);
  foot.origin_m = Eigen::Vector3d(0.0, 0.064588634114291069, 0.0);
  foot.velocity_mps = Eigen::Vector3d(2.3659124047182454, 0.58489139056159667, 0.0);
  foot.angular_velocity_radps.z() = -1.826581973691519;
  foot.toe_angle_rad = -0.592934888835559;
  const double muscle_Nm = -10.320447787063973;
  FootContactResult r = makeFootContactResult(model);
  calcFootContactForces(model, PlaneTerrain(), foot, r);
  const double static_Nm = muscle_Nm - model.toe_stiffness_Nm_per_rad * foot.toe_angle_rad;
  REQUIRE(r.toe_moment_Nm + static_Nm < 0.0);                               // g(0) < 0
  REQUIRE(r.toe_moment_per_toe_rate_Nms - model.toe_damping_Nms_per_rad > 0.0);  // rising
  const double rate_radps = solveToeAngleRate(model, PlaneTerrain(), muscle_Nm, foot, r);
  CAPTURE(rate_radps);
  REQUIRE(std::isfinite(rate_radps));
  CHECK(std::abs(r.toe_moment_Nm + static_Nm -
                 model.toe_damping_Nms_per_rad * rate_radps) < 1e-9);
  // `r` holds the forces at the returned rate: a fresh evaluation there agrees.
  FootContactResult fresh = makeFootContactResult(model);
  calcFootContactForces(model, PlaneTerrain(), foot, fresh);
  CHECK(fresh.toe_moment_Nm == Approx(r.toe_moment_Nm).margin(1e-12));
}

TEST_CASE("toes: pressed toes settle where the spring holds the ground's moment (hand "
          "calculation)", "[toe_joint]") {
  const FootContactModel model = makeToeFoot(2.0, 0.8);
  const PlaneTerrain ground;
  FootContactResult r = makeFootContactResult(model);
  const double height_m = 0.008;
  FootMotion foot = makeFootAt(height_m);
  // Integrate the first-order state to rest (explicit Euler; time constant of a few ms).
  double theta_rad = 0.0;
  for (int step = 0; step < 20000; ++step) {
    foot.toe_angle_rad = theta_rad;
    theta_rad += 1e-4 * solveToeAngleRate(model, ground, 0.0, foot, r);
  }
  foot.toe_angle_rad = theta_rad;
  CHECK(std::abs(solveToeAngleRate(model, ground, 0.0, foot, r)) < 1e-9);
  // By hand: the sphere centre turned about the joint, Hertz force k·δ^1.5 (vertical) at the
  // midpoint of the overlap, its moment about the joint = force × horizontal distance.
  const ContactSphere& toe = model.spheres[kToe];
  const Eigen::Vector2d mtp(0.18, height_m);
  const Eigen::Vector2d arm = toe.center_in_foot_m.head<2>() - Eigen::Vector2d(0.18, 0.0);
  const Eigen::Vector2d centre =
      mtp + Eigen::Vector2d(std::cos(theta_rad) * arm.x() - std::sin(theta_rad) * arm.y(),
                            std::sin(theta_rad) * arm.x() + std::cos(theta_rad) * arm.y());
  const double delta_m = toe.radius_m - centre.y();
  const double force_N = toe.stiffness_N_per_m1p5 * std::pow(delta_m, 1.5);
  const double lever_m = centre.x() - mtp.x();
  CAPTURE(theta_rad, delta_m, force_N);
  CHECK(theta_rad > 0.01);
  CHECK(model.toe_stiffness_Nm_per_rad * theta_rad == Approx(force_N * lever_m).epsilon(1e-6));
}

TEST_CASE("toes: in the air the joint relaxes at rate (M - k θ) / d (first order, τ = d/k)",
          "[toe_joint]") {
  const FootContactModel model = makeToeFoot(2.0, 0.8);
  FootContactResult r = makeFootContactResult(model);
  FootMotion foot = makeFootAt(0.2);
  const double k = model.toe_stiffness_Nm_per_rad, d = model.toe_damping_Nms_per_rad;
  CHECK(k == 25.0);  // Falisse et al. 2022
  CHECK(d == 2.0);
  for (double theta_rad : {-0.3, 0.0, 0.4})
    for (double muscle_Nm : {-5.0, 0.0, 3.0}) {
      foot.toe_angle_rad = theta_rad;
      CHECK(solveToeAngleRate(model, PlaneTerrain(), muscle_Nm, foot, r) ==
            Approx((muscle_Nm - k * theta_rad) / d).margin(1e-12));
    }
}

TEST_CASE("toes: the long toe flexors' table gives a flexion arm, a damaged one is named",
          "[toe_joint]") {
  const ToeFlexorArm arm = read_toe_flexor_arm();
  CHECK(arm.lumped_in == "deep_plantarflexors");
  // Flexor hallucis and digitorum longus: ≈ 28 % of the lumped force at 4–8 mm (Rajagopal 2015).
  CHECK(arm.moment_arm_m > 0.001);
  CHECK(arm.moment_arm_m < 0.003);

  const std::string path = "toe_flexors_damaged.csv";
  {
    std::ofstream f(path);
    f << "name,lumped_in,max_isometric_force_N,share_of_lumped,mtp_flexion_moment_arm_m\n"
      << "fhl_r,deep_plantarflexors,900,0.2,-0.004\n";
  }
  CHECK_THROWS_WITH(read_toe_flexor_arm(path),
                    Catch::Contains("toe_flexors_damaged.csv") && Catch::Contains("-0.004"));
  std::remove(path.c_str());
}

TEST_CASE("toes: the long toe flexors' strongest pull on the toes is a published toe-flexion "
          "moment", "[toe_joint]") {
  // Goldmann & Brüggemann 2012 (J Anat 221:187): maximal voluntary toe-flexion moments of
  // 6.3–14.2 N·m (20 men; long and short toe flexors together). The model's long flexors at full
  // activation and optimal length: F_max × strength × their MTP moment arm, default body.
  const LegModel model = compile_leg_model(LegModelSpec());
  REQUIRE(model.toe_flexor_muscle >= 0);
  const MuscleParameters& lump = model.muscles[model.toe_flexor_muscle];
  const double moment_Nm =
      lump.max_isometric_force_N * lump.strength * model.toe_flexor_moment_arm_m;
  CAPTURE(moment_Nm);
  CHECK(moment_Nm >= 6.3);
  CHECK(moment_Nm <= 14.2);
}

TEST_CASE("toes: a non-finite toe angle gives a non-finite rate, for the integrator to report",
          "[toe_joint]") {
  const FootContactModel model = makeToeFoot(2.0, 0.8);
  FootContactResult r = makeFootContactResult(model);
  FootMotion foot = makeFootAt(0.005);
  foot.toe_angle_rad = std::numeric_limits<double>::quiet_NaN();
  double rate_radps = 0.0;
  REQUIRE_NOTHROW(rate_radps = solveToeAngleRate(model, PlaneTerrain(), 0.0, foot, r));
  CHECK(std::isnan(rate_radps));
}

TEST_CASE("toes: a joint without damping is refused (a massless toe needs it)", "[toe_joint]") {
  FootContactSpec spec = makeDefaultFootContactSpec();
  spec.toes.damping_Nms_per_rad = 0.0;
  CHECK_THROWS_WITH(compileFootContact(spec, ShoeSpec()), Catch::Contains("MTP damping"));
}
