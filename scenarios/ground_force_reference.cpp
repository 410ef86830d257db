#include "scenarios/ground_force_reference.hpp"

#include "models/other_leg_load.hpp"

#include <algorithm>

namespace kneeload {

GroundForceReference::GroundForceReference(const ReferenceMotion& ref,
                                           const ReferenceTrajectory& trajectory,
                                           const LegModel& model,
                                           const Eigen::Vector2d& touchdown_com_velocity_mps)
    : time_s_(ref.time_s),
      stance_N_(ref.stance_force_bw * model.body_weight_N),
      other_N_(ref.contralateral_force_bw * model.body_weight_N),
      other_dx_m_(ref.contralateral_cop_dx_m),
      leg_N_(Eigen::MatrixXd::Zero(ref.time_s.size(), 2)),
      leg_moment_Nm_(Eigen::VectorXd::Zero(ref.time_s.size())),
      com_velocity_mps_(ref.time_s.size(), 2),
      has_horizontal_force_(ref.has_horizontal_force) {
  const double mass_kg = model.multibody.total_mass_kg();
  const Eigen::Vector2d gravity_mps2(0.0, -model.body_weight_N / mass_kg);
  if (!has_horizontal_force_) {  // no recorded horizontal force: the x task is off
    stance_N_.col(0).setZero();
    other_N_.col(0).setZero();
  }
  if (ref.other_leg_angle_rad.rows() > 0)
    calc_other_leg_loads(ref, trajectory, model, mass_kg, gravity_mps2);
  com_velocity_mps_.row(0) = touchdown_com_velocity_mps.transpose();
  for (int i = 1; i < time_s_.size(); ++i) {
    const Eigen::Vector2d a0 = calc_com_acceleration(i - 1, mass_kg, gravity_mps2);
    const Eigen::Vector2d a1 = calc_com_acceleration(i, mass_kg, gravity_mps2);
    com_velocity_mps_.row(i) = com_velocity_mps_.row(i - 1) +
                               0.5 * (time_s_[i] - time_s_[i - 1]) * (a0 + a1).transpose();
  }
  mass_kg_ = mass_kg;
  gravity_mps2_ = gravity_mps2;
}

void GroundForceReference::calc_task(double t_s, StanceTask& task) const {
  const int last = static_cast<int>(time_s_.size()) - 1;
  const double t = std::clamp(t_s, time_s_[0], time_s_[last]);
  const int i = std::clamp<int>(
      static_cast<int>(std::upper_bound(time_s_.data(), time_s_.data() + last + 1, t) -
                       time_s_.data()) - 1,
      0, last - 1);
  const double a = (t - time_s_[i]) / (time_s_[i + 1] - time_s_[i]);
  auto lerp = [i, a](const Eigen::MatrixXd& m) -> Eigen::Vector2d {
    return (1 - a) * m.row(i).transpose() + a * m.row(i + 1).transpose();
  };
  task.other_foot_force_N = lerp(other_N_);
  task.stance_foot_load_N = lerp(stance_N_).y();
  task.other_foot_dx_m = (1 - a) * other_dx_m_[i] + a * other_dx_m_[i + 1];
  task.other_leg_force_N = lerp(leg_N_);
  task.other_leg_moment_about_hip_Nm = (1 - a) * leg_moment_Nm_[i] + a * leg_moment_Nm_[i + 1];
  task.com_acceleration_mps2 =
      (lerp(stance_N_) + task.other_foot_force_N + task.other_leg_force_N) / mass_kg_ +
      gravity_mps2_;
  task.com_velocity_mps = lerp(com_velocity_mps_);
  task.com_x_tracked = has_horizontal_force_;
}

Eigen::Vector2d GroundForceReference::calc_com_acceleration(
    int row, double mass_kg, const Eigen::Vector2d& gravity_mps2) const {
  return (stance_N_.row(row) + other_N_.row(row) + leg_N_.row(row)).transpose() / mass_kg +
         gravity_mps2;
}

// The other leg's load at each row, with the reference's own pelvis tilt and the hip moving
// with the trial's centre of mass (its ground forces): both known along the reference.
void GroundForceReference::calc_other_leg_loads(const ReferenceMotion& ref,
                                                const ReferenceTrajectory& trajectory,
                                                const LegModel& model, double mass_kg,
                                                const Eigen::Vector2d& gravity_mps2) {
  const int last = static_cast<int>(time_s_.size()) - 1;
  const ReferenceTrajectory leg({"hip_flexion_l", "knee_angle_l", "ankle_angle_l"}, ref.time_s,
                                ref.other_leg_angle_rad,
                                ref.other_leg_speed_rad_per_s.row(0).transpose(),
                                ref.other_leg_speed_rad_per_s.row(last).transpose());
  ReferenceSample leg_sample = make_reference_sample(leg);
  ReferenceSample pelvis_sample = make_reference_sample(trajectory);
  constexpr int kTilt = 2;  // pelvis_tilt in the model's coordinate order
  for (int i = 0; i <= last; ++i) {
    leg.calc_sample(time_s_[i], leg_sample);
    trajectory.calc_sample(time_s_[i], pelvis_sample);
    OtherLegMotion motion;
    motion.angle_rad = leg_sample.q;
    motion.speed_rad_per_s = leg_sample.qd;
    motion.acceleration_rad_per_s2 = leg_sample.qdd;
    motion.pelvis_tilt_rad = pelvis_sample.q[kTilt];
    motion.pelvis_tilt_speed_rad_per_s = pelvis_sample.qd[kTilt];
    motion.pelvis_tilt_acceleration_rad_per_s2 = pelvis_sample.qdd[kTilt];
    motion.hip_acceleration_mps2 =
        (stance_N_.row(i) + other_N_.row(i)).transpose() / mass_kg + gravity_mps2;
    const OtherLegLoad load = calc_other_leg_load(model.skeleton.segments, motion, gravity_mps2);
    leg_N_.row(i) = load.force_N.transpose();
    leg_moment_Nm_[i] = load.moment_about_hip_Nm;
  }
}

}  // namespace kneeload
