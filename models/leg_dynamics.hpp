#pragma once
// The right-hand side x' = f(x, t) of the assembled leg (DESIGN.md §1 named stages), state table
// in LegModel::state (docs/model/leg_model.md):
//   1. positions     q -> body poses, muscle path lengths and moment arms
//   2. velocities    qd -> body velocities, muscle lengthening speeds
//   3. forces        muscle forces from activation, length and speed; foot contact on foot_r
//                    (the toes' speed from their moment balance);
//                    the quadriceps drive the patellofemoral equilibrium, whose knee extension
//                    moment replaces their path moment at the knee; joint moments -dl/dq . F
//                    of every other muscle and recfem's at the hip; the controls' reserves and
//                    residuals
//   4. accelerations the articulated-body algorithm
//   5. activation derivatives (and tendon-force derivatives with compliant tendons)
// Each stage is a free function so the benchmark can time it; calc_state_derivative runs them all.
// None allocates on the heap.
#include "models/leg_model.hpp"
#include "solver/integrator.hpp"

namespace kneeload {

// Stages 1-2: x -> ws.coordinates, ws.speeds, ws.q, ws.qd, multibody kinematics, muscle paths.
void calc_leg_kinematics(const LegModel& model, const solver::OdeState& x, LegWorkspace& ws);
// Stage 3a: muscle forces ws.muscle_force_N from the activations (and tendon states) in x.
void calc_leg_muscle_forces(const LegModel& model, const solver::OdeState& x, LegWorkspace& ws);
// Stage 3b: foot-ground forces into ws.contact and, with articulated toes, the toes' rate
// ws.toe_angle_rate_radps from their moment balance (needs stages 1-2 and, for the toe
// flexors' pull, 3a).
void calc_leg_contact_forces(const LegModel& model, const Terrain& terrain, LegWorkspace& ws);
// Stage 3c: the patellofemoral equilibrium at the current knee angle, driven by the four
// quadriceps forces, warm-started from ws.patella_pose (ws.pf_result). Skipped, with a zero
// result, while the quadriceps pull with no force. NumericalError at time t_s if it fails.
// Also sets ws.quadriceps_knee_extension_moment_Nm from the solve.
void calc_leg_patellofemoral(const LegModel& model, double t_s, LegWorkspace& ws);
// Stage 3c, fast: ws.quadriceps_knee_extension_moment_Nm = Σ r_i F_i, each quadriceps muscle's
// force times its lever arm from model.quadriceps_moment_table at the knee angle and the total
// force; no PF solve (ws.pf_result, ws.pf_loaded untouched). The right-hand side uses it when
// model.spec.knee_moment_from_table.
void calc_leg_quadriceps_knee_moment(const LegModel& model, LegWorkspace& ws);
// The quadriceps muscles' knee extension lever arms (m, [4] in model.quadriceps_muscle order) that
// the right-hand side applies at the state of ws (stage 3a done): the moment table's when
// model.spec.knee_moment_from_table (0 while unloaded), else the full PF solve's lever arm for
// all four (stage 3c; 0 while unloaded).
void calc_leg_quadriceps_lever_arms_m(const LegModel& model, double t_s, LegWorkspace& ws,
                                      std::array<double, models::kQuadricepsCount>& lever_m);
// Stage 3d: generalised forces (muscles, ws.quadriceps_knee_extension_moment_Nm, controls) into
// ws.generalized_force and ws.tau, and the contact forces into the multibody external forces.
void calc_leg_generalized_forces(const LegModel& model, const LegControls& controls,
                                 LegWorkspace& ws);
// Stage 4: ws.qdd by the articulated-body algorithm.
void calc_leg_accelerations(const LegModel& model, LegWorkspace& ws);

// The whole right-hand side: x [state.size], dxdt [state.size] (pre-sized), t in s.
void calc_state_derivative(const LegModel& model, const LegControls& controls,
                           const Terrain& terrain, const solver::OdeState& x,
                           solver::OdeState& dxdt, double t_s, LegWorkspace& ws);

// The odeint system (x, dxdt, t): wraps the model, a workspace, the controls and the terrain,
// which must outlive it. One per thread. Converts to solver::OdeRhs.
class LegSystem {
 public:
  LegSystem(const LegModel& model, LegWorkspace& ws, const LegControls& controls,
            const Terrain& terrain)
      : model_(model), ws_(ws), controls_(controls), terrain_(terrain) {}
  void operator()(const solver::OdeState& x, solver::OdeState& dxdt, double t_s) const {
    calc_state_derivative(model_, controls_, terrain_, x, dxdt, t_s, ws_);
  }

 private:
  const LegModel& model_;
  LegWorkspace& ws_;
  const LegControls& controls_;
  const Terrain& terrain_;
};

}  // namespace kneeload
