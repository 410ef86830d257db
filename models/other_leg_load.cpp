#include "models/other_leg_load.hpp"

#include <cmath>

namespace kneeload {
namespace {

double cross2(const Eigen::Vector2d& a, const Eigen::Vector2d& b) { return a.x() * b.y() - a.y() * b.x(); }
Eigen::Vector2d perp(const Eigen::Vector2d& v) { return {-v.y(), v.x()}; }  // J·v

// A point at distance `length` along a segment at angle φ from the pelvis's −Y axis (forward
// positive), with its first and second time derivatives: u = (sin φ, −cos φ).
struct Lever {
  Eigen::Vector2d r, rd, rdd;
};
Lever calc_lever(double length, double phi, double phid, double phidd) {
  const Eigen::Vector2d u(std::sin(phi), -std::cos(phi)), du(std::cos(phi), std::sin(phi));
  return {length * u, length * phid * du, length * (phidd * du - phid * phid * u)};
}
Lever operator+(const Lever& a, const Lever& b) { return {a.r + b.r, a.rd + b.rd, a.rdd + b.rdd}; }

}  // namespace

OtherLegLoad calc_other_leg_load(const LegAnthropometry& segments, const OtherLegMotion& motion,
                                 const Eigen::Vector2d& gravity_mps2) {
  const Eigen::Vector3d& q = motion.angle_rad;
  const Eigen::Vector3d& qd = motion.speed_rad_per_s;
  const Eigen::Vector3d& qdd = motion.acceleration_rad_per_s2;
  // Segment angles from the pelvis's −Y axis: thigh = hip flexion, shank = thigh − knee flexion,
  // foot = shank + dorsiflexion (the foot's heel-to-toe line is horizontal at 0).
  const double phi[3] = {q[0], q[0] - q[1], q[0] - q[1] + q[2]};
  const double phid[3] = {qd[0], qd[0] - qd[1], qd[0] - qd[1] + qd[2]};
  const double phidd[3] = {qdd[0], qdd[0] - qdd[1], qdd[0] - qdd[1] + qdd[2]};
  const SegmentInertia* seg[3] = {&segments.thigh, &segments.shank, &segments.foot};

  // Centres of mass in the pelvis frame, relative to the hip: the thigh's and shank's on their
  // long axes (com_m.y below the proximal joint), the foot's ahead of the ankle by its distance
  // from the heel less the heel's offset behind the ankle (as lumped).
  const Lever knee = calc_lever(segments.thigh.length_m, phi[0], phid[0], phidd[0]);
  const Lever ankle = knee + calc_lever(segments.shank.length_m, phi[1], phid[1], phidd[1]);
  const double foot_ahead_m = segments.foot.com_m.x() - kHeelBehindAnkleFraction * segments.foot.length_m;
  const double half_pi = 0.5 * 3.14159265358979323846;  // the foot's lever points forward at φ = 0
  const Lever com[3] = {
      calc_lever(-segments.thigh.com_m.y(), phi[0], phid[0], phidd[0]),
      knee + calc_lever(-segments.shank.com_m.y(), phi[1], phid[1], phidd[1]),
      ankle + calc_lever(foot_ahead_m, phi[2] + half_pi, phid[2], phidd[2])};
  const Eigen::Vector2d lumped[3] = {
      Eigen::Vector2d(0.0, segments.thigh.com_m.y()),
      Eigen::Vector2d(0.0, -segments.thigh.length_m + segments.shank.com_m.y()),
      Eigen::Vector2d(foot_ahead_m, -segments.thigh.length_m - segments.shank.length_m)};

  const double c = std::cos(motion.pelvis_tilt_rad), s = std::sin(motion.pelvis_tilt_rad);
  const Eigen::Matrix2d R = (Eigen::Matrix2d() << c, -s, s, c).finished();
  const double w = motion.pelvis_tilt_speed_rad_per_s, alpha = motion.pelvis_tilt_acceleration_rad_per_s2;
  const Eigen::Vector2d weight_per_kg = gravity_mps2 - motion.hip_acceleration_mps2;

  OtherLegLoad load;
  for (int i = 0; i < 3; ++i) {
    const double m = seg[i]->mass_kg;
    const Eigen::Vector2d rho = R * com[i].r, rho0 = R * lumped[i];
    const Eigen::Vector2d rhodd =
        R * (com[i].rdd + 2.0 * w * perp(com[i].rd) + alpha * perp(com[i].r) - w * w * com[i].r);
    const Eigen::Vector2d rhodd0 = R * (alpha * perp(lumped[i]) - w * w * lumped[i]);
    load.force_N += m * (rhodd0 - rhodd);
    load.moment_about_hip_Nm += cross2(rho - rho0, m * weight_per_kg) - cross2(rho, m * rhodd) +
                                cross2(rho0, m * rhodd0) - seg[i]->inertia_kgm2 * phidd[i];
  }
  return load;
}

}  // namespace kneeload
