#include "scenarios/parameter_registry.hpp"

#include "scenarios/nearest_name.hpp"
#include "solver/errors.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

namespace kneeload {

ParameterSpec calc_scenario_spec(const ParameterSpec& spec, std::string_view scenario) {
  ParameterSpec result = spec;
  for (const ScenarioVariant& variant : spec.variants) {
    if (variant.scenario != scenario) continue;
    result.default_value = variant.default_value;
    result.min_value = variant.min_value;
    result.max_value = variant.max_value;
    result.ignored = variant.ignored;
  }
  return result;
}

std::string format_number(double value) { return fmt::format("{}", value); }

std::string format_allowed(const ParameterSpec& spec) {
  if (spec.kind == ParameterKind::choice) return fmt::format("{}", fmt::join(spec.choices, "|"));
  return fmt::format("[{}, {}] {}", format_number(spec.min_value), format_number(spec.max_value),
                     spec.unit);
}

void ParameterRegistry::add(ParameterSpec spec) {
  KNEELOAD_CHECK(find(spec.key) == nullptr, "parameter '{}' registered twice", spec.key);
  KNEELOAD_CHECK(!is_table_prefix(spec.key), "parameter '{}' is also a table", spec.key);
  if (spec.kind == ParameterKind::number) {
    auto check_default = [&](double value, double lo, double hi, std::string_view where) {
      KNEELOAD_CHECK(lo <= value && value <= hi, "default {} of '{}' ({}) outside [{}, {}]", value,
                     spec.key, where, lo, hi);
    };
    check_default(spec.default_value, spec.min_value, spec.max_value, "all scenarios");
    if (spec.default_if_female)
      check_default(*spec.default_if_female, spec.min_value, spec.max_value, "female");
    for (const ScenarioVariant& v : spec.variants)
      check_default(v.default_value, v.min_value, v.max_value, v.scenario);
  } else {
    KNEELOAD_CHECK(std::find(spec.choices.begin(), spec.choices.end(), spec.default_choice) !=
                       spec.choices.end(),
                   "default '{}' of '{}' is not one of its choices", spec.default_choice, spec.key);
  }
  specs_.push_back(std::move(spec));
}

const ParameterSpec* ParameterRegistry::find(std::string_view key) const {
  for (const ParameterSpec& spec : specs_)
    if (spec.key == key) return &spec;
  return nullptr;
}

bool ParameterRegistry::is_table_prefix(std::string_view prefix) const {
  for (const ParameterSpec& spec : specs_) {
    const std::string_view key = spec.key;
    if (key.size() > prefix.size() && key.substr(0, prefix.size()) == prefix &&
        key[prefix.size()] == '.')
      return true;
  }
  return false;
}

std::string ParameterRegistry::calc_nearest_key(std::string_view key) const {
  std::vector<std::string> keys;
  for (const ParameterSpec& spec : specs_) keys.push_back(spec.key);
  return calc_nearest_name(key, keys);
}

const ParameterSpec& ParameterRegistry::get(std::string_view key) const {
  if (const ParameterSpec* spec = find(key)) return *spec;
  const std::string nearest = calc_nearest_key(key);
  const std::string hint = nearest.empty() ? "" : fmt::format("; did you mean '{}'?", nearest);
  throw InputError(fmt::format("unknown parameter '{}'{} (`kneeload params SCENARIO` lists them)",
                               key, hint));
}

}  // namespace kneeload
