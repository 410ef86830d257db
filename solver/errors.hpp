#pragma once
// The three error tiers of kneeload, one idiom each (docs/architecture.md):
//   InputError      bad user input; the message names the key path, the value and the allowed range.
//   InvariantError  a broken programmer invariant; thrown by KNEELOAD_CHECK with the values involved.
//   NumericalError  the numerics failed (NaN, step-size underflow, no convergence); names the time
//                   and the state entry so the run can be reported and a sweep can go on.
#include <fmt/format.h>

#include <stdexcept>
#include <string>

namespace kneeload {

struct InputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct InvariantError : std::logic_error {
  using std::logic_error::logic_error;
};

struct NumericalError : std::runtime_error {
  NumericalError(const std::string& what, double time_s)
      : std::runtime_error(fmt::format("{} (at t = {:.6g} s)", what, time_s)), time_s(time_s) {}
  double time_s;
};

}  // namespace kneeload

// Always-on invariant check that prints the failed condition and a formatted message with values:
//   KNEELOAD_CHECK(q.size() == model.nq, "q has {} entries, model needs {}", q.size(), model.nq);
#define KNEELOAD_CHECK(cond, ...)                                                              \
  do {                                                                                         \
    if (!(cond))                                                                               \
      throw ::kneeload::InvariantError(::fmt::format("{}:{}: check '{}' failed: {}", __FILE__, \
                                                     __LINE__, #cond, ::fmt::format(__VA_ARGS__))); \
  } while (false)
