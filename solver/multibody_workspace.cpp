#include "solver/multibody_workspace.hpp"

#include "solver/errors.hpp"

namespace kneeload::solver {

MultibodyWorkspace::MultibodyWorkspace(const MultibodyModel& model)
    : X_up(model.n_bodies, SpatialTransform::Identity()),
      R_world(model.n_bodies, Eigen::Matrix2d::Identity()),
      position_m(model.n_bodies, Eigen::Vector2d::Zero()),
      angle_rad(model.n_bodies, 0.0),
      v(model.n_bodies, SpatialMotion::Zero()),
      c(model.n_bodies, SpatialMotion::Zero()),
      a(model.n_bodies, SpatialMotion::Zero()),
      f(model.n_bodies, SpatialForce::Zero()),
      I_art(model.n_bodies, SpatialInertia::Zero()),
      U(model.n_bodies, SpatialMotion::Zero()),
      D(model.n_bodies, 0.0),
      u(model.n_bodies, 0.0),
      M(Eigen::MatrixXd::Zero(model.nv, model.nv)),
      llt(model.nv),
      bias(Eigen::VectorXd::Zero(model.nv)),
      zeros(Eigen::VectorXd::Zero(model.nv)),
      tau(Eigen::VectorXd::Zero(model.nv)),
      qdd(Eigen::VectorXd::Zero(model.nv)),
      f_ext(model.n_bodies, SpatialForce::Zero()) {}

void clear_external_forces(MultibodyWorkspace& ws) {
  for (SpatialForce& fi : ws.f_ext) fi.setZero();
}

void add_point_force(const MultibodyModel& model, MultibodyWorkspace& ws, int body,
                     const Eigen::Vector2d& point_in_body_m, const Eigen::Vector2d& force_world_N) {
  KNEELOAD_CHECK(body >= 0 && body < model.n_bodies, "body index {} outside [0, {})", body,
                 model.n_bodies);
  const Eigen::Vector2d F = ws.R_world[body].transpose() * force_world_N;  // body coords, N
  const Eigen::Vector2d& p = point_in_body_m;
  ws.f_ext[body] += SpatialForce(p.x() * F.y() - p.y() * F.x(), F.x(), F.y());
}

void add_body_moment(const MultibodyModel& model, MultibodyWorkspace& ws, int body,
                     double moment_Nm) {
  KNEELOAD_CHECK(body >= 0 && body < model.n_bodies, "body index {} outside [0, {})", body,
                 model.n_bodies);
  ws.f_ext[body](0) += moment_Nm;
}

}  // namespace kneeload::solver
