#include "scenarios/parameter_values.hpp"

#include "scenarios/scenario_names.hpp"
#include "solver/errors.hpp"

#include <fmt/format.h>

#include <cmath>

namespace kneeload {
namespace {
constexpr double kPi = 3.14159265358979323846;

const char* kind_name(ParameterKind kind) {
  return kind == ParameterKind::number ? "number" : "choice";
}
}  // namespace

Parameters Parameters::make_defaults(std::string_view scenario, const ParameterRegistry& registry) {
  check_scenario_name(scenario);
  Parameters p;
  p.scenario_ = std::string(scenario);
  for (const ParameterSpec& base : registry.get_specs()) {
    const ParameterSpec spec = calc_scenario_spec(base, scenario);
    Entry e;
    e.key = spec.key;
    e.kind = spec.kind;
    if (spec.kind == ParameterKind::number)
      e.number = spec.default_value;
    else
      e.choice = spec.default_choice;
    p.entries_.push_back(std::move(e));
  }
  return p;
}

const Parameters::Entry& Parameters::get_entry(std::string_view key, ParameterKind kind) const {
  for (const Entry& e : entries_) {
    if (e.key != key) continue;
    KNEELOAD_CHECK(e.kind == kind, "parameter '{}' is a {}, asked for a {}", key, kind_name(e.kind),
                   kind_name(kind));
    return e;
  }
  KNEELOAD_CHECK(false, "no parameter '{}' (scenario '{}')", key, scenario_);
  return entries_.front();  // not reached
}

Parameters::Entry& Parameters::upd_entry(std::string_view key, ParameterKind kind) {
  return const_cast<Entry&>(get_entry(key, kind));
}

double Parameters::get_number(std::string_view key) const {
  return get_entry(key, ParameterKind::number).number;
}

const std::string& Parameters::get_choice(std::string_view key) const {
  return get_entry(key, ParameterKind::choice).choice;
}

double Parameters::get_angle_rad(std::string_view key) const {
  KNEELOAD_CHECK(key.size() > 4 && key.substr(key.size() - 4) == "_deg",
                 "get_angle_rad('{}'): key does not end in _deg", key);
  return get_number(key) * (kPi / 180.0);
}

void Parameters::set_number(std::string_view key, double value) {
  upd_entry(key, ParameterKind::number).number = value;
}

void Parameters::set_choice(std::string_view key, std::string value) {
  upd_entry(key, ParameterKind::choice).choice = std::move(value);
}

std::string format_value_with_unit(const Parameters::Entry& entry) {
  if (entry.kind != ParameterKind::number) return entry.choice;
  const ParameterSpec* spec = get_parameter_registry().find(entry.key);
  const std::string unit = spec != nullptr ? spec->unit : std::string();
  if (unit == "x") return fmt::format("\u00d7 {:g}", entry.number);
  if (unit.empty() || unit == "-" || unit == "1") return fmt::format("{:g}", entry.number);
  return fmt::format("{:g} {}", entry.number, unit);
}

std::vector<Parameters::Entry> list_changed_entries(const Parameters& params,
                                                    const Parameters& reference) {
  const std::vector<Parameters::Entry>& given = params.get_entries();
  const std::vector<Parameters::Entry>& base = reference.get_entries();
  KNEELOAD_CHECK(given.size() == base.size(), "{} entries against {}", given.size(), base.size());
  std::vector<Parameters::Entry> changed;
  for (std::size_t i = 0; i < given.size(); ++i)
    if (!(given[i] == base[i])) changed.push_back(given[i]);
  return changed;
}

}  // namespace kneeload
