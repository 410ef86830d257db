#pragma once
// The tracking law of Computed Muscle Control (Thelen DG, Anderson FC, Delp SL 2003, J Biomech
// 36:321): desired accelerations
//   qdd_des = qdd_ref + Kp·(q_ref − q) + Kv·(qd_ref − qd)
// per coordinate. If the plant delivers qdd = qdd_des, the error e = q_ref − q obeys
//   ë + Kv·ė + Kp·e = 0,
// a second-order system with natural frequency ω and damping ratio ζ when Kp = ω², Kv = 2ζω.
// docs/model/control.md.
#include <Eigen/Core>

namespace kneeload {

struct ReferenceSample;

struct TrackingGainsSpec {
  double natural_frequency_hz = 10.0;  // closed-loop ω / 2π (Hz)
  double damping_ratio = 1.0;          // ζ (1); 1 = critically damped, no overshoot
};

// Gains per coordinate, compiled once.
struct TrackingLaw {
  Eigen::VectorXd position_gain_per_s2;  // [n_coordinates] Kp = ω²
  Eigen::VectorXd velocity_gain_per_s;   // [n_coordinates] Kv = 2ζω

  int get_num_coordinates() const { return static_cast<int>(position_gain_per_s2.size()); }
};

// The same gains for every coordinate; InputError naming the field when ω ≤ 0 or ζ < 0.
TrackingLaw make_tracking_law(int num_coordinates, const TrackingGainsSpec& spec);

// qdd_des [n_coordinates] from the reference sample and the current q, qd; no allocation.
void calc_desired_accelerations(const TrackingLaw& law, const ReferenceSample& reference,
                                const Eigen::Ref<const Eigen::VectorXd>& q,
                                const Eigen::Ref<const Eigen::VectorXd>& qd,
                                Eigen::Ref<Eigen::VectorXd> qdd_des);

}  // namespace kneeload
