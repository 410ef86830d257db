#include "solver/multibody_system.hpp"

#include "solver/errors.hpp"

namespace kneeload::solver {

MultibodySystem::MultibodySystem(const MultibodyModel& model, MultibodyWorkspace& ws,
                                 JointForceCallback joint_forces, ForwardDynamicsMethod method)
    : model_(model), ws_(ws), joint_forces_(std::move(joint_forces)), method_(method) {}

void MultibodySystem::operator()(const std::vector<double>& x, std::vector<double>& dxdt,
                                 double t_s) const {
  const int nq = model_.nq, nv = model_.nv;
  KNEELOAD_CHECK(static_cast<int>(x.size()) == nq + nv && dxdt.size() == x.size(),
                 "x has {} and dxdt {} entries, the model needs {}", x.size(), dxdt.size(),
                 nq + nv);
  const Eigen::Map<const Eigen::VectorXd> q(x.data(), nq);
  const Eigen::Map<const Eigen::VectorXd> qd(x.data() + nq, nv);
  Eigen::Map<Eigen::VectorXd> qdot(dxdt.data(), nq);
  Eigen::Map<Eigen::VectorXd> qdd(dxdt.data() + nq, nv);

  // Stage 1: positions and velocities. Stage 2: forces. Stage 3: accelerations.
  update_kinematics(model_, q, qd, ws_);
  clear_external_forces(ws_);
  ws_.tau.setZero();
  if (joint_forces_) joint_forces_(t_s, q, qd, model_, ws_, ws_.tau);
  if (method_ == ForwardDynamicsMethod::Aba)
    forward_dynamics_aba(model_, ws_.tau, ws_, qdd);
  else
    forward_dynamics_crba(model_, ws_.tau, ws_, qdd);
  qdot = qd;  // qdot = qd for revolute and prismatic joints
}

std::vector<double> MultibodySystem::make_state(ConstVectorRef q, ConstVectorRef qd) const {
  KNEELOAD_CHECK(q.size() == model_.nq && qd.size() == model_.nv,
                 "q has {} and qd {} entries, the model needs {} and {}", q.size(), qd.size(),
                 model_.nq, model_.nv);
  std::vector<double> x(model_.nq + model_.nv);
  Eigen::Map<Eigen::VectorXd>(x.data(), model_.nq) = q;
  Eigen::Map<Eigen::VectorXd>(x.data() + model_.nq, model_.nv) = qd;
  return x;
}

}  // namespace kneeload::solver
