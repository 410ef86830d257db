#pragma once
// The load of the swinging other (left) leg on the pelvis. The sagittal model lumps that leg
// rigidly into the head-arms-trunk body, hanging straight with the foot flat
// (models/anthropometry.hpp). A real runner's swing leg is accelerated forward relative to the
// pelvis during most of the other leg's stance, and the reaction pushes the pelvis back and turns
// it: without it the trial's ground force and joint angles do not balance the model's whole-body
// momentum (docs/model/scenario_runner.md). This returns the difference between the loads that
// the moving leg and the lumped one exert on the pelvis, so that the lumped model plus this load
// moves like the model with a third articulated leg following the given angles.
//
// Each segment i (thigh, shank, foot; de Leva masses m_i and inertias I_i) exerts on the rest of
// the body, by Newton–Euler, the force m_i·(g − a_i) at its centre of mass and the couple
// −I_i·φ̈_i. With ρ_i its centre of mass relative to the hip (world axes), a_H the hip's
// acceleration and ρ_i0 its lumped position:
//   F      = Σ m_i·(ρ̈_i0 − ρ̈_i)
//   M_hip  = Σ (ρ_i − ρ_i0) × m_i·(g − a_H) − ρ_i × m_i·ρ̈_i + ρ_i0 × m_i·ρ̈_i0 − I_i·φ̈_i
// where φ_i is the segment's angle relative to the pelvis, ρ = R(θ)·r with r in the pelvis
// frame, θ the pelvis tilt, and
//   ρ̈ = R(θ)·(r̈ + 2θ̇·J·ṙ + θ̈·J·r − θ̇²·r),  J = rotation by +90°.
#include "models/anthropometry.hpp"

#include <Eigen/Core>

namespace kneeload {

// The other leg's motion relative to the pelvis (DESIGN §2 signs: hip flexion, knee flexion,
// ankle dorsiflexion positive), and the pelvis's own motion.
struct OtherLegMotion {
  Eigen::Vector3d angle_rad = Eigen::Vector3d::Zero();         // hip, knee, ankle, rad
  Eigen::Vector3d speed_rad_per_s = Eigen::Vector3d::Zero();   // rad/s
  Eigen::Vector3d acceleration_rad_per_s2 = Eigen::Vector3d::Zero();  // rad/s²
  double pelvis_tilt_rad = 0, pelvis_tilt_speed_rad_per_s = 0, pelvis_tilt_acceleration_rad_per_s2 = 0;
  Eigen::Vector2d hip_acceleration_mps2 = Eigen::Vector2d::Zero();  // world, m/s²
};

struct OtherLegLoad {
  Eigen::Vector2d force_N = Eigen::Vector2d::Zero();  // on the pelvis, world axes, N
  double moment_about_hip_Nm = 0;                     // about +Z through the hip centre, N m
};

// `segments`: the body's de Leva segments (thigh, shank, foot as for the right leg); gravity in
// m/s² (world, y up).
OtherLegLoad calc_other_leg_load(const LegAnthropometry& segments, const OtherLegMotion& motion,
                                 const Eigen::Vector2d& gravity_mps2);

}  // namespace kneeload
