#include "models/patellofemoral_equilibrium.hpp"

#include "models/patellofemoral_loads.hpp"
#include "solver/errors.hpp"

#include <Eigen/Geometry>
#include <Eigen/LU>

#include <cmath>

namespace kneeload::models {
namespace {

constexpr double kMomentScale_m = 0.01;  // moments are weighed as forces at 10 mm in the merit

double merit(const Eigen::Matrix<double, 6, 1>& r) {
  return r.head<3>().squaredNorm() + r.tail<3>().squaredNorm() / (kMomentScale_m * kMomentScale_m);
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

  int iteration = 0;
  bool converged = false;
  double lambda = 0.0;  // Levenberg damping, used only when the Newton step fails
  for (; iteration <= options.max_iterations; ++iteration) {
    calc_patella_loads(model, loading, pose, ws, true);
    if (ws.residual.head<3>().norm() <= options.force_tolerance_N &&
        ws.residual.tail<3>().norm() <= options.moment_tolerance_Nm) {
      converged = true;
      break;
    }
    if (iteration == options.max_iterations) break;
    const Eigen::Matrix<double, 6, 1> r0 = ws.residual;
    const double merit0 = merit(r0);
    Eigen::Matrix<double, 6, 6> J = ws.jacobian;
    if (lambda > 0.0) J.diagonal() -= lambda * J.diagonal().cwiseAbs().cwiseMax(1.0);
    Eigen::Matrix<double, 6, 1> delta = J.partialPivLu().solve(-r0);
    if (!delta.allFinite()) delta.setZero();
    // Step limits keep a cold start from jumping through the trochlea.
    const double limit = std::min({1.0, options.max_translation_step_m / std::max(delta.head<3>().norm(), 1e-300),
                                   options.max_rotation_step_rad / std::max(delta.tail<3>().norm(), 1e-300)});
    double scale = limit;
    bool accepted = false;
    for (int halving = 0; halving < 12; ++halving, scale *= 0.5) {
      const PatellaPose trial = step_pose(pose, delta, scale);
      calc_patella_loads(model, loading, trial, ws, false);
      if (merit(ws.residual) < merit0 * (1.0 - 1e-4 * scale) || merit(ws.residual) == 0.0) {
        pose = trial;
        accepted = true;
        break;
      }
    }
    if (accepted) {
      lambda *= 0.1;
      if (lambda < 1e-6) lambda = 0.0;
    } else {
      lambda = lambda == 0.0 ? 1e-3 : lambda * 10.0;
      if (lambda > 1e6) break;
    }
  }
  calc_patellofemoral_outputs(model, loading, pose, ws, result);
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
