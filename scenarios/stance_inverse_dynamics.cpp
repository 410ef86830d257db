#include "scenarios/stance_inverse_dynamics.hpp"

#include "solver/multibody_dynamics.hpp"
#include "solver/multibody_kinematics.hpp"

#include <algorithm>
#include <cmath>

namespace kneeload {
namespace {

constexpr int kUnknowns = 8;     // qdd [6], F [2]
constexpr int kConstraints = 3;  // base rows: pelvis_tx, pelvis_ty, pelvis_tilt (model order 0..2)
constexpr int kBaseRows = 3;

// J_com [2 × nv]: mass-weighted sum of the bodies' centre-of-mass Jacobians.
void calc_com_jacobian(const solver::MultibodyModel& mb, const solver::MultibodyWorkspace& mw,
                       Eigen::MatrixXd& J_body, Eigen::MatrixXd& J_com) {
  J_com.setZero();
  for (int i = 0; i < mb.n_bodies; ++i) {
    if (mb.mass_kg[i] <= 0.0) continue;
    solver::point_jacobian(mb, mw, i, mb.com_m[i], J_body);
    J_com += (mb.mass_kg[i] / mb.total_mass_kg()) * J_body;
  }
}

}  // namespace

StanceInverseDynamicsWorkspace::StanceInverseDynamicsWorkspace(const LegModel& model)
    : J_point(2, model.multibody.nv),
      J_point_ahead(2, model.multibody.nv),
      J_com(2, model.multibody.nv),
      J_com_ahead(2, model.multibody.nv),
      J_body(2, model.multibody.nv),
      q_ahead(model.multibody.nq),
      zeros(Eigen::VectorXd::Zero(model.multibody.nv)),
      bias(model.multibody.nv),
      qdd_des(model.multibody.nv),
      other_force(model.multibody.nv),
      tau(model.multibody.nv),
      mass_matrix(model.multibody.nv, model.multibody.nv) {}

Eigen::Vector2d calc_com_velocity_mps(const LegModel& model, const LegWorkspace& ws,
                                      StanceInverseDynamicsWorkspace& sw) {
  calc_com_jacobian(model.multibody, ws.multibody, sw.J_body, sw.J_com);
  return sw.J_com * ws.qd;
}

Eigen::Vector2d calc_pressure_point_in_foot_m(const LegModel& model, const LegWorkspace& ws) {
  const solver::MultibodyWorkspace& mw = ws.multibody;
  const int b = model.foot_body;
  Eigen::Vector2d weighted_m = Eigen::Vector2d::Zero();
  double load_N = 0.0, deepest_m = -1.0;
  Eigen::Vector2d deepest_point_m = mw.position_m[b];
  for (int s = 0; s < model.foot_contact.getNumSpheres(); ++s) {
    const double fn_N = std::max(0.0, ws.contact.normal_force_N[s]);
    weighted_m += fn_N * ws.contact.point_m[s].head<2>();
    load_N += fn_N;
    if (ws.contact.penetration_m[s] > deepest_m) {
      deepest_m = ws.contact.penetration_m[s];
      deepest_point_m = ws.contact.point_m[s].head<2>();
    }
  }
  const Eigen::Vector2d world_m =
      load_N > 1.0 ? Eigen::Vector2d(weighted_m / load_N) : deepest_point_m;
  return mw.R_world[b].transpose() * (world_m - mw.position_m[b]);
}

void calc_stance_inverse_dynamics(const LegModel& model, const StanceTaskWeights& weights,
                                  const StanceTask& task, LegWorkspace& ws,
                                  StanceInverseDynamicsWorkspace& sw,
                                  StanceInverseDynamicsResult& result) {
  const solver::MultibodyModel& mb = model.multibody;
  solver::MultibodyWorkspace& mw = ws.multibody;
  const LegCoordinateMap& map = model.coordinates;
  const Eigen::Vector2d p_in_foot_m = calc_pressure_point_in_foot_m(model, ws);
  result.pressure_point_m = mw.position_m[model.foot_body] + mw.R_world[model.foot_body] * p_in_foot_m;

  // J̇·qd of the point and of the centre of mass: forward difference of J along qd.
  constexpr double h_s = 1e-6;
  sw.q_ahead = ws.q + h_s * ws.qd;
  solver::update_positions(mb, sw.q_ahead, mw);
  solver::point_jacobian(mb, mw, model.foot_body, p_in_foot_m, sw.J_point_ahead);
  calc_com_jacobian(mb, mw, sw.J_body, sw.J_com_ahead);
  solver::update_kinematics(mb, ws.q, ws.qd, mw);
  solver::point_jacobian(mb, mw, model.foot_body, p_in_foot_m, sw.J_point);
  calc_com_jacobian(mb, mw, sw.J_body, sw.J_com);
  sw.J_point_ahead -= sw.J_point;  // in place: no temporary
  sw.J_com_ahead -= sw.J_com;
  const Eigen::Vector2d Jdot_qd_point = sw.J_point_ahead * ws.qd / h_s;
  const Eigen::Vector2d Jdot_qd_com = sw.J_com_ahead * ws.qd / h_s;

  // h = C(q, qd)·qd + gravity (RNEA at zero acceleration, no external force); M by CRBA.
  solver::clear_external_forces(mw);
  solver::inverse_dynamics_rnea(mb, sw.zeros, mw, sw.bias);
  solver::mass_matrix_crba(mb, ws.q, mw, sw.mass_matrix);
  for (int i = 0; i < kLegCoordinates; ++i)
    sw.qdd_des[map.solver_index[i]] = map.sign[i] * task.qdd_des[i];
  // The other foot's force at its centre of pressure and the other leg's swing load at the hip,
  // carried by the pelvis: forces on the base translations, their moment about the pelvis origin
  // on the base rotation.
  const int femur = mb.parent[mb.parent[model.foot_body]];  // foot→tibia→femur
  const int pelvis = mb.parent[femur];
  const Eigen::Vector2d other_point_m =
      result.pressure_point_m + Eigen::Vector2d(task.other_foot_dx_m, 0.0);
  const Eigen::Vector2d arm_m = other_point_m - mw.position_m[pelvis];
  const Eigen::Vector2d hip_arm_m = mw.position_m[femur] - mw.position_m[pelvis];
  const Eigen::Vector2d& F_other = task.other_foot_force_N;
  const Eigen::Vector2d& F_leg = task.other_leg_force_N;
  result.other_leg_base_force << F_other.x() + F_leg.x(), F_other.y() + F_leg.y(),
      arm_m.x() * F_other.y() - arm_m.y() * F_other.x() + task.other_leg_moment_about_hip_Nm +
          hip_arm_m.x() * F_leg.y() - hip_arm_m.y() * F_leg.x();
  sw.other_force.setZero();
  for (int a = 0; a < kBaseRows; ++a)
    sw.other_force[map.solver_index[a]] = map.sign[a] * result.other_leg_base_force[a];

  // How much the foot is loaded, by its contact or by the trial (0 in the air, 1 from
  // weights.loaded_force_N on): blends the planted point (p does not accelerate) with a free foot
  // (no ground force). The trial's load plants a foot that has only just touched.
  double load_N = 0.0;
  for (int c = 0; c < model.foot_contact.getNumSpheres(); ++c)
    load_N += std::max(0.0, ws.contact.normal_force_N[c]);
  load_N = std::max(load_N, task.stance_foot_load_N);
  const double share = std::clamp(load_N / weights.loaded_force_N, 0.0, 1.0);
  const double w_point2 = std::pow(share * weights.point_per_mps2, 2);
  const double w_force2 = std::pow((1.0 - share) * weights.free_foot_per_N, 2) + 1e-12;

  // KKT system: [H Aᵀ; A 0]·(z, λ) = (cost gradient terms, b).
  auto& K = sw.kkt;
  auto& r = sw.kkt_rhs;
  K.setZero();
  r.setZero();
  const double w_com2 = weights.com_per_mps2 * weights.com_per_mps2;
  const Eigen::Vector2d a_des =
      task.com_acceleration_mps2 +
      weights.com_velocity_gain_per_s * (task.com_velocity_mps - sw.J_com * ws.qd);
  for (int row = 0; row < 2; ++row) {
    if (row == 0 && !task.com_x_tracked) continue;
    const double target = a_des[row] - Jdot_qd_com[row];
    for (int a = 0; a < mb.nv; ++a) {
      r[a] += w_com2 * sw.J_com(row, a) * target;
      for (int b = 0; b < mb.nv; ++b) K(a, b) += w_com2 * sw.J_com(row, a) * sw.J_com(row, b);
    }
  }
  for (int i = 0; i < kLegCoordinates; ++i) {
    const int si = map.solver_index[i];
    const double w2 = weights.coordinate[i] * weights.coordinate[i];
    K(si, si) += w2 + 1e-9;  // the small term keeps H positive definite on every coordinate
    r[si] += w2 * sw.qdd_des[si];
  }
  for (int d = 0; d < 2; ++d)  // planted point: J_p·qdd + J̇_p·qd = 0
    for (int a = 0; a < mb.nv; ++a) {
      r[a] -= w_point2 * sw.J_point(d, a) * Jdot_qd_point[d];
      for (int b = 0; b < mb.nv; ++b) K(a, b) += w_point2 * sw.J_point(d, a) * sw.J_point(d, b);
    }
  K(6, 6) = K(7, 7) = w_force2;  // a free foot carries no ground force
  // Without a recorded horizontal force, the horizontal ground force is kept small instead.
  if (!task.com_x_tracked) K(6, 6) += std::pow(weights.untracked_force_per_N, 2);
  for (int a = 0; a < kBaseRows; ++a) {
    const int row = kUnknowns + a, i = map.solver_index[a];
    for (int c = 0; c < mb.nv; ++c) K(row, c) = sw.mass_matrix(i, c);
    K(row, 6) = -sw.J_point(0, i);
    K(row, 7) = -sw.J_point(1, i);
    r[row] = sw.other_force[i] - sw.bias[i];
  }
  for (int row = kUnknowns; row < kUnknowns + kConstraints; ++row)
    for (int c = 0; c < kUnknowns; ++c) K(c, row) = K(row, c);
  sw.lu.compute(K);
  sw.kkt_solution = sw.lu.solve(r);
  // The ground pushes and its friction is bounded (Coulomb, the contact model's μ): a solution
  // outside the cone is solved once more with the violated face held by the free-foot weight
  // (one active-set step).
  const double mu = model.foot_contact.friction_coefficient;
  const double Fx = sw.kkt_solution[6], Fy = sw.kkt_solution[7];
  const bool pulls = Fy < 0.0, slides = !pulls && std::abs(Fx) > mu * Fy;
  const double w_face2 = std::pow(weights.free_foot_per_N, 2);
  if (pulls) {  // F = 0
    K(6, 6) += w_face2;
    K(7, 7) += w_face2;
  } else if (slides) {  // F_x = c·F_y on the face it crossed
    const double c = std::copysign(mu, Fx);
    K(6, 6) += w_face2;
    K(6, 7) -= w_face2 * c;
    K(7, 6) -= w_face2 * c;
    K(7, 7) += w_face2 * c * c;
  }
  if (pulls || slides) {
    sw.lu.compute(K);
    sw.kkt_solution = sw.lu.solve(r);
  }

  result.ground_force_N = sw.kkt_solution.segment<2>(6);
  sw.tau.noalias() = sw.mass_matrix * sw.kkt_solution.head(mb.nv);
  sw.tau += sw.bias - sw.other_force;
  sw.tau.noalias() -= sw.J_point.transpose() * result.ground_force_N;
  for (int i = 0; i < kLegCoordinates; ++i) {
    result.qdd[i] = map.sign[i] * sw.kkt_solution[map.solver_index[i]];
    result.generalized_force[i] = map.sign[i] * sw.tau[map.solver_index[i]];
  }
}

}  // namespace kneeload
