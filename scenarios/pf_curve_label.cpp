#include "scenarios/pf_curve_label.hpp"

#include "scenarios/pf_curve.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <vector>

namespace kneeload {
namespace {

struct ShortName {
  const char* key;
  const char* name;  // "" = the value alone (a choice that names itself: "female")
};

// Legend words of the keys pf-curve reads; a key not listed shows its last dotted part.
constexpr std::array<ShortName, 6> kShortNames = {{
    {"body.sex", ""},
    {"foot.pronation_deg", "pronation"},
    {"foot.orthotic_wedge_deg", "wedge"},
    {"brace.patellar_medial_force_N", "brace"},
    {"muscle.strength.quadriceps", "quadriceps"},
    {"muscle.strength.vastus_medialis", "vastus medialis"},
}};

std::string get_short_name(const std::string& key) {
  for (const ShortName& s : kShortNames)
    if (key == s.key) return s.name;
  return key.substr(key.rfind('.') + 1);
}

// "pronation 15 deg", "vastus medialis × 0.5", "female".
std::string describe_entry(const Parameters::Entry& entry) {
  const std::string name = get_short_name(entry.key);
  const std::string value = format_value_with_unit(entry);
  return name.empty() ? value : name + " " + value;
}

}  // namespace

PfCurveLabel make_pf_curve_label(const Parameters& params, const Parameters& defaults,
                                 double quad_force_N) {
  PfCurveLabel label;
  label.legend = fmt::format("model, Q {:g} deg, {:g} N", params.get_number("knee.q_angle_deg"),
                             quad_force_N);
  std::vector<std::string> parts;  // [keys set away from their defaults]
  const std::vector<std::string>& read = get_pf_curve_keys();
  for (const Parameters::Entry& entry : list_changed_entries(params, defaults))
    if (entry.key != "knee.q_angle_deg" &&
        std::find(read.begin(), read.end(), entry.key) != read.end())
      parts.push_back(describe_entry(entry));
  if (!parts.empty())
    label.subtitle = fmt::format("Model knee: {}", fmt::join(parts, ", "));
  return label;
}

}  // namespace kneeload
