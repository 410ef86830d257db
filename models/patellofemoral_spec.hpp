#pragma once
// The plain, user-editable description of the patellofemoral mechanism (DESIGN.md §3.4): the
// knee geometry from Lenhart et al. 2015 (Ann Biomed Eng 43:2675) plus the analytic surface and
// contact parameters. compile_patellofemoral_model() validates it and builds the const model.
//
// Frames (docs/model/patellofemoral.md): femur frame = origin on the tibiofemoral flexion axis
// (mid-epicondyles), X anterior, Y proximal, Z lateral (right knee); patella frame = Lenhart's
// patella_r frame; tibia frame = Lenhart's tibia_proximal_r, equal to the femur frame at 0 deg.
#include <Eigen/Core>

#include <string>
#include <vector>

namespace kneeload::models {

// One patellar-tendon bundle, a Blankevoort 1991 ligament (toe region + linear).
struct TendonBundleSpec {
  std::string name;
  Eigen::Vector3d patella_point_m = Eigen::Vector3d::Zero();  // patella frame, m
  Eigen::Vector3d tibia_point_m = Eigen::Vector3d::Zero();    // tibia frame, m
  double slack_length_m = 0.0;                                // m
  double linear_stiffness_N = 0.0;                            // N per unit strain
  double transition_strain = 0.06;                            // 1 (toe region ends here)
};

// One patellofemoral ligament bundle (Lenhart 2015's lPFL1-8 and mPFL1-6): a straight Blankevoort
// 1991 line from the femur to the patella, the same law as the patellar tendon (patellar_tendon.hpp).
struct LigamentBundleSpec {
  std::string name;                                           // e.g. lPFL1, mPFL6
  Eigen::Vector3d femur_point_m = Eigen::Vector3d::Zero();    // femur frame, m
  Eigen::Vector3d patella_point_m = Eigen::Vector3d::Zero();  // patella frame, m
  double slack_length_m = 0.0;                                // m
  double linear_stiffness_N = 0.0;                            // N per unit strain
  double transition_strain = 0.06;                            // 1 (toe region ends here)
};

// One quadriceps muscle: its last proximal path point (via) and its insertion on the patella.
struct QuadricepsMuscleSpec {
  std::string name;                                            // vasmed, vaslat, vasint, recfem
  Eigen::Vector3d via_point_m = Eigen::Vector3d::Zero();       // femur frame, m
  Eigen::Vector3d insertion_point_m = Eigen::Vector3d::Zero(); // patella frame, m
  double max_isometric_force_N = 0.0;                          // N
  // The tendon wraps over the distal femur on a cylinder with its axis along Z (Lenhart's
  // KnExt_at_fem_r); radius 0 = a straight line to the via point.
  double wrap_centre_x_m = 0.0, wrap_centre_y_m = 0.0;         // femur frame, m
  double wrap_radius_m = 0.0;                                  // m
};

// Trochlear groove: a V with a rounded floor, swept around a sagittal circle about an axis
// parallel to Z through `centre` (the groove wraps the condyles).
struct TrochleaSpec {
  double centre_x_m = 0.0, centre_y_m = 0.0;  // sagittal circle centre, femur frame, m
  double groove_radius_m = 0.024;             // articular groove floor radius, m
  double sulcus_z_m = 0.0;                    // mediolateral position of the sulcus, m
  double sulcus_angle_deg = 138.0;            // angle between the facets, deg
  double lateral_incline_share = 0.5;         // lateral facet incline / (lateral + medial) inclines
  double floor_radius_m = 0.003;              // rounding of the groove floor, m
  // Curved facets: d2 rho/dz2 of each facet (0 = straight facets at the inclines above), applied
  // within facet_fit_half_width of the sulcus and continued tangentially beyond it.
  double lateral_facet_curvature_per_m = 0.0;  // 1/m (< 0: the facet flattens outward)
  double medial_facet_curvature_per_m = 0.0;   // 1/m
  double facet_fit_half_width_m = 0.018;       // m, the mesh range of the fit
};

// Patellar articular surface: a central ridge with a lateral and a medial facet, convex
// proximodistally, over an ellipse of the articular width and height (patella frame).
struct PatellaSurfaceSpec {
  // The defaults are data/knee_geometry_lenhart2015.csv's values, rounded; the loader
  // (load_lenhart2015_patellofemoral_spec) sets every field from that table.
  double ridge_x_m = -0.0147;             // posterior-most ridge position (X) at the apex, m
  double ridge_z_m = -0.002;              // ridge mediolateral position (Z), m
  double centre_y_m = 0.0017, centre_z_m = 0.0004;  // ellipse centre, m
  double width_m = 0.0436, height_m = 0.0297;       // articular width (Z) and height (Y), m
  double lateral_facet_slope = 0.59;      // anterior rise per unit lateral distance from ridge, 1
  double medial_facet_slope = 0.07;       // anterior rise per unit medial distance, 1
  double apex_y_m = -0.0008;              // proximodistal position of the ridge apex, m
  double superior_curvature_per_m = 16.3; // d2x/dy2 of the ridge above the apex, 1/m
  double inferior_curvature_per_m = 91.7; // d2x/dy2 of the ridge below the apex, 1/m
  double ridge_radius_m = 0.002;          // rounding of the ridge, m
  double lateral_facet_curvature_per_m = -14.5;  // d2x/dz2 of the lateral facet (0 = flat), 1/m
  double medial_facet_curvature_per_m = 69.9;    // d2x/dz2 of the medial facet, 1/m
  double sagittal_slope = 0.116;                 // dx/dy at the apex, 1
  double lateral_facet_twist_per_m = -1.8;       // d2x/dz dy of the lateral facet off ridge, 1/m
  double medial_facet_twist_per_m = -10.1;       // d2x/dz dy of the medial facet off ridge, 1/m
  int n_rows = 12, n_columns = 16;        // patch grid over the ellipse (rows along Y)
};

// Elastic-foundation contact (Bei & Fregly 2004, Med Eng Phys 26:777; Lenhart 2015 values).
struct ElasticFoundationSpec {
  double youngs_modulus_Pa = 10.0e6;   // Pa
  double poisson_ratio = 0.45;         // 1
  double layer_thickness_m = 0.003;    // m per cartilage layer
  int n_layers = 2;                    // patellar + femoral cartilage in series
  // Beyond the cartilage's whole thickness the bone meets: the foundation stiffens by this factor
  // (the rigid-bone limit as a penalty; elastic_foundation.hpp).
  double bone_stiffness_ratio = 100.0;  // 1
};

struct PatellofemoralSpec {
  std::vector<TendonBundleSpec> tendon_bundles;   // PT1..PT6
  std::vector<QuadricepsMuscleSpec> quadriceps;   // vasmed, vaslat, vasint, recfem
  std::vector<LigamentBundleSpec> ligaments;      // lPFL1..8, mPFL1..6 (empty: none)
  TrochleaSpec trochlea;
  PatellaSurfaceSpec patella;
  ElasticFoundationSpec contact;
  Eigen::Vector3d patella_rest_translation_m = Eigen::Vector3d(0.053, 0.005, 0.004);  // at 0 deg, m
  double patella_mass_fraction = 0.0065;  // of body mass (Lenhart SIMM JKRLfbkid.jnt)
  double q_angle_deg = 14.0;              // frontal-plane quadriceps vs patellar-tendon angle, deg
  double tendon_slack_scale = 1.0;        // patella alta (>1) / baja (<1): scales PT slack lengths
  // Whole-tendon linear stiffness, N/m: the bundles' stiffnesses are scaled together (keeping
  // Lenhart's distribution) so that sum(k_i / L0_i) equals it; 0 keeps Lenhart's bundles
  // (18 kN per unit strain in all, 0.38 kN/mm). Default: in vivo, men, O'Brien TD et al. (2010)
  // J Biomech 43:1190 (1076 +/- 87 N/mm; Onambele GL et al. (2007) J Orthop Res 25:1635 report
  // 1652 +/- 216 N/mm).
  double tendon_stiffness_N_per_m = 1.076e6;
};

// The Lenhart 2015 knee read from data/knee_geometry_lenhart2015.csv (made by
// data/scripts/derive_knee_geometry.py). InputError if the file is missing or a key is absent.
PatellofemoralSpec load_lenhart2015_patellofemoral_spec(
    const std::string& csv_path = std::string(KNEELOAD_DATA_DIR) + "/knee_geometry_lenhart2015.csv");

}  // namespace kneeload::models
