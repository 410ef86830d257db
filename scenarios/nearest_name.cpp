#include "scenarios/nearest_name.hpp"

#include <algorithm>
#include <limits>

namespace kneeload {

int calc_edit_distance(std::string_view a, std::string_view b) {
  // One row of the dynamic-programming table, size b.size() + 1 (called on input errors only).
  std::vector<int> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    int diagonal = row[0];
    row[0] = static_cast<int>(i);
    for (size_t j = 1; j <= b.size(); ++j) {
      const int above = row[j];
      const int substitution = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      row[j] = std::min({above + 1, row[j - 1] + 1, substitution});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string calc_nearest_name(std::string_view word, const std::vector<std::string>& candidates) {
  if (std::find(candidates.begin(), candidates.end(), word) != candidates.end())
    return std::string(word);
  // A name cut short ("peak_pf") means the shortest name it begins, whatever the edit distance;
  // one or two letters begin too many names to mean one.
  constexpr std::size_t kMinPrefix = 3;  // characters
  const std::string* shortest_extension = nullptr;
  for (const std::string& candidate : candidates)
    if (word.size() >= kMinPrefix && candidate.size() > word.size() &&
        candidate.rfind(word, 0) == 0 &&
        (shortest_extension == nullptr || candidate.size() < shortest_extension->size()))
      shortest_extension = &candidate;
  if (shortest_extension != nullptr) return *shortest_extension;
  int best_distance = std::numeric_limits<int>::max();
  const std::string* best = nullptr;
  for (const std::string& candidate : candidates) {
    const int d = calc_edit_distance(word, candidate);
    if (d < best_distance) {
      best_distance = d;
      best = &candidate;
    }
  }
  if (best == nullptr) return {};
  const size_t longer = std::max(word.size(), best->size());
  if (2 * static_cast<size_t>(best_distance) > longer) return {};
  return *best;
}

}  // namespace kneeload
