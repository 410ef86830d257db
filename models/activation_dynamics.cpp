// Winters JM (1995) J Biomech 28:251–254; smooth tanh switch of De Groote et al. 2016
// (Ann Biomed Eng 44:2922) without their (0.5 + 1.5a) scaling, so τ_act and τ_deact are the
// true first-order time constants (10 ms and 40 ms).
#include "models/activation_dynamics.hpp"

#include <algorithm>
#include <cmath>

#include "models/hill_muscle.hpp"
#include "solver/errors.hpp"

namespace kneeload {

void validateActivationParameters(const ActivationParameters& p) {
  auto require = [](double v, const char* name) {
    if (!(v > 0.0) || !std::isfinite(v))
      throw InputError(fmt::format("activation dynamics: {} = {} must be > 0", name, v));
  };
  require(p.activation_time_constant_s, "activation_time_constant_s");
  require(p.deactivation_time_constant_s, "deactivation_time_constant_s");
  require(p.switch_sharpness, "switch_sharpness");
}

}  // namespace kneeload
