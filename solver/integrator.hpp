#pragma once
// Time integration of an ODE x' = f(x, t) with Boost.Odeint: an adaptive Dormand–Prince 5(4)
// stepper with dense output (default) or fixed-step classical Runge–Kutta 4; for stiff problems
// the Rosenbrock-W method ROS34PW2. Observer samples at a fixed output rate, and events (roots of
// g(x, t)) located inside a step. See docs/model/integration.md.
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace kneeload::solver {

using OdeState = std::vector<double>;  // [n] state vector, units per the model's state table
// The odeint system (x, dxdt, t) is the only contract between physics and integrator.
// x [n], dxdt [n] (pre-sized by the integrator), t in s.
using OdeRhs = std::function<void(const OdeState& x, OdeState& dxdt, double t)>;
using Observer = std::function<void(const OdeState& x, double t)>;

// Dopri5: adaptive, the default. RungeKutta4: fixed step (verification). RosenbrockW: adaptive and
// linearly implicit in the state entries named by IntegrationOptions::stiff_entries (ROS34PW2).
enum class StepperKind { Dopri5, RungeKutta4, RosenbrockW };

struct IntegrationOptions {
  StepperKind stepper = StepperKind::Dopri5;
  double rtol = 1e-6, atol = 1e-8;      // error control (Dopri5), relative (1) and absolute (state units)
  double output_dt_s = 1e-3;            // observer called at t0, t0 + k*output_dt_s, and at the end
  double initial_dt_s = 1e-4;           // first trial step (Dopri5)
  double fixed_dt_s = 1e-4;             // step of RungeKutta4
  double min_dt_s = 1e-12;              // step-size underflow below this -> NumericalError
  std::size_t max_steps = 10'000'000;
  double event_tolerance_s = 1e-6;      // event time located to this tolerance
  // RosenbrockW: the entries whose block of the Jacobian (rows and columns) is formed by finite
  // differences and treated implicitly; empty = an explicit 4-stage method of order 3.
  std::vector<int> stiff_entries;
};

struct Event {                          // a root of g(x, t) = 0 stops the integration there
  std::string name;
  std::function<double(const OdeState& x, double t)> g;
  int direction = 0;                    // +1 rising only, -1 falling only, 0 either
};

struct IntegrationResult {
  double t_end_s = 0;                   // t1, or the located event time
  int event_index = -1;                 // index in `events` of the event that stopped it, or -1
  std::size_t n_steps = 0, n_rhs_calls = 0;
};

// Integrates x from t0 to t1 (x holds the final state on return). Throws NumericalError naming the
// time and the first non-finite state entry if the state becomes NaN/Inf, and on step underflow.
IntegrationResult integrate(const OdeRhs& rhs, OdeState& x, double t0, double t1,
                            const IntegrationOptions& options, const Observer& observe = {},
                            const std::vector<Event>& events = {});

}  // namespace kneeload::solver
