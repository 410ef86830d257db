#pragma once
// First-order excitation → activation dynamics (Winters 1995, J Biomech 28:251; smooth switch
// between activation and deactivation time constants as in De Groote et al. 2016, Ann Biomed Eng
// 44:2922):
//   da/dt = (e − a)·[ f/τ_act + (1 − f)/τ_deact ],   f = ½ + ½·tanh(b·(e − a)).
// For a step in excitation the response is the analytic first-order one, a(t) = e + (a0 − e)·
// exp(−t/τ), with τ = τ_act when rising and τ_deact when falling. docs/model/muscles.md.

namespace kneeload {

struct ActivationParameters {
  double activation_time_constant_s = 0.010;
  double deactivation_time_constant_s = 0.040;
  double switch_sharpness = 10.0;  // b (1 per unit excitation): how fast f switches from 0 to 1
};

// Throws InputError when a time constant or the sharpness is not positive.
void validateActivationParameters(const ActivationParameters& p);

// da/dt in 1/s. Excitation and activation are first clamped to [kMinActivation, kMaxActivation]
// (0.01–1), so an activation that starts inside the bounds never leaves them.
double calcActivationDerivative(const ActivationParameters& p, double excitation,
                                double activation);

}  // namespace kneeload
