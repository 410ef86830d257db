#include "models/classic_patellofemoral.hpp"

#include <algorithm>

namespace kneeload::models {

double calc_classic_pf_to_quad_ratio(double t) {
  const double numerator = 0.462 + 0.00147 * t - 0.0000384 * t * t;
  const double denominator = 1.0 - 0.0162 * t + 0.000155 * t * t - 0.000000698 * t * t * t;
  return numerator / denominator;
}

double calc_classic_quad_lever_arm_m(double t) {
  return 8e-8 * t * t * t - 1.3e-5 * t * t + 2.8e-4 * t + 0.046;
}

double calc_classic_pf_force_N(double knee_extension_moment_Nm, double knee_flexion_deg) {
  const double quad_force_N =
      std::max(0.0, knee_extension_moment_Nm) / calc_classic_quad_lever_arm_m(knee_flexion_deg);
  return calc_classic_pf_to_quad_ratio(knee_flexion_deg) * quad_force_N;
}

}  // namespace kneeload::models
