#include "models/quadriceps_moment_table.hpp"

#include "models/patellofemoral_equilibrium.hpp"
#include "models/patellofemoral_loads.hpp"
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

// Hermite slopes along the knee grid: central differences inside, second-order one-sided at the ends.
void fill_knee_slopes(const double* y, int n, double* m) {
  const double h = kKneeStep_rad;
  for (int k = 1; k + 1 < n; ++k) m[k] = (y[k + 1] - y[k - 1]) / (2.0 * h);
  m[0] = (-3.0 * y[0] + 4.0 * y[1] - y[2]) / (2.0 * h);
  m[n - 1] = (3.0 * y[n - 1] - 4.0 * y[n - 2] + y[n - 3]) / (2.0 * h);
}

// The interpolation is linear in the tabulated values: weights on the two knee nodes of the cell
// (values and slopes) and on up to four force levels.
struct TableStencil {
  int k = 0;                          // knee cell: nodes k, k + 1
  double h00 = 0, h10 = 0, h01 = 0, h11 = 0;  // cubic Hermite basis in knee (h10, h11 × step)
  int first_level = 0, n_levels = 0;  // levels first_level .. first_level + n_levels - 1
  std::array<double, 4> level_weight{};  // [n_levels] (1)
};

TableStencil calc_table_stencil(const QuadricepsMomentTable& table, double knee_flexion_rad,
                                double quadriceps_N) {
  KNEELOAD_CHECK(table.n_knee >= 3, "quadriceps moment table has {} knee angles", table.n_knee);
  TableStencil st;
  // Knee: cell and local coordinate s in [0, 1], clamped to the grid.
  const double u = std::clamp((knee_flexion_rad - table.knee_min_rad) / table.knee_step_rad, 0.0,
                              static_cast<double>(table.n_knee - 1));
  st.k = std::min(static_cast<int>(u), table.n_knee - 2);
  const double s = u - st.k, s2 = s * s, s3 = s2 * s;
  st.h00 = 2 * s3 - 3 * s2 + 1;
  st.h10 = (s3 - 2 * s2 + s) * table.knee_step_rad;
  st.h01 = -2 * s3 + 3 * s2;
  st.h11 = (s3 - s2) * table.knee_step_rad;
  // Force: cubic Hermite in log force between levels j and j + 1, its slopes three-point
  // differences on the uneven levels (the secant at the ends), clamped to the first and last level.
  constexpr int L = kMomentTableForceLevels;
  const std::array<double, L>& x = table.log_force;
  const double log_f = std::log(std::max(quadriceps_N, table.force_N.front()));
  if (log_f >= x[L - 1]) {
    st.first_level = L - 1;
    st.n_levels = 1;
    st.level_weight[0] = 1.0;
    return st;
  }
  int j = 0;
  while (log_f > x[j + 1]) ++j;
  st.first_level = std::max(j - 1, 0);
  st.n_levels = std::min(j + 2, L - 1) - st.first_level + 1;
  auto add = [&](int level, double w) { st.level_weight[level - st.first_level] += w; };
  // slope(i) = Σ c·v over levels i − 1 .. i + 1, times `scale`, added to the weights.
  auto add_slope = [&](int i, double scale) {
    if (i == 0 || i == L - 1) {
      const int a = i == 0 ? 0 : L - 2;
      const double c = scale / (x[a + 1] - x[a]);
      add(a + 1, c);
      add(a, -c);
      return;
    }
    const double h0 = x[i] - x[i - 1], h1 = x[i + 1] - x[i], d = h0 * h1 * (h0 + h1);
    add(i + 1, scale * h0 * h0 / d);
    add(i, scale * (h1 * h1 - h0 * h0) / d);
    add(i - 1, -scale * h1 * h1 / d);
  };
  const double dx = x[j + 1] - x[j], t = (log_f - x[j]) / dx, t2 = t * t, t3 = t2 * t;
  add(j, 2 * t3 - 3 * t2 + 1);
  add(j + 1, -2 * t3 + 3 * t2);
  add_slope(j, (t3 - 2 * t2 + t) * dx);
  add_slope(j + 1, (t3 - t2) * dx);
  return st;
}

double apply_stencil(const TableStencil& st, int n_knee, const std::vector<double>& y,
                     const std::vector<double>& m) {
  double sum = 0.0;
  for (int l = 0; l < st.n_levels; ++l) {
    const int i = (st.first_level + l) * n_knee + st.k;
    sum += st.level_weight[l] *
           (st.h00 * y[i] + st.h10 * m[i] + st.h01 * y[i + 1] + st.h11 * m[i + 1]);
  }
  return sum;
}

// One equilibrium solve; false (instead of NumericalError) when it finds none.
bool solve_or_fail(const PatellofemoralModel& model, const PatellofemoralLoading& load,
                   PatellaPose& pose, PatellofemoralWorkspace& ws, PatellofemoralResult& result,
                   const EquilibriumOptions& options) {
  try {
    solve_patellofemoral_equilibrium(model, load, pose, ws, result, options);
    return true;
  } catch (const NumericalError&) {
    return false;
  }
}

// Node `to` takes node `from`'s lever arms (level-major indices).
void copy_node(QuadricepsMomentTable& table, int from, int to) {
  table.lever_arm_m[to] = table.lever_arm_m[from];
  for (auto& muscle : table.muscle_lever_arm_m) muscle[to] = muscle[from];
}

// The lowest level's nodes without equilibrium (all listed in copied_nodes so far) take the
// lever arms of the nearest solved angle on that level. NumericalError if none was solved.
void fill_unsolved_lowest_level(QuadricepsMomentTable& table) {
  const int n = table.n_knee;
  std::vector<bool> solved(n, true);  // [n_knee]
  for (const int node : table.copied_nodes) solved[node] = false;
  for (const int k : table.copied_nodes) {
    int nearest = -1;
    for (int d = 1; d < n && nearest < 0; ++d) {
      if (k - d >= 0 && solved[k - d]) nearest = k - d;
      else if (k + d < n && solved[k + d]) nearest = k + d;
    }
    if (nearest < 0)
      throw NumericalError(fmt::format("quadriceps moment table: no patella equilibrium at {} N "
                                       "of quadriceps at any knee angle", table.force_N[0]),
                           0.0);
    copy_node(table, nearest, k);
  }
}

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
  for (int i = 0; i < kQuadricepsCount; ++i) {
    table.muscle_lever_arm_m[i].assign(kMomentTableForceLevels * n, 0.0);
    table.muscle_slope_m_per_rad[i].assign(kMomentTableForceLevels * n, 0.0);
  }

  PatellofemoralWorkspace ws(model);
  PatellofemoralResult result;
  EquilibriumOptions options;
  options.predict_from_history = true;  // the grid is a smooth path in knee angle
  // Residuals of 1e-4 N and 1e-6 N m (10 mm x 1e-4 N) move the lever arm by < 1e-6 relative at
  // 50 N, far below the interpolation error, and save a Newton step per solve.
  options.force_tolerance_N = 1e-4;
  options.moment_tolerance_Nm = 1e-6;
  // A warm-started node converges in about 10 Newton iterations or fewer; a node without
  // equilibrium would spend 60 (each with up to 12 line-search evaluations), and as many in each
  // continuation stage. With 25 the default table is bit for bit the same, the one at a pronation
  // of 15 deg costs 116 M instructions instead of 182 M, and of 36 corner cases (pronation
  // -5/6/25 deg, Q-angle 0/14/35 deg, brace 0/150 N, vastus medialis x 0.2/2) 34 give the same
  // table, the other two one more node without equilibrium of 513.
  options.max_iterations = 25;
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
      bool cold = false;  // the last node found no equilibrium: start this one cold
      for (int k = direction > 0 ? k_start : k_start - 1; k >= 0 && k < n; k += direction) {
        load.knee_flexion_rad = kKneeMin_rad + k * kKneeStep_rad;
        if (cold) pose = calc_initial_patella_pose(model, load.knee_flexion_rad);
        cold = !solve_or_fail(model, load, pose, ws, result, options);
        if (cold) {
          // No equilibrium at this node: the next lower level's lever arms at this angle (the
          // lever arm changes little with force, much more with the angle); on the lowest level,
          // the nearest solved angle's, once the level is walked (below). Counted.
          table.copied_nodes.push_back(j * n + k);
          ws.history.count = 0;
          if (j > 0) copy_node(table, (j - 1) * n + k, j * n + k);
          continue;
        }
        if (k == k_start) start_pose = pose;
        lever[k] = result.knee_extension_moment_Nm / result.quadriceps_force_N;
        // Each muscle's lever arm r_i = M/F + d_i - sum_m s_m d_m, d_i = dM/dF_i at this
        // equilibrium: the moment of a split s + ds at the same total force F is
        // M + F sum_i d_i ds_i = F sum_i r_i (s_i + ds_i) to first order (sum_i ds_i = 0,
        // sum_i s_i r_i = M/F).
        std::array<double, kQuadricepsCount> d =
            calc_knee_moment_force_derivatives_m(model, load, pose, ws);
        // A singular Jacobian at the equilibrium (none met so far) would give no derivative: the
        // node then keeps one lever arm for all four muscles.
        if (!std::all_of(d.begin(), d.end(), [](double x) { return std::isfinite(x); })) d.fill(0.0);
        double split_mean_m = 0.0;  // sum_m s_m d_m, m
        for (int i = 0; i < kQuadricepsCount; ++i) split_mean_m += force_share[i] * d[i];
        for (int i = 0; i < kQuadricepsCount; ++i)
          table.muscle_lever_arm_m[i][j * n + k] = lever[k] + d[i] - split_mean_m;
      }
    }
    if (j == 0) fill_unsolved_lowest_level(table);
    fill_knee_slopes(lever, n, &table.slope_m_per_rad[j * n]);
    for (int i = 0; i < kQuadricepsCount; ++i)
      fill_knee_slopes(&table.muscle_lever_arm_m[i][j * n], n, &table.muscle_slope_m_per_rad[i][j * n]);
  }
  table.build_time_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  return table;
}

double calc_quadriceps_lever_arm_m(const QuadricepsMomentTable& table, double knee_flexion_rad,
                                   double quadriceps_N) {
  const TableStencil st = calc_table_stencil(table, knee_flexion_rad, quadriceps_N);
  return apply_stencil(st, table.n_knee, table.lever_arm_m, table.slope_m_per_rad);
}

void calc_quadriceps_muscle_lever_arms_m(const QuadricepsMomentTable& table,
                                         double knee_flexion_rad, double quadriceps_N,
                                         std::array<double, kQuadricepsCount>& lever_arm_m) {
  const TableStencil st = calc_table_stencil(table, knee_flexion_rad, quadriceps_N);
  for (int i = 0; i < kQuadricepsCount; ++i)
    lever_arm_m[i] = apply_stencil(st, table.n_knee, table.muscle_lever_arm_m[i],
                                   table.muscle_slope_m_per_rad[i]);
}

}  // namespace kneeload::models
