// Tests of solver/integrator: each states the law it checks.
#include "solver/errors.hpp"
#include "solver/integrator.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

namespace {

using kneeload::solver::Event;
using kneeload::solver::IntegrationOptions;
using kneeload::solver::integrate;
using kneeload::solver::OdeState;
using kneeload::solver::StepperKind;

constexpr double kPi = 3.14159265358979323846;
constexpr double kGravity_mps2 = 9.80665;

// x'' = -omega^2 x as a first-order system, state [position m, velocity m/s].
struct Oscillator {
  double omega_radps;
  void operator()(const OdeState& x, OdeState& dxdt, double /*t*/) const {
    dxdt[0] = x[1];
    dxdt[1] = -omega_radps * omega_radps * x[0];
  }
};

// Free fall, state [height m, vertical velocity m/s].
void falling_mass(const OdeState& x, OdeState& dxdt, double /*t*/) {
  dxdt[0] = x[1];
  dxdt[1] = -kGravity_mps2;
}

// Largest |x(t1) - cos(omega (t1 - t0))| of the oscillator started at x = 1, v = 0.
double oscillator_error(const IntegrationOptions& options, double t1) {
  const Oscillator rhs{2 * kPi};
  OdeState x{1.0, 0.0};
  integrate(rhs, x, 0.0, t1, options);
  return std::abs(x[0] - std::cos(rhs.omega_radps * t1));
}

}  // namespace

TEST_CASE("Dopri5 dense output matches the analytic oscillator cos(omega t) at every sample",
          "[integrator]") {
  const Oscillator rhs{2 * kPi * 1.5};
  IntegrationOptions options;
  options.rtol = 1e-10;
  options.atol = 1e-12;
  options.output_dt_s = 0.01;
  const double t0 = 0.25;

  for (const double t1 : {2.0, 2.005}) {  // an end on the output grid and one off it
    std::vector<double> times, positions;
    OdeState x{1.0, 0.0};
    const auto result = integrate(rhs, x, t0, t1, options, [&](const OdeState& xs, double t) {
      times.push_back(t);
      positions.push_back(xs[0]);
    });
    CAPTURE(t1);
    CHECK(result.t_end_s == t1);
    CHECK(result.event_index == -1);
    CHECK(result.n_steps > 0);
    CHECK(result.n_rhs_calls > result.n_steps);

    // Samples at t0 + k dt exactly (k = 0 .. 175), then the end t1.
    REQUIRE(times.size() == 177 - (t1 == 2.0 ? 1 : 0));
    for (std::size_t k = 0; k + 1 < times.size(); ++k) REQUIRE(times[k] == t0 + k * options.output_dt_s);
    CHECK(times.back() == t1);

    double max_error = 0;
    for (std::size_t k = 0; k < times.size(); ++k)
      max_error = std::max(max_error,
                           std::abs(positions[k] - std::cos(rhs.omega_radps * (times[k] - t0))));
    CHECK(max_error < 1e-7);
    CHECK(std::abs(x[0] - std::cos(rhs.omega_radps * (t1 - t0))) < 1e-7);
  }
}

TEST_CASE("RK4 global error is of order 4 under step halving on y' = -y", "[integrator]") {
  // Exact solution y(t) = exp(-t); halving h must divide the error by 2^4 = 16.
  const auto decay = [](const OdeState& y, OdeState& dydt, double) { dydt[0] = -y[0]; };
  IntegrationOptions options;
  options.stepper = StepperKind::RungeKutta4;
  std::vector<double> errors;
  for (const double h_s : {0.1, 0.05, 0.025}) {
    options.fixed_dt_s = h_s;
    OdeState y{1.0};
    const auto result = integrate(decay, y, 0.0, 2.0, options);
    const auto n = static_cast<std::size_t>(std::lround(2.0 / h_s));
    CHECK(result.n_steps == n);
    CHECK(result.n_rhs_calls == 4 * n + 1);  // k1 reused from the previous step's end
    errors.push_back(std::abs(y[0] - std::exp(-2.0)));
  }
  for (std::size_t i = 0; i + 1 < errors.size(); ++i) {
    const double order = std::log2(errors[i] / errors[i + 1]);
    CAPTURE(errors[i], errors[i + 1], order);
    CHECK(std::abs(order - 4.0) < 0.3);
  }
}

TEST_CASE("Dopri5 global error on the oscillator decreases with the tolerance", "[integrator]") {
  // Tolerance proportionality: each 100-fold tighter rtol cuts the error at least 10-fold.
  IntegrationOptions options;
  std::vector<double> errors;
  for (const double rtol : {1e-4, 1e-6, 1e-8, 1e-10}) {
    options.rtol = rtol;
    options.atol = rtol * 1e-2;
    errors.push_back(oscillator_error(options, 5.0));
  }
  for (std::size_t i = 0; i + 1 < errors.size(); ++i) {
    CAPTURE(i, errors[i], errors[i + 1]);
    CHECK(errors[i + 1] < errors[i] / 10);
  }
}

TEST_CASE("A falling mass hits the ground at sqrt(2h/g), with direction filtering",
          "[integrator]") {
  const double h_m = 1.0;
  const double t_impact_s = std::sqrt(2 * h_m / kGravity_mps2);  // y(t) = h - g t^2 / 2 = 0
  const auto height = [](const OdeState& x, double) { return x[0]; };

  for (const StepperKind stepper :
       {StepperKind::Dopri5, StepperKind::RungeKutta4, StepperKind::RosenbrockW}) {
    IntegrationOptions options;
    options.stepper = stepper;
    options.stiff_entries = {1};
    options.fixed_dt_s = 1e-3;
    options.output_dt_s = 0.01;
    CAPTURE(static_cast<int>(stepper));

    {  // a falling-only ground event stops at impact
      OdeState x{h_m, 0.0};
      double last_observed_t_s = -1;
      const auto result = integrate(falling_mass, x, 0.0, 2.0, options,
                                    [&](const OdeState&, double t) { last_observed_t_s = t; },
                                    {Event{"ground", height, -1}});
      CHECK(result.event_index == 0);
      CHECK(std::abs(result.t_end_s - t_impact_s) < 1e-6);
      CHECK(last_observed_t_s == result.t_end_s);
      CHECK(std::abs(x[0]) < 1e-5);  // |v| = 4.4 m/s times at most 1e-6 s
      CHECK(x[0] <= 0);              // stopped on the far side of the crossing
    }
    {  // a rising-only ground event does not trigger
      OdeState x{h_m, 0.0};
      const auto result = integrate(falling_mass, x, 0.0, 2.0, options, {},
                                    {Event{"ground", height, +1}});
      CHECK(result.event_index == -1);
      CHECK(result.t_end_s == 2.0);
      CHECK(x[0] == Approx(h_m - 0.5 * kGravity_mps2 * 4.0).epsilon(1e-9));
    }
    {  // of two events, the earlier stops the integration
      OdeState x{h_m, 0.0};
      const auto half_height = [&](const OdeState& xs, double) { return xs[0] - 0.5 * h_m; };
      const auto result = integrate(falling_mass, x, 0.0, 2.0, options, {},
                                    {Event{"ground", height, 0}, Event{"half", half_height, 0}});
      CHECK(result.event_index == 1);
      CHECK(std::abs(result.t_end_s - std::sqrt(h_m / kGravity_mps2)) < 1e-6);
    }
  }
}

TEST_CASE("A right-hand side that produces NaN raises NumericalError naming the state entry",
          "[integrator]") {
  // The derivative of x[1] turns NaN after 0.5 s (x[0] stays finite): x[1] must be named.
  const auto broken = [](const OdeState&, OdeState& dxdt, double t) {
    dxdt[0] = -1.0;
    dxdt[1] = t > 0.5 ? std::nan("") : -1.0;
  };
  for (const StepperKind stepper : {StepperKind::Dopri5, StepperKind::RungeKutta4}) {
    IntegrationOptions options;
    options.stepper = stepper;
    OdeState x{0.0, 0.0};
    CAPTURE(static_cast<int>(stepper));
    try {
      integrate(broken, x, 0.0, 1.0, options);
      FAIL("no NumericalError thrown");
    } catch (const kneeload::NumericalError& e) {
      CHECK_THAT(e.what(), Catch::Contains("x[1]") && Catch::Contains("nan"));
      CHECK(e.time_s > 0.5);  // the first step that reaches past 0.5 s
      CHECK(e.time_s <= 1.0);
    }
  }
}

// The integrator's two ways of giving up, each a NumericalError naming the limit and the time
// reached: a step that must fall below min_dt_s (the stiff decay below needs |h k| <= ~3.3, so
// h <= 1.7e-4 s, against a floor of 1e-3 s; Rosenbrock-W without stiff entries is explicit and
// bound the same way), and more steps than max_steps.
TEST_CASE("Step-size underflow and the step limit stop the integration, naming the limit",
          "[integrator]") {
  const auto stiff = [](const OdeState& x, OdeState& dxdt, double) { dxdt[0] = -2e4 * x[0]; };
  for (const StepperKind stepper : {StepperKind::Dopri5, StepperKind::RosenbrockW}) {
    IntegrationOptions options;
    options.stepper = stepper;
    options.min_dt_s = 1e-3;
    OdeState x{1.0};
    CAPTURE(static_cast<int>(stepper));
    try {
      integrate(stiff, x, 0.0, 0.5, options);
      FAIL("no NumericalError thrown");
    } catch (const kneeload::NumericalError& e) {
      CHECK_THAT(e.what(), Catch::Contains("step-size underflow") && Catch::Contains("min_dt_s"));
      CHECK(e.time_s < 0.5);
    }
  }
  const auto oscillator = [](const OdeState& x, OdeState& dxdt, double) {
    dxdt[0] = x[1];
    dxdt[1] = -x[0];
  };
  IntegrationOptions options;
  options.max_steps = 10;
  OdeState x{1.0, 0.0};
  try {
    integrate(oscillator, x, 0.0, 100.0, options);
    FAIL("no NumericalError thrown");
  } catch (const kneeload::NumericalError& e) {
    CHECK_THAT(e.what(), Catch::Contains("maximum number of steps (10) reached"));
    CHECK(e.time_s > 0.0);
    CHECK(e.time_s < 100.0);
  }
}

TEST_CASE("Dopri5 on a stiff decay keeps its stability-bound step without a train of rejections",
          "[integrator]") {
  // x' = -k (x - cos t), k = 2e4 1/s: after a 50 us transient x follows the analytic slow
  // solution (k^2 cos t + k sin t) / (k^2 + 1), and Dopri5's step is bound by stability
  // (|h k| <= ~3.3), not accuracy. The PI step control (Hairer's DOPRI5, beta 0.04) keeps the
  // rejected steps under 1 % of the accepted ones; odeint's pure-I control rejects ~10 %.
  const double k_per_s = 2e4;
  const auto rhs = [k_per_s](const OdeState& x, OdeState& dxdt, double t) {
    dxdt[0] = -k_per_s * (x[0] - std::cos(t));
  };
  IntegrationOptions options;
  options.rtol = 1e-6;
  options.atol = 1e-8;
  OdeState x{1.0};
  const double t1_s = 0.5;
  const auto result = integrate(rhs, x, 0.0, t1_s, options);
  // Dopri5 is FSAL: 6 rhs calls per trial step, plus 1 for the first derivative.
  const double rejected = (static_cast<double>(result.n_rhs_calls) - 1.0 -
                           6.0 * static_cast<double>(result.n_steps)) / 6.0;
  CHECK(result.n_steps > 2500);  // the stability bound: about 0.5 s / (3.3 / k) steps
  CHECK(rejected < 0.01 * static_cast<double>(result.n_steps));
  const double slow_solution =
      (k_per_s * k_per_s * std::cos(t1_s) + k_per_s * std::sin(t1_s)) / (k_per_s * k_per_s + 1.0);
  CHECK(std::abs(x[0] - slow_solution) < 1e-6);
}

// One accepted ROS34PW2 step of size h from (t0, y0) with a tolerance that accepts any step.
double ros34pw2_one_step(const kneeload::solver::OdeRhs& rhs, double y0, double t0, double h,
                         const std::vector<int>& stiff_entries) {
  IntegrationOptions options;
  options.stepper = StepperKind::RosenbrockW;
  options.stiff_entries = stiff_entries;
  options.rtol = options.atol = 1e6;
  options.initial_dt_s = h;
  OdeState y{y0};
  const auto result = integrate(rhs, y, t0, t0 + h, options);
  CHECK(result.n_steps == 1);
  return y[0];
}

TEST_CASE("Rosenbrock-W ROS34PW2 is of order 3 with the exact Jacobian and with none",
          "[integrator]") {
  // Rang & Angermann 2005: order 3 for any matrix W in place of the Jacobian, so the local error
  // of one step falls as h^4 (halving h divides it by 16) both with W = the Jacobian (stiff entry
  // 0) and with W = 0 (no stiff entry: the method's explicit part). On a nonlinear,
  // non-autonomous y' = -y^2 + cos(t), against Dopri5 at rtol 1e-13; a wrong coefficient drops
  // the order.
  const kneeload::solver::OdeRhs rhs = [](const OdeState& y, OdeState& dydt, double t) {
    dydt[0] = -y[0] * y[0] + std::cos(t);
  };
  const auto reference = [&rhs](double t1) {
    IntegrationOptions options;
    options.rtol = 1e-13;
    options.atol = 1e-15;
    OdeState y{1.0};
    integrate(rhs, y, 0.3, t1, options);
    return y[0];
  };
  for (const std::vector<int>& stiff : {std::vector<int>{0}, std::vector<int>{}}) {
    std::vector<double> errors;
    for (const double h : {0.08, 0.04, 0.02}) {
      errors.push_back(std::abs(ros34pw2_one_step(rhs, 1.0, 0.3, h, stiff) - reference(0.3 + h)));
    }
    for (std::size_t i = 0; i + 1 < errors.size(); ++i) {
      const double order = std::log2(errors[i] / errors[i + 1]);
      CAPTURE(stiff.size(), errors[i], errors[i + 1], order);
      CHECK(std::abs(order - 4.0) < 0.35);
    }
  }
}

TEST_CASE("Rosenbrock-W on a stiff decay steps by accuracy, not by stability", "[integrator]") {
  // The stiff decay of the Dopri5 test above, x' = -k (x - cos t), k = 2e4 1/s: with its stiff
  // entry implicit the method is L-stable there, so after the 50 us transient the step follows
  // the slow solution (k^2 cos t + k sin t) / (k^2 + 1) and the whole 0.5 s takes a few dozen
  // steps instead of Dopri5's > 2500, to the same accuracy.
  const double k_per_s = 2e4;
  const auto rhs = [k_per_s](const OdeState& x, OdeState& dxdt, double t) {
    dxdt[0] = -k_per_s * (x[0] - std::cos(t));
  };
  IntegrationOptions options;
  options.stepper = StepperKind::RosenbrockW;
  options.stiff_entries = {0};
  options.rtol = 1e-6;
  options.atol = 1e-8;
  OdeState x{1.0};
  const double t1_s = 0.5;
  const auto result = integrate(rhs, x, 0.0, t1_s, options);
  CAPTURE(result.n_steps, result.n_rhs_calls);
  CHECK(result.n_steps < 250);
  const double slow_solution =
      (k_per_s * k_per_s * std::cos(t1_s) + k_per_s * std::sin(t1_s)) / (k_per_s * k_per_s + 1.0);
  CHECK(std::abs(x[0] - slow_solution) < 1e-6);
}

TEST_CASE("Rosenbrock-W dense output follows the oscillator cos(omega t) at every sample",
          "[integrator]") {
  // The cubic Hermite interpolant between the step ends (error O(h^4)) adds next to nothing to
  // the method's own error at rtol 1e-8 (measured: 4.1e-8 at the samples and at the end); with the
  // two ends' slopes swapped the samples are off by 5.8e-6.
  const Oscillator rhs{2 * kPi * 1.5};
  IntegrationOptions options;
  options.stepper = StepperKind::RosenbrockW;
  options.stiff_entries = {0, 1};
  options.rtol = 1e-8;
  options.atol = 1e-10;
  options.output_dt_s = 0.01;
  OdeState x{1.0, 0.0};
  double worst = 0.0;
  int samples = 0;
  integrate(rhs, x, 0.0, 2.0, options, [&](const OdeState& xs, double t) {
    worst = std::max(worst, std::abs(xs[0] - std::cos(rhs.omega_radps * t)));
    ++samples;
  });
  CHECK(samples == 201);
  CHECK(worst < 2e-7);
}
