#pragma once
// The message of the kneeload::InputError that `f` throws; fails the test if it throws nothing or
// another exception.
#include "solver/errors.hpp"

#include <catch2/catch.hpp>

#include <string>

namespace kneeload::testing {

template <typename F>
std::string input_error_of(F&& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  FAIL("expected an InputError");
  return {};
}

}  // namespace kneeload::testing
