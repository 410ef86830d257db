#pragma once
// The compiled patellofemoral mechanism (DESIGN.md §3.4): a const model built once from a
// PatellofemoralSpec, the per-solve loading, the patella pose (the state of the quasi-static
// mechanism), a preallocated workspace and the result of one solve.
#include "models/patella_surface.hpp"
#include "models/patellofemoral_spec.hpp"
#include "models/trochlea_surface.hpp"

#include <Eigen/Core>
#include <Eigen/LU>

#include <array>
#include <string>
#include <vector>

namespace kneeload::models {

constexpr int kQuadricepsCount = 4;  // vasmed, vaslat, vasint, recfem

struct PatellofemoralModel {
  PatellofemoralSpec spec;  // the validated spec it was compiled from

  // Patellar tendon bundles, [n_bundles] each.
  std::vector<std::string> bundle_names;
  std::vector<Eigen::Vector3d> bundle_patella_m;  // patella frame, m
  std::vector<Eigen::Vector3d> bundle_tibia_m;    // tibia frame, m
  std::vector<double> bundle_slack_m;             // m (Lenhart slack x tendon_slack_scale)
  std::vector<double> bundle_stiffness_N;         // N per unit strain
  std::vector<double> bundle_transition_strain;   // 1

  // Patellofemoral ligament bundles (lPFL, mPFL), [n_ligaments] each.
  std::vector<std::string> ligament_names;
  std::vector<Eigen::Vector3d> ligament_femur_m;    // femur frame, m
  std::vector<Eigen::Vector3d> ligament_patella_m;  // patella frame, m
  std::vector<double> ligament_slack_m;             // m
  std::vector<double> ligament_stiffness_N;         // N per unit strain
  std::vector<double> ligament_transition_strain;   // 1
  std::vector<bool> ligament_lateral;               // lateral (lPFL) or medial (mPFL) bundle

  // Quadriceps, [kQuadricepsCount] each, in the order vasmed, vaslat, vasint, recfem.
  std::array<std::string, kQuadricepsCount> muscle_names;
  std::array<Eigen::Vector3d, kQuadricepsCount> muscle_via_m;        // femur frame, m, Q-angle set
  std::array<Eigen::Vector3d, kQuadricepsCount> muscle_insertion_m;  // patella frame, m
  std::array<double, kQuadricepsCount> muscle_max_force_N;           // N
  std::array<Eigen::Vector3d, kQuadricepsCount> muscle_wrap_m;       // (centre x, centre y, radius), m

  TrochleaSurface trochlea;
  std::vector<ContactPatch> patches;            // [n_patches], patella frame
  double foundation_stiffness_Pa_per_m = 0.0;   // K / h, Pa/m
  double cartilage_thickness_m = 0.0;           // h, all layers, m
  double bone_stiffness_ratio = 0.0;            // beyond depth h, 1 (elastic_foundation.hpp)
  double patella_ridge_z_m = 0.0;               // patella frame, m (splits the facets)
  Eigen::Vector3d patella_centre_m;             // articular-surface centre, patella frame, m
  Eigen::Vector3d patella_rest_translation_m;   // femur frame at 0 deg, m
  double q_angle_rad = 0.0;                     // rad
  double patella_mass_fraction = 0.0;           // of body mass

  // Bounds for skipping patches that cannot touch the trochlea (calc_patella_loads):
  double patch_max_radius_m = 0.0;    // largest |patch centre| from the patella origin, m
  double ligament_max_radius_m = 0.0; // largest |ligament patella point| from the origin, m
  double trochlea_gap_slope = 1.0;    // upper bound of |grad (rho - rho_s)| = sqrt(1 + g'^2), 1
  long compile_serial = 0;            // distinguishes compiled models for workspace caches
};

// Validates and compiles; InputError naming the element for a bad spec.
PatellofemoralModel compile_patellofemoral_model(const PatellofemoralSpec& spec);

// What drives one solve.
struct PatellofemoralLoading {
  double knee_flexion_rad = 0.0;               // rad, flexion positive
  double tibial_internal_rotation_rad = 0.0;   // rad, tibia relative to femur about its long axis
  double femoral_internal_rotation_rad = 0.0;  // rad, femur under the quadriceps line (pronation)
  std::array<double, kQuadricepsCount> muscle_force_N{};  // N, model.muscle_names order
  double brace_medial_force_N = 0.0;           // N, medially directed, through the mass centre
  double time_s = 0.0;                         // s, only to report a failure
};

// Patella pose relative to the femur: x_femur = rotation * x_patella + translation.
struct PatellaPose {
  Eigen::Matrix3d rotation = Eigen::Matrix3d::Identity();
  Eigen::Vector3d translation_m = Eigen::Vector3d::Zero();  // m
};

struct PatellofemoralResult {
  PatellaPose pose;
  double patella_flexion_rad = 0;  // pf_flex (Lenhart sequence Z(-flex) X(rot) Y(tilt)), rad
  double patella_spin_rad = 0;     // pf_rot about the anteroposterior axis, rad
  double patella_tilt_rad = 0;     // lateral tilt positive (lateral border toward the femur), rad
  double patella_shift_m = 0;      // lateral positive, from the rest position, m
  Eigen::Vector3d contact_force_N = Eigen::Vector3d::Zero();  // on the patella, femur frame, N
  double contact_force_magnitude_N = 0;  // N
  double peak_pressure_MPa = 0, mean_pressure_MPa = 0;  // MPa
  double contact_area_mm2 = 0;           // mm^2 (patches with p > 0)
  double lateral_fraction = 0;           // lateral-facet share of the contact force, 1
  Eigen::Vector3d centre_of_pressure_m = Eigen::Vector3d::Zero();  // femur frame, m
  double tendon_force_N = 0;             // magnitude of the patellar-tendon resultant, N
  double lateral_ligament_force_N = 0;   // magnitude of the lPFL bundles' resultant, N
  double medial_ligament_force_N = 0;    // magnitude of the mPFL bundles' resultant, N
  double quadriceps_force_N = 0;         // sum of the muscle forces, N
  double knee_extension_moment_Nm = 0;   // about the flexion axis, from the PT on the tibia, N m
  double quadriceps_lever_arm_m = 0;     // extension moment / quadriceps force, m
  double effective_q_angle_rad = 0;      // frontal quadriceps vs PT angle at the solution, rad
  double force_residual_N = 0, moment_residual_Nm = 0;
  int iterations = 0;
};

// The last three converged poses of a workspace and their knee angles, for the solve predictor.
struct PatellaPoseHistory {
  std::array<PatellaPose, 3> pose;               // [3] oldest first, `count` valid
  std::array<double, 3> knee_flexion_rad{};      // [3] rad
  int count = 0;                                 // 0..3 recorded
};

// Scratch for one thread; sized once for a model, no allocation afterwards.
struct PatellofemoralWorkspace {
  explicit PatellofemoralWorkspace(const PatellofemoralModel& model);
  std::vector<Eigen::Vector3d> tibia_points_m;   // [n_bundles] femur frame, m, this loading
  std::vector<double> bundle_force_N;            // [n_bundles] N
  std::vector<double> ligament_force_N;          // [n_ligaments] N, tension
  std::vector<double> patch_pressure_Pa;         // [n_patches] Pa
  std::vector<Eigen::Vector3d> patch_force_N;    // [n_patches] on the patella, femur frame, N (where p > 0)
  std::array<Eigen::Vector3d, kQuadricepsCount> quadriceps_direction;  // unit, femur frame (0 if unloaded)
  std::array<Eigen::Vector3d, kQuadricepsCount> via_points_m;  // femur frame, m, this loading
  Eigen::Matrix<double, 6, 1> residual;          // [force N; moment N m] on the patella
  Eigen::Matrix<double, 6, 6> jacobian;          // d residual / d (translation m, rotation rad);
                                                 // after a solve, secant-corrected (Broyden)
  // LU factors of `jacobian` (fixed size, no allocation), kept while chord steps reuse it.
  Eigen::PartialPivLU<Eigen::Matrix<double, 6, 6>> jacobian_lu;
  bool jacobian_lu_current = false;              // jacobian_lu factors the present `jacobian`
  PatellofemoralLoading jacobian_loading;        // the loading `jacobian` was last evaluated for
  long jacobian_model = -1;                      // compile_serial of its model (-1: none yet)
  PatellaPoseHistory history;                    // last solutions of this workspace

  // Patches that may touch the trochlea while the patella stays near `near_patches_pose` (built by
  // calc_patella_loads; every other patch is provably clear of the groove there).
  std::vector<int> near_patches;                 // [<= n_patches] patch indices
  PatellaPose near_patches_pose;                 // pose the list was built at
  long near_patches_model = -1;                  // compile_serial of the model it was built for
  // Ligament bundles that may be taut near that pose (the others are provably slack there), same
  // life as near_patches.
  std::vector<int> near_ligaments;               // [<= n_ligaments] bundle indices
};

// The patella pose for a cold start at a knee angle: the rest pose rolled about the trochlear
// centre by 0.7 x flexion (a typical patellar/knee flexion ratio).
PatellaPose calc_initial_patella_pose(const PatellofemoralModel& model, double knee_flexion_rad);

}  // namespace kneeload::models
