#pragma once
// The trial's ground forces over stance (linear between rows: no overshoot at the impact peak),
// in newtons for this model, the other leg's swing load on the pelvis along the reference
// (models/other_leg_load.hpp; zero when the trial has no other-leg angles), and the motion of
// the model's centre of mass they give by Newton's second law:
// a = (F_stance + F_other + F_leg)/m + g, v = v(t0) + ∫a dt (trapezoids between rows).
// The stance inverse dynamics tracks that motion (scenarios/stance_inverse_dynamics.hpp).
#include "models/leg_model.hpp"
#include "scenarios/reference_motion.hpp"
#include "scenarios/reference_trajectory.hpp"
#include "scenarios/stance_inverse_dynamics.hpp"

#include <Eigen/Core>

namespace kneeload {

class GroundForceReference {
 public:
  GroundForceReference(const ReferenceMotion& ref, const ReferenceTrajectory& trajectory,
                       const LegModel& model, const Eigen::Vector2d& touchdown_com_velocity_mps);

  // False for the stair curves, which publish no horizontal ground force.
  bool has_horizontal_force() const { return has_horizontal_force_; }
  // The whole-body task at t_s (clamped to stance): a_com, v_com and the other foot's force.
  void calc_task(double t_s, StanceTask& task) const;

 private:
  Eigen::Vector2d calc_com_acceleration(int row, double mass_kg,
                                        const Eigen::Vector2d& gravity_mps2) const;
  void calc_other_leg_loads(const ReferenceMotion& ref, const ReferenceTrajectory& trajectory,
                            const LegModel& model, double mass_kg,
                            const Eigen::Vector2d& gravity_mps2);

  Eigen::VectorXd time_s_;           // [rows] s
  Eigen::MatrixXd stance_N_;         // [rows × 2] N
  Eigen::MatrixXd other_N_;          // [rows × 2] N
  Eigen::VectorXd other_dx_m_;       // [rows] m
  Eigen::MatrixXd leg_N_;            // [rows × 2] N, the other leg's load on the pelvis
  Eigen::VectorXd leg_moment_Nm_;    // [rows] N m, its moment about the hip
  Eigen::MatrixXd com_velocity_mps_; // [rows × 2] m/s
  bool has_horizontal_force_;
  double mass_kg_ = 0.0;
  Eigen::Vector2d gravity_mps2_ = Eigen::Vector2d::Zero();
};

}  // namespace kneeload
