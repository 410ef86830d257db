#pragma once
// The classic inverse-dynamics patellofemoral model (DESIGN.md §3.4). In kneeload it is the CHECK
// of the mechanism, never the method: the PF force comes from the patella's equilibrium.
//   k(θ) = PF force / quadriceps force, van Eijden et al. 1986 (J Biomech 19:219);
//   quadriceps lever arm vs knee flexion, the published cubic of DESIGN §3.4 (van Eijden 1986,
//   Nunes 2018), used by running studies to turn a knee extension moment into a PF force.
namespace kneeload::models {

// PF force per quadriceps force, 1. θ in degrees of knee flexion: 0.46 at 0°, 0.98 at 90°.
double calc_classic_pf_to_quad_ratio(double knee_flexion_deg);

// Effective quadriceps lever arm, m: 46 mm at 0°, 41 mm at 40°, 24 mm at 90°.
double calc_classic_quad_lever_arm_m(double knee_flexion_deg);

// PF force, N, from a knee extension moment (N m, extension positive) through the classic model:
// F_quad = M / lever arm, F_PF = k(θ) F_quad. Zero for a flexion moment.
double calc_classic_pf_force_N(double knee_extension_moment_Nm, double knee_flexion_deg);

}  // namespace kneeload::models
