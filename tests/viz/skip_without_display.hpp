#pragma once
// Rendering tests need an X display (run them under `xvfb-run -a ctest ...`). Without one the test
// prints why and exits with 77, which CTest reports as Skipped (SKIP_RETURN_CODE in
// tests/viz/CMakeLists.txt).
#include <cstdlib>
#include <iostream>

#include "viz/display_check.hpp"

namespace kneeload::viz::testing {

constexpr int kSkipReturnCode = 77;

inline void skip_without_display() {
  const std::string problem = calc_display_problem();
  if (problem.empty()) return;
  std::cerr << "SKIPPED: " << problem << "; run the viz tests under `xvfb-run -a ctest -L viz`\n";
  std::exit(kSkipReturnCode);
}

}  // namespace kneeload::viz::testing
