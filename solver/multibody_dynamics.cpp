#include "solver/multibody_dynamics.hpp"

#include "solver/errors.hpp"

namespace kneeload::solver {

namespace {

void check_size(const char* what, Eigen::Index size, int expected) {
  KNEELOAD_CHECK(size == expected, "{} has {} entries, the model needs {}", what, size, expected);
}

// RNEA on kinematics already in ws; qdd [nv] -> tau_out [nv]. Also used for the CRBA bias.
void rnea_from_kinematics(const MultibodyModel& model, ConstVectorRef qdd, MultibodyWorkspace& ws,
                          VectorRef tau_out) {
  const int n = model.n_bodies;
  for (int i = 0; i < n; ++i) {
    const int p = model.parent[i];
    const SpatialMotion a_parent = p >= 0 ? ws.a[p] : model.a_ground;
    ws.a[i] = ws.X_up[i] * a_parent + model.S[i] * qdd(model.v_index[i]) + ws.c[i];
    const SpatialForce h = model.inertia[i] * ws.v[i];  // momentum
    ws.f[i] = model.inertia[i] * ws.a[i] + crf(ws.v[i]) * h - ws.f_ext[i];
  }
  for (int i = n - 1; i >= 0; --i) {
    tau_out(model.v_index[i]) = model.S[i].dot(ws.f[i]);
    const int p = model.parent[i];
    if (p >= 0) ws.f[p] += ws.X_up[i].transpose() * ws.f[i];
  }
}

// CRBA on positions already in ws.
void mass_matrix_from_positions(const MultibodyModel& model, MultibodyWorkspace& ws,
                                MatrixRef M_out) {
  const int n = model.n_bodies;
  for (int i = 0; i < n; ++i) ws.I_art[i] = model.inertia[i];
  for (int i = n - 1; i >= 0; --i) {  // composite inertias of the subtrees
    const int p = model.parent[i];
    if (p >= 0) ws.I_art[p] += ws.X_up[i].transpose() * ws.I_art[i] * ws.X_up[i];
  }
  M_out.setZero();
  for (int i = 0; i < n; ++i) {
    SpatialForce F = ws.I_art[i] * model.S[i];
    const int vi = model.v_index[i];
    M_out(vi, vi) = model.S[i].dot(F);
    for (int j = i; model.parent[j] >= 0;) {
      F = ws.X_up[j].transpose() * F;  // carry the force to the parent's frame
      j = model.parent[j];
      const int vj = model.v_index[j];
      M_out(vi, vj) = M_out(vj, vi) = model.S[j].dot(F);
    }
  }
}

}  // namespace

void mass_matrix_crba(const MultibodyModel& model, ConstVectorRef q, MultibodyWorkspace& ws,
                      MatrixRef M_out) {
  KNEELOAD_CHECK(M_out.rows() == model.nv && M_out.cols() == model.nv, "M is {}x{}, must be {}x{}",
                 M_out.rows(), M_out.cols(), model.nv, model.nv);
  update_positions(model, q, ws);
  mass_matrix_from_positions(model, ws, M_out);
}

void forward_dynamics_aba(const MultibodyModel& model, ConstVectorRef q, ConstVectorRef qd,
                          ConstVectorRef tau, MultibodyWorkspace& ws, VectorRef qdd_out) {
  update_kinematics(model, q, qd, ws);
  forward_dynamics_aba(model, tau, ws, qdd_out);
}

void forward_dynamics_aba(const MultibodyModel& model, ConstVectorRef tau, MultibodyWorkspace& ws,
                          VectorRef qdd_out) {
  check_size("tau", tau.size(), model.nv);
  check_size("qdd_out", qdd_out.size(), model.nv);
  const int n = model.n_bodies;
  // Pass 1 (outward): rigid-body inertias and bias forces; ws.f holds pA.
  for (int i = 0; i < n; ++i) {
    ws.I_art[i] = model.inertia[i];
    ws.f[i] = crf(ws.v[i]) * (model.inertia[i] * ws.v[i]) - ws.f_ext[i];
  }
  // Pass 2 (inward): articulated-body inertias, each joint's freedom projected out.
  for (int i = n - 1; i >= 0; --i) {
    const SpatialMotion& S = model.S[i];
    ws.U[i] = ws.I_art[i] * S;
    ws.D[i] = S.dot(ws.U[i]);
    ws.u[i] = tau(model.v_index[i]) - S.dot(ws.f[i]);
    const int p = model.parent[i];
    if (p >= 0) {
      const SpatialInertia Ia = ws.I_art[i] - ws.U[i] * ws.U[i].transpose() / ws.D[i];
      const SpatialForce pa = ws.f[i] + Ia * ws.c[i] + ws.U[i] * (ws.u[i] / ws.D[i]);
      ws.I_art[p] += ws.X_up[i].transpose() * Ia * ws.X_up[i];
      ws.f[p] += ws.X_up[i].transpose() * pa;
    }
  }
  // Pass 3 (outward): accelerations.
  for (int i = 0; i < n; ++i) {
    const int p = model.parent[i];
    const SpatialMotion a_parent = p >= 0 ? ws.a[p] : model.a_ground;
    ws.a[i] = ws.X_up[i] * a_parent + ws.c[i];
    const double qdd_i = (ws.u[i] - ws.U[i].dot(ws.a[i])) / ws.D[i];
    qdd_out(model.v_index[i]) = qdd_i;
    ws.a[i] += model.S[i] * qdd_i;
  }
}

void forward_dynamics_crba(const MultibodyModel& model, ConstVectorRef q, ConstVectorRef qd,
                           ConstVectorRef tau, MultibodyWorkspace& ws, VectorRef qdd_out) {
  update_kinematics(model, q, qd, ws);
  forward_dynamics_crba(model, tau, ws, qdd_out);
}

void forward_dynamics_crba(const MultibodyModel& model, ConstVectorRef tau, MultibodyWorkspace& ws,
                           VectorRef qdd_out) {
  check_size("tau", tau.size(), model.nv);
  check_size("qdd_out", qdd_out.size(), model.nv);
  rnea_from_kinematics(model, ws.zeros, ws, ws.bias);  // C + G - external at qdd = 0
  mass_matrix_from_positions(model, ws, ws.M);
  ws.llt.compute(ws.M);
  KNEELOAD_CHECK(ws.llt.info() == Eigen::Success, "mass matrix ({}x{}) is not positive definite",
                 model.nv, model.nv);
  qdd_out = tau - ws.bias;
  ws.llt.solveInPlace(qdd_out);
}

void inverse_dynamics_rnea(const MultibodyModel& model, ConstVectorRef q, ConstVectorRef qd,
                           ConstVectorRef qdd, MultibodyWorkspace& ws, VectorRef tau_out) {
  check_size("qdd", qdd.size(), model.nv);
  check_size("tau_out", tau_out.size(), model.nv);
  update_kinematics(model, q, qd, ws);
  rnea_from_kinematics(model, qdd, ws, tau_out);
}

void inverse_dynamics_rnea(const MultibodyModel& model, ConstVectorRef qdd, MultibodyWorkspace& ws,
                           VectorRef tau_out) {
  check_size("qdd", qdd.size(), model.nv);
  check_size("tau_out", tau_out.size(), model.nv);
  rnea_from_kinematics(model, qdd, ws, tau_out);
}

}  // namespace kneeload::solver
