// Integration loop shared by the steppers: step, check the state is finite, locate events inside
// the step, sample the observer on the output grid by interpolation. Each stepper is a small
// driver with the same four calls (step, calc_state, current_state, current_time).
#include "solver/integrator.hpp"

#include "solver/errors.hpp"

#include <Eigen/Dense>
#include <boost/numeric/odeint.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <limits>
#include <utility>

namespace kneeload::solver {
namespace {

namespace odeint = boost::numeric::odeint;

// The odeint system handed to the steppers: the user's right-hand side plus a call counter.
struct CountingSystem {
  const OdeRhs* rhs;
  std::size_t* n_calls;
  void operator()(const OdeState& x, OdeState& dxdt, double t) const {
    ++*n_calls;
    (*rhs)(x, dxdt, t);
  }
};

// Step-size control of Hairer's DOPRI5 code (Hairer, Nørsett & Wanner, Solving Ordinary
// Differential Equations I, 2nd ed., §II.4, and Hairer & Wanner II, §IV.2, "stabilized" PI control,
// beta = 0.04). Where the step is bound by stability (a stiff foot contact) rather than accuracy,
// odeint's default pure-I control oscillates between accepted and rejected steps; the PI term
// remembers the last accepted error and damps that oscillation. Same interface as odeint's
// default_step_adjuster; `err` is the error relative to the tolerances (accept when <= 1).
class PiStepAdjuster {
 public:
  double decrease_step(double dt, double err, int /*error_order*/) {
    rejected_ = true;
    return dt / std::min(kMaxDecrease, std::pow(err, kExponent) / kSafety);
  }
  double increase_step(double dt, double err, int /*stepper_order*/) {
    double fac = std::pow(err, kExponent) / std::pow(err_old_, kBeta) / kSafety;
    fac = std::clamp(fac, 1.0 / kMaxIncrease, kMaxDecrease);
    if (rejected_) fac = std::max(fac, 1.0);  // no growth right after a rejection
    rejected_ = false;
    err_old_ = std::max(err, 1e-4);
    return dt / fac;
  }
  bool check_step_size_limit(double /*dt*/) { return true; }  // no maximum step
  double get_max_dt() { return 0.0; }

 private:
  static constexpr double kBeta = 0.04;                   // PI weight of the previous error (1)
  static constexpr double kExponent = 0.2 - 0.75 * kBeta;  // 1/5 for the 5th-order step, less PI
  static constexpr double kSafety = 0.9;                  // (1)
  static constexpr double kMaxDecrease = 5.0;             // step shrinks at most 5x per trial (1)
  static constexpr double kMaxIncrease = 10.0;            // and grows at most 10x (1)
  double err_old_ = 1e-4;                                 // last accepted relative error (1)
  bool rejected_ = false;                                 // the last trial was rejected
};

// Adaptive Dormand–Prince 5(4) with its own dense output (4th-order continuous extension).
// Dormand & Prince 1980, J. Comput. Appl. Math. 6:19–26; Shampine 1986 for the interpolant.
class Dopri5Driver {
 public:
  using Stepper = odeint::runge_kutta_dopri5<OdeState>;
  using ErrorChecker =
      odeint::default_error_checker<double, odeint::range_algebra, odeint::default_operations>;
  using Controlled =
      odeint::controlled_runge_kutta<Stepper, ErrorChecker, PiStepAdjuster,
                                     odeint::initially_resizer, odeint::explicit_error_stepper_fsal_tag>;
  using Dense = odeint::dense_output_runge_kutta<Controlled, odeint::explicit_controlled_stepper_fsal_tag>;

  Dopri5Driver(const IntegrationOptions& options, CountingSystem system, const OdeState& x0,
               double t0, double t1)
      // Error relative to atol + rtol (|x| + dt |dx/dt|), as odeint's make_dense_output.
      : dense_(Controlled(ErrorChecker(options.atol, options.rtol, 1.0, 1.0))),
        system_(system), x_restart_(x0.size()), min_dt_s_(options.min_dt_s) {
    dense_.initialize(x0, t0, std::min(options.initial_dt_s, t1 - t0));
  }

  // One accepted step that does not pass t_end_s; returns (t_old, t_new) in s.
  std::pair<double, double> step(double t_end_s, double t_tiny_s) {
    const double remaining_s = t_end_s - dense_.current_time();
    // Shorten the proposed step so the last one ends on t_end_s (costs one rhs call, once).
    if (dense_.current_time_step() > remaining_s) {
      x_restart_ = dense_.current_state();  // initialize copies from its argument
      dense_.initialize(x_restart_, dense_.current_time(), remaining_s);
    }
    std::pair<double, double> t_step;
    try {
      t_step = dense_.do_step(system_);
    } catch (const odeint::step_adjustment_error& e) {
      throw NumericalError(fmt::format("step-size control failed: {}", e.what()),
                           dense_.current_time());
    }
    const double taken_s = t_step.second - t_step.first;
    if (taken_s < min_dt_s_ && t_step.second < t_end_s - t_tiny_s)
      throw NumericalError(
          fmt::format("step-size underflow: dt = {:.3g} s < min_dt_s = {:.3g} s", taken_s, min_dt_s_),
          t_step.first);
    return t_step;
  }
  void calc_state(double t_s, OdeState& x) const { dense_.calc_state(t_s, x); }
  const OdeState& current_state() const { return dense_.current_state(); }
  double current_time() const { return dense_.current_time(); }

 private:
  Dense dense_;
  CountingSystem system_;
  OdeState x_restart_;  // [n] copy of the state when the final step is shortened
  double min_dt_s_;
};

// Cubic Hermite interpolation at t_s between two step ends (t0_s, x0, f0) and (t1_s, x1, f1), f the
// derivatives there: error O(h^4).
void interpolate_hermite(const OdeState& x0, const OdeState& f0, double t0_s, const OdeState& x1,
                         const OdeState& f1, double t1_s, double t_s, OdeState& x) {
  const double h = t1_s - t0_s;
  const double s = (t_s - t0_s) / h;
  const double h00 = (1 + 2 * s) * (1 - s) * (1 - s), h10 = s * (1 - s) * (1 - s);
  const double h01 = s * s * (3 - 2 * s), h11 = s * s * (s - 1);
  for (std::size_t i = 0; i < x.size(); ++i)
    x[i] = h00 * x0[i] + h10 * h * f0[i] + h01 * x1[i] + h11 * h * f1[i];
}

// Classical 4th-order Runge–Kutta on the grid t0 + k*fixed_dt_s (last step cut at t_end), with the
// cubic Hermite interpolant (its error is O(h^4), the same order as the stepper).
class Rk4Driver {
 public:
  Rk4Driver(const IntegrationOptions& options, CountingSystem system, const OdeState& x0, double t0)
      : system_(system), x_old_(x0.size()), dxdt_old_(x0.size()), x_new_(x0),
        dxdt_new_(x0.size()), t_start_s_(t0), t_old_s_(t0), t_new_s_(t0), h_s_(options.fixed_dt_s) {
    system_(x_new_, dxdt_new_, t0);
  }

  std::pair<double, double> step(double t_end_s, double t_tiny_s) {
    std::swap(x_old_, x_new_);
    std::swap(dxdt_old_, dxdt_new_);
    t_old_s_ = t_new_s_;
    ++k_;
    // Grid times from the step count, not by accumulation, so they do not drift.
    double t_grid_s = t_start_s_ + static_cast<double>(k_) * h_s_;
    if (t_grid_s >= t_end_s - t_tiny_s) t_grid_s = t_end_s;
    t_new_s_ = t_grid_s;
    // k1 = dxdt_old_ is reused: 3 rhs calls in the step and 1 for dxdt at its end (next k1).
    stepper_.do_step(system_, x_old_, dxdt_old_, t_old_s_, x_new_, t_new_s_ - t_old_s_);
    system_(x_new_, dxdt_new_, t_new_s_);
    return {t_old_s_, t_new_s_};
  }

  void calc_state(double t_s, OdeState& x) const {
    interpolate_hermite(x_old_, dxdt_old_, t_old_s_, x_new_, dxdt_new_, t_new_s_, t_s, x);
  }
  const OdeState& current_state() const { return x_new_; }
  double current_time() const { return t_new_s_; }

 private:
  odeint::runge_kutta4<OdeState> stepper_;
  CountingSystem system_;
  OdeState x_old_, dxdt_old_, x_new_, dxdt_new_;  // [n] each: both ends of the current step
  double t_start_s_, t_old_s_, t_new_s_, h_s_;
  std::size_t k_ = 0;  // steps taken
};

// The Rosenbrock-W method ROS34PW2 (Rang & Angermann 2005, BIT Numer. Math. 45:761–787): 4 stages,
// order 3 with an embedded solution of order 2, L-stable, and of order 3 whatever matrix W stands
// for the Jacobian (a W-method). Stage i of a step h from (t, x):
//   (I − hγW)·k_i = h·f(t + α_i·h, x + Σ_j α_ij·k_j) + h·W·Σ_j γ_ij·k_j,    x1 = x + Σ_i b_i·k_i,
// and the error estimate x1 − x̂1 = Σ_i (b_i − b̂_i)·k_i. W is the Jacobian's block over
// options.stiff_entries (rows and columns, forward differences, one right-hand side per entry) and
// zero elsewhere, so the linear systems have that block's size; it is formed at the first step of
// a call and again after two rejected steps in a row (a W-method may lag it). Where the stiffness
// sits in a few entries (the leg: the joint speeds, against the foot contact's damping), the step
// is then bound by accuracy instead of stability. Dense output: cubic Hermite between step ends.
class RosenbrockWDriver {
 public:
  RosenbrockWDriver(const IntegrationOptions& options, CountingSystem system, const OdeState& x0,
                    double t0)
      : system_(system), stiff_(options.stiff_entries), atol_(options.atol), rtol_(options.rtol),
        min_dt_s_(options.min_dt_s), h_s_(options.initial_dt_s), x0_(x0), f0_(x0.size()),
        x1_(x0), f1_(x0.size()), y_(x0.size()), f_(x0.size()),
        k_(kStages, OdeState(x0.size())), t0_s_(t0), t1_s_(t0),
        W_(stiff_.size(), stiff_.size()), M_(stiff_.size(), stiff_.size()), r_(stiff_.size()),
        v_(stiff_.size()) {
    for (int e : stiff_)
      KNEELOAD_CHECK(e >= 0 && e < static_cast<int>(x0.size()), "stiff entry {} of a state of {}",
                     e, x0.size());
    system_(x1_, f1_, t0);
  }

  std::pair<double, double> step(double t_end_s, double t_tiny_s) {
    std::swap(x0_, x1_);  // the last accepted end is the new start
    std::swap(f0_, f1_);
    t0_s_ = t1_s_;
    while (true) {
      double h = h_s_;
      const bool last = t0_s_ + h >= t_end_s - t_tiny_s;
      if (last) h = t_end_s - t0_s_;
      if (!w_current_) form_jacobian_block();
      const double err = take_step(h);
      if (!(err <= 1.0) && std::isfinite(err)) {  // rejected: a smaller step
        h_s_ = h * std::max(kMinFactor, kSafety * std::pow(err, -1.0 / 3.0));
        // A rejection is mostly the error estimate (accuracy); a second one in a row may be a W
        // that no longer holds the stiff dynamics: form it afresh then.
        if (rejected_) w_current_ = false;
        rejected_ = true;
        if (h_s_ < min_dt_s_)
          throw NumericalError(
              fmt::format("step-size underflow: dt = {:.3g} s < min_dt_s = {:.3g} s", h_s_,
                          min_dt_s_),
              t0_s_);
        continue;
      }
      t1_s_ = last ? t_end_s : t0_s_ + h;
      // A non-finite state is handed on as it is: the integration loop reports it.
      if (std::isfinite(err)) system_(x1_, f1_, t1_s_);
      const double grow = err > 0 ? kSafety * std::pow(err, -1.0 / 3.0) : kMaxFactor;
      if (!last)  // no growth right after a rejection
        h_s_ = h * std::clamp(grow, kMinFactor, rejected_ ? 1.0 : kMaxFactor);
      rejected_ = false;
      return {t0_s_, t1_s_};
    }
  }

  void calc_state(double t_s, OdeState& x) const {
    interpolate_hermite(x0_, f0_, t0_s_, x1_, f1_, t1_s_, t_s, x);
  }
  const OdeState& current_state() const { return x1_; }
  double current_time() const { return t1_s_; }

 private:
  static constexpr int kStages = 4;
  static constexpr double kGamma = 4.3586652150845900e-01;
  static constexpr double kA[kStages][kStages] = {  // α_ij
      {0, 0, 0, 0},
      {8.7173304301691801e-01, 0, 0, 0},
      {8.4457060015369423e-01, -1.1299064236484185e-01, 0, 0},
      {0, 0, 1, 0}};
  static constexpr double kG[kStages][kStages] = {  // γ_ij below the diagonal
      {0, 0, 0, 0},
      {-8.7173304301691801e-01, 0, 0, 0},
      {-9.0338057013044082e-01, 5.4180672388095326e-02, 0, 0},
      {2.4212380706095346e-01, -1.2232505839045147e+00, 5.4526025533510214e-01, 0}};
  static constexpr double kB[kStages] = {2.4212380706095346e-01, -1.2232505839045147e+00,
                                         1.5452602553351020e+00, 4.3586652150845900e-01};
  static constexpr double kBHat[kStages] = {3.7810903145819369e-01, -9.6042292212423178e-02,
                                            5.0000000000000000e-01, 2.1793326075422950e-01};
  static constexpr double kSafety = 0.9, kMinFactor = 0.2, kMaxFactor = 5.0;  // step control (1)

  // W over the stiff entries at (t0, x0), forward differences against f0.
  void form_jacobian_block() {
    const int m = static_cast<int>(stiff_.size());
    y_ = x0_;
    for (int c = 0; c < m; ++c) {
      const int e = stiff_[c];
      const double dx = 1.5e-8 * std::max(1.0, std::abs(x0_[e]));  // ≈ sqrt(machine epsilon)
      y_[e] = x0_[e] + dx;
      system_(y_, f_, t0_s_);
      y_[e] = x0_[e];
      for (int r = 0; r < m; ++r) W_(r, c) = (f_[stiff_[r]] - f0_[stiff_[r]]) / dx;
    }
    w_current_ = true;
  }

  // One trial step of size h from (t0, x0): x1 and the error relative to the tolerances (odeint's
  // default checker: atol + rtol·(|x0| + h·|f0|), max norm).
  double take_step(double h) {
    const int m = static_cast<int>(stiff_.size());
    const std::size_t n = x0_.size();
    if (m > 0) {
      M_ = -h * kGamma * W_;
      M_.diagonal().array() += 1.0;
      lu_.compute(M_);
    }
    for (int i = 0; i < kStages; ++i) {
      const OdeState* f = &f0_;
      if (i > 0) {
        double alpha = 0.0;
        y_ = x0_;
        for (int j = 0; j < i; ++j) {
          alpha += kA[i][j];
          if (kA[i][j] != 0.0)
            for (std::size_t e = 0; e < n; ++e) y_[e] += kA[i][j] * k_[j][e];
        }
        system_(y_, f_, t0_s_ + alpha * h);
        f = &f_;
      }
      OdeState& k = k_[i];
      for (std::size_t e = 0; e < n; ++e) k[e] = h * (*f)[e];
      if (m > 0) {
        for (int r = 0; r < m; ++r) {
          v_[r] = 0.0;
          for (int j = 0; j < i; ++j) v_[r] += kG[i][j] * k_[j][stiff_[r]];
        }
        for (int r = 0; r < m; ++r) r_[r] = k[stiff_[r]];
        r_.noalias() += h * (W_ * v_);
        v_ = lu_.solve(r_);
        for (int r = 0; r < m; ++r) k[stiff_[r]] = v_[r];
      }
    }
    double err = 0.0;
    for (std::size_t e = 0; e < n; ++e) {
      double x1 = x0_[e], d = 0.0;
      for (int i = 0; i < kStages; ++i) {
        x1 += kB[i] * k_[i][e];
        d += (kB[i] - kBHat[i]) * k_[i][e];
      }
      x1_[e] = x1;
      const double tol = atol_ + rtol_ * (std::abs(x0_[e]) + h * std::abs(f0_[e]));
      err = std::max(err, std::abs(d) / tol);
      if (!std::isfinite(x1)) err = std::numeric_limits<double>::infinity();
    }
    return err;
  }

  CountingSystem system_;
  std::vector<int> stiff_;          // [m] state entries of W
  double atol_, rtol_, min_dt_s_;
  double h_s_;                      // next trial step, s
  OdeState x0_, f0_, x1_, f1_;      // [n] each: both ends of the current step and their f
  OdeState y_, f_;                  // [n] stage state and its derivative
  std::vector<OdeState> k_;         // [4][n] stage increments
  double t0_s_, t1_s_;
  Eigen::MatrixXd W_, M_;           // [m × m] W, and I − hγW
  Eigen::PartialPivLU<Eigen::MatrixXd> lu_;
  Eigen::VectorXd r_, v_;           // [m] right-hand side and solution on the stiff entries
  bool w_current_ = false;          // W formed at the current step start
  bool rejected_ = false;           // the last trial was rejected
};

void check_finite(const OdeState& x, double t_s, std::size_t step) {
  for (std::size_t i = 0; i < x.size(); ++i)
    if (!std::isfinite(x[i]))
      throw NumericalError(
          fmt::format("state entry x[{}] = {} is not finite (after step {})", i, x[i], step), t_s);
}

// A sign change of g from g_old (strictly off zero) to g_new in the event's allowed direction.
bool crosses(const Event& event, double g_old, double g_new) {
  const bool rising = g_old < 0 && g_new >= 0;
  const bool falling = g_old > 0 && g_new <= 0;
  return (event.direction >= 0 && rising) || (event.direction <= 0 && falling);
}

// Root of g in [a, b] on the driver's dense output, by the Illinois variant of regula falsi
// (Dowell & Jarratt 1971, BIT 11:168–174), until the bracket is shorter than tol_s. Returns the
// end of the bracket on the far side of the crossing, so a restart there does not trigger again.
template <class Driver>
double locate_event(const Event& event, const Driver& driver, double a, double g_a, double b,
                    double g_b, double tol_s, OdeState& x_buffer) {
  int kept = 0;  // +1: b replaced last time, -1: a replaced last time (Illinois bookkeeping)
  for (int iter = 0; iter < 200 && b - a > tol_s; ++iter) {
    double c = (a * g_b - b * g_a) / (g_b - g_a);
    if (iter >= 100 || !(c > a && c < b)) c = 0.5 * (a + b);  // bisection fallback
    driver.calc_state(c, x_buffer);
    const double g_c = event.g(x_buffer, c);
    if (g_c == 0) return c;
    if ((g_c > 0) == (g_a > 0)) {
      a = c, g_a = g_c;
      if (kept == -1) g_b *= 0.5;
      kept = -1;
    } else {
      b = c, g_b = g_c;
      if (kept == +1) g_a *= 0.5;
      kept = +1;
    }
  }
  return b;
}

template <class Driver>
void run(Driver& driver, OdeState& x, double t0, double t1,
                      const IntegrationOptions& options, const Observer& observe,
                      const std::vector<Event>& events, IntegrationResult& result) {
  const std::size_t n_events = events.size();
  const double t_tiny_s = 64 * DBL_EPSILON * std::max({1.0, std::abs(t0), std::abs(t1)});
  // An output time this close to t1 is merged with the final sample at t1.
  const double t_out_tol_s = std::max(t_tiny_s, 1e-9 * options.output_dt_s);
  OdeState x_buffer(x.size());  // [n] interpolated state for outputs and root finding
  std::vector<double> g_old(n_events), g_new(n_events);  // [n_events] g at both ends of the step
  for (std::size_t i = 0; i < n_events; ++i) g_old[i] = events[i].g(x, t0);
  std::size_t k_out = 1;  // next output sample t0 + k_out*output_dt_s

  while (true) {
    if (result.n_steps >= options.max_steps)
      throw NumericalError(fmt::format("maximum number of steps ({}) reached", options.max_steps),
                           driver.current_time());
    const auto [t_a, t_b] = driver.step(t1, t_tiny_s);
    ++result.n_steps;
    const OdeState& x_b = driver.current_state();
    check_finite(x_b, t_b, result.n_steps);

    int hit = -1;  // earliest event in this step
    double t_hit_s = t_b;
    for (std::size_t i = 0; i < n_events; ++i) {
      g_new[i] = events[i].g(x_b, t_b);
      if (!crosses(events[i], g_old[i], g_new[i])) continue;
      const double t_root_s = locate_event(events[i], driver, t_a, g_old[i], t_b, g_new[i],
                                           options.event_tolerance_s, x_buffer);
      if (hit < 0 || t_root_s < t_hit_s) hit = static_cast<int>(i), t_hit_s = t_root_s;
    }

    if (observe) {
      while (true) {
        const double t_out_s = t0 + static_cast<double>(k_out) * options.output_dt_s;
        if (t_out_s >= t1 - t_out_tol_s || t_out_s > t_b || (hit >= 0 && t_out_s >= t_hit_s)) break;
        driver.calc_state(t_out_s, x_buffer);
        observe(x_buffer, t_out_s);
        ++k_out;
      }
    }

    if (hit >= 0) {
      driver.calc_state(t_hit_s, x);
      if (observe) observe(x, t_hit_s);
      result.t_end_s = t_hit_s;
      result.event_index = hit;
      return;
    }
    if (t_b >= t1 - t_tiny_s) {
      x = x_b;
      if (observe) observe(x, t1);
      result.t_end_s = t1;
      return;
    }
    std::swap(g_old, g_new);
  }
}

}  // namespace

IntegrationResult integrate(const OdeRhs& rhs, OdeState& x, double t0, double t1,
                            const IntegrationOptions& options, const Observer& observe,
                            const std::vector<Event>& events) {
  KNEELOAD_CHECK(static_cast<bool>(rhs), "the right-hand side is empty");
  KNEELOAD_CHECK(!x.empty(), "the state has {} entries", x.size());
  KNEELOAD_CHECK(std::isfinite(t0) && std::isfinite(t1) && t1 >= t0, "t0 = {} s, t1 = {} s", t0, t1);
  KNEELOAD_CHECK(options.rtol > 0 && options.atol >= 0, "rtol = {}, atol = {}", options.rtol,
                 options.atol);
  KNEELOAD_CHECK(options.output_dt_s > 0 && options.initial_dt_s > 0 && options.fixed_dt_s > 0,
                 "output_dt_s = {}, initial_dt_s = {}, fixed_dt_s = {}", options.output_dt_s,
                 options.initial_dt_s, options.fixed_dt_s);
  KNEELOAD_CHECK(options.min_dt_s >= 0 && options.event_tolerance_s > 0,
                 "min_dt_s = {}, event_tolerance_s = {}", options.min_dt_s,
                 options.event_tolerance_s);
  for (const Event& event : events)
    KNEELOAD_CHECK(event.g && event.direction >= -1 && event.direction <= 1,
                   "event '{}': g set = {}, direction = {} (must be -1, 0 or +1)", event.name,
                   static_cast<bool>(event.g), event.direction);

  IntegrationResult result;
  check_finite(x, t0, 0);
  if (observe) observe(x, t0);
  if (t1 - t0 <= 64 * DBL_EPSILON * std::max({1.0, std::abs(t0), std::abs(t1)})) {
    result.t_end_s = t1;
    return result;
  }
  const CountingSystem system{&rhs, &result.n_rhs_calls};
  if (options.stepper == StepperKind::Dopri5) {
    Dopri5Driver driver(options, system, x, t0, t1);
    run(driver, x, t0, t1, options, observe, events, result);
  } else if (options.stepper == StepperKind::RosenbrockW) {
    RosenbrockWDriver driver(options, system, x, t0);
    run(driver, x, t0, t1, options, observe, events, result);
  } else {
    Rk4Driver driver(options, system, x, t0);
    run(driver, x, t0, t1, options, observe, events, result);
  }
  return result;
}

}  // namespace kneeload::solver
