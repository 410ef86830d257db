// De Groote F, Kinney AL, Rao AV, Fregly BJ (2016) Evaluation of direct collocation optimal control
// problem formulations for solving the muscle redundancy problem. Ann Biomed Eng 44:2922–2936.
#include "models/muscle_curves.hpp"

#include <algorithm>
#include <cmath>

namespace kneeload::muscle_curves {
namespace {

using namespace detail;

double gaussianLikeDerivative(double x, double b1, double b2, double b3, double b4) {
  const double s = b3 + b4 * x;
  // d/dx of −½ (x − b2)²/s² = −(x − b2)/s² + (x − b2)²·b4/s³ = −(x − b2)(b3 + b2·b4)/s³
  return gaussianLike(x, b1, b2, b3, b4) * (-(x - b2) * (b3 + b2 * b4) / (s * s * s));
}

// Tendon force at the slack length with kT = 35: c1·exp(35·(1 − c2)) − c3 ≈ −0.0118 (1).
const double kTendonForceAtSlack = c1 * std::exp(kDefaultTendonStiffness * (1.0 - c2)) - c3;

}  // namespace

double calcActiveForceLengthDerivative(double l) {
  return gaussianLikeDerivative(l, b11, b21, b31, b41) +
         gaussianLikeDerivative(l, b12, b22, b32, b42) +
         gaussianLikeDerivative(l, b13, b23, b33, b43);
}

double calcPassiveForceLengthDerivative(double l) {
  return kPE / e0 * std::exp(kPE * (l - 1.0) / e0) * kPassiveScale;
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
