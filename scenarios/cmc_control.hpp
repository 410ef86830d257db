#pragma once
// One step of the computed-muscle-control loop (Thelen, Anderson & Delp 2003, J Biomech 36:321;
// docs/model/scenario_runner.md, "The control loop"): at the start of a control interval, the
// desired accelerations of the tracking law, the joint moments of the stance inverse dynamics
// (or, without a recorded horizontal ground force, of the inverse dynamics with the present
// contact forces), their sharing among the muscles by static optimisation with reserves, and the
// excitations that bring each activation to its target at the interval's end. The plant then
// integrates the interval with these controls held.
#include "models/leg_model.hpp"
#include "scenarios/ground_force_reference.hpp"
#include "scenarios/reference_trajectory.hpp"
#include "scenarios/stance_inverse_dynamics.hpp"
#include "scenarios/static_optimization.hpp"
#include "scenarios/tracking_law.hpp"
#include "solver/integrator.hpp"

#include <Eigen/Core>

namespace kneeload {

// Everything one control step needs, sized once (no allocation inside the loop).
struct ControlWorkspace {
  ControlWorkspace(const LegModel& model, const StaticOptimizationModel& so,
                   const ReferenceTrajectory& trajectory);
  ReferenceSample reference;
  StaticOptimizationWorkspace so_ws;
  StaticOptimizationResult so_result;
  StanceInverseDynamicsWorkspace stance_ws;
  StanceInverseDynamicsResult stance;
  Eigen::VectorXd qdd_des;                 // [6] model convention
  Eigen::MatrixXd moment_arm_m;            // [3 × n_muscles] m
  Eigen::VectorXd force_per_activation_N;  // [n_muscles] N
  Eigen::VectorXd passive_force_N;         // [n_muscles] N
  Eigen::VectorXd desired_moment_Nm;       // [3] N m
  Eigen::MatrixXd A;                       // [3 × n_muscles] N m per unit activation
  Eigen::VectorXd b;                       // [3] N m
  Eigen::Vector3d joint_moment_Nm = Eigen::Vector3d::Zero();  // [3] hip, knee, ankle: step 2's
  // Generalised force on the base (pelvis_tx N, pelvis_ty N, pelvis_tilt N m) applied with the
  // controls: the other foot's ground force, or (contact-force inverse dynamics) the residual.
  Eigen::Vector3d base_force = Eigen::Vector3d::Zero();
  double tilt_residual_Nm = 0.0;  // the residual moment on pelvis_tilt, N m (reported)
};

// One CMC step at (x, t): sets controls.excitation, the reserves and the other foot's force for
// the interval [t, t + interval_s].
void calc_control(const LegModel& model, const Terrain& terrain, const TrackingLaw& law,
                  const ReferenceTrajectory& trajectory, const GroundForceReference& forces,
                  const StanceTaskWeights& weights, const StaticOptimizationModel& so,
                  const solver::OdeState& x, double t_s, double interval_s, LegControls& controls,
                  LegWorkspace& ws, ControlWorkspace& cw);

}  // namespace kneeload
