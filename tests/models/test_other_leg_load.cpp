// The swinging other leg's load on the pelvis (models/other_leg_load.hpp), checked against a
// second formulation: the momentum balance of the leg, d/dt of its linear and angular momentum
// computed by finite differences of segment positions written with absolute (world) angles, and
// against the static moment of a raised leg's weight derived by hand.
#include <catch2/catch.hpp>

#include <cmath>

#include "models/anthropometry.hpp"
#include "models/other_leg_load.hpp"

using namespace kneeload;

namespace {

// A smooth swing: hip, knee and ankle angles and the pelvis tilt as sinusoids of time.
struct Swing {
  double angle(int j, double t) const {
    const double amplitude[4] = {0.6, 0.8, 0.3, 0.2}, phase[4] = {0.0, 1.1, 2.0, 0.4};
    const double mean[4] = {0.3, 0.7, 0.0, -0.2};
    return mean[j] + amplitude[j] * std::sin(2.0 * 3.14159265358979 * 1.4 * t + phase[j]);
  }
  // Derivatives by central differences of angle() (only used to feed the function under test).
  double d1(int j, double t, double h = 1e-5) const { return (angle(j, t + h) - angle(j, t - h)) / (2 * h); }
  double d2(int j, double t, double h = 1e-4) const {
    return (angle(j, t + h) - 2 * angle(j, t) + angle(j, t - h)) / (h * h);
  }
};

// Centres of mass relative to the hip and absolute angles, world axes: segment angle A from the
// world's −Y axis (thigh A = tilt + hip, shank A − knee, foot + ankle, forward along the foot).
struct LegPose {
  Eigen::Vector2d com[3];
  double angle[3];
};
LegPose calc_pose(const LegAnthropometry& a, double tilt, double hip, double knee, double ankle) {
  auto along = [](double A) { return Eigen::Vector2d(std::sin(A), -std::cos(A)); };
  LegPose p;
  p.angle[0] = tilt + hip;
  p.angle[1] = p.angle[0] - knee;
  p.angle[2] = p.angle[1] + ankle;
  const Eigen::Vector2d knee_m = a.thigh.length_m * along(p.angle[0]);
  const Eigen::Vector2d ankle_m = knee_m + a.shank.length_m * along(p.angle[1]);
  p.com[0] = -a.thigh.com_m.y() * along(p.angle[0]);
  p.com[1] = knee_m - a.shank.com_m.y() * along(p.angle[1]);
  p.com[2] = ankle_m + (a.foot.com_m.x() - kHeelBehindAnkleFraction * a.foot.length_m) *
                           Eigen::Vector2d(std::cos(p.angle[2]), std::sin(p.angle[2]));
  return p;
}

// Linear momentum Σ m·ρ̇ and angular momentum about the hip Σ (ρ × m·ρ̇ + I·Ȧ) of the leg at t,
// moving (lumped = false) or held straight in the pelvis (lumped = true); velocities by central
// differences of calc_pose.
void calc_momentum(const LegAnthropometry& a, const Swing& s, double t, bool lumped,
                   Eigen::Vector2d& P, double& H) {
  const double h = 1e-4;
  auto pose = [&](double tt) {
    return lumped ? calc_pose(a, s.angle(3, tt), 0, 0, 0)
                  : calc_pose(a, s.angle(3, tt), s.angle(0, tt), s.angle(1, tt), s.angle(2, tt));
  };
  const LegPose now = pose(t), ahead = pose(t + h), behind = pose(t - h);
  const SegmentInertia* seg[3] = {&a.thigh, &a.shank, &a.foot};
  P.setZero();
  H = 0;
  for (int i = 0; i < 3; ++i) {
    const Eigen::Vector2d v = (ahead.com[i] - behind.com[i]) / (2 * h);
    const double w = (ahead.angle[i] - behind.angle[i]) / (2 * h);
    P += seg[i]->mass_kg * v;
    H += seg[i]->mass_kg * (now.com[i].x() * v.y() - now.com[i].y() * v.x()) + seg[i]->inertia_kgm2 * w;
  }
}

OtherLegMotion motion_at(const Swing& s, double t) {
  OtherLegMotion m;
  for (int j = 0; j < 3; ++j) {
    m.angle_rad[j] = s.angle(j, t);
    m.speed_rad_per_s[j] = s.d1(j, t);
    m.acceleration_rad_per_s2[j] = s.d2(j, t);
  }
  m.pelvis_tilt_rad = s.angle(3, t);
  m.pelvis_tilt_speed_rad_per_s = s.d1(3, t);
  m.pelvis_tilt_acceleration_rad_per_s2 = s.d2(3, t);
  return m;
}

}  // namespace

TEST_CASE("other leg load equals minus the rate of change of the leg's momentum (moving minus lumped)",
          "[other_leg]") {
  // Hip fixed in space, no gravity: the pelvis must supply the leg's momentum change, so the
  // leg pushes on it with −dP/dt and −dH/dt, relative to the lumped leg that turns with the pelvis.
  const LegAnthropometry a = calc_leg_anthropometry(read_anthropometry_table(), {Sex::male, 70.0, 1.75});
  const Swing s;
  const double h = 1e-3;
  for (double t : {0.05, 0.21, 0.37, 0.52}) {
    const OtherLegLoad load = calc_other_leg_load(a, motion_at(s, t), Eigen::Vector2d::Zero());
    Eigen::Vector2d F_fd = Eigen::Vector2d::Zero();
    double M_fd = 0;
    for (bool lumped : {false, true}) {
      Eigen::Vector2d P1, P0;
      double H1, H0;
      calc_momentum(a, s, t + h, lumped, P1, H1);
      calc_momentum(a, s, t - h, lumped, P0, H0);
      const double sign = lumped ? -1.0 : 1.0;
      F_fd -= sign * (P1 - P0) / (2 * h);
      M_fd -= sign * (H1 - H0) / (2 * h);
    }
    INFO("t = " << t << " s: F = (" << load.force_N.transpose() << ") N vs (" << F_fd.transpose()
                << "), M = " << load.moment_about_hip_Nm << " vs " << M_fd << " N m");
    CHECK(std::abs(load.force_N.x() - F_fd.x()) < 1e-3 * (1 + F_fd.norm()));
    CHECK(std::abs(load.force_N.y() - F_fd.y()) < 1e-3 * (1 + F_fd.norm()));
    CHECK(std::abs(load.moment_about_hip_Nm - M_fd) < 1e-3 * (1 + std::abs(M_fd)));
    CHECK(F_fd.norm() > 10.0);  // the swing is not trivial
  }
}

TEST_CASE("a leg held straight loads the pelvis like the lumped one, however the pelvis turns",
          "[other_leg]") {
  const LegAnthropometry a = calc_leg_anthropometry(read_anthropometry_table(), {Sex::female, 55.0, 1.62});
  OtherLegMotion m;
  m.pelvis_tilt_rad = -0.3;
  m.pelvis_tilt_speed_rad_per_s = 2.0;
  m.pelvis_tilt_acceleration_rad_per_s2 = -40.0;
  m.hip_acceleration_mps2 = Eigen::Vector2d(3.0, 12.0);
  const OtherLegLoad load = calc_other_leg_load(a, m, Eigen::Vector2d(0.0, -9.81));
  CHECK(load.force_N.norm() < 1e-9);
  CHECK(std::abs(load.moment_about_hip_Nm) < 1e-9);
}

TEST_CASE("a leg raised and held shifts its weight's moment about the hip (statics by hand)",
          "[other_leg]") {
  // Hip flexed 90°, knee straight, foot at neutral, pelvis upright and at rest. Each centre of
  // mass moves forward by Δx_i, so the leg's weight turns the pelvis by −g·Σ m_i·Δx_i about +Z;
  // no net force (the weight is the lumped one's). Standing in an accelerating frame is the same
  // as gravity g − a_H (equivalence): a hip accelerating upward at 5 m/s² adds 5/9.81 of it.
  const LegAnthropometry a = calc_leg_anthropometry(read_anthropometry_table(), {Sex::male, 80.0, 1.80});
  OtherLegMotion m;
  m.angle_rad = Eigen::Vector3d(0.5 * 3.14159265358979323846, 0.0, 0.0);
  const double foot_ahead = a.foot.com_m.x() - kHeelBehindAnkleFraction * a.foot.length_m;  // of the ankle, standing
  const double Lt = a.thigh.length_m, Ls = a.shank.length_m;
  // Standing x → raised x: thigh 0 → c_t·L_t; shank 0 → L_t + c_s·L_s; foot a → L_t + L_s (the
  // foot turns with the leg: its forward offset becomes an upward one).
  const double moment_of_shift = a.thigh.mass_kg * (-a.thigh.com_m.y()) +
                                 a.shank.mass_kg * (Lt - a.shank.com_m.y()) +
                                 a.foot.mass_kg * (Lt + Ls - foot_ahead);
  const OtherLegLoad still = calc_other_leg_load(a, m, Eigen::Vector2d(0.0, -9.81));
  CHECK(still.force_N.norm() < 1e-9);
  CHECK(still.moment_about_hip_Nm == Approx(-9.81 * moment_of_shift).epsilon(1e-12));
  m.hip_acceleration_mps2 = Eigen::Vector2d(0.0, 5.0);
  const OtherLegLoad lifted = calc_other_leg_load(a, m, Eigen::Vector2d(0.0, -9.81));
  CHECK(lifted.moment_about_hip_Nm == Approx(-14.81 * moment_of_shift).epsilon(1e-12));
}
