#pragma once
// Quasi-static equilibrium of the rigid patella (DESIGN.md §3.4): Newton on its six pose
// coordinates (three translations, three rotations) with the analytic Jacobian, a backtracking
// line search and step limits, warm-started from the pose passed in (optionally extrapolated from
// the last solutions). The Jacobian is kept for chord steps while they converge fast, corrected
// after each step by Broyden's secant update. If Newton fails, the solve is retried from the same
// start by load continuation: forces raised in 8 steps to at least 100 N of quadriceps, then, for
// a nearly relaxed quadriceps, halved stage by stage down to the loading (at a few newtons the
// patella rests on a few patches and Newton alone wanders; docs/model/patellofemoral.md).
// A slack patellar tendon (hyperextension, cold start) is first taken up by sliding the patella
// along the unbalanced force (a 1-D force balance), since Newton's Jacobian is singular there.
// Converged when the forces on the patella sum to <= 1e-6 N and the moments to <= 1e-8 N m
// (1e-6 N at 10 mm). Otherwise NumericalError naming the knee angle, the quadriceps force and the
// residual.
#include "models/patellofemoral_model.hpp"

namespace kneeload::models {

struct EquilibriumOptions {
  double force_tolerance_N = 1e-6;     // N
  double moment_tolerance_Nm = 1e-8;   // N m
  int max_iterations = 60;
  double max_translation_step_m = 2e-3;  // m per iteration
  double max_rotation_step_rad = 0.1;    // rad per iteration
  // Start from a pose extrapolated in knee angle from the last three solutions held in the workspace
  // (only when the pose passed in is the last solution and the angle step is small), and take the
  // first Newton step with the workspace's last Jacobian when it was evaluated for nearly the same
  // loading (a chord step; re-evaluated as soon as a step converges slowly). Off by default: a
  // caller with a smooth knee-angle path (pf-curve, the benchmark) turns it on.
  bool predict_from_history = false;
  // Between Jacobian evaluations, correct the kept Jacobian after each accepted step by Broyden's
  // secant update (Broyden 1965, Math Comp 19:577), so that chord steps converge faster. Changes
  // the path to the equilibrium, not the equilibrium (off only to compare).
  bool secant_update = true;
};

// The predictor used by predict_from_history: replaces `pose` by the Lagrange extrapolation through
// the last (up to three) solutions when `pose` equals the last recorded solution and the step is
// short; otherwise leaves it unchanged. Returns true when it extrapolated.
bool predict_patella_pose(double knee_flexion_rad, const PatellaPoseHistory& history, PatellaPose& pose);
void record_patella_pose(double knee_flexion_rad, const PatellaPose& pose, PatellaPoseHistory& history);

// `pose` is the warm start on entry and the equilibrium on return; `result` gets every output.
void solve_patellofemoral_equilibrium(const PatellofemoralModel& model,
                                      const PatellofemoralLoading& loading, PatellaPose& pose,
                                      PatellofemoralWorkspace& ws, PatellofemoralResult& result,
                                      const EquilibriumOptions& options = {});

}  // namespace kneeload::models
