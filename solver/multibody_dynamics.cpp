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

// v x* f = crf(v) f without forming the matrix (planar_spatial.hpp), the same products.
SpatialForce cross_force(const SpatialMotion& v, const SpatialForce& f) {
  return SpatialForce(-v(2) * f(1) + v(1) * f(2), -v(0) * f(2), v(0) * f(1));
}

// X^T A X for a planar motion transform X = [1 0 0; u E] (the form planar_transform builds, with
// E a rotation) and a symmetric A = [a b^T; b C]: with w = b + C u it is
// [a + b.u + u.w, w^T E; E^T w, E^T C E], 28 multiplications instead of 54.
SpatialInertia calc_planar_congruence(const SpatialTransform& X, const SpatialInertia& A) {
  const Eigen::Vector2d u = X.block<2, 1>(1, 0);
  const Eigen::Matrix2d E = X.bottomRightCorner<2, 2>();
  const Eigen::Vector2d b = A.block<2, 1>(1, 0);
  const Eigen::Matrix2d C = A.bottomRightCorner<2, 2>();
  const Eigen::Vector2d w = b + C * u;
  const Eigen::RowVector2d wE = w.transpose() * E;
  const Eigen::Matrix2d CE = C * E;
  SpatialInertia R;
  R(0, 0) = A(0, 0) + b.dot(u) + u.dot(w);
  R.block<1, 2>(0, 1) = wE;
  R.block<2, 1>(1, 0) = wE.transpose();
  R.bottomRightCorner<2, 2>().noalias() = E.transpose() * CE;
  return R;
}

// X^T f for the same X: the force transform back to the parent, (f0 + u.f12, E^T f12).
SpatialForce calc_planar_force_to_parent(const SpatialTransform& X, const SpatialForce& f) {
  const Eigen::Vector2d f12 = f.tail<2>();
  SpatialForce r;
  r(0) = f(0) + X(1, 0) * f12(0) + X(2, 0) * f12(1);
  r.tail<2>().noalias() = X.bottomRightCorner<2, 2>().transpose() * f12;
  return r;
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
  // Raw pointers held in locals: Eigen's vector stores may alias any memory, so the compiler would
  // reload each std::vector's data pointer after every one of them.
  const int* parent = model.parent.data();                    // [n]
  const int* v_index = model.v_index.data();                  // [n]
  const SpatialInertia* inertia = model.inertia.data();       // [n]
  const SpatialMotion* S_all = model.S.data();                // [n]
  const SpatialTransform* X_up = ws.X_up.data();              // [n]
  const SpatialMotion* v = ws.v.data();                       // [n]
  const SpatialMotion* c = ws.c.data();                       // [n]
  const SpatialForce* f_ext = ws.f_ext.data();                // [n]
  SpatialInertia* I_art = ws.I_art.data();                    // [n]
  SpatialForce* f = ws.f.data();                              // [n]
  SpatialMotion* U = ws.U.data();                             // [n]
  SpatialMotion* a = ws.a.data();                             // [n]
  double* D = ws.D.data();                                    // [n]
  double* u = ws.u.data();                                    // [n]
  // Pass 1 (outward): rigid-body inertias and bias forces; f holds pA.
  for (int i = 0; i < n; ++i) {
    I_art[i] = inertia[i];
    const SpatialForce h = inertia[i] * v[i];  // momentum
    f[i] = cross_force(v[i], h) - f_ext[i];
  }
  // Pass 2 (inward): articulated-body inertias, each joint's freedom projected out. With S = e_k
  // (S_unit_axis) the products with S are a column and an entry: the same numbers, fewer flops.
  const bool unit_axes = static_cast<int>(model.S_unit_axis.size()) == n;
  const int* unit_axis = model.S_unit_axis.data();            // [n] when unit_axes
  for (int i = n - 1; i >= 0; --i) {
    const int k = unit_axes ? unit_axis[i] : -1;
    if (k >= 0) {
      U[i] = I_art[i].col(k);
      D[i] = U[i](k);
      u[i] = tau(v_index[i]) - f[i](k);
    } else {
      const SpatialMotion& S = S_all[i];
      U[i].noalias() = I_art[i] * S;
      D[i] = S.dot(U[i]);
      u[i] = tau(v_index[i]) - S.dot(f[i]);
    }
    const int p = parent[i];
    if (p >= 0) {
      // One division, then products: nine divisions by D_i would dominate this pass's latency.
      const double inv_D = 1.0 / D[i];
      const SpatialMotion U_over_D = U[i] * inv_D;
      const SpatialInertia Ia = I_art[i] - U_over_D * U[i].transpose();
      SpatialForce pa = f[i];
      pa.noalias() += Ia * c[i];
      pa += U_over_D * u[i];
      I_art[p] += calc_planar_congruence(X_up[i], Ia);
      f[p] += calc_planar_force_to_parent(X_up[i], pa);
    }
  }
  // Pass 3 (outward): accelerations.
  for (int i = 0; i < n; ++i) {
    const int p = parent[i];
    const SpatialMotion& a_parent = p >= 0 ? a[p] : model.a_ground;
    a[i].noalias() = X_up[i] * a_parent;
    a[i] += c[i];
    const double qdd_i = (u[i] - U[i].dot(a[i])) / D[i];
    qdd_out(v_index[i]) = qdd_i;
    const int k = unit_axes ? unit_axis[i] : -1;
    if (k >= 0)
      a[i](k) += qdd_i;
    else
      a[i] += S_all[i] * qdd_i;
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
