// The De Groote et al. 2016 curves (Ann Biomed Eng 44:2922) against their defining points, against
// the coefficients as printed in the paper's supplement, against their own inverses, and their
// derivatives against finite differences.
#include <catch2/catch.hpp>

#include <cmath>

#include "models/muscle_curves.hpp"

namespace mc = kneeload::muscle_curves;

namespace {

// The curves written out again with the coefficients exactly as printed in the supplement
// (three digits): an independent transcription the implementation must stay close to.
double printedActiveForceLength(double l) {
  auto g = [l](double b1, double b2, double b3, double b4) {
    const double s = b3 + b4 * l;
    return b1 * std::exp(-0.5 * (l - b2) * (l - b2) / (s * s));
  };
  return g(0.815, 1.055, 0.162, 0.063) + g(0.433, 0.717, -0.030, 0.200) +
         g(0.100, 1.000, 0.354, 0.000);
}

double printedForceVelocity(double v) {
  const double u = -8.149 * v - 0.374;
  return -0.318 * std::log(u + std::sqrt(u * u + 1.0)) + 0.886;
}

double printedTendonForceLength(double l) { return 0.2 * std::exp(35.0 * (l - 0.995)) - 0.25; }

}  // namespace

TEST_CASE("active force-length is 1 at optimal length and follows the published coefficients",
          "[muscle_curves]") {
  CHECK(mc::calcActiveForceLength(1.0) == Approx(1.0).epsilon(1e-12));
  // Falls off on both sides of the optimum (sarcomere overlap).
  CHECK(mc::calcActiveForceLength(0.6) < 0.6);
  CHECK(mc::calcActiveForceLength(1.5) < 0.5);
  for (double l = 0.4; l <= 1.8; l += 0.05)
    CHECK(mc::calcActiveForceLength(l) == Approx(printedActiveForceLength(l)).margin(5e-3));
}

TEST_CASE("passive force-length reaches max isometric force at 60 % fibre strain (e0 = 0.6)",
          "[muscle_curves]") {
  CHECK(mc::calcPassiveForceLength(1.6) == Approx(1.0).epsilon(1e-12));
  CHECK(mc::calcPassiveForceLength(mc::kMinNormFiberLength) == Approx(0.0).margin(1e-15));
  CHECK(mc::calcPassiveForceLength(1.0) == Approx(0.0182).margin(1e-4));
  // Exponential with kPE = 4: f + offset grows by e^{kPE·Δl/e0}.
  const double off = std::exp(4.0 * (0.2 - 1.0) / 0.6) / (std::exp(4.0) - std::exp(4.0 * -0.8 / 0.6));
  const double r = (mc::calcPassiveForceLength(1.45) + off) / (mc::calcPassiveForceLength(1.3) + off);
  CHECK(r == Approx(std::exp(4.0 * 0.15 / 0.6)).epsilon(1e-12));
}

TEST_CASE("force-velocity passes through (-1, 0), (0, 1) and the published eccentric plateau",
          "[muscle_curves]") {
  CHECK(mc::calcForceVelocity(0.0) == Approx(1.0).epsilon(1e-12));
  CHECK(mc::calcForceVelocity(-1.0) == Approx(0.0).margin(1e-12));
  CHECK(mc::calcForceVelocity(1.0) == Approx(1.794).margin(1e-3));
  for (double v = -1.0; v <= 1.0; v += 0.1)
    CHECK(mc::calcForceVelocity(v) == Approx(printedForceVelocity(v)).margin(0.015));
}

TEST_CASE("force-velocity inverse is the inverse", "[muscle_curves]") {
  for (double v = -1.0; v <= 1.0; v += 0.05)
    CHECK(mc::calcForceVelocityInverse(mc::calcForceVelocity(v)) == Approx(v).margin(1e-12));
  for (double f = 0.0; f <= 1.79; f += 0.05)
    CHECK(mc::calcForceVelocity(mc::calcForceVelocityInverse(f)) == Approx(f).margin(1e-12));
}

TEST_CASE("tendon carries max isometric force at 4.74 % strain with kT = 35", "[muscle_curves]") {
  // De Groote 2016: 0.2·exp(35(l − 0.995)) − 0.25 = 1  ⇒  l − 1 = ln(6.25)/35 − 0.005 = 0.04736.
  // (The 4.9 % of OpenSim's TendonForceLengthCurve is a different default.)
  const double strain = std::log(6.25) / 35.0 - 0.005;
  CHECK(strain == Approx(0.04736).margin(1e-5));
  CHECK(mc::calcTendonForceLength(1.0 + strain) == Approx(1.0).epsilon(1e-12));
  for (double l = 0.99; l <= 1.06; l += 0.005)
    CHECK(mc::calcTendonForceLength(l) == Approx(printedTendonForceLength(l)).margin(1e-12));
  CHECK(mc::calcTendonForceLengthInverse(1.0) == Approx(1.0 + strain).epsilon(1e-12));
}

TEST_CASE("tendon shift keeps the force at slack length for any stiffness", "[muscle_curves]") {
  const double at_slack = mc::calcTendonForceLength(1.0, 35.0);
  CHECK(at_slack == Approx(0.2 * std::exp(35.0 * 0.005) - 0.25).epsilon(1e-12));
  for (double kT : {15.0, 20.0, 50.0, 1000.0}) {
    CHECK(mc::calcTendonForceLength(1.0, kT) == Approx(at_slack).epsilon(1e-12));
    // Falisse et al. 2019 shift written out: c1·exp(kT(l − c2)) − c3 + c1(e^{35·0.005} − e^{kT·0.005}).
    if (kT < 100.0) {
      const double l = 1.02;
      const double shift = 0.2 * (std::exp(35.0 * 0.005) - std::exp(kT * 0.005));
      CHECK(mc::calcTendonForceLength(l, kT) ==
            Approx(0.2 * std::exp(kT * (l - 0.995)) - 0.25 + shift).epsilon(1e-10));
    }
    for (double f = 0.0; f <= 3.0; f += 0.25)
      CHECK(mc::calcTendonForceLength(mc::calcTendonForceLengthInverse(f, kT), kT) ==
            Approx(f).margin(1e-10));
  }
}

TEST_CASE("curve derivatives equal central finite differences", "[muscle_curves]") {
  const double h = 1e-6;
  auto fd = [h](auto f, double x) { return (f(x + h) - f(x - h)) / (2 * h); };
  for (double l = 0.4; l <= 1.7; l += 0.1) {
    CHECK(mc::calcActiveForceLengthDerivative(l) ==
          Approx(fd([](double x) { return mc::calcActiveForceLength(x); }, l)).margin(1e-6));
    CHECK(mc::calcPassiveForceLengthDerivative(l) ==
          Approx(fd([](double x) { return mc::calcPassiveForceLength(x); }, l)).margin(1e-6));
  }
  for (double v = -0.9; v <= 0.9; v += 0.1)
    CHECK(mc::calcForceVelocityDerivative(v) ==
          Approx(fd([](double x) { return mc::calcForceVelocity(x); }, v)).margin(1e-5));
  for (double l = 1.0; l <= 1.05; l += 0.01)
    CHECK(mc::calcTendonForceLengthDerivative(l) ==
          Approx(fd([](double x) { return mc::calcTendonForceLength(x); }, l)).epsilon(1e-6));
}
