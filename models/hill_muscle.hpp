#pragma once
// Hill-type muscle–tendon unit with the De Groote et al. 2016 curves (Ann Biomed Eng 44:2922):
// tendon force = F0·(a·fL(l̃M)·fV(ṽM) + fPE(l̃M))·cos α, with F0 = max isometric force × strength,
// constant-thickness pennation (fibre width lopt·sin α0 is constant), and either a rigid tendon
// (default; the force is then affine in activation) or a compliant tendon whose state is the
// normalised tendon force (De Groote 2016, explicit formulation 1).
// Independent of muscle paths: inputs are the muscle–tendon length and lengthening speed.
// docs/model/muscles.md gives the equations.
#include <string_view>

namespace kneeload {

enum class TendonModel { rigid, compliant };

struct MuscleParameters {
  double max_isometric_force_N = 0.0;
  double optimal_fiber_length_m = 0.0;
  double tendon_slack_length_m = 0.0;
  double pennation_at_optimal_rad = 0.0;
  double max_contraction_velocity_per_s = 10.0;  // in optimal fibre lengths per second
  double strength = 1.0;            // multiplies max isometric force (muscle.strength.<group>) (1)
  double tendon_stiffness = 35.0;   // kT of the tendon curve (1); compliant tendon only
  TendonModel tendon = TendonModel::rigid;
};

// Throws InputError naming the muscle and the offending field when a parameter is non-physical.
void validateMuscleParameters(const MuscleParameters& p, std::string_view muscle_name);

// Lowest and highest activation the model accepts (1); lower values are raised to the minimum.
inline constexpr double kMinActivation = 0.01;
inline constexpr double kMaxActivation = 1.0;

// Everything one evaluation of a muscle yields (no heap, plain values).
struct MuscleForceInfo {
  double fiber_length_m = 0.0;
  double norm_fiber_length = 0.0;        // (1)
  double cos_pennation = 1.0;            // (1)
  double fiber_velocity_mps = 0.0;       // lengthening positive
  double norm_fiber_velocity = 0.0;      // (1), in max contraction velocities
  double tendon_length_m = 0.0;
  double active_force_length = 0.0;      // fL (1)
  double passive_force_length = 0.0;     // fPE (1)
  double force_velocity = 1.0;           // fV (1)
  double tendon_force_N = 0.0;           // force the unit transmits at the given activation
  // Rigid tendon only: tendon_force_N = passive_force_N + activation·force_per_activation_N.
  double passive_force_N = 0.0;          // force at activation 0
  double force_per_activation_N = 0.0;   // ∂ tendon force / ∂ activation
  // Compliant tendon only.
  double norm_tendon_force = 0.0;                // state f̃T (1)
  double norm_tendon_force_rate_per_s = 0.0;     // d f̃T / dt
};

// Fibre width l_opt·sin α0 (m), constant under constant-thickness pennation. A caller that
// evaluates the same muscle many times computes it once and passes it in (saves a sine per call).
double calcFiberWidth(const MuscleParameters& p);

// Rigid tendon (tendon length = slack length). The fibre velocity follows from the muscle–tendon
// speed through the pennation geometry; the normalised fibre velocity is clamped to [−1, 1], the
// domain of the force–velocity curve, so that the force per activation is never negative.
MuscleForceInfo calcRigidTendonMuscle(const MuscleParameters& p, double activation,
                                      double mtu_length_m, double mtu_lengthening_speed_mps);
// The same with the fibre width of calcFiberWidth(p) given, m (bit-identical result).
MuscleForceInfo calcRigidTendonMuscle(const MuscleParameters& p, double fiber_width_m,
                                      double activation, double mtu_length_m,
                                      double mtu_lengthening_speed_mps);
// The same written into `m` (every field set): a caller that keeps the results in an array
// avoids the copy of the returned struct (bit-identical result).
void calcRigidTendonMuscle(const MuscleParameters& p, double fiber_width_m, double activation,
                           double mtu_length_m, double mtu_lengthening_speed_mps,
                           MuscleForceInfo& m);

// Compliant tendon, explicit form: from the state f̃T the tendon length follows from the tendon
// curve, the fibre length from the geometry, and the fibre velocity from inverting the
// force–velocity curve; returns the force and d f̃T/dt.
MuscleForceInfo calcCompliantTendonMuscle(const MuscleParameters& p, double activation,
                                          double mtu_length_m, double mtu_lengthening_speed_mps,
                                          double norm_tendon_force);
// The same with the fibre width of calcFiberWidth(p) given, m (bit-identical result).
MuscleForceInfo calcCompliantTendonMuscle(const MuscleParameters& p, double fiber_width_m,
                                          double activation, double mtu_length_m,
                                          double mtu_lengthening_speed_mps,
                                          double norm_tendon_force);

// Normalised tendon force at which tendon and fibre forces balance when the whole muscle–tendon
// speed is taken by the fibre (the stiff-tendon split): the initial value of the f̃T state.
// Solved by bisection on [0, 5] (no allocation, deterministic).
double calcEquilibriumNormTendonForce(const MuscleParameters& p, double activation,
                                      double mtu_length_m, double mtu_lengthening_speed_mps);

}  // namespace kneeload
