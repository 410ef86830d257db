#pragma once
// Positions and velocities of a planar multibody tree: body poses, points fixed in bodies, point
// Jacobians, energies. update_positions / update_kinematics fill the workspace; the queries below
// read it, so call one of them first for the current q (and qd).
#include "solver/multibody_model.hpp"
#include "solver/multibody_workspace.hpp"

#include <Eigen/Core>

namespace kneeload::solver {

using ConstVectorRef = Eigen::Ref<const Eigen::VectorXd>;
using VectorRef = Eigen::Ref<Eigen::VectorXd>;
using MatrixRef = Eigen::Ref<Eigen::MatrixXd>;

struct BodyPose {
  Eigen::Vector2d position_m;  // body origin in the world, m
  double angle_rad;            // body X axis from the world X axis, counter-clockwise, rad
};

// q [nq]: fills ws.X_up, ws.R_world, ws.position_m, ws.angle_rad.
void update_positions(const MultibodyModel& model, ConstVectorRef q, MultibodyWorkspace& ws);
// q [nq], qd [nv]: update_positions plus body velocities ws.v and ws.c.
void update_kinematics(const MultibodyModel& model, ConstVectorRef q, ConstVectorRef qd,
                       MultibodyWorkspace& ws);

BodyPose body_pose(const MultibodyModel& model, const MultibodyWorkspace& ws, int body);
// World position (m) of a point fixed in `body` at point_in_body_m (body frame, m).
Eigen::Vector2d point_position(const MultibodyModel& model, const MultibodyWorkspace& ws,
                               int body, const Eigen::Vector2d& point_in_body_m);
// World velocity (m/s) of that point; needs update_kinematics.
Eigen::Vector2d point_velocity(const MultibodyModel& model, const MultibodyWorkspace& ws,
                               int body, const Eigen::Vector2d& point_in_body_m);
// J [2 x nv] with point_velocity = J qd (world frame); columns of joints that do not move the
// body are zero.
void point_jacobian(const MultibodyModel& model, const MultibodyWorkspace& ws, int body,
                    const Eigen::Vector2d& point_in_body_m, MatrixRef J);

// Kinetic energy (J) = sum over bodies of 1/2 v^T I v; needs update_kinematics.
double kinetic_energy(const MultibodyModel& model, const MultibodyWorkspace& ws);
// Gravitational potential energy (J) = -sum m g . c_world, zero at the world origin.
double potential_energy(const MultibodyModel& model, const MultibodyWorkspace& ws);
// Centre of mass of the whole tree in the world, m.
Eigen::Vector2d center_of_mass(const MultibodyModel& model, const MultibodyWorkspace& ws);

}  // namespace kneeload::solver
