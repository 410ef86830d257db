// Compliant-sphere foot contact: Hunt KH, Crossley FRE (1975) J Appl Mech 42:440 (normal force);
// smooth Coulomb friction and sphere layout after Serrancolí G et al. (2019) IEEE TNSRE 27:1144
// and Falisse A et al. (2019) J R Soc Interface 16:20190402.
#include "models/foot_contact.hpp"

#include <cmath>
#include <limits>
#include <set>

#include "solver/errors.hpp"

namespace kneeload {

PlaneTerrain::PlaneTerrain(const Eigen::Vector3d& point_m, const Eigen::Vector3d& normal) {
  const double n = normal.norm();
  KNEELOAD_CHECK(n > 0.0 && std::isfinite(n), "terrain normal ({}, {}, {}) has no direction",
                 normal.x(), normal.y(), normal.z());
  plane_.point_m = point_m;
  plane_.normal = normal / n;
}

PlaneTerrain PlaneTerrain::makeSlope(double slope_rad) {
  // Surface y = x·tan(slope): its upward normal is (−sin, cos, 0).
  return PlaneTerrain(Eigen::Vector3d::Zero(),
                      Eigen::Vector3d(-std::sin(slope_rad), std::cos(slope_rad), 0.0));
}

FootContactSpec makeDefaultFootContactSpec() {
  FootContactSpec spec;
  // Heel sphere as in Falisse et al. 2019 (calcaneus, r = 35 mm); forefoot spheres under the
  // metatarsal heads (the MTP joint lies ≈ 0.18 m ahead of the calcaneus origin in Rajagopal 2015)
  // and the hallux; all bottoms at y = −35 mm.
  spec.spheres = {
      {"heel", {0.004, 0.0, 0.0}, 0.035, 0.50, true},
      {"met1", {0.170, -0.005, -0.025}, 0.030, 0.20, false},
      {"met5", {0.150, -0.005, 0.035}, 0.030, 0.15, false},
      {"toe", {0.230, -0.020, -0.010}, 0.015, 0.15, false, true},
  };
  return spec;
}

int FootContactModel::findSphere(std::string_view name) const {
  for (int i = 0; i < getNumSpheres(); ++i)
    if (sphere_names[i] == name) return i;
  throw InputError(fmt::format("no contact sphere named '{}' (have: {})", name,
                               fmt::join(sphere_names, ", ")));
}

FootContactModel compileFootContact(const FootContactSpec& spec, const ShoeSpec& shoe) {
  validateShoeSpec(shoe);
  if (spec.spheres.empty()) throw InputError("foot contact: no spheres given");
  if (!(spec.friction_coefficient >= 0.0 && spec.friction_coefficient <= 2.0))
    throw InputError(fmt::format("foot contact: friction_coefficient = {} is outside 0–2",
                                 spec.friction_coefficient));
  if (!(spec.friction_transition_speed_mps > 0.0 && spec.friction_transition_speed_mps <= 1.0))
    throw InputError(fmt::format(
        "foot contact: friction_transition_speed_mps = {} m/s is outside (0, 1] m/s",
        spec.friction_transition_speed_mps));

  const ToeJointSpec& toes = spec.toes;
  if (toes.articulated) {
    if (!toes.center_in_foot_m.allFinite())
      throw InputError("foot contact: the MTP joint centre is not finite");
    if (!(toes.stiffness_Nm_per_rad >= 0.0 && toes.stiffness_Nm_per_rad <= 1e4))
      throw InputError(fmt::format("foot contact: MTP stiffness {} N·m/rad is outside 0–1e4",
                                   toes.stiffness_Nm_per_rad));
    // The damper alone sets the toes' speed (they are massless): it must be positive.
    if (!(toes.damping_Nms_per_rad > 0.0 && toes.damping_Nms_per_rad <= 1e3))
      throw InputError(fmt::format("foot contact: MTP damping {} N·m·s/rad is outside (0, 1e3]",
                                   toes.damping_Nms_per_rad));
  }

  FootContactModel model;
  model.toes_articulated = toes.articulated;
  model.mtp_in_foot_m = toes.center_in_foot_m;
  model.toe_stiffness_Nm_per_rad = toes.stiffness_Nm_per_rad;
  model.toe_damping_Nms_per_rad = toes.damping_Nms_per_rad;
  model.friction_coefficient = spec.friction_coefficient;
  model.friction_transition_speed_mps = spec.friction_transition_speed_mps;
  std::set<std::string> seen;
  double share_sum = 0.0;
  for (const ContactSphereSpec& s : spec.spheres) {
    if (s.name.empty() || !seen.insert(s.name).second)
      throw InputError(fmt::format("foot contact: sphere name '{}' is empty or repeated", s.name));
    if (!(s.radius_m > 0.0 && s.radius_m < 0.2))
      throw InputError(fmt::format("foot contact sphere '{}': radius_m = {} m is outside (0, 0.2) m",
                                   s.name, s.radius_m));
    if (!(s.stiffness_share >= 0.0 && s.stiffness_share <= 1.0))
      throw InputError(fmt::format("foot contact sphere '{}': stiffness_share = {} is outside 0–1",
                                   s.name, s.stiffness_share));
    if (!s.center_in_foot_m.allFinite())
      throw InputError(fmt::format("foot contact sphere '{}': centre is not finite", s.name));
    share_sum += s.stiffness_share;

    ContactSphere c;
    c.center_in_foot_m = s.center_in_foot_m;
    c.center_in_foot_m.y() -= calcSoleThickness(shoe, s.under_rearfoot);  // the sole lifts the foot
    c.radius_m = s.radius_m;
    c.stiffness_N_per_m1p5 = calcSphereStiffness(shoe, s.stiffness_share);
    c.damping_s_per_m = shoe.damping_s_per_m;
    c.on_toes = s.on_toes && spec.toes.articulated;  // rigid toes: the sphere stays on the foot
    c.region = s.on_toes          ? SoleRegion::toes
               : s.under_rearfoot ? SoleRegion::rearfoot
                                  : SoleRegion::forefoot;
    model.sphere_names.push_back(s.name);
    model.spheres.push_back(c);
  }
  if (std::abs(share_sum - 1.0) > 1e-6)
    throw InputError(fmt::format("foot contact: stiffness shares sum to {}, must sum to 1",
                                 share_sum));
  return model;
}

FootContactResult makeFootContactResult(const FootContactModel& model) {
  const auto n = static_cast<std::size_t>(model.getNumSpheres());
  FootContactResult r;
  r.force_N.assign(n, Eigen::Vector3d::Zero());
  r.point_m.assign(n, Eigen::Vector3d::Zero());
  r.penetration_m.assign(n, 0.0);
  r.normal_force_N.assign(n, 0.0);
  r.normal.assign(n, Eigen::Vector3d::UnitY());
  r.point_velocity_mps.assign(n, Eigen::Vector3d::Zero());
  r.point_velocity_per_toe_rate_m.assign(n, Eigen::Vector3d::Zero());
  r.force_per_toe_rate_Ns.assign(n, Eigen::Vector3d::Zero());
  return r;
}

double calcHuntCrossleyNormalForce(double k, double c, double penetration_m,
                                   double compression_rate_mps) {
  if (penetration_m <= 0.0) return 0.0;
  const double elastic_N = k * penetration_m * std::sqrt(penetration_m);  // k·δ^1.5
  // Fast release can make the damping factor negative: contact pushes, it never pulls.
  return std::max(0.0, elastic_N * (1.0 + 1.5 * c * compression_rate_mps));
}

Eigen::Vector3d calcSmoothCoulombFriction(double mu, double v_tr_mps, double normal_force_N,
                                          const Eigen::Vector3d& slip_mps) {
  const double speed_mps = slip_mps.norm();
  // tanh(s/v_tr)/s → 1/v_tr as s → 0: the force is smooth through zero slip.
  const double x = speed_mps / v_tr_mps;
  const double tanh_over_speed = x < 1e-8 ? 1.0 / v_tr_mps : std::tanh(x) / speed_mps;
  return -mu * normal_force_N * tanh_over_speed * slip_mps;
}

namespace {

// Sphere i's force and normal force at the toes' rate, and the force's derivative with that rate,
// from its stored point, normal, penetration and point velocities.
void applySphereVelocity(const FootContactModel& model, int i, double toe_rate_radps,
                         FootContactResult& r) {
  const ContactSphere& s = model.spheres[i];
  const double delta_m = r.penetration_m[i];
  r.force_N[i].setZero();
  r.force_per_toe_rate_Ns[i].setZero();
  r.normal_force_N[i] = 0.0;
  if (delta_m <= 0.0) return;
  const Eigen::Vector3d& n = r.normal[i];
  const Eigen::Vector3d& w = r.point_velocity_per_toe_rate_m[i];
  const Eigen::Vector3d v_mps = r.point_velocity_mps[i] + toe_rate_radps * w;
  const double compression_rate_mps = -n.dot(v_mps);
  const double fn_N = calcHuntCrossleyNormalForce(s.stiffness_N_per_m1p5, s.damping_s_per_m,
                                                  delta_m, compression_rate_mps);
  if (!(fn_N > 0.0)) return;  // released on a fast lift-off: no force, derivative 0
  const Eigen::Vector3d slip_mps = v_mps + compression_rate_mps * n;  // tangential part
  const double mu = model.friction_coefficient, v_tr = model.friction_transition_speed_mps;
  r.normal_force_N[i] = fn_N;
  if (w.isZero()) {
    r.force_N[i] = fn_N * n + calcSmoothCoulombFriction(mu, v_tr, fn_N, slip_mps);
    return;
  }
  // The friction −μ·F_n·g(|s|)·s with g(σ) = tanh(σ/v_tr)/σ, s the slip, as in
  // calcSmoothCoulombFriction, with one tanh for the force and its derivative.
  const double speed_mps = slip_mps.norm(), x = speed_mps / v_tr;
  double g = 1.0 / v_tr, dg_dspeed = 0.0;  // the limits at zero slip (g is even in σ)
  if (x >= 1e-8) {
    const double t = std::tanh(x);
    g = t / speed_mps;
    dg_dspeed = ((1.0 - t * t) / v_tr - g) / speed_mps;
  }
  r.force_N[i] = fn_N * n + Eigen::Vector3d(-mu * fn_N * g * slip_mps);
  // d/d(rate) for the toes' Newton solve: F_n = E·(1 + 1.5·c·δ̇) with δ̇ = −n·v.
  const double elastic_N = s.stiffness_N_per_m1p5 * delta_m * std::sqrt(delta_m);
  const double dfn = elastic_N * 1.5 * s.damping_s_per_m * -n.dot(w);
  const Eigen::Vector3d dslip = w - n.dot(w) * n;
  const double dspeed = x >= 1e-8 ? slip_mps.dot(dslip) / speed_mps : 0.0;
  r.force_per_toe_rate_Ns[i] =
      dfn * n - mu * (dfn * g * slip_mps + fn_N * (dg_dspeed * dspeed * slip_mps + g * dslip));
}

// Sphere i's pose against the terrain (point, normal, penetration, point velocities) into r,
// then its force.
void calcSphereForce(const FootContactModel& model, int i, const Terrain& terrain,
                     const FootMotion& foot, const Eigen::Matrix3d& toe_rotation,
                     FootContactResult& r) {
  const ContactSphere& s = model.spheres[i];
  const bool on_toes = model.spheres[i].on_toes;
  const Eigen::Vector3d center_in_foot_m =
      on_toes ? Eigen::Vector3d(model.mtp_in_foot_m +
                                toe_rotation * (s.center_in_foot_m - model.mtp_in_foot_m))
              : s.center_in_foot_m;
  const Eigen::Vector3d center_m = foot.origin_m + foot.rotation * center_in_foot_m;
  const TerrainPlane plane = terrain.calcLocalPlane(center_m);
  const Eigen::Vector3d& n = plane.normal;
  const double delta_m = s.radius_m - n.dot(center_m - plane.point_m);
  r.penetration_m[i] = std::max(0.0, delta_m);
  r.normal[i] = n;
  // Midway through the overlap, between the sphere's lowest point and the terrain surface.
  r.point_m[i] = center_m - (s.radius_m - 0.5 * r.penetration_m[i]) * n;
  r.point_velocity_mps[i] =
      foot.velocity_mps + foot.angular_velocity_radps.cross(r.point_m[i] - foot.origin_m);
  r.point_velocity_per_toe_rate_m[i] =
      on_toes ? Eigen::Vector3d(r.toe_axis.cross(r.point_m[i] - r.mtp_m))
              : Eigen::Vector3d::Zero();
  applySphereVelocity(model, i, foot.toe_angle_rate_radps, r);
}

// The totals, the toes' moment and the centre of pressure from the spheres' entries of r.
void sumSphereForces(const FootContactModel& model, FootContactResult& r) {
  r.total_force_N.setZero();
  r.total_moment_Nm.setZero();
  r.toe_moment_Nm = 0.0;
  r.toe_moment_per_toe_rate_Nms = 0.0;
  Eigen::Vector3d weighted_point = Eigen::Vector3d::Zero();
  double normal_sum_N = 0.0;
  for (int i = 0; i < model.getNumSpheres(); ++i) {
    if (!(r.normal_force_N[i] > 0.0)) continue;
    const Eigen::Vector3d& f_N = r.force_N[i];
    const Eigen::Vector3d& point_m = r.point_m[i];
    r.total_force_N += f_N;
    r.total_moment_Nm += point_m.cross(f_N);
    if (model.spheres[i].on_toes) {
      r.toe_moment_Nm += r.toe_axis.dot((point_m - r.mtp_m).cross(f_N));
      r.toe_moment_per_toe_rate_Nms +=
          r.toe_axis.dot((point_m - r.mtp_m).cross(r.force_per_toe_rate_Ns[i]));
    }
    weighted_point += r.normal_force_N[i] * point_m;
    normal_sum_N += r.normal_force_N[i];
  }
  r.center_of_pressure_m = normal_sum_N > 0.0
                               ? Eigen::Vector3d(weighted_point / normal_sum_N)
                               : Eigen::Vector3d::Constant(std::numeric_limits<double>::quiet_NaN());
}

}  // namespace

double calcFlatSolePitchRad(const FootContactModel& model, double extra_heel_drop_m) {
  Eigen::Vector2d rear = Eigen::Vector2d::Zero(), front = Eigen::Vector2d::Zero();  // x, y in m
  int n_rear = 0, n_front = 0;
  for (const ContactSphere& s : model.spheres) {
    if (s.region == SoleRegion::toes) continue;  // rigid or not, the toes are not the sole line
    const bool is_rear = s.region == SoleRegion::rearfoot;
    const Eigen::Vector2d lowest(s.center_in_foot_m.x(), s.center_in_foot_m.y() - s.radius_m);
    (is_rear ? rear : front) += lowest;
    ++(is_rear ? n_rear : n_front);
  }
  KNEELOAD_CHECK(n_rear > 0 && n_front > 0, "the sole needs rearfoot and forefoot spheres ({}, {})",
                 n_rear, n_front);
  rear /= n_rear;
  front /= n_front;
  rear.y() -= extra_heel_drop_m;
  // The sole line rises toward the toes by the drop: flat on the ground, the frame tips toes down.
  return -std::atan2(front.y() - rear.y(), front.x() - rear.x());
}

void calcFootContactForces(const FootContactModel& model, const Terrain& terrain,
                           const FootMotion& foot, FootContactResult& r) {
  KNEELOAD_CHECK(r.force_N.size() == model.spheres.size(),
                 "result holds {} spheres, model has {}", r.force_N.size(), model.spheres.size());
  // The toes turn about the foot's Z axis through the MTP joint.
  r.mtp_m = foot.origin_m + foot.rotation * model.mtp_in_foot_m;
  r.toe_axis = foot.rotation.col(2);
  const double c = std::cos(foot.toe_angle_rad), s = std::sin(foot.toe_angle_rad);
  Eigen::Matrix3d toe_rotation;
  toe_rotation << c, -s, 0.0, s, c, 0.0, 0.0, 0.0, 1.0;
  for (int i = 0; i < model.getNumSpheres(); ++i)
    calcSphereForce(model, i, terrain, foot, toe_rotation, r);
  sumSphereForces(model, r);
}

void updateToeContactForces(const FootContactModel& model, double toe_rate_radps,
                            FootContactResult& r) {
  for (int i = 0; i < model.getNumSpheres(); ++i)
    if (model.spheres[i].on_toes) applySphereVelocity(model, i, toe_rate_radps, r);
  sumSphereForces(model, r);
}

}  // namespace kneeload
