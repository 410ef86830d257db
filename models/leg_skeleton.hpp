#pragma once
// The sagittal right leg: joint centres and body frames placed like Rajagopal et al. 2015's
// OpenSim model (IEEE TBME 63:2068) so its muscle points map in, with segment lengths and
// inertias from de Leva 1996 (J Biomech 29:1223). Builds the solver's MultibodySpec:
//   ground -pelvis_tx-> -pelvis_ty-> -pelvis_tilt-> pelvis (pelvis + head-arms-trunk + left leg)
//   pelvis -hip_flexion_r-> femur_r -knee_angle_r-> tibia_r -ankle_angle_r-> foot_r
// Body frames: pelvis = OpenSim pelvis; femur origin at the hip centre, tibia origin at the knee
// centre, foot origin at the ankle centre; all parallel to the pelvis frame at zero angles.
// docs/model/anthropometry.md.
#include "models/anthropometry.hpp"
#include "solver/multibody_spec.hpp"

#include <Eigen/Core>

#include <array>
#include <string>

namespace kneeload {

namespace solver {
struct MultibodyModel;
}

// Landmarks of the generic (unscaled) Rajagopal model in the project's body frames, m.
struct GenericSkeleton {
  Eigen::Vector3d hip_in_pelvis_m, knee_in_femur_m, ankle_in_tibia_m, heel_in_foot_m,
      mtp_in_foot_m;
};

// Reads data/skeleton_rajagopal2015.csv (or `path`); InputError names file and line on failure.
GenericSkeleton read_generic_skeleton(const std::string& path = "");

// Segment scale factors map the generic geometry onto this body; each scales x, y, z alike.
struct LegSkeleton {
  LegAnthropometry segments;
  double scale_pelvis = 1;  // mean of femur and tibia scales (1)
  double scale_femur = 1;   // de Leva thigh / generic hip-knee distance; also the patella (1)
  double scale_tibia = 1;   // de Leva shank / generic knee-ankle distance (1)
  double scale_foot = 1;    // mean of femur and tibia scales (1)
  // Scaled landmarks, m, in the frames named.
  Eigen::Vector3d hip_in_pelvis_m, knee_in_femur_m, ankle_in_tibia_m, heel_in_foot_m,
      mtp_in_foot_m;
  // Centres of mass of the four bodies in their frames, m (pelvis body = pelvis + HAT).
  Eigen::Vector2d pelvis_com_m, femur_com_m, tibia_com_m, foot_com_m;
  double pelvis_mass_kg = 0, pelvis_inertia_kgm2 = 0;  // the pelvis + HAT composite
};

LegSkeleton calc_leg_skeleton(const BodyDimensions& body, const AnthropometryTable& table,
                              const GenericSkeleton& generic);

// The multibody description. Body names: pelvis_tx_link, pelvis_ty_link (massless), pelvis,
// femur_r, tibia_r, foot_r. Joint names are the DESIGN §2 coordinates except the knee: the
// solver turns every revolute joint counter-clockwise about +Z, knee flexion turns the shank
// clockwise, so the tibia's joint is kKneeSolverJoint = -knee_angle_r. LegCoordinateMap converts.
inline constexpr const char* kKneeSolverJoint = "knee_rotation_r";
solver::MultibodySpec make_leg_multibody_spec(const LegSkeleton& skeleton);

// The model's coordinates (DESIGN §2 names and signs) in the solver's q, qd and tau:
// coordinate i = sign[i] * solver entry solver_index[i]; generalised forces map alike (sign^2 = 1
// keeps power q'.tau unchanged).
struct LegCoordinateMap {
  static constexpr int n = 6;
  std::array<const char*, 6> names = {"pelvis_tx",     "pelvis_ty",    "pelvis_tilt",
                                      "hip_flexion_r", "knee_angle_r", "ankle_angle_r"};
  std::array<int, 6> solver_index = {};  // [6] index into the solver's q (== qd, tau: 1-DOF joints)
  std::array<double, 6> sign = {};       // [6] +1, or -1 for the knee
};
LegCoordinateMap make_leg_coordinate_map(const solver::MultibodyModel& model);

// The model's coordinate values [6], in the order of LegCoordinateMap::names, from the solver's
// vector (q, qd or tau) and back.
Eigen::Matrix<double, 6, 1> get_leg_coordinates(const LegCoordinateMap& map,
                                                const Eigen::VectorXd& solver_vector);
void set_leg_coordinates(const LegCoordinateMap& map, const Eigen::Matrix<double, 6, 1>& values,
                         Eigen::VectorXd& solver_vector);

}  // namespace kneeload
