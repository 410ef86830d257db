#pragma once
// Inverse dynamics of the stance leg with the ground force as an unknown: the controller's step 2
// (docs/model/scenario_runner.md). The contact force of the moment answers the previous command,
// so an inverse dynamics that freezes it chatters against a stiff compliant foot; here the foot
// is a rolling point contact at the centre of pressure p and the ground force F there is solved
// together with the accelerations (Mistry, Buchli & Schaal 2010, ICRA: inverse dynamics with a
// contact constraint):
//
//   minimise   w_com²·|J_com·qdd + J̇_com·qd − a_des|² + Σ_i w_i²·(qdd_i − qdd_des,i)²
//              + s²·w_p²·|J_p·qdd + J̇_p·qd|²      (p does not accelerate: no slip, no sinking)
//              + (1 − s)²·w_F²·|F|²                (a foot in the air carries no force)
//   subject to (M·qdd + h − J_pᵀ·F − Q_other)_b = 0   for the three base rows b (unactuated base),
//
// unknowns qdd [6] and F [2], solved through its KKT system (11 × 11). F must lie in the
// friction cone F_y ≥ 0, |F_x| ≤ μ·F_y (μ of the contact model): when the solution leaves it, the
// face it crossed (or F = 0 when the ground would pull) is added with weight w_F and the system
// solved again — one active-set step (Righetti et al. 2013, IJRR 32:280: contact forces kept in
// their friction cones inside inverse dynamics). s ∈ [0, 1] is the foot's
// load (the larger of its contact normal force and the trial's, over loaded_force_N): at
// touchdown and toe-off the point
// condition fades smoothly instead of switching. a_com is the whole-body
// centre-of-mass acceleration of the reference trial, from its ground forces by Newton's second
// law: a_com = (F_stance + F_other)/m + g, with velocity feedback a_des = a_com + K·(v_com − J_com·qd)
// (v_com: the touchdown velocity plus the integral of a_com), so that an impact that differs from
// the trial's does not leave a drift. Tracking it, the model's ground force follows the
// recorded one whatever the model's segment lengths, while the joint tasks keep the posture
// (the reference's joint angles and its pelvis path belong to another skeleton and cannot all be
// met with a planted foot; docs/model/scenario_runner.md measures what each choice gives).
// Q_other is the other foot's recorded ground force (double support) acting at that foot's centre
// of pressure on the trunk: the other leg is lumped into the trunk (DESIGN §3.1), so its ground
// force and that force's moment reach the pelvis whole; with it the load of that leg's swing
// (models/other_leg_load.hpp), a force and a moment about the hip.
// The joint rows of M·qdd + h − J_pᵀF − Q_other are the joint moments the muscles must produce.
#include "models/leg_dynamics.hpp"

#include <Eigen/Core>
#include <Eigen/LU>

namespace kneeload {

struct StanceTaskWeights {
  double com_per_mps2 = 100.0;  // weight of the centre-of-mass acceleration error, s²/m
  double com_velocity_gain_per_s = 20.0;  // K: a velocity error decays in ≈ 1/K = 50 ms
  double point_per_mps2 = 1000.0;  // w_p: the planted point's acceleration error, s²/m
  double free_foot_per_N = 1000.0;  // w_F: ground force on a foot in the air, 1/N
  double loaded_force_N = 50.0;    // contact normal force from which the foot counts as planted
  double untracked_force_per_N = 0.05;  // horizontal ground force when the trial gives none, 1/N
  // Per coordinate (model order), s²/rad or s²/m. The base translations have no task of their
  // own (their reference path belongs to another skeleton); the centre of mass replaces it.
  LegVector coordinate = (LegVector() << 0.0, 0.0, 2.0, 1.0, 3.0, 3.0).finished();
};

// The reference's whole-body task at one instant.
struct StanceTask {
  LegVector qdd_des = LegVector::Zero();  // [6] desired accelerations, model order, rad/s² or m/s²
  Eigen::Vector2d com_acceleration_mps2 = Eigen::Vector2d::Zero();  // a_com, world (x fwd, y up)
  Eigen::Vector2d com_velocity_mps = Eigen::Vector2d::Zero();       // v_com, world
  bool com_x_tracked = true;    // false when the trial gives no horizontal ground force
  double stance_foot_load_N = 0.0;  // the trial's vertical force on the stance foot, N
  Eigen::Vector2d other_foot_force_N = Eigen::Vector2d::Zero();  // world, N
  double other_foot_dx_m = 0.0;  // its centre of pressure ahead of the stance foot's (p), m
  // The swinging other leg's load on the pelvis (models/other_leg_load.hpp), world.
  Eigen::Vector2d other_leg_force_N = Eigen::Vector2d::Zero();  // N
  double other_leg_moment_about_hip_Nm = 0.0;                   // N m
};

struct StanceInverseDynamicsResult {
  LegVector qdd = LegVector::Zero();                // [6] accelerations, model order
  LegVector generalized_force = LegVector::Zero();  // [6] model order; base rows ≈ 0, joints N m
  Eigen::Vector2d ground_force_N = Eigen::Vector2d::Zero();    // F at p, world
  Eigen::Vector2d pressure_point_m = Eigen::Vector2d::Zero();  // p, world
  // Q_other on the base (the other foot's force and the other leg's swing load), model order
  // (pelvis_tx N, pelvis_ty N, pelvis_tilt N m about the pelvis origin): the generalised force
  // the right-hand side applies with the controls.
  Eigen::Vector3d other_leg_base_force = Eigen::Vector3d::Zero();
};

// Scratch memory sized once by the model (no allocation per call).
struct StanceInverseDynamicsWorkspace {
  explicit StanceInverseDynamicsWorkspace(const LegModel& model);
  Eigen::MatrixXd J_point, J_point_ahead;  // [2 × nv] J_p at q and at q + h·qd
  Eigen::MatrixXd J_com, J_com_ahead;      // [2 × nv] J_com at q and at q + h·qd
  Eigen::MatrixXd J_body;                  // [2 × nv] one body's centre of mass
  Eigen::VectorXd q_ahead;                 // [nq] q + h·qd
  Eigen::VectorXd zeros, bias, qdd_des;    // [nv] solver order
  Eigen::VectorXd other_force;             // [nv] Q_other, solver order
  Eigen::VectorXd tau;                     // [nv] solver order
  Eigen::MatrixXd mass_matrix;             // [nv × nv]
  Eigen::Matrix<double, 11, 11> kkt;       // KKT matrix: 8 unknowns + 3 constraints
  Eigen::Matrix<double, 11, 1> kkt_rhs, kkt_solution;
  Eigen::FullPivLU<Eigen::Matrix<double, 11, 11>> lu;
};

// Whole-body centre-of-mass velocity J_com·qd (m/s, world) at the state of ws (kinematics done).
Eigen::Vector2d calc_com_velocity_mps(const LegModel& model, const LegWorkspace& ws,
                                      StanceInverseDynamicsWorkspace& sw);

// Centre of pressure of the foot contact in the foot frame (m): the normal-force-weighted contact
// points, or the deepest sphere's point while the load is below 1 N. Needs calc_leg_kinematics
// and calc_leg_contact_forces at the state.
Eigen::Vector2d calc_pressure_point_in_foot_m(const LegModel& model, const LegWorkspace& ws);

// Solves the problem above at the state of `ws` (calc_leg_kinematics and calc_leg_contact_forces
// done for it). Leaves ws.multibody's kinematics at that state and its external forces cleared.
void calc_stance_inverse_dynamics(const LegModel& model, const StanceTaskWeights& weights,
                                  const StanceTask& task, LegWorkspace& ws,
                                  StanceInverseDynamicsWorkspace& sw,
                                  StanceInverseDynamicsResult& result);

}  // namespace kneeload
