// Hill-type muscle (De Groote et al. 2016) with rigid and compliant tendon, and first-order
// activation dynamics (Winters 1995): analytic values, affine structure, agreement of the two
// tendon formulations, and the analytic step response.
#include <catch2/catch.hpp>

#include <cmath>

#include "models/activation_dynamics.hpp"
#include "models/hill_muscle.hpp"
#include "models/muscle_curves.hpp"
#include "solver/errors.hpp"

using namespace kneeload;

namespace {

// A vastus-like unit (magnitudes of Rajagopal 2015's vastus lateralis).
MuscleParameters makeVastus() {
  MuscleParameters p;
  p.max_isometric_force_N = 5149.0;
  p.optimal_fiber_length_m = 0.0994;
  p.tendon_slack_length_m = 0.130;
  p.pennation_at_optimal_rad = 0.3142;
  p.max_contraction_velocity_per_s = 10.0;
  return p;
}

// MTU length at which the fibre sits at `norm_fiber_length` with a rigid tendon.
double mtuLengthAt(const MuscleParameters& p, double norm_fiber_length) {
  const double w = p.optimal_fiber_length_m * std::sin(p.pennation_at_optimal_rad);
  const double lm = norm_fiber_length * p.optimal_fiber_length_m;
  return p.tendon_slack_length_m + std::sqrt(lm * lm - w * w);
}

}  // namespace

TEST_CASE("rigid tendon at optimal length and rest gives F0·(a + fPE(1))·cos α0",
          "[hill_muscle]") {
  const MuscleParameters p = makeVastus();
  const double a = 0.6;
  const MuscleForceInfo m = calcRigidTendonMuscle(p, a, mtuLengthAt(p, 1.0), 0.0);
  CHECK(m.norm_fiber_length == Approx(1.0).epsilon(1e-12));
  CHECK(m.cos_pennation == Approx(std::cos(p.pennation_at_optimal_rad)).epsilon(1e-12));
  const double expected_N = p.max_isometric_force_N *
                            (a + muscle_curves::calcPassiveForceLength(1.0)) *
                            std::cos(p.pennation_at_optimal_rad);
  CHECK(m.tendon_force_N == Approx(expected_N).epsilon(1e-12));
}

TEST_CASE("rigid-tendon force is affine in activation: passive + a·(force per activation)",
          "[hill_muscle]") {
  const MuscleParameters p = makeVastus();
  for (double l : {0.7, 1.0, 1.3}) {
    for (double v_mps : {-0.5, 0.0, 0.3}) {
      const double lmt = mtuLengthAt(p, l);
      const MuscleForceInfo m0 = calcRigidTendonMuscle(p, 0.2, lmt, v_mps);
      const MuscleForceInfo m1 = calcRigidTendonMuscle(p, 0.5, lmt, v_mps);
      const MuscleForceInfo m2 = calcRigidTendonMuscle(p, 0.8, lmt, v_mps);
      // Equal steps in activation give equal steps in force, of size step·(∂F/∂a).
      CHECK(m1.tendon_force_N - m0.tendon_force_N ==
            Approx(m2.tendon_force_N - m1.tendon_force_N).epsilon(1e-9).margin(1e-9));
      CHECK(m2.tendon_force_N - m1.tendon_force_N ==
            Approx(0.3 * m1.force_per_activation_N).epsilon(1e-9).margin(1e-9));
      CHECK(m1.tendon_force_N ==
            Approx(m1.passive_force_N + 0.5 * m1.force_per_activation_N).epsilon(1e-12));
      CHECK(m1.force_per_activation_N >= 0.0);
    }
  }
}

TEST_CASE("strength multiplies the max isometric force", "[hill_muscle]") {
  MuscleParameters p = makeVastus();
  const double lmt = mtuLengthAt(p, 1.2);
  const double full_N = calcRigidTendonMuscle(p, 0.7, lmt, -0.2).tendon_force_N;
  p.strength = 0.5;
  CHECK(calcRigidTendonMuscle(p, 0.7, lmt, -0.2).tendon_force_N == Approx(0.5 * full_N));
}

TEST_CASE("rigid-tendon fibre velocity is the time derivative of fibre length",
          "[hill_muscle]") {
  // Constant fibre width: dlM/dt = cos α · dlMT/dt; checked against a finite difference in lMT.
  const MuscleParameters p = makeVastus();
  const double lmt = mtuLengthAt(p, 0.9), h = 1e-7, speed_mps = 0.1;
  const double dl_dlmt = (calcRigidTendonMuscle(p, 0.5, lmt + h, 0).fiber_length_m -
                          calcRigidTendonMuscle(p, 0.5, lmt - h, 0).fiber_length_m) /
                         (2 * h);
  CHECK(calcRigidTendonMuscle(p, 0.5, lmt, speed_mps).fiber_velocity_mps ==
        Approx(dl_dlmt * speed_mps).epsilon(1e-6));
}

TEST_CASE("compliant-tendon equilibrium reproduces the rigid tendon when the tendon is stiff",
          "[hill_muscle]") {
  MuscleParameters p = makeVastus();
  p.tendon = TendonModel::compliant;
  p.tendon_stiffness = 1000.0;  // strain at F0 ≈ 0.002 %
  for (double l : {0.8, 1.0, 1.2}) {
    for (double v_mps : {-0.3, 0.0, 0.2}) {
      const double lmt = mtuLengthAt(p, l);
      const double rigid_N = calcRigidTendonMuscle(p, 0.7, lmt, v_mps).tendon_force_N;
      const double f = calcEquilibriumNormTendonForce(p, 0.7, lmt, v_mps);
      const MuscleForceInfo c = calcCompliantTendonMuscle(p, 0.7, lmt, v_mps, f);
      CHECK(c.tendon_force_N == Approx(rigid_N).epsilon(1e-3));
      // In equilibrium the tendon does not stretch further: d f̃T/dt ≈ 0.
      CHECK(c.norm_tendon_force_rate_per_s == Approx(0.0).margin(1e-3));
    }
  }
}

TEST_CASE("compliant tendon stretches by the tendon curve and its state relaxes to equilibrium",
          "[hill_muscle]") {
  MuscleParameters p = makeVastus();
  p.tendon = TendonModel::compliant;  // kT = 35
  const double lmt = mtuLengthAt(p, 1.0) + 0.004, a = 0.8;
  const double f_eq = calcEquilibriumNormTendonForce(p, a, lmt, 0.0);
  const MuscleForceInfo eq = calcCompliantTendonMuscle(p, a, lmt, 0.0, f_eq);
  CHECK(eq.tendon_length_m / p.tendon_slack_length_m ==
        Approx(muscle_curves::calcTendonForceLengthInverse(f_eq)).epsilon(1e-12));
  CHECK(eq.norm_tendon_force_rate_per_s == Approx(0.0).margin(1e-9));
  // Isometric MTU, tendon force started 30 % low: the explicit ODE (RK4, 0.1 ms) must settle at
  // the static equilibrium, a second formulation of the same balance.
  double f = 0.7 * f_eq;
  const double dt_s = 1e-4;
  auto rate = [&](double x) { return calcCompliantTendonMuscle(p, a, lmt, 0.0, x).norm_tendon_force_rate_per_s; };
  for (int i = 0; i < 5000; ++i) {
    const double k1 = rate(f), k2 = rate(f + 0.5 * dt_s * k1), k3 = rate(f + 0.5 * dt_s * k2),
                 k4 = rate(f + dt_s * k3);
    f += dt_s / 6.0 * (k1 + 2 * k2 + 2 * k3 + k4);
  }
  CHECK(f == Approx(f_eq).epsilon(1e-6));
}

TEST_CASE("invalid muscle parameters are rejected with the muscle's name", "[hill_muscle]") {
  MuscleParameters p = makeVastus();
  p.optimal_fiber_length_m = -0.1;
  CHECK_THROWS_WITH(validateMuscleParameters(p, "vaslat_r"),
                    Catch::Contains("vaslat_r") && Catch::Contains("optimal_fiber_length_m"));
  p = makeVastus();
  p.pennation_at_optimal_rad = 1.6;
  CHECK_THROWS_AS(validateMuscleParameters(p, "vaslat_r"), InputError);
  CHECK_NOTHROW(validateMuscleParameters(makeVastus(), "vaslat_r"));
}

namespace {

// Time (s) for activation to cover 63.2 % (1 − 1/e) of a step from a0 to excitation e, RK4 at 1 µs.
double timeToOneTimeConstant(const ActivationParameters& p, double a0, double e) {
  const double target = e + (a0 - e) * std::exp(-1.0);
  double a = a0, t_s = 0.0;
  const double dt_s = 1e-6;
  while ((e > a0) ? a < target : a > target) {
    const double k1 = calcActivationDerivative(p, e, a);
    const double k2 = calcActivationDerivative(p, e, a + 0.5 * dt_s * k1);
    const double k3 = calcActivationDerivative(p, e, a + 0.5 * dt_s * k2);
    const double k4 = calcActivationDerivative(p, e, a + dt_s * k3);
    a += dt_s / 6.0 * (k1 + 2 * k2 + 2 * k3 + k4);
    t_s += dt_s;
    if (t_s > 1.0) break;
  }
  return t_s;
}

}  // namespace

TEST_CASE("activation step reaches 63 % in tau_act (10 ms), deactivation in tau_deact (40 ms)",
          "[activation]") {
  // Analytic first-order response a(t) = e + (a0 − e)·exp(−t/τ).
  const ActivationParameters p;
  CHECK(timeToOneTimeConstant(p, 0.01, 1.0) == Approx(0.010).epsilon(0.01));
  CHECK(timeToOneTimeConstant(p, 1.0, 0.01) == Approx(0.040).epsilon(0.01));
  CHECK(timeToOneTimeConstant(p, 0.2, 0.7) == Approx(0.010).epsilon(0.01));
}

TEST_CASE("activation stays within [0.01, 1]", "[activation]") {
  const ActivationParameters p;
  // At the bounds, excitation beyond them cannot push activation further.
  CHECK(calcActivationDerivative(p, 2.0, 1.0) == 0.0);
  CHECK(calcActivationDerivative(p, -1.0, kMinActivation) == 0.0);
  CHECK(calcActivationDerivative(p, 0.5, 0.5) == 0.0);
  CHECK(calcActivationDerivative(p, 0.8, 0.3) > 0.0);
  CHECK(calcActivationDerivative(p, 0.1, 0.3) < 0.0);
}

TEST_CASE("the fibre width l_opt sin(alpha0) sets the pennation geometry, given or computed",
          "[hill_muscle]") {
  // Constant-thickness pennation: fibre length = sqrt(along^2 + w^2), cos(alpha) = along / length,
  // along = MTU length - tendon slack length, w = l_opt sin(alpha0). The leg model passes w
  // (calcFiberWidth, computed once at compile); that call must equal the one computing w itself.
  const MuscleParameters p = makeVastus();
  const double width_m = calcFiberWidth(p);
  CHECK(width_m == p.optimal_fiber_length_m * std::sin(p.pennation_at_optimal_rad));
  for (const double l : {0.6, 1.0, 1.4}) {
    const double mtu_m = mtuLengthAt(p, l);
    const double along_m = mtu_m - p.tendon_slack_length_m;
    const MuscleForceInfo given = calcRigidTendonMuscle(p, width_m, 0.4, mtu_m, -0.3);
    const double fiber_m = std::sqrt(along_m * along_m + width_m * width_m);
    CHECK(given.fiber_length_m == Approx(fiber_m).epsilon(1e-15));
    CHECK(given.cos_pennation == Approx(along_m / fiber_m).epsilon(1e-15));
    const MuscleForceInfo own = calcRigidTendonMuscle(p, 0.4, mtu_m, -0.3);
    CHECK(given.tendon_force_N == own.tendon_force_N);
    const MuscleForceInfo own_c = calcCompliantTendonMuscle(p, 0.4, mtu_m, -0.3, 0.3);
    const MuscleForceInfo given_c = calcCompliantTendonMuscle(p, width_m, 0.4, mtu_m, -0.3, 0.3);
    CHECK(given_c.norm_tendon_force_rate_per_s == own_c.norm_tendon_force_rate_per_s);
    // The width given is the one used: zero width means a parallel-fibred muscle.
    const MuscleForceInfo parallel = calcRigidTendonMuscle(p, 0.0, 0.4, mtu_m, -0.3);
    CHECK(parallel.fiber_length_m == along_m);
    CHECK(parallel.cos_pennation == 1.0);
  }
}

TEST_CASE("the in-place rigid-tendon call sets every field as the returning call and the Hill law",
          "[hill_muscle]") {
  // The leg's right-hand side writes each muscle's result into its workspace slot; the slot holds
  // the previous evaluation (here: NaN everywhere), so every field must be overwritten. Law:
  // tendon force = F0·(a·fL·fV + fPE)·cos α (De Groote 2016), with the curves evaluated directly
  // (the model takes them from tables that follow them to 2e-9: at a = 0.4 within 5e-9·F0).
  namespace mc = muscle_curves;
  const MuscleParameters p = makeVastus();
  const double width_m = calcFiberWidth(p);
  for (const double l : {0.6, 1.0, 1.4}) {
    const double mtu_m = mtuLengthAt(p, l);
    const MuscleForceInfo returned = calcRigidTendonMuscle(p, width_m, 0.4, mtu_m, -0.3);
    MuscleForceInfo slot;
    const double nan = std::nan("");
    slot = MuscleForceInfo{nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan};
    calcRigidTendonMuscle(p, width_m, 0.4, mtu_m, -0.3, slot);
    CHECK(slot.fiber_length_m == returned.fiber_length_m);
    CHECK(slot.norm_fiber_length == returned.norm_fiber_length);
    CHECK(slot.cos_pennation == returned.cos_pennation);
    CHECK(slot.fiber_velocity_mps == returned.fiber_velocity_mps);
    CHECK(slot.norm_fiber_velocity == returned.norm_fiber_velocity);
    CHECK(slot.tendon_length_m == returned.tendon_length_m);
    CHECK(slot.active_force_length == returned.active_force_length);
    CHECK(slot.passive_force_length == returned.passive_force_length);
    CHECK(slot.force_velocity == returned.force_velocity);
    CHECK(slot.tendon_force_N == returned.tendon_force_N);
    CHECK(slot.passive_force_N == returned.passive_force_N);
    CHECK(slot.force_per_activation_N == returned.force_per_activation_N);
    CHECK(slot.norm_tendon_force == returned.norm_tendon_force);
    CHECK(slot.norm_tendon_force_rate_per_s == 0.0);  // rigid tendon: no tendon state
    const double f0_N = p.max_isometric_force_N * p.strength;
    const double expected_N =
        f0_N * (0.4 * mc::calcActiveForceLength(slot.norm_fiber_length) *
                    mc::calcForceVelocity(slot.norm_fiber_velocity) +
                mc::calcPassiveForceLength(slot.norm_fiber_length)) *
        slot.cos_pennation;
    CHECK(slot.tendon_force_N == Approx(expected_N).epsilon(0).margin(5e-9 * f0_N));
  }
}
