#include "models/knee_alignment.hpp"

#include "solver/errors.hpp"

namespace kneeload::models {

double calc_effective_eversion_deg(double pronation_deg, double orthotic_wedge_deg) {
  return pronation_deg - kWedgeEversionReduction * orthotic_wedge_deg;
}

double calc_femoral_internal_rotation_rad(double pronation_deg, double orthotic_wedge_deg) {
  constexpr double kRadPerDeg = 3.14159265358979323846 / 180.0;
  return kEversionToTibialRotation * calc_effective_eversion_deg(pronation_deg, orthotic_wedge_deg) *
         kRadPerDeg;
}

std::array<double, kQuadricepsCount> calc_quadriceps_shares(const PatellofemoralModel& model,
                                                            double strength_quadriceps,
                                                            double strength_vastus_medialis) {
  KNEELOAD_CHECK(strength_quadriceps > 0.0 && strength_vastus_medialis > 0.0,
                 "strength factors {} and {}", strength_quadriceps, strength_vastus_medialis);
  std::array<double, kQuadricepsCount> shares{};
  double total = 0.0;
  for (int i = 0; i < kQuadricepsCount; ++i) {
    double s = model.muscle_max_force_N[i] * strength_quadriceps;
    if (model.muscle_names[i] == "vasmed") s *= strength_vastus_medialis;
    shares[i] = s;
    total += s;
  }
  for (double& s : shares) s /= total;
  return shares;
}

}  // namespace kneeload::models
