#pragma once
// The loads on the patella at a given pose (DESIGN.md §3.4): quadriceps along their own lines,
// patellar-tendon bundles, patellofemoral ligaments (lPFL, mPFL; Lenhart 2015), elastic-foundation
// contact with the trochlea and the brace. Gives the residual (sum of forces and of moments about
// the patella origin, femur frame) and its analytic Jacobian with respect to a translation and a
// small rotation of the patella, for Newton.
#include "models/patellofemoral_model.hpp"

#include <array>

namespace kneeload::models {

// Places the tibial bundle attachments and the quadriceps via points for this loading in the
// femur frame (ws.tibia_points_m, ws.via_points_m). Call once per loading, before the others.
void prepare_patellofemoral_loading(const PatellofemoralModel& model,
                                    const PatellofemoralLoading& loading,
                                    PatellofemoralWorkspace& ws);

// ws.residual = [sum of forces (N); sum of moments about pose.translation (N m)], and, if
// with_jacobian, ws.jacobian = d residual / d (delta translation (m), delta rotation vector (rad)),
// the rotation applied on the left (R <- exp(delta) R). Also fills ws.patch_pressure_Pa and
// ws.bundle_force_N and ws.ligament_force_N.
void calc_patella_loads(const PatellofemoralModel& model, const PatellofemoralLoading& loading,
                        const PatellaPose& pose, PatellofemoralWorkspace& ws, bool with_jacobian);

// Everything reported at a pose (calls calc_patella_loads): contact force and pressures, facet
// share, centre of pressure, tendon force, knee extension moment, quadriceps lever arm, angles.
void calc_patellofemoral_outputs(const PatellofemoralModel& model,
                                 const PatellofemoralLoading& loading, const PatellaPose& pose,
                                 PatellofemoralWorkspace& ws, PatellofemoralResult& result);

// As calc_patellofemoral_outputs, for a workspace that already holds calc_patella_loads at `pose`
// (the last evaluation of a solve): no new evaluation of the loads.
void calc_patellofemoral_outputs_evaluated(const PatellofemoralModel& model,
                                           const PatellofemoralLoading& loading,
                                           const PatellaPose& pose, PatellofemoralWorkspace& ws,
                                           PatellofemoralResult& result);

// dM_ext/dF_i (m) for each quadriceps muscle at an equilibrium `pose` of `loading`: how the knee
// extension moment of the patellar tendon changes with one muscle's force as the patella moves to
// its new equilibrium. M_ext depends on the pose alone and the residual is linear in F_i, so by the
// implicit function theorem dM/dF_i = -g^T J^-1 b_i (g = dM/dpose, J = dresidual/dpose,
// b_i = dresidual/dF_i): one transposed solve J^T lambda = g serves all four muscles. Evaluates
// the loads with their Jacobian at `pose` (ws then holds them).
std::array<double, kQuadricepsCount> calc_knee_moment_force_derivatives_m(
    const PatellofemoralModel& model, const PatellofemoralLoading& loading,
    const PatellaPose& pose, PatellofemoralWorkspace& ws);

}  // namespace kneeload::models
