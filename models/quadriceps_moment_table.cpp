#include "models/quadriceps_moment_table.hpp"

#include "models/patellofemoral_equilibrium.hpp"
#include "solver/errors.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace kneeload::models {
namespace {

constexpr double kDeg_rad = 3.14159265358979323846 / 180.0;  // rad per degree
constexpr double kKneeMin_rad = -10.0 * kDeg_rad;   // a little hyperextension, rad
constexpr double kKneeMax_rad = 130.0 * kDeg_rad;   // deep squat, rad
constexpr double kKneeStep_rad = 2.5 * kDeg_rad;    // rad
constexpr double kWalkStart_rad = 20.0 * kDeg_rad;   // where each force level's walk starts, rad
// Total quadriceps force of the levels, N: a relaxed quadriceps to all four fully active
// (Rajagopal's max isometric forces sum to ~12.3 kN). The lever arm changes by up to ~15 % over
// this range (tendon and cartilage strain), fastest at high force, so the levels are cubic in log
// force. Below ~300 N the patellofemoral ligaments' own moment M_lig (tens of newtons of tension
// beyond 60 deg, whatever the quadriceps force) adds M_lig / F to the lever arm: the low levels
// are dense (a factor 2-2.7 apart) to follow that 1/F rise.
constexpr std::array<double, kMomentTableForceLevels> kForceLevels_N = {
    15.0, 30.0, 60.0, 150.0, 400.0, 1500.0, 4000.0, 7500.0, 12000.0};

}  // namespace

QuadricepsMomentTable build_quadriceps_moment_table(
    const PatellofemoralModel& model, const PatellofemoralLoading& loading,
    const std::array<double, kQuadricepsCount>& force_share) {
  const auto t0 = std::chrono::steady_clock::now();
  QuadricepsMomentTable table;
  table.knee_min_rad = kKneeMin_rad;
  table.knee_step_rad = kKneeStep_rad;
  table.n_knee = static_cast<int>(std::lround((kKneeMax_rad - kKneeMin_rad) / kKneeStep_rad)) + 1;
  table.force_N = kForceLevels_N;
  for (int j = 0; j < kMomentTableForceLevels; ++j) table.log_force[j] = std::log(kForceLevels_N[j]);
  const int n = table.n_knee;
  table.lever_arm_m.assign(kMomentTableForceLevels * n, 0.0);
  table.slope_m_per_rad.assign(kMomentTableForceLevels * n, 0.0);

  PatellofemoralWorkspace ws(model);
  PatellofemoralResult result;
  EquilibriumOptions options;
  options.predict_from_history = true;  // the grid is a smooth path in knee angle
  // Residuals of 1e-4 N and 1e-6 N m (10 mm x 1e-4 N) move the lever arm by < 1e-6 relative at
  // 50 N, far below the interpolation error, and save a Newton step per solve.
  options.force_tolerance_N = 1e-4;
  options.moment_tolerance_Nm = 1e-6;
  PatellofemoralLoading load = loading;
  // Each force level is walked from a well-held posture (kWalkStart) up to the deepest flexion,
  // then down into hyperextension, every solve warm-started from its neighbour: extreme corners
  // (12 kN at -10 deg with a rotated trochlea) converge from there, not from a cold start.
  const int k_start = static_cast<int>(std::lround((kWalkStart_rad - kKneeMin_rad) / kKneeStep_rad));
  for (int j = 0; j < kMomentTableForceLevels; ++j) {
    for (int i = 0; i < kQuadricepsCount; ++i)
      load.muscle_force_N[i] = force_share[i] * kForceLevels_N[j];
    double* lever = &table.lever_arm_m[j * n];
    PatellaPose start_pose = calc_initial_patella_pose(model, kKneeMin_rad + k_start * kKneeStep_rad);
    for (const int direction : {+1, -1}) {
      ws.history.count = 0;  // a new path: do not extrapolate from another path's poses
      PatellaPose pose = start_pose;
      for (int k = direction > 0 ? k_start : k_start - 1; k >= 0 && k < n; k += direction) {
        load.knee_flexion_rad = kKneeMin_rad + k * kKneeStep_rad;
        try {
          solve_patellofemoral_equilibrium(model, load, pose, ws, result, options);
        } catch (const NumericalError&) {  // retry once from the cold start at this angle
          pose = calc_initial_patella_pose(model, load.knee_flexion_rad);
          ws.history.count = 0;
          try {
            solve_patellofemoral_equilibrium(model, load, pose, ws, result, options);
          } catch (const NumericalError&) {
            // No equilibrium found at this node: keep the neighbour's lever arm (counted).
            lever[k] = lever[k - direction];
            table.copied_nodes.push_back(j * n + k);
            pose = calc_initial_patella_pose(model, load.knee_flexion_rad);
            ws.history.count = 0;
            continue;
          }
        }
        if (k == k_start) start_pose = pose;
        lever[k] = result.knee_extension_moment_Nm / result.quadriceps_force_N;
      }
    }
    // Hermite slopes: central differences inside, second-order one-sided at the ends.
    double* slope = &table.slope_m_per_rad[j * n];
    const double h = kKneeStep_rad;
    for (int k = 1; k + 1 < n; ++k) slope[k] = (lever[k + 1] - lever[k - 1]) / (2.0 * h);
    slope[0] = (-3.0 * lever[0] + 4.0 * lever[1] - lever[2]) / (2.0 * h);
    slope[n - 1] = (3.0 * lever[n - 1] - 4.0 * lever[n - 2] + lever[n - 3]) / (2.0 * h);
  }
  table.build_time_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  return table;
}

double calc_quadriceps_lever_arm_m(const QuadricepsMomentTable& table, double knee_flexion_rad,
                                   double quadriceps_N) {
  KNEELOAD_CHECK(table.n_knee >= 3, "quadriceps moment table has {} knee angles", table.n_knee);
  // Knee: cell and local coordinate s in [0, 1], clamped to the grid.
  const double u = std::clamp((knee_flexion_rad - table.knee_min_rad) / table.knee_step_rad, 0.0,
                              static_cast<double>(table.n_knee - 1));
  const int k = std::min(static_cast<int>(u), table.n_knee - 2);
  const double s = u - k, s2 = s * s, s3 = s2 * s;
  const double h00 = 2 * s3 - 3 * s2 + 1, h10 = s3 - 2 * s2 + s, h01 = -2 * s3 + 3 * s2,
               h11 = s3 - s2;
  const double h = table.knee_step_rad;
  auto at_level = [&](int j) {
    const double* y = &table.lever_arm_m[j * table.n_knee + k];
    const double* m = &table.slope_m_per_rad[j * table.n_knee + k];
    return h00 * y[0] + h * h10 * m[0] + h01 * y[1] + h * h11 * m[1];
  };
  // Force: cubic Hermite in log force between levels (slopes: three-point differences on the
  // uneven levels, the secant at the ends), clamped to the first and last level.
  constexpr int L = kMomentTableForceLevels;
  const std::array<double, L>& x = table.log_force;
  const double log_f = std::log(std::max(quadriceps_N, table.force_N.front()));
  if (log_f >= x[L - 1]) return at_level(L - 1);
  int j = 0;
  while (log_f > x[j + 1]) ++j;
  const int first = std::max(j - 1, 0), last = std::min(j + 2, L - 1);
  std::array<double, L> v{};  // [L] lever arm at this knee angle per level, m (first..last only)
  for (int i = first; i <= last; ++i) v[i] = at_level(i);
  auto slope = [&](int i) {  // d lever / d log force at level i, m
    if (i == 0 || i == L - 1) {
      const int a = i == 0 ? 0 : L - 2;
      return (v[a + 1] - v[a]) / (x[a + 1] - x[a]);
    }
    const double h0 = x[i] - x[i - 1], h1 = x[i + 1] - x[i];
    return (h0 * h0 * (v[i + 1] - v[i]) + h1 * h1 * (v[i] - v[i - 1])) / (h0 * h1 * (h0 + h1));
  };
  const double dx = x[j + 1] - x[j], t = (log_f - x[j]) / dx, t2 = t * t, t3 = t2 * t;
  return (2 * t3 - 3 * t2 + 1) * v[j] + (t3 - 2 * t2 + t) * dx * slope(j) +
         (-2 * t3 + 3 * t2) * v[j + 1] + (t3 - t2) * dx * slope(j + 1);
}

}  // namespace kneeload::models
