#pragma once
// The registry of user parameters (DESIGN.md §4, contract): for every key its unit, meaning,
// default and allowed range or choices, with per-scenario variants where the default depends on
// the scenario. Values are in the user's units (degrees in keys ending _deg); consumers convert.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kneeload {

enum class ParameterKind { number, choice };

// A scenario in which a number parameter has another default or range (or is not used at all).
struct ScenarioVariant {
  std::string scenario;   // contract scenario name
  double default_value;   // in the parameter's unit
  double min_value;       // in the parameter's unit
  double max_value;       // in the parameter's unit
  bool ignored = false;   // the scenario does not read this key; it is kept for uniform configs
};

struct ParameterSpec {
  std::string key;      // dotted path, e.g. "body.mass_kg"
  std::string unit;     // "kg", "deg", "x" (multiple of nominal), "-" for choices
  std::string meaning;  // one line
  ParameterKind kind = ParameterKind::number;

  // kind == number
  double default_value = 0.0;                 // in `unit`
  double min_value = 0.0;                     // in `unit`, inclusive
  double max_value = 0.0;                     // in `unit`, inclusive
  std::optional<double> default_if_female;    // sex-dependent default (body.sex = female)
  std::vector<ScenarioVariant> variants;      // per-scenario default/range, size 0..5

  // kind == choice
  std::string default_choice;
  std::vector<std::string> choices;           // allowed values, size >= 1

  bool ignored = false;  // set by calc_scenario_spec when the scenario does not read the key
};

// A spec as it applies in one scenario: its variant (if any) replaces default and range.
ParameterSpec calc_scenario_spec(const ParameterSpec& spec, std::string_view scenario);

// "[30, 200] kg" or "male|female": the allowed values, for messages and tables.
std::string format_allowed(const ParameterSpec& spec);

// A number as the user would write it: shortest text that reads back to the same double.
std::string format_number(double value);

class ParameterRegistry {
 public:
  // Throws InvariantError on a duplicate key or an inconsistent spec (default out of range, ...).
  void add(ParameterSpec spec);

  // nullptr when the key is unknown.
  const ParameterSpec* find(std::string_view key) const;

  // Throws InputError naming the key and the nearest known key when it is unknown.
  const ParameterSpec& get(std::string_view key) const;

  // True if some key starts with `prefix` + "." (e.g. "muscle.strength").
  bool is_table_prefix(std::string_view prefix) const;

  // The known key closest to `key`, or empty.
  std::string calc_nearest_key(std::string_view key) const;

  const std::vector<ParameterSpec>& get_specs() const { return specs_; }  // in registration order

 private:
  std::vector<ParameterSpec> specs_;  // size = number of keys
};

// The built-in registry with every key of DESIGN.md §4 (filled in scenarios/parameters.cpp).
const ParameterRegistry& get_parameter_registry();

}  // namespace kneeload
