#include "models/patellofemoral_equilibrium.hpp"

#include "models/patellofemoral_loads.hpp"
#include "solver/errors.hpp"

#include <Eigen/Geometry>
#include <Eigen/LU>

#include <algorithm>
#include <cmath>

namespace kneeload::models {
namespace {

constexpr double kMomentScale_m = 0.01;  // moments are weighed as forces at 10 mm in the merit

double merit(const Eigen::Matrix<double, 6, 1>& r) {
  return r.head<3>().squaredNorm() + r.tail<3>().squaredNorm() / (kMomentScale_m * kMomentScale_m);
}

bool within_tolerance(const Eigen::Matrix<double, 6, 1>& r, const EquilibriumOptions& options) {
  return r.head<3>().norm() <= options.force_tolerance_N &&
         r.tail<3>().norm() <= options.moment_tolerance_Nm;
}

PatellaPose step_pose(const PatellaPose& pose, const Eigen::Matrix<double, 6, 1>& delta, double scale) {
  PatellaPose next;
  next.translation_m = pose.translation_m + scale * delta.head<3>();
  const Eigen::Vector3d w = scale * delta.tail<3>();
  const double angle = w.norm();
  next.rotation = angle > 0.0
                      ? Eigen::Matrix3d(Eigen::AngleAxisd(angle, w / angle).toRotationMatrix() *
                                        pose.rotation)
                      : pose.rotation;
  return next;
}

}  // namespace

bool predict_patella_pose(double knee_flexion_rad, const PatellaPoseHistory& history, PatellaPose& pose) {
  const int n = history.count;
  if (n < 2) return false;
  const PatellaPose& last = history.pose[n - 1];
  if (!(pose.translation_m == last.translation_m && pose.rotation == last.rotation)) return false;
  const double last_step_rad = history.knee_flexion_rad[n - 1] - history.knee_flexion_rad[n - 2];
  const double step_rad = knee_flexion_rad - history.knee_flexion_rad[n - 1];
  // Extrapolate only over a short, well-conditioned stretch (at most 3 past steps, 3 deg).
  if (last_step_rad == 0.0 || std::abs(step_rad) > 3.0 * std::abs(last_step_rad) ||
      std::abs(step_rad) > 0.05)
    return false;
  // Lagrange extrapolation through the last m (3, else 2) solutions: translations directly,
  // rotations as rotation vectors relative to the last one (R_k = exp(w_k) R_last, w_last = 0).
  // Σ|w_k| is how much the extrapolation amplifies the past poses' own variation: 7 for one step
  // on an even grid, but without bound when two past angles nearly coincide (the knee turning
  // back while the load changes); a start thrown that far can lead Newton to a spurious
  // equilibrium. Above kMaxWeightSum the quadratic gives way to the linear extrapolation
  // (Σ|w| <= 7 under the step condition above).
  constexpr double kMaxWeightSum = 10.0;
  std::array<double, 3> weight{};  // [3] Lagrange weights of the solutions first..n-1
  int first = std::max(0, n - 3);
  for (; first <= n - 2; ++first) {
    double weight_sum = 0.0;
    for (int k = first; k < n; ++k) {
      weight[k] = 1.0;
      for (int j = first; j < n; ++j) {
        if (j == k) continue;
        const double span_rad = history.knee_flexion_rad[k] - history.knee_flexion_rad[j];
        if (span_rad == 0.0) return false;  // repeated angle: no extrapolation
        weight[k] *= (knee_flexion_rad - history.knee_flexion_rad[j]) / span_rad;
      }
      weight_sum += std::abs(weight[k]);
    }
    if (weight_sum <= kMaxWeightSum) break;
  }
  if (first > n - 2) return false;
  Eigen::Vector3d translation_m = Eigen::Vector3d::Zero(), w_rad = Eigen::Vector3d::Zero();
  for (int k = first; k < n; ++k) {
    translation_m += weight[k] * history.pose[k].translation_m;
    if (k == n - 1) continue;  // w_last = 0
    const Eigen::AngleAxisd turn(history.pose[k].rotation * last.rotation.transpose());
    w_rad += weight[k] * turn.angle() * turn.axis();
  }
  pose.translation_m = translation_m;
  const double angle_rad = w_rad.norm();
  if (angle_rad > 0.0)
    pose.rotation = Eigen::AngleAxisd(angle_rad, w_rad / angle_rad).toRotationMatrix() * last.rotation;
  return true;
}

void record_patella_pose(double knee_flexion_rad, const PatellaPose& pose, PatellaPoseHistory& history) {
  if (history.count == 3) {
    for (int k = 0; k < 2; ++k) {
      history.pose[k] = history.pose[k + 1];
      history.knee_flexion_rad[k] = history.knee_flexion_rad[k + 1];
    }
    history.count = 2;
  }
  history.pose[history.count] = pose;
  history.knee_flexion_rad[history.count] = knee_flexion_rad;
  ++history.count;
}

namespace {

// Damped Newton from `pose` (see the header); true when converged. `iteration` counts the steps.
// On entry ws holds the loads at `pose` and a Jacobian, evaluated there if `jacobian_current`
// (else a nearby one, for chord steps); on return the loads at `pose`.
bool run_newton(const PatellofemoralModel& model, const PatellofemoralLoading& loading,
                PatellaPose& pose, PatellofemoralWorkspace& ws, const EquilibriumOptions& options,
                bool jacobian_current, int& iteration) {
  iteration = 0;
  bool converged = false;
  double lambda = 0.0;  // Levenberg damping, used only when the Newton step fails
  for (; iteration <= options.max_iterations; ++iteration) {
    // ws.residual holds the loads at `pose` here.
    if (within_tolerance(ws.residual, options)) {
      converged = true;
      break;
    }
    if (iteration == options.max_iterations) break;
    const Eigen::Matrix<double, 6, 1> r0 = ws.residual;
    const double merit0 = merit(r0);
    Eigen::Matrix<double, 6, 1> delta;
    if (lambda > 0.0) {
      Eigen::Matrix<double, 6, 6> J = ws.jacobian;
      J.diagonal() -= lambda * J.diagonal().cwiseAbs().cwiseMax(1.0);
      delta = J.partialPivLu().solve(-r0);
    } else {
      // Chord steps reuse the factors of the kept Jacobian (ws.jacobian, the last evaluated).
      if (!ws.jacobian_lu_current) {
        ws.jacobian_lu.compute(ws.jacobian);
        ws.jacobian_lu_current = true;
      }
      delta = ws.jacobian_lu.solve(-r0);
    }
    if (!delta.allFinite()) delta.setZero();
    // Step limits keep a cold start from jumping through the trochlea.
    const double limit = std::min({1.0, options.max_translation_step_m / std::max(delta.head<3>().norm(), 1e-300),
                                   options.max_rotation_step_rad / std::max(delta.tail<3>().norm(), 1e-300)});
    double scale = limit;
    bool accepted = false;
    double merit1 = merit0;
    for (int halving = 0; halving < 12; ++halving, scale *= 0.5) {
      const PatellaPose trial = step_pose(pose, delta, scale);
      calc_patella_loads(model, loading, trial, ws, false);
      merit1 = merit(ws.residual);
      if (merit1 < merit0 * (1.0 - 1e-4 * scale) || merit1 == 0.0) {
        pose = trial;
        accepted = true;
        break;
      }
    }
    if (options.secant_update && accepted && lambda == 0.0 &&
        !within_tolerance(ws.residual, options)) {
      // Broyden 1965 secant update of the kept Jacobian along the step taken, so that the chord
      // steps that follow see how the stiffness changed along it (contact patches entering or
      // leaving, line-force geometry); rotations weighed as displacements at kMomentScale_m.
      const Eigen::Matrix<double, 6, 1> step = scale * delta;
      Eigen::Matrix<double, 6, 1> weighted = step;
      weighted.tail<3>() *= kMomentScale_m * kMomentScale_m;
      const double step_norm2 = weighted.dot(step);
      if (step_norm2 > 0.0) {
        const Eigen::Matrix<double, 6, 1> secant_error = (ws.residual - r0) - ws.jacobian * step;
        ws.jacobian.noalias() += secant_error * (weighted.transpose() / step_norm2);
        ws.jacobian_lu_current = false;
      }
    }
    if (accepted) {
      lambda *= 0.1;
      if (lambda < 1e-6) lambda = 0.0;
      // Keep the Jacobian (chord steps) while, at this step's rate of convergence, at most two
      // more steps reach the tolerance (two evaluations of the loads cost less than one with the
      // Jacobian plus a step); otherwise re-evaluate it at the new pose, unless that has converged.
      jacobian_current = false;
      const double target = std::pow(std::min(options.force_tolerance_N,
                                              options.moment_tolerance_Nm / kMomentScale_m), 2);
      const bool chord_fast = merit1 <= 1e-4 * merit0 ||
                              std::log(target / merit1) >= 2.0 * std::log(merit1 / merit0);
      if (!chord_fast && !within_tolerance(ws.residual, options)) {
        calc_patella_loads(model, loading, pose, ws, true);
        jacobian_current = true;
      }
    } else {
      calc_patella_loads(model, loading, pose, ws, true);  // back to the loads at `pose`
      if (jacobian_current) {  // a fresh Jacobian failed too: damp it
        lambda = lambda == 0.0 ? 1e-3 : lambda * 10.0;
        if (lambda > 1e6) break;
      }
      jacobian_current = true;
    }
  }
  return converged;
}

// Tendon seating: with the patellar tendon slack (its bundles below their slack lengths, as at
// hyperextension or at a small quadriceps force) the loads have no stiffness along the
// quadriceps pull (the tendon law is flat at zero strain), so Newton's Jacobian is singular there
// and the patella is not held. Slides the patella along the unbalanced force u until the tendon
// takes it up: bisection on s (m) for r(t + s u) . u = 0, a 1-D force balance along u.
// On entry ws holds the loads at `pose`. Returns true if it moved the patella; ws then holds the
// loads and the Jacobian at the new pose.
bool seat_on_tendon(const PatellofemoralModel& model, const PatellofemoralLoading& loading,
                    PatellaPose& pose, PatellofemoralWorkspace& ws) {
  double tendon_N = 0.0, quad_N = 0.0;
  for (double f_N : ws.bundle_force_N) tendon_N += f_N;
  for (double f_N : loading.muscle_force_N) quad_N += f_N;
  const double push_N = ws.residual.head<3>().norm();
  // Seat only a (nearly) slack tendon that leaves most of the pull unbalanced.
  if (tendon_N >= 0.5 * quad_N || !(push_N > 0.5 * quad_N)) return false;
  const Eigen::Vector3d u = ws.residual.head<3>() / push_N;
  constexpr double kMaxSlide_m = 0.05;  // m, beyond any tendon slack at -10..120 deg
  PatellaPose trial = pose;
  auto along_N = [&](double s_m) {
    trial.translation_m = pose.translation_m + s_m * u;
    calc_patella_loads(model, loading, trial, ws, false);
    return ws.residual.head<3>().dot(u);
  };
  double lo_m = 0.0, hi_m = kMaxSlide_m;
  if (along_N(hi_m) <= 0.0) {  // else the tendon cannot take the load up: leave it to Newton
    for (int k = 0; k < 50 && hi_m - lo_m > 1e-9; ++k) {
      const double mid_m = 0.5 * (lo_m + hi_m);
      (along_N(mid_m) > 0.0 ? lo_m : hi_m) = mid_m;
    }
    pose.translation_m += hi_m * u;  // the taut side of the bracket
  }
  calc_patella_loads(model, loading, pose, ws, true);
  return true;
}

// The workspace's Jacobian fits a chord step for `loading`: same model, knee angle within
// 0.05 rad, every force within 1 % of the quadriceps total and the alignment unchanged.
bool jacobian_fits(const PatellofemoralModel& model, const PatellofemoralLoading& loading,
                   const PatellofemoralWorkspace& ws) {
  const PatellofemoralLoading& old = ws.jacobian_loading;
  if (ws.jacobian_model != model.compile_serial ||
      std::abs(loading.knee_flexion_rad - old.knee_flexion_rad) > 0.05 ||
      loading.tibial_internal_rotation_rad != old.tibial_internal_rotation_rad ||
      loading.femoral_internal_rotation_rad != old.femoral_internal_rotation_rad)
    return false;
  double quad_N = 0.0, change_N = std::abs(loading.brace_medial_force_N - old.brace_medial_force_N);
  for (int i = 0; i < kQuadricepsCount; ++i) {
    quad_N += loading.muscle_force_N[i];
    change_N += std::abs(loading.muscle_force_N[i] - old.muscle_force_N[i]);
  }
  return change_N <= 0.01 * quad_N;
}

}  // namespace

void solve_patellofemoral_equilibrium(const PatellofemoralModel& model,
                                      const PatellofemoralLoading& loading, PatellaPose& pose,
                                      PatellofemoralWorkspace& ws, PatellofemoralResult& result,
                                      const EquilibriumOptions& options) {
  double quad_N = 0.0;
  for (double f : loading.muscle_force_N) {
    KNEELOAD_CHECK(std::isfinite(f) && f >= 0.0, "quadriceps muscle force {} N", f);
    quad_N += f;
  }
  KNEELOAD_CHECK(quad_N > 0.0, "the patella needs a quadriceps force to sit in equilibrium ({} N)", quad_N);
  prepare_patellofemoral_loading(model, loading, ws);

  // Predictor: when the caller warm-starts from the last solution of this workspace, extrapolate
  // the pose in knee angle from the last three solutions (a smooth path; Newton corrects).
  // On a smooth path the last Jacobian also serves for the first (chord) step.
  bool chord_start = false;
  if (options.predict_from_history)
    chord_start = predict_patella_pose(loading.knee_flexion_rad, ws.history, pose) &&
                  jacobian_fits(model, loading, ws);

  calc_patella_loads(model, loading, pose, ws, !chord_start);
  if (seat_on_tendon(model, loading, pose, ws)) chord_start = false;
  const PatellaPose start = pose;
  int iteration = 0;
  bool converged = run_newton(model, loading, pose, ws, options, !chord_start, iteration);
  if (!converged) {
    // Rare path: load continuation from the start pose, each stage warm-started from the last.
    //  - A cold start far from a heavily loaded equilibrium: the quadriceps and brace forces are
    //    raised in kRampSteps steps.
    //  - A nearly relaxed quadriceps (total below kReferenceQuadriceps_N): the patella rests on a
    //    few patches pressed in by micrometres, so the Jacobian is nearly singular in rotation
    //    (held only by the lines' geometric stiffness, force / length) and a Newton step of the
    //    size limits jumps across many patch contacts. The forces are raised to the reference
    //    total first, then halved stage by stage down to the loading: the pose changes little
    //    along the way (< 1 mm from 1000 N down to 0.1 N), and each stage converges.
    constexpr int kRampSteps = 8;
    constexpr double kReferenceQuadriceps_N = 100.0;  // N, where Newton is robust from a cold start
    const double top = std::max(1.0, kReferenceQuadriceps_N / quad_N);
    pose = start;
    PatellofemoralLoading ramp = loading;
    auto solve_scaled = [&](double scale) {
      for (int i = 0; i < kQuadricepsCount; ++i) ramp.muscle_force_N[i] = scale * loading.muscle_force_N[i];
      ramp.brace_medial_force_N = scale * loading.brace_medial_force_N;
      calc_patella_loads(model, ramp, pose, ws, true);
      seat_on_tendon(model, ramp, pose, ws);
      int ramp_iterations = 0;
      const bool ok = run_newton(model, ramp, pose, ws, options, true, ramp_iterations);
      iteration += ramp_iterations;
      return ok;
    };
    converged = true;
    for (int k = 1; k <= kRampSteps && converged; ++k) converged = solve_scaled(top * k / kRampSteps);
    for (double scale = top; converged && scale > 1.0;) {
      scale = std::max(1.0, 0.5 * scale);
      converged = solve_scaled(scale);
    }
    if (!converged) calc_patella_loads(model, loading, pose, ws, false);  // report the full loading
  }
  if (converged) record_patella_pose(loading.knee_flexion_rad, pose, ws.history);
  // ws holds the loads at `pose`: the outputs need no new evaluation.
  calc_patellofemoral_outputs_evaluated(model, loading, pose, ws, result);
  result.iterations = iteration;
  if (!converged)
    throw NumericalError(
        fmt::format("patellofemoral equilibrium did not converge at knee flexion {:.3f} deg, "
                    "quadriceps force {:.6g} N: force residual {:.3e} N, moment residual {:.3e} N m "
                    "after {} iterations",
                    loading.knee_flexion_rad * 180.0 / 3.14159265358979323846, quad_N,
                    result.force_residual_N, result.moment_residual_Nm, iteration),
        loading.time_s);
}

}  // namespace kneeload::models
