// Hill-type muscle–tendon unit: De Groote F, Kinney AL, Rao AV, Fregly BJ (2016)
// Ann Biomed Eng 44:2922–2936 (curves, explicit tendon-force state); constant-thickness pennation
// as in Zajac 1989 (Crit Rev Biomed Eng 17:359).
#include "models/hill_muscle.hpp"

#include <algorithm>
#include <cmath>

#include "models/muscle_curve_table.hpp"
#include "models/muscle_curves.hpp"
#include "solver/errors.hpp"

namespace kneeload {
namespace {

void requirePositive(double value, std::string_view muscle, const char* field) {
  if (!(value > 0.0) || !std::isfinite(value))
    throw InputError(fmt::format("muscle '{}': {} = {} must be a positive finite number", muscle,
                                 field, value));
}

// Geometry of a fibre whose projection on the tendon line is `along_m`, with constant width.
struct FiberGeometry {
  double length_m;
  double cos_pennation;
};

FiberGeometry calcFiberGeometry(const MuscleParameters& p, double width_m, double along_m) {
  // A fibre cannot shorten to nothing; keep the geometry finite for any path length.
  along_m = std::max(along_m, 1e-4 * p.optimal_fiber_length_m);
  // Both lengths are ≈ 1e-4–1 m, far from overflow and underflow: the plain root is as accurate
  // as std::hypot (within an ulp) and several times cheaper.
  const double length_m = std::sqrt(along_m * along_m + width_m * width_m);
  return {length_m, along_m / length_m};
}

double clampActivation(double a) { return std::clamp(a, kMinActivation, kMaxActivation); }

}  // namespace

double calcFiberWidth(const MuscleParameters& p) {
  return p.optimal_fiber_length_m * std::sin(p.pennation_at_optimal_rad);
}

void validateMuscleParameters(const MuscleParameters& p, std::string_view name) {
  requirePositive(p.max_isometric_force_N, name, "max_isometric_force_N");
  requirePositive(p.optimal_fiber_length_m, name, "optimal_fiber_length_m");
  requirePositive(p.tendon_slack_length_m, name, "tendon_slack_length_m");
  requirePositive(p.max_contraction_velocity_per_s, name, "max_contraction_velocity_per_s");
  requirePositive(p.strength, name, "strength");
  requirePositive(p.tendon_stiffness, name, "tendon_stiffness");
  const double alpha = p.pennation_at_optimal_rad;
  if (!(alpha >= 0.0 && alpha < 1.4))  // 1.4 rad ≈ 80°: beyond it the geometry degenerates
    throw InputError(fmt::format(
        "muscle '{}': pennation_at_optimal_rad = {} must be in [0, 1.4) rad", name, alpha));
}

MuscleForceInfo calcRigidTendonMuscle(const MuscleParameters& p, double activation,
                                      double mtu_length_m, double mtu_lengthening_speed_mps) {
  return calcRigidTendonMuscle(p, calcFiberWidth(p), activation, mtu_length_m,
                               mtu_lengthening_speed_mps);
}

MuscleForceInfo calcRigidTendonMuscle(const MuscleParameters& p, double fiber_width_m,
                                      double activation, double mtu_length_m,
                                      double mtu_lengthening_speed_mps) {
  MuscleForceInfo m;
  calcRigidTendonMuscle(p, fiber_width_m, activation, mtu_length_m, mtu_lengthening_speed_mps, m);
  return m;
}

void calcRigidTendonMuscle(const MuscleParameters& p, double fiber_width_m, double activation,
                           double mtu_length_m, double mtu_lengthening_speed_mps,
                           MuscleForceInfo& m) {
  m.norm_tendon_force_rate_per_s = 0.0;  // compliant tendon only; every other field is set below
  m.tendon_length_m = p.tendon_slack_length_m;
  const FiberGeometry g =
      calcFiberGeometry(p, fiber_width_m, mtu_length_m - p.tendon_slack_length_m);
  m.fiber_length_m = g.length_m;
  m.cos_pennation = g.cos_pennation;
  m.norm_fiber_length = g.length_m / p.optimal_fiber_length_m;
  // Width constant: l·dl/dt = along·d(along)/dt, so dl/dt = cos α · (MTU speed).
  m.fiber_velocity_mps = g.cos_pennation * mtu_lengthening_speed_mps;
  const double v_max_mps = p.max_contraction_velocity_per_s * p.optimal_fiber_length_m;
  m.norm_fiber_velocity = std::clamp(m.fiber_velocity_mps / v_max_mps, -1.0, 1.0);

  // The De Groote curves from their tables (models/muscle_curve_table.hpp: within 2e-9).
  const MuscleCurveTables& curves = get_muscle_curve_tables();
  m.active_force_length = curves.active_force_length.calc_value(m.norm_fiber_length);
  m.passive_force_length = curves.passive_force_length.calc_value(m.norm_fiber_length);
  m.force_velocity = curves.force_velocity.calc_value(m.norm_fiber_velocity);

  const double f0_N = p.max_isometric_force_N * p.strength;
  m.passive_force_N = f0_N * m.passive_force_length * m.cos_pennation;
  m.force_per_activation_N = f0_N * m.active_force_length * m.force_velocity * m.cos_pennation;
  m.tendon_force_N = m.passive_force_N + clampActivation(activation) * m.force_per_activation_N;
  m.norm_tendon_force = m.tendon_force_N / f0_N;
}

MuscleForceInfo calcCompliantTendonMuscle(const MuscleParameters& p, double activation,
                                          double mtu_length_m, double mtu_lengthening_speed_mps,
                                          double norm_tendon_force) {
  return calcCompliantTendonMuscle(p, calcFiberWidth(p), activation, mtu_length_m,
                                   mtu_lengthening_speed_mps, norm_tendon_force);
}

MuscleForceInfo calcCompliantTendonMuscle(const MuscleParameters& p, double fiber_width_m,
                                          double activation, double mtu_length_m,
                                          double mtu_lengthening_speed_mps,
                                          double norm_tendon_force) {
  namespace mc = muscle_curves;
  MuscleForceInfo m;
  const double a = clampActivation(activation);
  m.norm_tendon_force = norm_tendon_force;
  const double norm_tendon_length =
      mc::calcTendonForceLengthInverse(norm_tendon_force, p.tendon_stiffness);
  m.tendon_length_m = norm_tendon_length * p.tendon_slack_length_m;
  const FiberGeometry g = calcFiberGeometry(p, fiber_width_m, mtu_length_m - m.tendon_length_m);
  m.fiber_length_m = g.length_m;
  m.cos_pennation = g.cos_pennation;
  m.norm_fiber_length = g.length_m / p.optimal_fiber_length_m;
  m.active_force_length = mc::calcActiveForceLength(m.norm_fiber_length);
  m.passive_force_length = mc::calcPassiveForceLength(m.norm_fiber_length);

  // Force balance along the tendon: f̃T = (a·fL·fV + fPE)·cos α, solved for fV, then for the
  // fibre velocity; outside [−1, 1] the fibre moves at its limit speed and f̃T relaxes back.
  m.force_velocity =
      (norm_tendon_force / m.cos_pennation - m.passive_force_length) / (a * m.active_force_length);
  m.norm_fiber_velocity = std::clamp(mc::calcForceVelocityInverse(m.force_velocity), -1.0, 1.0);
  const double v_max_mps = p.max_contraction_velocity_per_s * p.optimal_fiber_length_m;
  m.fiber_velocity_mps = m.norm_fiber_velocity * v_max_mps;

  // MTU length = tendon + fibre·cos α, and d(fibre·cos α)/dt = fibre velocity / cos α.
  const double tendon_speed_mps = mtu_lengthening_speed_mps - m.fiber_velocity_mps / m.cos_pennation;
  m.norm_tendon_force_rate_per_s =
      mc::calcTendonForceLengthDerivative(norm_tendon_length, p.tendon_stiffness) *
      tendon_speed_mps / p.tendon_slack_length_m;
  m.tendon_force_N = norm_tendon_force * p.max_isometric_force_N * p.strength;
  return m;
}

double calcEquilibriumNormTendonForce(const MuscleParameters& p, double activation,
                                      double mtu_length_m, double mtu_lengthening_speed_mps) {
  namespace mc = muscle_curves;
  const double a = clampActivation(activation);
  const double v_max_mps = p.max_contraction_velocity_per_s * p.optimal_fiber_length_m;
  const double width_m = calcFiberWidth(p);
  // Residual tendon force − fibre force along the tendon; it rises with f̃T (the tendon stretches,
  // the fibre shortens and its passive force falls).
  auto residual = [&](double f) {
    const double lt_m = mc::calcTendonForceLengthInverse(f, p.tendon_stiffness) *
                        p.tendon_slack_length_m;
    const FiberGeometry g = calcFiberGeometry(p, width_m, mtu_length_m - lt_m);
    const double l = g.length_m / p.optimal_fiber_length_m;
    const double v =
        std::clamp(g.cos_pennation * mtu_lengthening_speed_mps / v_max_mps, -1.0, 1.0);
    return f - g.cos_pennation * (a * mc::calcActiveForceLength(l) * mc::calcForceVelocity(v) +
                                  mc::calcPassiveForceLength(l));
  };
  double lo = 0.0, hi = 5.0;  // De Groote 2016 bounds f̃T to [0, 5]
  if (residual(lo) >= 0.0) return lo;
  if (residual(hi) <= 0.0) return hi;
  for (int i = 0; i < 200 && hi - lo > 1e-14; ++i) {
    const double mid = 0.5 * (lo + hi);
    (residual(mid) < 0.0 ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

}  // namespace kneeload
