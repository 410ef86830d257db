// Pendulums integrated through MultibodySystem and the integrator, against analytic periods and
// conservation of energy.
#include "solver/integrator.hpp"
#include "solver/multibody_system.hpp"
#include "tests/solver/multibody_test_models.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace kneeload::solver;

namespace {

constexpr double g_mps2 = 9.80665;

// A pendulum with one revolute joint, released at rest from theta0_rad. The period is the time
// between the first and the third crossing of theta = 0 (T/4 and 5T/4), located by events.
double measured_period_s(const MultibodySpec& spec, double theta0_rad) {
  const MultibodyModel model = compile(spec);
  MultibodyWorkspace ws(model);
  const MultibodySystem system(model, ws);
  OdeState x = system.make_state(Eigen::VectorXd::Constant(1, theta0_rad),
                                 Eigen::VectorXd::Zero(1));
  IntegrationOptions options;
  options.rtol = 1e-12;
  options.atol = 1e-14;
  options.output_dt_s = 10.0;
  options.event_tolerance_s = 1e-12;
  auto crossing = [](int direction) {
    return std::vector<Event>{{"theta_zero", [](const OdeState& s, double) { return s[0]; },
                               direction}};
  };
  const double t_end_s = 100.0;
  const IntegrationResult first = integrate(system, x, 0.0, t_end_s, options, {}, crossing(-1));
  REQUIRE(first.event_index == 0);
  const IntegrationResult second =
      integrate(system, x, first.t_end_s, t_end_s, options, {}, crossing(+1));
  REQUIRE(second.event_index == 0);
  const IntegrationResult third =
      integrate(system, x, second.t_end_s, t_end_s, options, {}, crossing(-1));
  REQUIRE(third.event_index == 0);
  return third.t_end_s - first.t_end_s;
}

MultibodySpec point_pendulum_spec(double length_m) {
  BodySpec bob{"bob", "", {"swing", JointType::Revolute, {1, 0}}, {0, 0}, 2.0, {0, -length_m}, 0.0};
  MultibodySpec spec;
  spec.bodies = {bob};
  return spec;
}

}  // namespace

TEST_CASE("multibody: small-amplitude simple pendulum period is 2 pi sqrt(l/g)", "[multibody]") {
  // Point mass (zero inertia about the COM), l = 0.8 m, 1 degree: the period exceeds the linear
  // 2 pi sqrt(l/g) only by theta0^2/16 = 1.9e-5 (first anharmonic term), so 5e-5 is tight.
  const double l_m = 0.8;
  const double T_s = measured_period_s(point_pendulum_spec(l_m), 1.0 * M_PI / 180);
  CHECK(T_s == Approx(2 * M_PI * std::sqrt(l_m / g_mps2)).epsilon(5e-5));
}

TEST_CASE("multibody: small-amplitude rod pendulum has the physical-pendulum period",
          "[multibody]") {
  // Uniform rod, L = 0.9 m, pivot at one end: T = 2 pi sqrt(I_pivot / (m g d)) = 2 pi sqrt(2L/(3g)).
  const double L_m = 0.9;
  MultibodySpec spec;
  spec.bodies = {test::hanging_rod("rod", "", {0.3, 1.0}, 1.5, L_m)};
  const double T_s = measured_period_s(spec, 1.0 * M_PI / 180);
  CHECK(T_s == Approx(2 * M_PI * std::sqrt(2 * L_m / (3 * g_mps2))).epsilon(5e-5));
}

TEST_CASE("multibody: 120-degree simple pendulum period is 4 sqrt(l/g) K(sin(theta0/2))",
          "[multibody]") {
  // Exact period of the nonlinear pendulum, K the complete elliptic integral of the first kind.
  const double l_m = 1.2, theta0_rad = 120.0 * M_PI / 180;
  const double T_exact_s = 4 * std::sqrt(l_m / g_mps2) * std::comp_ellint_1(std::sin(theta0_rad / 2));
  const double T_s = measured_period_s(point_pendulum_spec(l_m), theta0_rad);
  CHECK(T_s == Approx(T_exact_s).epsilon(1e-6));
  // The linear period would be 27 % short: the test sees the nonlinearity.
  CHECK(std::abs(T_s / (2 * M_PI * std::sqrt(l_m / g_mps2)) - 1) > 0.1);
}

TEST_CASE("multibody: double pendulum conserves total energy to 1e-6 over 10 s", "[multibody]") {
  MultibodySpec spec;
  spec.bodies = {test::hanging_rod("upper", "", {0, 0}, 1.0, 1.0),
                 test::hanging_rod("lower", "upper", {0, -1.0}, 0.7, 0.8)};
  const MultibodyModel model = compile(spec);
  MultibodyWorkspace ws(model), ws_energy(model);
  const MultibodySystem system(model, ws);
  OdeState x = system.make_state(Eigen::Vector2d(120 * M_PI / 180, -30 * M_PI / 180),
                                 Eigen::Vector2d(1.0, -2.0));
  auto energy_J = [&](const OdeState& s) {
    update_kinematics(model, Eigen::Map<const Eigen::Vector2d>(s.data()),
                      Eigen::Map<const Eigen::Vector2d>(s.data() + 2), ws_energy);
    return kinetic_energy(model, ws_energy) + potential_energy(model, ws_energy);
  };
  const double E0_J = energy_J(x);
  REQUIRE(std::abs(E0_J) > 1.0);  // a scale for the relative drift
  double max_drift = 0, max_kinetic_J = 0;
  IntegrationOptions options;
  options.rtol = 1e-10;
  options.atol = 1e-12;
  options.output_dt_s = 1e-2;
  integrate(system, x, 0.0, 10.0, options, [&](const OdeState& s, double) {
    max_drift = std::max(max_drift, std::abs(energy_J(s) - E0_J) / std::abs(E0_J));
    max_kinetic_J = std::max(max_kinetic_J, kinetic_energy(model, ws_energy));
  });
  INFO("E0 = " << E0_J << " J, max relative drift " << max_drift);
  CHECK(max_drift < 1e-6);
  CHECK(max_kinetic_J > 5.0);  // the motion is vigorous, not a pendulum at rest
}
