#pragma once
// Dimensionless Hill-type muscle curves of De Groote et al. 2016 (Ann Biomed Eng 44:2922,
// supplement), all as functions of normalised quantities:
//   norm_fiber_length    = fibre length / optimal fibre length                  (1)
//   norm_fiber_velocity  = fibre lengthening speed / (v_max · optimal length)   (1), shortening < 0
//   norm_tendon_length   = tendon length / tendon slack length                  (1)
// Every multiplier returns force / max isometric force (1). docs/model/muscles.md gives the
// equations, the coefficients and where they depart from the printed supplement.

namespace kneeload::muscle_curves {

// Domain in which the curves are valid (De Groote 2016; normalised fibre length 0.2–1.8).
inline constexpr double kMinNormFiberLength = 0.2;
inline constexpr double kMaxNormFiberLength = 1.8;

// Tendon stiffness shape factor kT of De Groote 2016 (1).
inline constexpr double kDefaultTendonStiffness = 35.0;

// Active force–length: sum of three Gaussian-like terms; f(1) = 1.
double calcActiveForceLength(double norm_fiber_length);
double calcActiveForceLengthDerivative(double norm_fiber_length);  // d f / d norm length

// Passive force–length: exponential with kPE = 4, e0 = 0.6; f(1.6) = 1, f(0.2) = 0.
double calcPassiveForceLength(double norm_fiber_length);
double calcPassiveForceLengthDerivative(double norm_fiber_length);

// Force–velocity: d1·asinh(d2·v + d3) + d4; f(-1) = 0, f(0) = 1, f(1) ≈ 1.794.
double calcForceVelocity(double norm_fiber_velocity);
double calcForceVelocityDerivative(double norm_fiber_velocity);
// Inverse of calcForceVelocity: the normalised fibre velocity that gives the multiplier.
double calcForceVelocityInverse(double force_velocity_multiplier);

// Tendon force–length: c1·exp(kT·(l − c2)) − c3 + shift(kT), c1 = 0.2, c2 = 0.995, c3 = 0.25;
// the shift (Falisse et al. 2019) keeps the force at l = 1 equal to the kT = 35 value for any kT.
double calcTendonForceLength(double norm_tendon_length,
                             double tendon_stiffness = kDefaultTendonStiffness);
double calcTendonForceLengthDerivative(double norm_tendon_length,
                                       double tendon_stiffness = kDefaultTendonStiffness);
// Inverse: the normalised tendon length that carries the normalised tendon force.
double calcTendonForceLengthInverse(double norm_tendon_force,
                                    double tendon_stiffness = kDefaultTendonStiffness);

}  // namespace kneeload::muscle_curves
