#pragma once
// First-order excitation → activation dynamics (Winters 1995, J Biomech 28:251; smooth switch
// between activation and deactivation time constants as in De Groote et al. 2016, Ann Biomed Eng
// 44:2922):
//   da/dt = (e − a)·[ f/τ_act + (1 − f)/τ_deact ],   f = ½ + ½·tanh(b·(e − a)).
// For a step in excitation the response is the analytic first-order one, a(t) = e + (a0 − e)·
// exp(−t/τ), with τ = τ_act when rising and τ_deact when falling. docs/model/muscles.md.

#include "models/hill_muscle.hpp"

#include <algorithm>
#include <cmath>

namespace kneeload {

struct ActivationParameters {
  double activation_time_constant_s = 0.010;
  double deactivation_time_constant_s = 0.040;
  double switch_sharpness = 10.0;  // b (1 per unit excitation): how fast f switches from 0 to 1
};

// Throws InputError when a time constant or the sharpness is not positive.
void validateActivationParameters(const ActivationParameters& p);

// da/dt in 1/s. Excitation and activation are first clamped to [kMinActivation, kMaxActivation]
// (0.01–1), so an activation that starts inside the bounds never leaves them. Inline: it runs for
// every muscle in each right-hand side.
inline double calcActivationDerivative(const ActivationParameters& p, double excitation,
                                       double activation) {
  const double e = std::clamp(excitation, kMinActivation, kMaxActivation);
  const double a = std::clamp(activation, kMinActivation, kMaxActivation);
  // f = ½ + ½·tanh(x) = 1 / (1 + e^(−2x)), x = b (e − a): one exp instead of tanh (≈ 2x
  // cheaper), equal to within an ulp of f; an exp that overflows gives the right limit f = 0.
  const double f = 1.0 / (1.0 + std::exp(-2.0 * p.switch_sharpness * (e - a)));
  const double rate_per_s =
      f / p.activation_time_constant_s + (1.0 - f) / p.deactivation_time_constant_s;
  return (e - a) * rate_per_s;
}

}  // namespace kneeload
