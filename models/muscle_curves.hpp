#pragma once
// Dimensionless Hill-type muscle curves of De Groote et al. 2016 (Ann Biomed Eng 44:2922,
// supplement), all as functions of normalised quantities:
//   norm_fiber_length    = fibre length / optimal fibre length                  (1)
//   norm_fiber_velocity  = fibre lengthening speed / (v_max · optimal length)   (1), shortening < 0
//   norm_tendon_length   = tendon length / tendon slack length                  (1)
// Every multiplier returns force / max isometric force (1). docs/model/muscles.md gives the
// equations, the coefficients and where they depart from the printed supplement.

#include <cmath>

namespace kneeload::muscle_curves {

// Domain in which the curves are valid (De Groote 2016; normalised fibre length 0.2–1.8).
inline constexpr double kMinNormFiberLength = 0.2;
inline constexpr double kMaxNormFiberLength = 1.8;

// Tendon stiffness shape factor kT of De Groote 2016 (1).
inline constexpr double kDefaultTendonStiffness = 35.0;

// Active force–length: sum of three Gaussian-like terms; f(1) = 1 (inline, below).
inline double calcActiveForceLength(double norm_fiber_length);
double calcActiveForceLengthDerivative(double norm_fiber_length);  // d f / d norm length

// Passive force–length: exponential, kPE = 4, e0 = 0.6; f(1.6) = 1, f(0.2) = 0 (inline, below).
inline double calcPassiveForceLength(double norm_fiber_length);
double calcPassiveForceLengthDerivative(double norm_fiber_length);

// Force–velocity: d1·asinh(d2·v + d3) + d4; f(-1) = 0, f(0) = 1, f(1) ≈ 1.794 (inline, below).
inline double calcForceVelocity(double norm_fiber_velocity);
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

// The coefficients, and the three curves every muscle evaluates in each right-hand side, are
// defined here so that they inline into the muscle model: the same operations, no call per curve.
namespace detail {

// Active force–length coefficients (1). The supplement prints them rounded to three digits; these
// are the unrounded values of the authors' released code, with b11 re-solved so that f(1) = 1
// exactly (b11 = (1 − term2(1) − term3(1)) / exp(−½((1 − b21)/(b31 + b41))²)).
inline constexpr double b11 = 0.8150671134243541, b21 = 1.055033428970575,
                        b31 = 0.162384573599574, b41 = 0.063303448465465;
inline constexpr double b12 = 0.433004984392647, b22 = 0.716775413397760,
                        b32 = -0.029947116970696, b42 = 0.200356847296188;
inline constexpr double b13 = 0.1, b23 = 1.0, b33 = 0.353553390593274 /* ½·√½ */, b43 = 0.0;

// Passive force–length: kPE (1) and e0, the fibre strain at which the passive force is Fmax (1).
inline constexpr double kPE = 4.0;
inline constexpr double e0 = 0.6;

// Force–velocity (1). d2, d3 as published; d1, d4 re-solved from d1·asinh(d3) + d4 = 1 and
// d1·asinh(−d2 + d3) + d4 = 0, so that f(0) = 1 and f(−1) = 0 exactly (the rounded published
// d1 = −0.318, d4 = 0.886 give f(0) = 1.002 and f(−1) = 0.012).
inline constexpr double d1 = -0.3211346127989808, d2 = -8.149, d3 = -0.374,
                        d4 = 0.8825327733249914;

// Tendon force–length (1), as published.
inline constexpr double c1 = 0.2, c2 = 0.995, c3 = 0.25;

// Passive curve shifted to be zero at the shortest valid fibre length (0.2) instead of 1.0, so it
// is never negative inside the valid domain; f(1.6) = 1 is unchanged (as in OpenSim Moco).
inline const double kPassiveOffset = std::exp(kPE * (kMinNormFiberLength - 1.0) / e0);
inline const double kPassiveScale = 1.0 / (std::exp(kPE) - kPassiveOffset);

// Gaussian-like term b1·exp(−½ (x − b2)² / (b3 + b4·x)²); the supplement omits the square of the
// denominator (a misprint; the released code squares it).
inline double gaussianLike(double x, double b1, double b2, double b3, double b4) {
  const double s = b3 + b4 * x;
  return b1 * std::exp(-0.5 * (x - b2) * (x - b2) / (s * s));
}

}  // namespace detail

inline double calcActiveForceLength(double l) {
  using namespace detail;
  return gaussianLike(l, b11, b21, b31, b41) + gaussianLike(l, b12, b22, b32, b42) +
         gaussianLike(l, b13, b23, b33, b43);
}

inline double calcPassiveForceLength(double l) {
  using namespace detail;
  return (std::exp(kPE * (l - 1.0) / e0) - kPassiveOffset) * kPassiveScale;
}

inline double calcForceVelocity(double v) {
  using namespace detail;
  // asinh(u) = sign(u)·ln(|u| + √(u² + 1)): a log and a root cost ~3x less than std::asinh (whose
  // log1p is slow). For small |u| this loses relative, not absolute, accuracy (≤ 2e-16), which is
  // all that matters next to d4 ≈ 0.88; |u| ≤ 8.6 on the clamped domain, far from overflow.
  const double u = d2 * v + d3;
  const double a = std::abs(u);
  return d1 * std::copysign(std::log(a + std::sqrt(a * a + 1.0)), u) + d4;
}

}  // namespace kneeload::muscle_curves
