#pragma once
// Sharing the quadriceps moment table between legs compiled in one process. A table depends only
// on the mechanism's user inputs (Q-angle, patellar tendon slack scale), the loading (femoral
// rotation, brace force) and the quadriceps' force shares; a sweep over body mass, shoes or the
// other muscles' strength compiles many legs with the same table, and building it (≈ 500
// equilibrium solves, ≈ 8 ms) is a fifth of a level_run. The table is deterministic in its inputs,
// so a shared one is bit for bit the table a fresh build gives. Thread-safe.
#include "models/quadriceps_moment_table.hpp"

#include <functional>

namespace kneeload::models {

// Everything a table depends on beyond the fixed Lenhart 2015 geometry; compared exactly.
struct QuadricepsMomentTableKey {
  double q_angle_deg = 0.0;                       // deg
  double tendon_slack_scale = 1.0;                // (1)
  double femoral_internal_rotation_rad = 0.0;     // rad
  double brace_medial_force_N = 0.0;              // N
  std::array<double, kQuadricepsCount> force_share{};  // (1)
  bool operator==(const QuadricepsMomentTableKey& o) const;
};

// The table for `key`: from the process's cache when one was built for an equal key, otherwise
// `build()` (called without the cache's lock held, so threads build different tables at once)
// and kept. The cache holds the last kMomentTableCacheSize keys.
inline constexpr int kMomentTableCacheSize = 16;
QuadricepsMomentTable get_shared_quadriceps_moment_table(
    const QuadricepsMomentTableKey& key, const std::function<QuadricepsMomentTable()>& build);

// Number of tables built (not taken from the cache) since the process started, for tests.
int get_quadriceps_moment_table_build_count();

}  // namespace kneeload::models
