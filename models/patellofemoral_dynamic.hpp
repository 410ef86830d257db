#pragma once
// Dynamic-patella verification mode (DESIGN.md §3.4): the patella as a free 6-DOF rigid body
// under the same loads as the quasi-static mechanism plus light linear and angular damping,
// integrated to steady state with solver::integrate. Its final contact force must match the
// quasi-static solution. Mass = 0.0065 x body mass and the inertia of a disc of radius 20 mm and
// height 25 mm (Lenhart SIMM JKRLfbkid.jnt); the centre of mass is put at the patella origin
// (the steady state does not depend on it).
#include "models/patellofemoral_model.hpp"

namespace kneeload::models {

struct DynamicPatellaOptions {
  double body_mass_kg = 70.0;                 // kg
  double duration_s = 1.0;                    // s of simulated settling
  double linear_damping_N_s_per_m = 500.0;    // N s/m
  double angular_damping_N_m_s = 0.05;        // N m s/rad
  double rtol = 1e-8, atol = 1e-10;           // Dopri5 error control
};

// Integrates from `pose` (unchanged on entry, overwritten with the final pose); fills `result` from
// the final pose (its residual shows how close to rest it came).
void settle_dynamic_patella(const PatellofemoralModel& model, const PatellofemoralLoading& loading,
                            PatellaPose& pose, PatellofemoralWorkspace& ws,
                            PatellofemoralResult& result, const DynamicPatellaOptions& options = {});

}  // namespace kneeload::models
