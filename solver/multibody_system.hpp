#pragma once
// The multibody tree as an ODE x' = f(x, t) for the integrator (solver/integrator.hpp):
// x = [q (nq); qd (nv)], dxdt = [qd; qdd]. The right-hand side runs the named stages
// positions + velocities -> forces (the user's callback) -> accelerations, and wraps only a model,
// a workspace and the callback.
#include "solver/multibody_dynamics.hpp"

#include <functional>
#include <vector>

namespace kneeload::solver {

// Fills tau [nv] (zeroed before the call) and may add external forces to ws (cleared before the
// call; ws already holds the kinematics of q [nq], qd [nv]). Must not allocate if the RHS is to stay
// allocation-free.
using JointForceCallback =
    std::function<void(double t_s, ConstVectorRef q, ConstVectorRef qd, const MultibodyModel& model,
                       MultibodyWorkspace& ws, VectorRef tau)>;

enum class ForwardDynamicsMethod { Aba, Crba };

class MultibodySystem {
 public:
  // model and ws must outlive the system; one system (and workspace) per thread.
  MultibodySystem(const MultibodyModel& model, MultibodyWorkspace& ws,
                  JointForceCallback joint_forces = {},
                  ForwardDynamicsMethod method = ForwardDynamicsMethod::Aba);

  // x [nq + nv], dxdt [nq + nv] (pre-sized by the caller), t in s.
  void operator()(const std::vector<double>& x, std::vector<double>& dxdt, double t_s) const;

  int state_size() const { return model_.nq + model_.nv; }
  // x = [q; qd] from q [nq], qd [nv].
  std::vector<double> make_state(ConstVectorRef q, ConstVectorRef qd) const;

 private:
  const MultibodyModel& model_;
  MultibodyWorkspace& ws_;
  JointForceCallback joint_forces_;
  ForwardDynamicsMethod method_;
};

}  // namespace kneeload::solver
