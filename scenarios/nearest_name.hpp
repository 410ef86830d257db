#pragma once
// The known name closest to a misspelt one, so that an error can say "did you mean ...?".
#include <string>
#include <string_view>
#include <vector>

namespace kneeload {

// Edit (Levenshtein) distance between two strings, counted in characters.
int calc_edit_distance(std::string_view a, std::string_view b);

// `word` itself if it is a candidate; else the shortest candidate that begins with it (a name cut
// short, of 3 characters or more); else the candidate with the smallest edit distance to `word`;
// empty if `candidates` is empty or the best match differs in more than half of its characters
// (then a suggestion would only confuse).
std::string calc_nearest_name(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace kneeload
