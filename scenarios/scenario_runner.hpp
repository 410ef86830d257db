#pragma once
// One simulation of a built-in scenario (DESIGN.md §3.6-3.7): the stance phase of the right leg,
// tracking the scenario's reference motion in the style of OpenSim's Computed Muscle Control
// (Thelen DG, Anderson FC, Delp SL 2003, J Biomech 36:321). docs/model/scenario_runner.md.
//
// Every control interval (RunnerOptions::control_interval_s; steps 1–4: scenarios/cmc_control.hpp):
//   1. desired accelerations qdd_des from the tracking law (scenarios/tracking_law.hpp);
//   2. joint moments by the stance inverse dynamics (scenarios/stance_inverse_dynamics.hpp): the
//      ground force at the centre of pressure is solved with the accelerations, the base is
//      unactuated (no residuals), and the whole-body centre of mass follows the acceleration of
//      the trial's recorded ground forces while the joints follow the reference; in double
//      support the other foot's recorded force acts on the trunk. The stair curves give no
//      horizontal ground force: there, inverse dynamics with the present contact forces, the
//      base translations unactuated and a residual moment on pelvis_tilt (reported);
//   3. joint moments (hip, knee, ankle) shared among the muscles by static optimisation with
//      reserve actuators (scenarios/static_optimization.hpp); the quadriceps' knee moment arm is
//      the patellofemoral mechanism's lever arm at the current state;
//   4. excitations that bring each activation to its target at the end of the interval (first-order
//      activation dynamics inverted over the interval);
//   5. the interval is integrated with Dopri5 at solver.rtol / solver.atol, outputs sampled at
//      solver.output_hz on one global time grid.
#include "scenarios/parameter_values.hpp"
#include "scenarios/run_result.hpp"
#include "scenarios/stance_inverse_dynamics.hpp"

#include <string>

namespace kneeload {

struct RunnerOptions {
  // CMC control interval, s: half the 10 ms activation time constant.
  double control_interval_s = 0.005;
  double tracking_frequency_hz = 10.0;  // closed-loop natural frequency of the tracking law, Hz
  double tracking_damping_ratio = 1.0;  // (1), critically damped
  StanceTaskWeights stance_task_weights;  // the inverse dynamics' task weights (step 2)
  double reserve_scale_Nm = 1.0;        // reserve actuator scale R (N m), heavily penalised
  // The window tracked once to find the initial muscle activations (OpenSim CMC: 0.030 s), s;
  // 0 starts every muscle at the activation floor.
  double initial_state_window_s = 0.030;
  // End stance at toe-off: vertical ground force below this fraction of body weight after mid
  // stance (1). Stance otherwise ends at the reference's stance duration.
  double toe_off_force_bw = 0.02;
  std::string kneeload_version = "0.0.0";  // written into RunMeta
};

// A numerical failure's reason as a run reports it: a step-size underflow at tolerances finer than
// rtol 1e-9 or atol 1e-11 also names solver.rtol and solver.atol, to loosen.
std::string explain_numerical_failure(const std::string& reason, double rtol, double atol);

// Runs `scenario` (a contract name; InputError otherwise) with resolved `params`. A numerical
// failure does not throw: the result then has status "failed", failure_reason naming the problem
// and its time, and the series up to that time. Bad input (e.g. an invalid terrain) throws
// InputError before any simulation.
RunResult run_scenario(const std::string& scenario, const Parameters& params,
                       const RunnerOptions& options = {});

}  // namespace kneeload
