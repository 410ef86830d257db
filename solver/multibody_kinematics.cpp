#include "solver/multibody_kinematics.hpp"

#include "solver/errors.hpp"

namespace kneeload::solver {

namespace {

void check_body(const MultibodyModel& model, int body) {
  KNEELOAD_CHECK(body >= 0 && body < model.n_bodies, "body index {} outside [0, {})", body,
                 model.n_bodies);
}

// v x m = crm(v) m without forming the matrix (planar_spatial.hpp), the same products.
SpatialMotion cross_motion(const SpatialMotion& v, const SpatialMotion& m) {
  return SpatialMotion(0.0, v(2) * m(0) - v(0) * m(2), -v(1) * m(0) + v(0) * m(1));
}

}  // namespace

void update_positions(const MultibodyModel& model, ConstVectorRef q, MultibodyWorkspace& ws) {
  KNEELOAD_CHECK(q.size() == model.nq, "q has {} entries, the model needs {}", q.size(), model.nq);
  // Raw pointers held in locals: Eigen's vector stores may alias any memory, so the compiler would
  // reload each std::vector's data pointer after every one of them.
  const int* parent = model.parent.data();                         // [n_bodies]
  const int* q_index = model.q_index.data();                       // [n_bodies]
  const JointType* joint_type = model.joint_type.data();           // [n_bodies]
  const Eigen::Vector2d* joint_origin_m = model.joint_origin_m.data();  // [n_bodies] m
  const Eigen::Vector2d* joint_axis = model.joint_axis.data();     // [n_bodies]
  SpatialTransform* X_up = ws.X_up.data();                         // [n_bodies]
  Eigen::Matrix2d* R_world = ws.R_world.data();                    // [n_bodies]
  Eigen::Vector2d* position_m = ws.position_m.data();              // [n_bodies] m
  double* angle_rad = ws.angle_rad.data();                         // [n_bodies] rad
  for (int i = 0; i < model.n_bodies; ++i) {
    const double qi = q(q_index[i]);
    const int p = parent[i];
    const Eigen::Matrix2d R_parent = p >= 0 ? R_world[p] : Eigen::Matrix2d::Identity();
    const Eigen::Vector2d p_parent = p >= 0 ? position_m[p] : Eigen::Vector2d::Zero();
    const double angle_parent = p >= 0 ? angle_rad[p] : 0.0;
    Eigen::Vector2d origin_in_parent_m = joint_origin_m[i];
    if (joint_type[i] == JointType::Revolute) {
      const Eigen::Matrix2d R_joint = rotation_2d(qi);
      // X_up = X_joint(q) X_tree: translate to the joint, then rotate by q.
      X_up[i] = planar_transform(R_joint.transpose(), origin_in_parent_m);
      R_world[i] = R_parent * R_joint;
      angle_rad[i] = angle_parent + qi;
    } else {
      origin_in_parent_m += qi * joint_axis[i];
      X_up[i] = planar_transform(Eigen::Matrix2d::Identity(), origin_in_parent_m);
      R_world[i] = R_parent;
      angle_rad[i] = angle_parent;
    }
    position_m[i] = p_parent + R_parent * origin_in_parent_m;
  }
}

void update_kinematics(const MultibodyModel& model, ConstVectorRef q, ConstVectorRef qd,
                       MultibodyWorkspace& ws) {
  KNEELOAD_CHECK(qd.size() == model.nv, "qd has {} entries, the model needs {}", qd.size(),
                 model.nv);
  update_positions(model, q, ws);
  const int* parent = model.parent.data();            // [n_bodies]
  const int* v_index = model.v_index.data();          // [n_bodies]
  const SpatialMotion* S = model.S.data();            // [n_bodies]
  const SpatialTransform* X_up = ws.X_up.data();      // [n_bodies]
  SpatialMotion* v = ws.v.data();                     // [n_bodies]
  SpatialMotion* c = ws.c.data();                     // [n_bodies]
  for (int i = 0; i < model.n_bodies; ++i) {
    const SpatialMotion vJ = S[i] * qd(v_index[i]);
    const int p = parent[i];
    v[i] = p >= 0 ? SpatialMotion(X_up[i] * v[p] + vJ) : vJ;
    c[i] = cross_motion(v[i], vJ);  // S is constant in the body frame, so S-dot = 0
  }
}

BodyPose body_pose(const MultibodyModel& model, const MultibodyWorkspace& ws, int body) {
  check_body(model, body);
  return BodyPose{ws.position_m[body], ws.angle_rad[body]};
}

Eigen::Vector2d point_position(const MultibodyModel& model, const MultibodyWorkspace& ws,
                               int body, const Eigen::Vector2d& point_in_body_m) {
  check_body(model, body);
  return ws.position_m[body] + ws.R_world[body] * point_in_body_m;
}

Eigen::Vector2d point_velocity(const MultibodyModel& model, const MultibodyWorkspace& ws,
                               int body, const Eigen::Vector2d& point_in_body_m) {
  check_body(model, body);
  const SpatialMotion& v = ws.v[body];
  // v_point = v_origin + omega z x r, in body coords, then rotated to the world.
  const Eigen::Vector2d v_body(v(1) - v(0) * point_in_body_m.y(),
                               v(2) + v(0) * point_in_body_m.x());
  return ws.R_world[body] * v_body;
}

void point_jacobian(const MultibodyModel& model, const MultibodyWorkspace& ws, int body,
                    const Eigen::Vector2d& point_in_body_m, MatrixRef J) {
  check_body(model, body);
  KNEELOAD_CHECK(J.rows() == 2 && J.cols() == model.nv, "J is {}x{}, must be 2x{}", J.rows(),
                 J.cols(), model.nv);
  J.setZero();
  const Eigen::Vector2d point_world_m = point_position(model, ws, body, point_in_body_m);
  for (int j = body; j >= 0; j = model.parent[j]) {
    // Joint j's motion subspace in world coordinates (velocity of the world origin), then the
    // velocity it gives the point: v_O + omega z x point.
    const SpatialMotion S_world =
        world_from_body_transform(ws.position_m[j], ws.R_world[j]) * model.S[j];
    J(0, model.v_index[j]) = S_world(1) - S_world(0) * point_world_m.y();
    J(1, model.v_index[j]) = S_world(2) + S_world(0) * point_world_m.x();
  }
}

double kinetic_energy(const MultibodyModel& model, const MultibodyWorkspace& ws) {
  double T_J = 0;
  for (int i = 0; i < model.n_bodies; ++i) T_J += 0.5 * ws.v[i].dot(model.inertia[i] * ws.v[i]);
  return T_J;
}

double potential_energy(const MultibodyModel& model, const MultibodyWorkspace& ws) {
  double V_J = 0;
  for (int i = 0; i < model.n_bodies; ++i) {
    const Eigen::Vector2d com_world_m = ws.position_m[i] + ws.R_world[i] * model.com_m[i];
    V_J -= model.mass_kg[i] * model.gravity_mps2.dot(com_world_m);
  }
  return V_J;
}

Eigen::Vector2d center_of_mass(const MultibodyModel& model, const MultibodyWorkspace& ws) {
  Eigen::Vector2d sum = Eigen::Vector2d::Zero();
  for (int i = 0; i < model.n_bodies; ++i)
    sum += model.mass_kg[i] * (ws.position_m[i] + ws.R_world[i] * model.com_m[i]);
  return sum / model.total_mass_kg();
}

}  // namespace kneeload::solver
