#pragma once
// The toes' speed from their moment balance. The toe segment (ToeJointSpec) is massless, so the
// moments about the metatarsophalangeal joint balance at every instant:
//   M_ground(θ, θ̇) + M_muscles − k·θ − d·θ̇ = 0
// (θ extension, M_ground the toe spheres' moment, M_muscles the toe flexors' (≤ 0), k and d the
// joint's spring and damper). The contact's damping (and friction, while the foot does not slide)
// resist the turn, so M_ground falls as θ̇ rises and the root θ̇ is unique; a sliding foot's
// friction can make it rise, and then the balance may have two roots or none. The root is
// bracketed and found by a safeguarded Newton iteration. The angle is a first-order state, and
// the foot feels the toe spheres' forces at their points as if the toes were rigid.
// docs/model/foot_contact.md, "Toes".
#include "models/foot_contact.hpp"

#include <string>

namespace kneeload {

// The long toe flexors (flexor hallucis and digitorum longus) ride inside one lumped model muscle;
// their share of its force pulls across the MTP joint. Read from
// data/toe_flexors_rajagopal2015.csv (Rajagopal et al. 2015 paths; InputError names the file).
struct ToeFlexorArm {
  std::string lumped_in;      // the model muscle that carries them
  double moment_arm_m = 0.0;  // Σ share × MTP flexion moment arm: toe moment per N of its force, m
};
ToeFlexorArm read_toe_flexor_arm(const std::string& path = "");

// Solves the balance for foot.toe_angle_rate_radps (foot.toe_angle_rad given; muscle_moment_Nm
// the flexors' moment on the toes, extension positive) and leaves `result` holding the contact
// forces at that rate. Returns the rate, rad/s; NaN when the balance has no root within reach or
// is not finite (the integrator then stops the run as a numerical failure at that time). With the
// toes not articulated it computes the contact forces and returns 0.
double solveToeAngleRate(const FootContactModel& model, const Terrain& terrain,
                         double muscle_moment_Nm, FootMotion& foot, FootContactResult& result);

}  // namespace kneeload
