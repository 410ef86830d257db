#pragma once
// The quadriceps' knee extension lever arm of the patellofemoral mechanism, tabulated once per
// compiled leg so the right-hand side need not solve the patella's equilibrium (DESIGN.md §3.4;
// Lenhart et al. 2015, Ann Biomed Eng 43:2675, knee). The lever arm r = M_ext / F_quad (m) of
// solve_patellofemoral_equilibrium is tabulated on a knee-flexion grid (−10…130° every 2.5°) at
// nine total quadriceps forces (15, 30, 60, 150, 400, 1500, 4000, 7500, 12000 N), the force split
// among the four muscles in a fixed proportion (the leg's max isometric forces), together with
// each muscle's own lever arm there (for the splits the controller chooses). Lookup: cubic
// Hermite in knee angle (slopes by central differences) and in log force (three-point slopes);
// both clamped to the grid.
// docs/model/leg_model.md "Knee moment in the right-hand side" gives the error bound.
#include "models/patellofemoral_model.hpp"

#include <array>
#include <vector>

namespace kneeload::models {

inline constexpr int kMomentTableForceLevels = 9;

struct QuadricepsMomentTable {
  double knee_min_rad = 0.0;     // first grid angle, rad
  double knee_step_rad = 0.0;    // grid spacing, rad
  int n_knee = 0;                // grid angles
  // [kMomentTableForceLevels] total quadriceps force of each level, N, and its natural log
  std::array<double, kMomentTableForceLevels> force_N{};
  std::array<double, kMomentTableForceLevels> log_force{};
  std::vector<double> lever_arm_m;      // [kMomentTableForceLevels * n_knee] level-major, m
  std::vector<double> slope_m_per_rad;  // [kMomentTableForceLevels * n_knee] d lever / d knee, m/rad
  // Each muscle's own lever arm r_i (m) at the tabulated split s, same layout: r_i = M/F + d_i −
  // Σ s_m d_m with d_i = ∂M_ext/∂F_i, so that the knee moment of forces F_i in another split at
  // the same total is Σ r_i F_i to first order in the shares (the muscles pull along different
  // lines, so the split moves the patella and the lever arm).
  std::array<std::vector<double>, kQuadricepsCount> muscle_lever_arm_m;      // [4][levels * n_knee]
  std::array<std::vector<double>, kQuadricepsCount> muscle_slope_m_per_rad;  // [4][levels * n_knee]
  double build_time_ms = 0.0;           // wall time of build_quadriceps_moment_table, ms
  // Nodes (level-major indices) where no equilibrium was found: they hold the next lower level's
  // lever arms at their angle (on the lowest level, the nearest solved angle's). None at the
  // defaults, three at 12 kN in hyperextension at a pronation of 15 deg, most of the 12 kN level
  // at a Q-angle below ~5 deg.
  std::vector<int> copied_nodes;
};

// Solves the mechanism along the knee grid (warm-started from the previous angle) for each force
// level. `loading` supplies the femoral rotation and brace force (its knee angle and muscle forces
// are overwritten); `force_share` [4] (model.muscle_names order) sums to 1. NumericalError if a
// solve fails.
QuadricepsMomentTable build_quadriceps_moment_table(
    const PatellofemoralModel& model, const PatellofemoralLoading& loading,
    const std::array<double, kQuadricepsCount>& force_share);

// Knee extension lever arm (m) at this knee flexion (rad) and total quadriceps force (N, > 0),
// the force in the tabulated split. No allocation.
double calc_quadriceps_lever_arm_m(const QuadricepsMomentTable& table, double knee_flexion_rad,
                                   double quadriceps_N);

// Each muscle's lever arm r_i (m, model.muscle_names order) at this knee flexion (rad) and total
// quadriceps force (N, > 0): the knee extension moment of forces F_i is Σ r_i F_i. No allocation.
void calc_quadriceps_muscle_lever_arms_m(const QuadricepsMomentTable& table,
                                         double knee_flexion_rad, double quadriceps_N,
                                         std::array<double, kQuadricepsCount>& lever_arm_m);

}  // namespace kneeload::models
