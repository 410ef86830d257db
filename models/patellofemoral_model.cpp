#include "models/patellofemoral_model.hpp"

#include "models/elastic_foundation.hpp"
#include "models/quadriceps_path.hpp"
#include "solver/errors.hpp"

#include <Eigen/Geometry>

#include <algorithm>
#include <atomic>
#include <cmath>

namespace kneeload::models {
namespace {

constexpr double kPi = 3.14159265358979323846;

// Frontal-plane angle of a vector from the proximal (Y) axis, lateral (Z) positive, rad.
double frontal_angle(const Eigen::Vector3d& v) { return std::atan2(v.z(), v.y()); }

}  // namespace

PatellofemoralModel compile_patellofemoral_model(const PatellofemoralSpec& spec) {
  PatellofemoralModel m;
  m.spec = spec;
  if (spec.tendon_bundles.empty()) throw InputError("patellofemoral spec: no patellar tendon bundles");
  if (!(spec.tendon_slack_scale > 0.5 && spec.tendon_slack_scale < 1.5))
    throw InputError(fmt::format("patellofemoral.tendon_slack_scale = {} is outside (0.5, 1.5)",
                                 spec.tendon_slack_scale));
  for (const auto& b : spec.tendon_bundles) {
    if (!(b.slack_length_m > 0.0 && b.linear_stiffness_N > 0.0 && b.transition_strain > 0.0))
      throw InputError(fmt::format("patellar tendon bundle '{}': slack length {} m, stiffness {} N "
                                   "and transition strain {} must be positive",
                                   b.name, b.slack_length_m, b.linear_stiffness_N,
                                   b.transition_strain));
    m.bundle_names.push_back(b.name);
    m.bundle_patella_m.push_back(b.patella_point_m);
    m.bundle_tibia_m.push_back(b.tibia_point_m);
    m.bundle_slack_m.push_back(b.slack_length_m * spec.tendon_slack_scale);
    m.bundle_stiffness_N.push_back(b.linear_stiffness_N);
    m.bundle_transition_strain.push_back(b.transition_strain);
  }
  if (!(spec.tendon_stiffness_N_per_m >= 0.0 && spec.tendon_stiffness_N_per_m < 1e8))
    throw InputError(fmt::format("patellofemoral.tendon_stiffness_N_per_m = {} is outside [0, 1e8) N/m",
                                 spec.tendon_stiffness_N_per_m));
  if (spec.tendon_stiffness_N_per_m > 0.0) {
    double lenhart_N_per_m = 0.0;  // sum of k_i / L0_i: the bundles in parallel
    for (std::size_t i = 0; i < m.bundle_stiffness_N.size(); ++i)
      lenhart_N_per_m += m.bundle_stiffness_N[i] / m.bundle_slack_m[i];
    for (double& k : m.bundle_stiffness_N) k *= spec.tendon_stiffness_N_per_m / lenhart_N_per_m;
  }
  for (const auto& l : spec.ligaments) {
    if (!(l.slack_length_m > 0.0 && l.linear_stiffness_N >= 0.0 && l.transition_strain > 0.0))
      throw InputError(fmt::format("patellofemoral ligament '{}': slack length {} m and transition "
                                   "strain {} must be positive, stiffness {} N not negative",
                                   l.name, l.slack_length_m, l.transition_strain,
                                   l.linear_stiffness_N));
    const bool lateral = l.name.rfind("lPFL", 0) == 0;
    if (!lateral && l.name.rfind("mPFL", 0) != 0)
      throw InputError(fmt::format("patellofemoral ligament '{}': the name must start with lPFL "
                                   "(lateral) or mPFL (medial)", l.name));
    m.ligament_names.push_back(l.name);
    m.ligament_femur_m.push_back(l.femur_point_m);
    m.ligament_patella_m.push_back(l.patella_point_m);
    m.ligament_slack_m.push_back(l.slack_length_m);
    m.ligament_stiffness_N.push_back(l.linear_stiffness_N);
    m.ligament_transition_strain.push_back(l.transition_strain);
    m.ligament_lateral.push_back(lateral);
  }
  const std::array<const char*, kQuadricepsCount> names = {"vasmed", "vaslat", "vasint", "recfem"};
  for (int i = 0; i < kQuadricepsCount; ++i) {
    const QuadricepsMuscleSpec* found = nullptr;
    for (const auto& q : spec.quadriceps)
      if (q.name == names[i]) found = &q;
    if (!found) throw InputError(fmt::format("patellofemoral spec: quadriceps muscle '{}' is missing", names[i]));
    if (!(found->max_isometric_force_N > 0.0))
      throw InputError(fmt::format("quadriceps muscle '{}': max isometric force {} N must be positive",
                                   found->name, found->max_isometric_force_N));
    m.muscle_names[i] = found->name;
    m.muscle_via_m[i] = found->via_point_m;
    m.muscle_insertion_m[i] = found->insertion_point_m;
    m.muscle_max_force_N[i] = found->max_isometric_force_N;
    m.muscle_wrap_m[i] = Eigen::Vector3d(found->wrap_centre_x_m, found->wrap_centre_y_m,
                                         std::max(found->wrap_radius_m, 0.0));
  }
  if (!(spec.q_angle_deg >= 0.0 && spec.q_angle_deg <= 35.0))
    throw InputError(fmt::format("knee.q_angle_deg = {} is outside 0-35", spec.q_angle_deg));

  m.trochlea = make_trochlea_surface(spec.trochlea);
  m.patches = make_patella_patches(spec.patella);
  m.foundation_stiffness_Pa_per_m = calc_foundation_stiffness_Pa_per_m(spec.contact);
  m.cartilage_thickness_m = spec.contact.layer_thickness_m * spec.contact.n_layers;
  m.bone_stiffness_ratio = spec.contact.bone_stiffness_ratio;
  m.patella_ridge_z_m = spec.patella.ridge_z_m;
  m.patella_centre_m = Eigen::Vector3d(spec.patella.ridge_x_m, spec.patella.centre_y_m,
                                       spec.patella.centre_z_m);
  m.patella_rest_translation_m = spec.patella_rest_translation_m;
  m.q_angle_rad = spec.q_angle_deg * kPi / 180.0;
  m.patella_mass_fraction = spec.patella_mass_fraction;
  for (const ContactPatch& patch : m.patches)
    m.patch_max_radius_m = std::max(m.patch_max_radius_m, patch.centre_m.norm());
  for (const Eigen::Vector3d& p : m.ligament_patella_m)
    m.ligament_max_radius_m = std::max(m.ligament_max_radius_m, p.norm());
  // Bound of |g'(u)| (trochlea_surface.hpp): g' = a u / sqrt(u^2 + r0^2) + b + q'(u), the first term
  // in [0, a) laterally and (-a, 0] medially, q' between 0 and c w on each side.
  const TrochleaSurface& s = m.trochlea;
  const double a = s.incline_mean, b = s.incline_asymmetry, w = s.curved_half_width_m;
  const double q_lateral = s.lateral_curvature_per_m * w, q_medial = -s.medial_curvature_per_m * w;
  const double max_slope = std::max({std::abs(b + std::min(q_lateral, 0.0)),
                                     std::abs(a + b + std::max(q_lateral, 0.0)),
                                     std::abs(-a + b + std::min(q_medial, 0.0)),
                                     std::abs(b + std::max(q_medial, 0.0))});
  m.trochlea_gap_slope = std::sqrt(1.0 + max_slope * max_slope);
  static std::atomic<long> serial{0};
  m.compile_serial = ++serial;

  // Q-angle: at the rest pose (0 deg), rotate the quadriceps via points in the frontal plane about
  // the patella centre until the force-weighted quadriceps resultant leans laterally from the
  // proximal extension of the patellar-tendon line by exactly q_angle.
  // The lines pivot at different insertions, so the lean is not exactly linear in the turn:
  // a few fixed-point corrections bring it to the key within 1e-9 rad.
  const Eigen::Vector3d t0 = m.patella_rest_translation_m;
  Eigen::Vector3d tendon_up = Eigen::Vector3d::Zero();
  for (std::size_t i = 0; i < m.bundle_tibia_m.size(); ++i)
    tendon_up += (t0 + m.bundle_patella_m[i] - m.bundle_tibia_m[i]).normalized();
  const Eigen::Vector3d pivot = t0 + m.patella_centre_m;
  for (int iteration = 0; iteration < 50; ++iteration) {
    Eigen::Vector3d quad = Eigen::Vector3d::Zero();
    for (int i = 0; i < kQuadricepsCount; ++i)
      quad += m.muscle_max_force_N[i] *
              calc_quadriceps_line(t0 + m.muscle_insertion_m[i], m.muscle_via_m[i], m.muscle_wrap_m[i])
                  .direction;
    const double error_rad = m.q_angle_rad - (frontal_angle(quad) - frontal_angle(tendon_up));
    if (std::abs(error_rad) < 1e-9) break;
    const Eigen::Matrix3d turn = Eigen::AngleAxisd(error_rad, Eigen::Vector3d::UnitX()).toRotationMatrix();
    for (int i = 0; i < kQuadricepsCount; ++i)
      m.muscle_via_m[i] = pivot + turn * (m.muscle_via_m[i] - pivot);
  }
  return m;
}

PatellofemoralWorkspace::PatellofemoralWorkspace(const PatellofemoralModel& model)
    : tibia_points_m(model.bundle_tibia_m.size(), Eigen::Vector3d::Zero()),
      bundle_force_N(model.bundle_tibia_m.size(), 0.0),
      ligament_force_N(model.ligament_femur_m.size(), 0.0),
      patch_pressure_Pa(model.patches.size(), 0.0),
      patch_force_N(model.patches.size(), Eigen::Vector3d::Zero()) {
  for (auto& v : quadriceps_direction) v.setZero();
  near_patches.reserve(model.patches.size());
  near_ligaments.reserve(model.ligament_patella_m.size());
  for (auto& v : via_points_m) v.setZero();
  residual.setZero();
  jacobian.setZero();
}

PatellaPose calc_initial_patella_pose(const PatellofemoralModel& model, double knee_flexion_rad) {
  const double roll_rad = 0.7 * knee_flexion_rad;
  const Eigen::Matrix3d roll =
      Eigen::AngleAxisd(-roll_rad, Eigen::Vector3d::UnitZ()).toRotationMatrix();
  const Eigen::Vector3d centre(model.trochlea.centre_x_m, model.trochlea.centre_y_m, 0.0);
  Eigen::Vector3d rest = model.patella_rest_translation_m;
  PatellaPose pose;
  pose.rotation = roll;
  pose.translation_m = centre + roll * (rest - centre);
  pose.translation_m.z() = rest.z();
  return pose;
}

}  // namespace kneeload::models
