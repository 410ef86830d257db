#pragma once
// Patellar-tendon bundle force: the Blankevoort et al. 1991 (J Biomech Eng 113:263) ligament law
// as implemented by Smith et al. in OpenSim-JAM (Blankevoort1991Ligament) and used by Lenhart
// et al. 2015 for PT1-PT6: with strain e = L/L0 - 1 and transition strain e_t,
//   F = 0                        for e <= 0,
//   F = k e^2 / (2 e_t)          for 0 < e < e_t   (toe region),
//   F = k (e - e_t / 2)          for e >= e_t      (linear),
// k the linear stiffness in N per unit strain. C1-continuous at e_t.
namespace kneeload::models {

struct BundleForce {
  double force_N;          // N, tension
  double stiffness_N_per_m; // dF/dL, N/m
};

inline BundleForce calc_bundle_force(double length_m, double slack_length_m,
                                     double linear_stiffness_N, double transition_strain) {
  const double strain = length_m / slack_length_m - 1.0;
  if (strain <= 0.0) return {0.0, 0.0};
  if (strain < transition_strain)
    return {0.5 * linear_stiffness_N * strain * strain / transition_strain,
            linear_stiffness_N * strain / (transition_strain * slack_length_m)};
  return {linear_stiffness_N * (strain - 0.5 * transition_strain),
          linear_stiffness_N / slack_length_m};
}

}  // namespace kneeload::models
