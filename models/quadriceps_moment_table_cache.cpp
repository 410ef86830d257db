#include "models/quadriceps_moment_table_cache.hpp"

#include <atomic>
#include <deque>
#include <mutex>
#include <utility>

namespace kneeload::models {
namespace {

std::mutex g_mutex;  // guards g_tables
std::deque<std::pair<QuadricepsMomentTableKey, QuadricepsMomentTable>> g_tables;  // newest last
std::atomic<int> g_build_count{0};

}  // namespace

bool QuadricepsMomentTableKey::operator==(const QuadricepsMomentTableKey& o) const {
  return q_angle_deg == o.q_angle_deg && tendon_slack_scale == o.tendon_slack_scale &&
         femoral_internal_rotation_rad == o.femoral_internal_rotation_rad &&
         brace_medial_force_N == o.brace_medial_force_N && force_share == o.force_share;
}

QuadricepsMomentTable get_shared_quadriceps_moment_table(
    const QuadricepsMomentTableKey& key, const std::function<QuadricepsMomentTable()>& build) {
  {
    const std::lock_guard<std::mutex> lock(g_mutex);
    for (const auto& [k, table] : g_tables)
      if (k == key) return table;
  }
  QuadricepsMomentTable table = build();
  ++g_build_count;
  const std::lock_guard<std::mutex> lock(g_mutex);
  g_tables.emplace_back(key, table);
  if (static_cast<int>(g_tables.size()) > kMomentTableCacheSize) g_tables.pop_front();
  return table;
}

int get_quadriceps_moment_table_build_count() { return g_build_count.load(); }

}  // namespace kneeload::models
