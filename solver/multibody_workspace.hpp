#pragma once
// Scratch memory of the multibody algorithms, sized once from a model (one workspace per thread).
// The algorithms only write into it, so they never allocate on the heap.
// External forces: f_ext[i] is the spatial force applied to body i, in body i coordinates with its
// moment taken about the body origin (the frame the algorithms work in). Callers fill it through
// add_point_force() after update_kinematics() for the same q, and clear it with
// clear_external_forces() before the next evaluation.
#include "solver/multibody_model.hpp"

#include <Eigen/Cholesky>
#include <Eigen/Core>

#include <vector>

namespace kneeload::solver {

struct MultibodyWorkspace {
  explicit MultibodyWorkspace(const MultibodyModel& model);

  // Kinematics (update_positions / update_kinematics).
  std::vector<SpatialTransform> X_up;        // [n_bodies] body i from its parent (or ground)
  std::vector<Eigen::Matrix2d> R_world;      // [n_bodies] body axes in the world (columns)
  std::vector<Eigen::Vector2d> position_m;   // [n_bodies] body origin in the world, m
  std::vector<double> angle_rad;             // [n_bodies] body angle in the world, rad
  std::vector<SpatialMotion> v;              // [n_bodies] body velocity, body coords
  std::vector<SpatialMotion> c;              // [n_bodies] velocity-product acceleration v x vJ

  // Dynamics scratch.
  std::vector<SpatialMotion> a;              // [n_bodies] body acceleration, body coords
  std::vector<SpatialForce> f;               // [n_bodies] RNEA body forces / ABA bias forces pA
  std::vector<SpatialInertia> I_art;         // [n_bodies] articulated (ABA) or composite (CRBA)
  std::vector<SpatialMotion> U;              // [n_bodies] ABA: I_art S
  std::vector<double> D;                     // [n_bodies] ABA: S^T I_art S
  std::vector<double> u;                     // [n_bodies] ABA: tau - S^T pA
  Eigen::MatrixXd M;                         // [nv x nv] CRBA mass matrix
  Eigen::LLT<Eigen::MatrixXd> llt;           // [nv x nv] Cholesky factor of M
  Eigen::VectorXd bias;                      // [nv] CRBA: C(q, qd) + gravity - external
  Eigen::VectorXd zeros;                     // [nv] all zero (qdd = 0 for the bias)
  Eigen::VectorXd tau;                       // [nv] joint forces of the ODE right-hand side
  Eigen::VectorXd qdd;                       // [nv] accelerations of the ODE right-hand side

  // Inputs from the caller.
  std::vector<SpatialForce> f_ext;           // [n_bodies] external force, body coords (see top)
};

void clear_external_forces(MultibodyWorkspace& ws);

// Adds a force force_world_N (world coordinates, N) acting at point_in_body_m (body frame, m) of
// body `body` to ws.f_ext. Needs ws.R_world from update_positions/update_kinematics for this q.
void add_point_force(const MultibodyModel& model, MultibodyWorkspace& ws, int body,
                     const Eigen::Vector2d& point_in_body_m, const Eigen::Vector2d& force_world_N);

// Adds a pure moment moment_Nm (about Z, positive counter-clockwise) to body `body`.
void add_body_moment(const MultibodyModel& model, MultibodyWorkspace& ws, int body,
                     double moment_Nm);

}  // namespace kneeload::solver
