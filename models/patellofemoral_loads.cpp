#include "models/patellofemoral_loads.hpp"

#include "models/patellar_tendon.hpp"
#include "models/quadriceps_path.hpp"

#include <Eigen/Geometry>

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

// A tension of magnitude `force` along the line from p toward `anchor`, with dF/dL = `stiffness`.
void add_line_force(const Vector3d& p, const Vector3d& anchor, double force, double stiffness,
                    const Vector3d& origin, PatellofemoralWorkspace& ws, bool with_jacobian) {
  const Vector3d v = anchor - p;
  const double length = v.norm();
  const Vector3d u = v / length;
  const Matrix3d uu = u * u.transpose();
  const Matrix3d D = -stiffness * uu - (force / length) * (Matrix3d::Identity() - uu);
  add_point_force(p, force * u, D, origin, ws, with_jacobian);
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
  if (with_jacobian) ws.jacobian.setZero();

  // Stage 1: quadriceps, each a constant force along its insertion -> via line.
  for (int i = 0; i < kQuadricepsCount; ++i) {
    const double force = loading.muscle_force_N[i];
    if (force == 0.0) continue;
    // Constant magnitude along a line that pivots about the via (or tangent) point.
    const Vector3d p = t + R * model.muscle_insertion_m[i];
    const QuadricepsLine line = calc_quadriceps_line(p, ws.via_points_m[i], model.muscle_wrap_m[i]);
    const Matrix3d D = force * line.d_direction_d_insertion;
    add_point_force(p, force * line.direction, D, t, ws, with_jacobian);
  }
  // Stage 2: patellar tendon bundles (Blankevoort 1991 law).
  for (std::size_t i = 0; i < model.bundle_patella_m.size(); ++i) {
    const Vector3d p = t + R * model.bundle_patella_m[i];
    const BundleForce b = calc_bundle_force((ws.tibia_points_m[i] - p).norm(), model.bundle_slack_m[i],
                                            model.bundle_stiffness_N[i],
                                            model.bundle_transition_strain[i]);
    ws.bundle_force_N[i] = b.force_N;
    if (b.force_N > 0.0)
      add_line_force(p, ws.tibia_points_m[i], b.force_N, b.stiffness_N_per_m, t, ws, with_jacobian);
  }
  // Stage 3: brace, a constant medial force on the patella centre.
  if (loading.brace_medial_force_N != 0.0)
    add_point_force(t + R * model.patella_centre_m,
                    Vector3d(0.0, 0.0, -loading.brace_medial_force_N), Matrix3d::Zero(), t, ws,
                    with_jacobian);
  // Stage 4: elastic-foundation contact of every patch with the trochlea.
  const TrochleaSurface& s = model.trochlea;
  const double kf = model.foundation_stiffness_Pa_per_m;
  for (std::size_t i = 0; i < model.patches.size(); ++i) {
    const ContactPatch& patch = model.patches[i];
    const Vector3d p = t + R * patch.centre_m;
    const double ax = p.x() - s.centre_x_m, ay = p.y() - s.centre_y_m;
    // Cheap rejection without roots: g(u) <= a |u| + b u + max(c, 0) |u| w_u (w_u = min(|u|, w)
    // bounds q(u) from above), so a patch outside that radius is clear.
    const double u_m = p.z() - s.sulcus_z_m;
    const double c_m = std::max(u_m > 0.0 ? s.lateral_curvature_per_m : s.medial_curvature_per_m, 0.0);
    const double reach_m = s.radius_m + s.incline_mean * std::abs(u_m) + s.incline_asymmetry * u_m +
                           c_m * std::abs(u_m) * std::min(std::abs(u_m), s.curved_half_width_m);
    if (reach_m > 0.0 && ax * ax + ay * ay >= reach_m * reach_m) {
      ws.patch_pressure_Pa[i] = 0.0;
      continue;
    }
    const double rho = std::sqrt(ax * ax + ay * ay);
    const TrochleaProfile g = calc_trochlea_profile(s, u_m);
    const double gap = rho - s.radius_m - g.g_m;  // > 0: clear of the surface (unnormalised)
    if (gap >= 0.0) {
      ws.patch_pressure_Pa[i] = 0.0;
      continue;
    }
    const double w = 1.0 / (1.0 + g.dg * g.dg);
    const Vector3d e(ax / rho, ay / rho, 0.0);
    const Vector3d m(e.x(), e.y(), -g.dg);       // surface gradient; normal = m sqrt(w)
    ws.patch_pressure_Pa[i] = -kf * gap * std::sqrt(w);  // p = K d / h, d = -gap sqrt(w)
    const double ka = kf * patch.area_m2;
    const Vector3d f = (-ka * gap * w) * m;
    Matrix3d D = Matrix3d::Zero();
    if (with_jacobian) {
      Matrix3d curvature = Matrix3d::Zero();  // d m / d p
      curvature.topLeftCorner<2, 2>() =
          (Eigen::Matrix2d::Identity() - e.head<2>() * e.head<2>().transpose()) / rho;
      curvature(2, 2) = -g.d2g_per_m;
      const Vector3d dw = Vector3d(0.0, 0.0, -2.0 * g.dg * g.d2g_per_m * w * w);
      D = -ka * (w * m * m.transpose() + gap * w * curvature + gap * m * dw.transpose());
    }
    add_point_force(p, f, D, t, ws, with_jacobian);
  }
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

  // Contact: re-walk the patches for the force vector, the facet split and the pressure stats.
  const TrochleaSurface& s = model.trochlea;
  Vector3d total = Vector3d::Zero(), moment_sum = Vector3d::Zero();
  double lateral_N = 0.0, all_N = 0.0, area_m2 = 0.0, peak_Pa = 0.0, weighted_Pa_m2 = 0.0;
  for (std::size_t i = 0; i < model.patches.size(); ++i) {
    const double p_Pa = ws.patch_pressure_Pa[i];
    if (p_Pa <= 0.0) continue;
    const ContactPatch& patch = model.patches[i];
    const Vector3d p = t + R * patch.centre_m;
    const double ax = p.x() - s.centre_x_m, ay = p.y() - s.centre_y_m;
    const double rho = std::sqrt(ax * ax + ay * ay);
    const TrochleaProfile g = calc_trochlea_profile(s, p.z() - s.sulcus_z_m);
    const Vector3d n = Vector3d(ax / rho, ay / rho, -g.dg).normalized();
    const double f_N = p_Pa * patch.area_m2;
    total += f_N * n;
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
  Vector3d quad = Vector3d::Zero();
  double quad_sum_N = 0.0;
  for (int i = 0; i < kQuadricepsCount; ++i) {
    const Vector3d p = t + R * model.muscle_insertion_m[i];
    quad += loading.muscle_force_N[i] *
            calc_quadriceps_line(p, ws.via_points_m[i], model.muscle_wrap_m[i]).direction;
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
