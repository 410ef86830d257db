// Tracking law (scenarios/tracking_law.hpp): a double integrator driven by qdd = qdd_des follows
// the designed error dynamics ë + 2ζωė + ω²e = 0, whose solution is known in closed form.
#include "scenarios/tracking_law.hpp"

#include <catch2/catch.hpp>

#include <cmath>

#include "scenarios/reference_trajectory.hpp"

using namespace kneeload;

namespace {

// A reference with non-zero acceleration: the cubic q = 0.2 + 1.5t − 3t² + 4t³ (rad), exact in
// the clamped spline, on two coordinates (one offset).
ReferenceTrajectory make_cubic_reference() {
  auto q = [](double t) { return 0.2 + t * (1.5 + t * (-3.0 + 4.0 * t)); };
  auto qd = [](double t) { return 1.5 + t * (-6.0 + 12.0 * t); };
  Eigen::VectorXd time_s = Eigen::VectorXd::LinSpaced(11, 0.0, 0.5);
  Eigen::MatrixXd value(11, 2);
  for (int r = 0; r < 11; ++r) value.row(r) << q(time_s[r]), q(time_s[r]) - 0.3;
  return ReferenceTrajectory({"hip", "knee"}, time_s, value, Eigen::Vector2d(qd(0), qd(0)),
                             Eigen::Vector2d(qd(0.5), qd(0.5)));
}

// Integrates the double integrator q̈ = qdd_des (RK4, step dt_s) from an initial error and
// returns the error e = q_ref − q at the end, per coordinate.
Eigen::Vector2d simulate_error(const TrackingLaw& law, const ReferenceTrajectory& ref,
                               const Eigen::Vector2d& e0, const Eigen::Vector2d& ed0,
                               double end_s, double dt_s) {
  ReferenceSample s = make_reference_sample(ref);
  ref.calc_sample(0.0, s);
  Eigen::Vector2d q = s.q - e0, qd = s.qd - ed0;
  auto accel = [&](double t, const Eigen::Vector2d& qq, const Eigen::Vector2d& vv) {
    Eigen::Vector2d a;
    ref.calc_sample(t, s);
    calc_desired_accelerations(law, s, qq, vv, a);
    return a;
  };
  const int steps = static_cast<int>(std::ceil(end_s / dt_s));
  dt_s = end_s / steps;  // land exactly on end_s
  for (int k = 0; k < steps; ++k) {
    const double t = k * dt_s;
    const Eigen::Vector2d k1v = accel(t, q, qd), k1q = qd;
    const Eigen::Vector2d k2v = accel(t + dt_s / 2, q + dt_s / 2 * k1q, qd + dt_s / 2 * k1v),
                          k2q = qd + dt_s / 2 * k1v;
    const Eigen::Vector2d k3v = accel(t + dt_s / 2, q + dt_s / 2 * k2q, qd + dt_s / 2 * k2v),
                          k3q = qd + dt_s / 2 * k2v;
    const Eigen::Vector2d k4v = accel(t + dt_s, q + dt_s * k3q, qd + dt_s * k3v),
                          k4q = qd + dt_s * k3v;
    q += dt_s / 6 * (k1q + 2 * k2q + 2 * k3q + k4q);
    qd += dt_s / 6 * (k1v + 2 * k2v + 2 * k3v + k4v);
  }
  ref.calc_sample(end_s, s);
  return s.q - q;
}

}  // namespace

TEST_CASE("tracking law: gains follow from the closed-loop frequency and damping "
          "(Kp = ω², Kv = 2ζω)", "[tracking]") {
  const TrackingLaw law = make_tracking_law(3, {10.0, 1.0});
  const double omega_radps = 2.0 * M_PI * 10.0;
  CHECK(law.get_num_coordinates() == 3);
  CHECK(law.position_gain_per_s2[2] == Approx(omega_radps * omega_radps));  // 3948 s⁻²
  CHECK(law.velocity_gain_per_s[0] == Approx(2.0 * omega_radps));           // 125.7 s⁻¹
  CHECK_THROWS_WITH(make_tracking_law(3, {0.0, 1.0}), Catch::Contains("natural_frequency_hz"));
}

TEST_CASE("tracking law: a double integrator converges with the designed time constant "
          "(critical damping: e(t) = (e0 + (ė0 + ωe0)t)·exp(−ωt))", "[tracking]") {
  const double f_hz = 10.0, omega_radps = 2.0 * M_PI * f_hz;
  const TrackingLaw law = make_tracking_law(2, {f_hz, 1.0});
  const ReferenceTrajectory ref = make_cubic_reference();
  const Eigen::Vector2d e0(0.1, -0.05), ed0(0.0, 2.0);  // rad, rad/s
  for (const double t_s : {1.0 / omega_radps, 3.0 / omega_radps, 0.2}) {
    const Eigen::Vector2d e = simulate_error(law, ref, e0, ed0, t_s, 1e-5);
    for (int c = 0; c < 2; ++c) {
      const double analytic = (e0[c] + (ed0[c] + omega_radps * e0[c]) * t_s) * std::exp(-omega_radps * t_s);
      INFO("t = " << t_s << " s, coordinate " << c);
      CHECK(e[c] == Approx(analytic).margin(1e-9));
    }
  }
}

TEST_CASE("tracking law: an underdamped design rings at the damped frequency "
          "(e = e0·exp(−ζωt)(cos ω_d t + ζω/ω_d sin ω_d t))", "[tracking]") {
  const double f_hz = 5.0, zeta = 0.3, omega_radps = 2.0 * M_PI * f_hz;
  const double omega_d_radps = omega_radps * std::sqrt(1.0 - zeta * zeta);
  const TrackingLaw law = make_tracking_law(2, {f_hz, zeta});
  const ReferenceTrajectory ref = make_cubic_reference();
  const Eigen::Vector2d e0(0.1, 0.02), ed0(0.0, 0.0);
  for (const double t_s : {0.05, 0.13, 0.4}) {
    const Eigen::Vector2d e = simulate_error(law, ref, e0, ed0, t_s, 1e-5);
    for (int c = 0; c < 2; ++c) {
      const double analytic =
          e0[c] * std::exp(-zeta * omega_radps * t_s) *
          (std::cos(omega_d_radps * t_s) + zeta * omega_radps / omega_d_radps * std::sin(omega_d_radps * t_s));
      INFO("t = " << t_s << " s, coordinate " << c);
      CHECK(e[c] == Approx(analytic).margin(1e-9));
    }
  }
}
