// De Groote F, Kinney AL, Rao AV, Fregly BJ (2016) Evaluation of direct collocation optimal control
// problem formulations for solving the muscle redundancy problem. Ann Biomed Eng 44:2922–2936.
#include "models/muscle_curves.hpp"

#include <algorithm>
#include <cmath>

namespace kneeload::muscle_curves {
namespace {

// Active force–length coefficients (1). The supplement prints them rounded to three digits; these
// are the unrounded values of the authors' released code, with b11 re-solved so that f(1) = 1
// exactly (b11 = (1 − term2(1) − term3(1)) / exp(−½((1 − b21)/(b31 + b41))²)).
constexpr double b11 = 0.8150671134243541, b21 = 1.055033428970575, b31 = 0.162384573599574,
                 b41 = 0.063303448465465;
constexpr double b12 = 0.433004984392647, b22 = 0.716775413397760, b32 = -0.029947116970696,
                 b42 = 0.200356847296188;
constexpr double b13 = 0.1, b23 = 1.0, b33 = 0.353553390593274 /* ½·√½ */, b43 = 0.0;

// Passive force–length: kPE (1) and e0, the fibre strain at which the passive force is Fmax (1).
constexpr double kPE = 4.0;
constexpr double e0 = 0.6;

// Force–velocity (1). d2, d3 as published; d1, d4 re-solved from d1·asinh(d3) + d4 = 1 and
// d1·asinh(−d2 + d3) + d4 = 0, so that f(0) = 1 and f(−1) = 0 exactly (the rounded published
// d1 = −0.318, d4 = 0.886 give f(0) = 1.002 and f(−1) = 0.012).
constexpr double d1 = -0.3211346127989808, d2 = -8.149, d3 = -0.374, d4 = 0.8825327733249914;

// Tendon force–length (1), as published.
constexpr double c1 = 0.2, c2 = 0.995, c3 = 0.25;

// Gaussian-like term b1·exp(−½ (x − b2)² / (b3 + b4·x)²); the supplement omits the square of the
// denominator (a misprint; the released code squares it).
double gaussianLike(double x, double b1, double b2, double b3, double b4) {
  const double s = b3 + b4 * x;
  return b1 * std::exp(-0.5 * (x - b2) * (x - b2) / (s * s));
}

double gaussianLikeDerivative(double x, double b1, double b2, double b3, double b4) {
  const double s = b3 + b4 * x;
  // d/dx of −½ (x − b2)²/s² = −(x − b2)/s² + (x − b2)²·b4/s³ = −(x − b2)(b3 + b2·b4)/s³
  return gaussianLike(x, b1, b2, b3, b4) * (-(x - b2) * (b3 + b2 * b4) / (s * s * s));
}

// Passive curve shifted to be zero at the shortest valid fibre length (0.2) instead of 1.0, so it
// is never negative inside the valid domain; f(1.6) = 1 is unchanged (as in OpenSim Moco).
const double kPassiveOffset = std::exp(kPE * (kMinNormFiberLength - 1.0) / e0);
const double kPassiveScale = 1.0 / (std::exp(kPE) - kPassiveOffset);

// Tendon force at the slack length with kT = 35: c1·exp(35·(1 − c2)) − c3 ≈ −0.0118 (1).
const double kTendonForceAtSlack = c1 * std::exp(kDefaultTendonStiffness * (1.0 - c2)) - c3;

}  // namespace

double calcActiveForceLength(double l) {
  return gaussianLike(l, b11, b21, b31, b41) + gaussianLike(l, b12, b22, b32, b42) +
         gaussianLike(l, b13, b23, b33, b43);
}

double calcActiveForceLengthDerivative(double l) {
  return gaussianLikeDerivative(l, b11, b21, b31, b41) +
         gaussianLikeDerivative(l, b12, b22, b32, b42) +
         gaussianLikeDerivative(l, b13, b23, b33, b43);
}

double calcPassiveForceLength(double l) {
  return (std::exp(kPE * (l - 1.0) / e0) - kPassiveOffset) * kPassiveScale;
}

double calcPassiveForceLengthDerivative(double l) {
  return kPE / e0 * std::exp(kPE * (l - 1.0) / e0) * kPassiveScale;
}

double calcForceVelocity(double v) {
  // asinh(u) = sign(u)·ln(|u| + √(u² + 1)): a log and a root cost ~3x less than std::asinh (whose
  // log1p is slow). For small |u| this loses relative, not absolute, accuracy (≤ 2e-16), which is
  // all that matters next to d4 ≈ 0.88; |u| ≤ 8.6 on the clamped domain, far from overflow.
  const double u = d2 * v + d3;
  const double a = std::abs(u);
  return d1 * std::copysign(std::log(a + std::sqrt(a * a + 1.0)), u) + d4;
}

double calcForceVelocityDerivative(double v) {
  const double u = d2 * v + d3;
  return d1 * d2 / std::sqrt(u * u + 1.0);
}

double calcForceVelocityInverse(double f) {
  // The supplement's inverse lacks the "− d3" before dividing by d2 (a misprint).
  return (std::sinh((f - d4) / d1) - d3) / d2;
}

// Written as c1·e^{kT(1−c2)}·(e^{kT(l−1)} − 1) + f_slack, which equals
// c1·exp(kT(l − c2)) − c3 + shift(kT) with shift(kT) = c1·(e^{35(1−c2)} − e^{kT(1−c2)}),
// but stays accurate for a very stiff tendon (large kT).
double calcTendonForceLength(double l, double kT) {
  return c1 * std::exp(kT * (1.0 - c2)) * std::expm1(kT * (l - 1.0)) + kTendonForceAtSlack;
}

double calcTendonForceLengthDerivative(double l, double kT) {
  return c1 * kT * std::exp(kT * (l - c2));
}

double calcTendonForceLengthInverse(double f, double kT) {
  // The curve tends to f_slack − c1·e^{kT(1−c2)} as l → −∞; below that no length carries f.
  const double ratio = (f - kTendonForceAtSlack) / (c1 * std::exp(kT * (1.0 - c2)));
  return 1.0 + std::log1p(std::max(ratio, -1.0 + 1e-12)) / kT;
}

}  // namespace kneeload::muscle_curves
