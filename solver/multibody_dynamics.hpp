#pragma once
// Forward and inverse dynamics of a planar multibody tree (Featherstone, "Rigid Body Dynamics
// Algorithms", 2008: RNEA ch. 5.3, CRBA ch. 6.2, ABA ch. 7.3). Equation of motion:
//   M(q) qdd + C(q, qd) + G(q) = tau + sum_i J_i(q)^T f_ext_i
// with tau [nv] the joint forces (N*m for revolute, N for prismatic joints) and the external
// forces in ws.f_ext (multibody_workspace.hpp). None allocates on the heap.
// Each function comes in two forms: with (q, qd) it runs update_kinematics itself; without, it
// uses the kinematics already in ws (the ODE right-hand side computes them once, before its force
// stage, and reuses them here).
#include "solver/multibody_kinematics.hpp"

namespace kneeload::solver {

// qdd_out [nv] by the articulated-body algorithm, O(n).
void forward_dynamics_aba(const MultibodyModel& model, ConstVectorRef q, ConstVectorRef qd,
                          ConstVectorRef tau, MultibodyWorkspace& ws, VectorRef qdd_out);
void forward_dynamics_aba(const MultibodyModel& model, ConstVectorRef tau, MultibodyWorkspace& ws,
                          VectorRef qdd_out);

// qdd_out [nv] from M qdd = tau - bias by CRBA and a Cholesky factorisation, O(n^3); leaves M in
// ws.M and the bias in ws.bias.
void forward_dynamics_crba(const MultibodyModel& model, ConstVectorRef q, ConstVectorRef qd,
                           ConstVectorRef tau, MultibodyWorkspace& ws, VectorRef qdd_out);
void forward_dynamics_crba(const MultibodyModel& model, ConstVectorRef tau, MultibodyWorkspace& ws,
                           VectorRef qdd_out);
void forward_dynamics_aba(const MultibodyModel& model, ConstVectorRef tau, MultibodyWorkspace& ws,
                          VectorRef qdd_out);

// tau_out [nv]: the joint forces that give qdd [nv] at (q, qd) with the external forces in ws.
void inverse_dynamics_rnea(const MultibodyModel& model, ConstVectorRef q, ConstVectorRef qd,
                           ConstVectorRef qdd, MultibodyWorkspace& ws, VectorRef tau_out);
void inverse_dynamics_rnea(const MultibodyModel& model, ConstVectorRef qdd, MultibodyWorkspace& ws,
                           VectorRef tau_out);

// M_out [nv x nv], the joint-space mass matrix by the composite-rigid-body algorithm.
void mass_matrix_crba(const MultibodyModel& model, ConstVectorRef q, MultibodyWorkspace& ws,
                      MatrixRef M_out);

}  // namespace kneeload::solver
