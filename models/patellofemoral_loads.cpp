#include "models/patellofemoral_loads.hpp"

#include "models/patellar_tendon.hpp"
#include "models/quadriceps_path.hpp"

#include <Eigen/Geometry>
#include <Eigen/LU>

#include <algorithm>
#include <cmath>

namespace kneeload::models {
namespace {

using Eigen::Matrix3d;
using Eigen::Vector3d;

Matrix3d skew(const Vector3d& v) {
  Matrix3d s;
  s << 0, -v.z(), v.y(), v.z(), 0, -v.x(), -v.y(), v.x(), 0;
  return s;
}

// Adds a force f (N) applied at point p (femur frame) with df/dp = D to the residual and Jacobian.
void add_point_force(const Vector3d& p, const Vector3d& f, const Matrix3d& D,
                     const Vector3d& origin, PatellofemoralWorkspace& ws, bool with_jacobian) {
  const Vector3d r = p - origin;
  ws.residual.head<3>() += f;
  ws.residual.tail<3>() += r.cross(f);
  if (!with_jacobian) return;
  const Matrix3d rx = skew(r);
  const Matrix3d d_rx = D * rx;
  ws.jacobian.block<3, 3>(0, 0) += D;
  ws.jacobian.block<3, 3>(0, 3) -= d_rx;
  ws.jacobian.block<3, 3>(3, 0) += rx * D;
  ws.jacobian.block<3, 3>(3, 3) += skew(f) * rx - rx * d_rx;
}

// A tension of magnitude `force` along the line from p toward an anchor at p + v (|v| = length),
// with dF/dL = `stiffness`.
void add_line_force(const Vector3d& p, const Vector3d& v, double length, double force,
                    double stiffness, const Vector3d& origin, PatellofemoralWorkspace& ws,
                    bool with_jacobian) {
  const Vector3d u = v / length;
  const Vector3d r = p - origin;
  const Vector3d f = force * u;
  ws.residual.head<3>() += f;
  ws.residual.tail<3>() += r.cross(f);
  if (!with_jacobian) return;
  // add_point_force's terms for D = df/dp = -b I + c u u^T (b = F/L, c = b - dF/dL), written with
  // w = r x u as outer products: D[r]x = -b[r]x - c u w^T, [r]x D = -b[r]x + c w u^T,
  // [r]x D [r]x = -b (r r^T - |r|^2 I) - c w w^T, [f]x[r]x = r f^T - (f.r) I.
  const double b = force / length, c = b - stiffness;
  const Vector3d w = r.cross(u);
  const Matrix3d rx = skew(r);
  ws.jacobian.block<3, 3>(0, 0).noalias() += c * u * u.transpose();
  ws.jacobian.block<3, 3>(0, 0).diagonal().array() -= b;
  ws.jacobian.block<3, 3>(0, 3) += b * rx;
  ws.jacobian.block<3, 3>(0, 3).noalias() += (c * u) * w.transpose();
  ws.jacobian.block<3, 3>(3, 0) -= b * rx;
  ws.jacobian.block<3, 3>(3, 0).noalias() += (c * w) * u.transpose();
  ws.jacobian.block<3, 3>(3, 3).noalias() += r * (f + b * r).transpose() + (c * w) * w.transpose();
  ws.jacobian.block<3, 3>(3, 3).diagonal().array() -= f.dot(r) + b * r.squaredNorm();
}

// Largest distance any patch centre or ligament point can have moved between two poses:
// |t - t0| + |(R - R0) c|, with |(R - R0) c| <= 2 sin(angle/2) |c| = sqrt(3 - trace(R R0^T)) |c|.
double calc_patch_travel_bound_m(const PatellofemoralModel& model, const PatellaPose& pose,
                                 const PatellaPose& from) {
  const double trace = pose.rotation.cwiseProduct(from.rotation).sum();  // trace(R R0^T)
  return (pose.translation_m - from.translation_m).norm() +
         std::sqrt(std::max(3.0 - trace, 0.0)) *
             std::max(model.patch_max_radius_m, model.ligament_max_radius_m);
}

// A patch is listed as near when its unnormalised gap rho - rho_s is below this margin (m).
// Since that gap changes by at most trochlea_gap_slope x the patch travel, the list stays exact
// while every patch has moved less than margin / slope (~0.37 mm) since it was built. A ligament
// bundle is listed when its length exceeds slack - margin: its length changes by at most its
// patellar point's travel (< margin while the list holds), so an unlisted bundle stays slack.
// 0.5 mm: fewer listed patches per evaluation outweigh the more frequent rebuilds (benchmark:
// 4 % fewer instructions per solve than 1 mm; 0.3 mm rebuilds too often).
constexpr double kNearMargin_m = 0.5e-3;

bool near_patches_cover(const PatellofemoralModel& model, const PatellaPose& pose,
                        const PatellofemoralWorkspace& ws) {
  return ws.near_patches_model == model.compile_serial &&
         model.trochlea_gap_slope * calc_patch_travel_bound_m(model, pose, ws.near_patches_pose) <
             kNearMargin_m;
}

// Lists the patches whose gap is below the margin at `pose` and clears the pressures of all
// others. Far patches are rejected without roots: g(u) <= a |u| + b u + max(c, 0) |u| min(|u|, w)
// bounds the groove from above, so a patch beyond that radius plus the margin is clear.
void collect_near_patches(const PatellofemoralModel& model, const PatellaPose& pose,
                          PatellofemoralWorkspace& ws) {
  const TrochleaSurface& s = model.trochlea;
  ws.near_patches.clear();
  for (std::size_t i = 0; i < model.patches.size(); ++i) {
    ws.patch_pressure_Pa[i] = 0.0;
    const Vector3d p = pose.translation_m + pose.rotation * model.patches[i].centre_m;
    const double ax = p.x() - s.centre_x_m, ay = p.y() - s.centre_y_m;
    const double u_m = p.z() - s.sulcus_z_m;
    const double c_m = std::max(u_m > 0.0 ? s.lateral_curvature_per_m : s.medial_curvature_per_m, 0.0);
    const double reach_m = s.radius_m + s.incline_mean * std::abs(u_m) + s.incline_asymmetry * u_m +
                           c_m * std::abs(u_m) * std::min(std::abs(u_m), s.curved_half_width_m) +
                           kNearMargin_m;
    const double rho2 = ax * ax + ay * ay;
    if (reach_m > 0.0 && rho2 >= reach_m * reach_m) continue;
    if (std::sqrt(rho2) - s.radius_m - calc_trochlea_profile(s, u_m).g_m >= kNearMargin_m) continue;
    ws.near_patches.push_back(static_cast<int>(i));
  }
  ws.near_ligaments.clear();
  for (std::size_t i = 0; i < model.ligament_patella_m.size(); ++i) {
    ws.ligament_force_N[i] = 0.0;
    const Vector3d p = pose.translation_m + pose.rotation * model.ligament_patella_m[i];
    if ((model.ligament_femur_m[i] - p).norm() > model.ligament_slack_m[i] - kNearMargin_m)
      ws.near_ligaments.push_back(static_cast<int>(i));
  }
  ws.near_patches_pose = pose;
  ws.near_patches_model = model.compile_serial;
}

// A Blankevoort 1991 bundle from the patella point p to a fixed anchor (tibia or femur, m): its
// tension along the line, if taut, into the residual (and Jacobian). Returns the tension, N.
double add_bundle_force(const Vector3d& p, const Vector3d& anchor, double slack_m,
                        double stiffness_N, double transition_strain, const Vector3d& origin,
                        PatellofemoralWorkspace& ws, bool with_jacobian) {
  const Vector3d v = anchor - p;
  const double length_m = v.norm();
  const BundleForce b = calc_bundle_force(length_m, slack_m, stiffness_N, transition_strain);
  if (b.force_N > 0.0)
    add_line_force(p, v, length_m, b.force_N, b.stiffness_N_per_m, origin, ws, with_jacobian);
  return b.force_N;
}

}  // namespace

void prepare_patellofemoral_loading(const PatellofemoralModel& model,
                                    const PatellofemoralLoading& loading,
                                    PatellofemoralWorkspace& ws) {
  // Tibia: flexion about the femoral Z axis (flexion = tibia swings posteriorly), then internal
  // rotation about its long axis (Lenhart's knee_r sequence, adduction omitted).
  const Matrix3d tibia =
      (Eigen::AngleAxisd(-loading.knee_flexion_rad, Vector3d::UnitZ()) *
       Eigen::AngleAxisd(loading.tibial_internal_rotation_rad, Vector3d::UnitY()))
          .toRotationMatrix();
  for (std::size_t i = 0; i < model.bundle_tibia_m.size(); ++i)
    ws.tibia_points_m[i] = tibia * model.bundle_tibia_m[i];
  // The femur turns internally under the quadriceps line: seen from the femur, the via points turn
  // externally (anterior toward lateral) about the femoral long axis.
  const Matrix3d femur_to_quad =
      Eigen::AngleAxisd(-loading.femoral_internal_rotation_rad, Vector3d::UnitY()).toRotationMatrix();
  for (int i = 0; i < kQuadricepsCount; ++i) ws.via_points_m[i] = femur_to_quad * model.muscle_via_m[i];
}

void calc_patella_loads(const PatellofemoralModel& model, const PatellofemoralLoading& loading,
                        const PatellaPose& pose, PatellofemoralWorkspace& ws, bool with_jacobian) {
  const Matrix3d& R = pose.rotation;
  const Vector3d& t = pose.translation_m;
  ws.residual.setZero();
  if (with_jacobian) {
    ws.jacobian.setZero();
    ws.jacobian_lu_current = false;
    ws.jacobian_loading = loading;
    ws.jacobian_model = model.compile_serial;
  }

  // Stage 1: quadriceps, each a constant force along its insertion -> via line.
  for (int i = 0; i < kQuadricepsCount; ++i) {
    const double force = loading.muscle_force_N[i];
    ws.quadriceps_direction[i].setZero();
    if (force == 0.0) continue;
    // Constant magnitude along a line that pivots about the via (or tangent) point.
    const Vector3d p = t + R * model.muscle_insertion_m[i];
    const QuadricepsLine line = calc_quadriceps_line(p, ws.via_points_m[i], model.muscle_wrap_m[i]);
    ws.quadriceps_direction[i] = line.direction;
    const Matrix3d D = force * line.d_direction_d_insertion;
    add_point_force(p, force * line.direction, D, t, ws, with_jacobian);
  }
  // Stage 2: patellar tendon bundles (Blankevoort 1991 law).
  for (std::size_t i = 0; i < model.bundle_patella_m.size(); ++i)
    ws.bundle_force_N[i] = add_bundle_force(
        t + R * model.bundle_patella_m[i], ws.tibia_points_m[i], model.bundle_slack_m[i],
        model.bundle_stiffness_N[i], model.bundle_transition_strain[i], t, ws, with_jacobian);
  // Stage 2b: patellofemoral ligaments, femur point -> patella point (same law); only the bundles
  // that can be taut near this pose (the near lists, see collect_near_patches).
  if (!near_patches_cover(model, pose, ws)) collect_near_patches(model, pose, ws);
  for (const int i : ws.near_ligaments)
    ws.ligament_force_N[i] = add_bundle_force(
        t + R * model.ligament_patella_m[i], model.ligament_femur_m[i], model.ligament_slack_m[i],
        model.ligament_stiffness_N[i], model.ligament_transition_strain[i], t, ws, with_jacobian);
  // Stage 3: brace, a constant medial force. Its buttress presses on the patella's lateral border,
  // so its line passes through the bone's mass centre, the frame origin (lenhart2015.osim), not
  // through the articular cartilage 14 mm posterior of it (docs/model/patellofemoral.md).
  if (loading.brace_medial_force_N != 0.0)
    add_point_force(t, Vector3d(0.0, 0.0, -loading.brace_medial_force_N), Matrix3d::Zero(), t,
                    ws, with_jacobian);
  // Stage 4: elastic-foundation contact of the patches near the trochlea (lists built above).
  const TrochleaSurface& s = model.trochlea;
  const double kf = model.foundation_stiffness_Pa_per_m;
  const double h_m = model.cartilage_thickness_m, bone_ratio = model.bone_stiffness_ratio;
  Eigen::Matrix<double, 6, 6> contact_jacobian = Eigen::Matrix<double, 6, 6>::Zero();
  Matrix3d arm_force = Matrix3d::Zero();  // sum of r f^T over the patches, N m
  double arm_dot_force = 0.0;              // sum of r . f, N m
  for (const int i : ws.near_patches) {
    const ContactPatch& patch = model.patches[i];
    const Vector3d r = R * patch.centre_m;  // arm from the patella origin, m
    const Vector3d p = t + r;
    const double ax = p.x() - s.centre_x_m, ay = p.y() - s.centre_y_m;
    const double u_m = p.z() - s.sulcus_z_m;
    const double rho = std::sqrt(ax * ax + ay * ay);
    const TrochleaProfile g = calc_trochlea_profile(s, u_m);
    const double gap = rho - s.radius_m - g.g_m;  // > 0: clear of the surface (unnormalised)
    if (gap >= 0.0) {
      ws.patch_pressure_Pa[i] = 0.0;
      continue;
    }
    const double w = 1.0 / (1.0 + g.dg * g.dg);
    const double sw = std::sqrt(w);
    const Vector3d e(ax / rho, ay / rho, 0.0);
    const Vector3d m(e.x(), e.y(), -g.dg);       // surface gradient; normal = m sqrt(w)
    // p = (K/h) phi(d), depth d = -gap sqrt(w): phi = d in the cartilage; past its thickness h
    // bone meets bone, phi = d + (beta - 1)(d - h) (elastic_foundation.hpp).
    const double depth = -gap * sw;
    const double ka = kf * patch.area_m2;
    double pressure_Pa = -kf * gap * sw;  // K d / h
    double c = -ka * gap * w;             // f = c m, N per unit |m|
    double c_depth = -ka * w;             // -ka phi' w, the m m^T term of df/dp below
    double turn = 2.0;                    // 1 + phi' d / phi
    if (depth > h_m) {
      const double s_phi = 1.0 + (bone_ratio - 1.0) * (depth - h_m) / depth;  // phi / d
      pressure_Pa *= s_phi;
      c *= s_phi;
      c_depth *= bone_ratio;
      turn = 1.0 + bone_ratio / s_phi;
    }
    ws.patch_pressure_Pa[i] = pressure_Pa;
    const Vector3d f = c * m;
    const Vector3d moment = r.cross(f);
    ws.patch_force_N[i] = f;
    ws.residual.head<3>() += f;
    ws.residual.tail<3>() += moment;
    if (!with_jacobian) continue;
    // f = ka phi n with the unit normal n = m sqrt(w):
    // df/dp = -ka [phi' w m m^T - (phi sqrt(w) / rho) e' e'^T
    //              + g'' (phi sqrt(w) z + (phi' d + phi) w^1.5 g' m) z^T],  e' = z x e
    // (the depth changes along m; the normal turns about the groove axis and across the facet).
    // A point force adds G^T D G with G = [I, -[r]x] (add_point_force); with A_x = G^T x =
    // [x; r x x] each rank-one term of D becomes A_x (c A_y)^T: three 6-vector pairs per patch,
    // J += U V^T.
    const Vector3d e_perp(-e.y(), e.x(), 0.0);
    Eigen::Matrix<double, 6, 3> U, V;
    U.col(0) << m, r.cross(m);
    U.col(1) << e_perp, r.cross(e_perp);
    U.col(2) << 0.0, 0.0, 1.0, r.y(), -r.x(), 0.0;  // A_z
    V.col(0) = c_depth * U.col(0);
    V.col(1) = (c / rho) * U.col(1);
    V.col(2) = (-c * g.d2g_per_m) * U.col(2);
    U.col(2) += (turn * g.dg * w) * U.col(0);  // A_z + (1 + phi' d / phi) g' w A_m
    contact_jacobian.noalias() += U * V.transpose();
    arm_force.noalias() += r * f.transpose();
    arm_dot_force += r.dot(f);
  }
  if (with_jacobian) {
    ws.jacobian += contact_jacobian;
    // The moment arm turns with the patella: d(r x f)/d(rotation) adds [f]x [r]x = r f^T - (f.r) I.
    ws.jacobian.block<3, 3>(3, 3) += arm_force - arm_dot_force * Matrix3d::Identity();
  }
}

std::array<double, kQuadricepsCount> calc_knee_moment_force_derivatives_m(
    const PatellofemoralModel& model, const PatellofemoralLoading& loading,
    const PatellaPose& pose, PatellofemoralWorkspace& ws) {
  calc_patella_loads(model, loading, pose, ws, true);
  const Matrix3d& R = pose.rotation;
  // g: M_ext = -sum_k (z x a_k) . f_k over the tendon bundles (a_k tibial point, f_k the bundle's
  // pull on the patella). A bundle point moves by dp = dt - [r]x dtheta and df = D dp
  // (add_line_force), so with y_k = -D_k (z x a_k): g = [sum y_k; sum r_k x y_k].
  Eigen::Matrix<double, 6, 1> g = Eigen::Matrix<double, 6, 1>::Zero();
  for (std::size_t k = 0; k < model.bundle_patella_m.size(); ++k) {
    const Vector3d r = R * model.bundle_patella_m[k];
    const Vector3d v = ws.tibia_points_m[k] - (pose.translation_m + r);
    const double length_m = v.norm();
    const BundleForce b = calc_bundle_force(length_m, model.bundle_slack_m[k],
                                            model.bundle_stiffness_N[k],
                                            model.bundle_transition_strain[k]);
    if (b.force_N <= 0.0) continue;  // slack: no moment, no change to first order
    const Vector3d u = v / length_m;
    const Vector3d w = Vector3d::UnitZ().cross(ws.tibia_points_m[k]);
    const double stretch = b.force_N / length_m;  // the -b I part of D, N/m
    const Vector3d y = stretch * w - (stretch - b.stiffness_N_per_m) * u * u.dot(w);
    g.head<3>() += y;
    g.tail<3>() += r.cross(y);
  }
  // The factors stay in ws for the chord steps of a following solve (calc_patella_loads).
  ws.jacobian_lu.compute(ws.jacobian);
  ws.jacobian_lu_current = true;
  const Eigen::Matrix<double, 6, 1> lambda = ws.jacobian_lu.transpose().solve(g);
  std::array<double, kQuadricepsCount> derivative_m{};
  for (int i = 0; i < kQuadricepsCount; ++i) {
    // b_i: a unit force along the muscle's line at its insertion, and its moment about t.
    const Vector3d arm = R * model.muscle_insertion_m[i];
    const Vector3d u = calc_quadriceps_line(pose.translation_m + arm, ws.via_points_m[i],
                                            model.muscle_wrap_m[i]).direction;
    derivative_m[i] = -(lambda.head<3>().dot(u) + lambda.tail<3>().dot(arm.cross(u)));
  }
  return derivative_m;
}

void calc_patellofemoral_outputs(const PatellofemoralModel& model,
                                 const PatellofemoralLoading& loading, const PatellaPose& pose,
                                 PatellofemoralWorkspace& ws, PatellofemoralResult& result) {
  calc_patella_loads(model, loading, pose, ws, false);
  calc_patellofemoral_outputs_evaluated(model, loading, pose, ws, result);
}

void calc_patellofemoral_outputs_evaluated(const PatellofemoralModel& model,
                                           const PatellofemoralLoading& loading,
                                           const PatellaPose& pose, PatellofemoralWorkspace& ws,
                                           PatellofemoralResult& result) {
  const Matrix3d& R = pose.rotation;
  const Vector3d& t = pose.translation_m;
  result.pose = pose;
  result.force_residual_N = ws.residual.head<3>().norm();
  result.moment_residual_Nm = ws.residual.tail<3>().norm();

  // Contact: the patch forces of the last evaluation; only listed patches can carry pressure.
  Vector3d total = Vector3d::Zero(), moment_sum = Vector3d::Zero();
  double lateral_N = 0.0, all_N = 0.0, area_m2 = 0.0, peak_Pa = 0.0, weighted_Pa_m2 = 0.0;
  for (const int i : ws.near_patches) {
    const double p_Pa = ws.patch_pressure_Pa[i];
    if (p_Pa <= 0.0) continue;
    const ContactPatch& patch = model.patches[i];
    const Vector3d p = t + R * patch.centre_m;
    const double f_N = p_Pa * patch.area_m2;  // = |patch force|
    total += ws.patch_force_N[i];
    moment_sum += f_N * p;
    all_N += f_N;
    if (patch.lateral) lateral_N += f_N;
    area_m2 += patch.area_m2;
    weighted_Pa_m2 += p_Pa * patch.area_m2;
    peak_Pa = std::max(peak_Pa, p_Pa);
  }
  result.contact_force_N = total;
  result.contact_force_magnitude_N = total.norm();
  result.peak_pressure_MPa = peak_Pa * 1e-6;
  result.mean_pressure_MPa = area_m2 > 0.0 ? weighted_Pa_m2 / area_m2 * 1e-6 : 0.0;
  result.contact_area_mm2 = area_m2 * 1e6;
  result.lateral_fraction = all_N > 0.0 ? lateral_N / all_N : 0.0;
  result.centre_of_pressure_m = all_N > 0.0 ? Vector3d(moment_sum / all_N) : Vector3d(t);

  // Patellar tendon: its pull on the tibia gives the knee extension moment about the flexion axis.
  Vector3d tendon = Vector3d::Zero(), tendon_up = Vector3d::Zero();
  double extension_Nm = 0.0;
  for (std::size_t i = 0; i < model.bundle_patella_m.size(); ++i) {
    const Vector3d p = t + R * model.bundle_patella_m[i];
    const Vector3d u = (ws.tibia_points_m[i] - p).normalized();
    const Vector3d on_patella = ws.bundle_force_N[i] * u;
    tendon += on_patella;
    tendon_up -= u;
    extension_Nm += ws.tibia_points_m[i].cross(-on_patella).z();  // +Z moment extends the tibia
  }
  result.tendon_force_N = tendon.norm();
  Vector3d lateral_ligaments = Vector3d::Zero(), medial_ligaments = Vector3d::Zero();
  for (const int i : ws.near_ligaments) {  // the others are slack
    if (ws.ligament_force_N[i] == 0.0) continue;
    const Vector3d p = t + R * model.ligament_patella_m[i];
    const Vector3d f = ws.ligament_force_N[i] * (model.ligament_femur_m[i] - p).normalized();
    (model.ligament_lateral[i] ? lateral_ligaments : medial_ligaments) += f;
  }
  result.lateral_ligament_force_N = lateral_ligaments.norm();
  result.medial_ligament_force_N = medial_ligaments.norm();
  Vector3d quad = Vector3d::Zero();
  double quad_sum_N = 0.0;
  for (int i = 0; i < kQuadricepsCount; ++i) {
    quad += loading.muscle_force_N[i] * ws.quadriceps_direction[i];
    quad_sum_N += loading.muscle_force_N[i];
  }
  result.quadriceps_force_N = quad_sum_N;
  result.knee_extension_moment_Nm = extension_Nm;
  result.quadriceps_lever_arm_m = quad_sum_N > 0.0 ? extension_Nm / quad_sum_N : 0.0;
  // Measured in the patella's frontal plane (its Y-Z plane), which stays meaningful in flexion.
  const Vector3d y_p = R.col(1), z_p = R.col(2);
  result.effective_q_angle_rad = std::atan2(quad.dot(z_p), quad.dot(y_p)) -
                                 std::atan2(tendon_up.dot(z_p), tendon_up.dot(y_p));

  // Angles in Lenhart's pf_r sequence R = Rz(-flex) Rx(rot) Ry(tilt_y).
  result.patella_spin_rad = std::asin(std::clamp(R(2, 1), -1.0, 1.0));
  result.patella_flexion_rad = -std::atan2(-R(0, 1), R(1, 1));
  result.patella_tilt_rad = -std::atan2(-R(2, 0), R(2, 2));  // lateral border posterior = +
  result.patella_shift_m = t.z() - model.patella_rest_translation_m.z();
}

}  // namespace kneeload::models
