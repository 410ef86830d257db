#pragma once
// Parameters: the resolved value of every registry key for one scenario (a plain value type).
// Built by io/config (defaults < TOML file < command-line overrides) and read by the scenarios.
// Values are in the registry's units (degrees in keys ending _deg; get_angle_rad converts).
#include "scenarios/parameter_registry.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace kneeload {

class Parameters {
 public:
  struct Entry {
    std::string key;
    ParameterKind kind = ParameterKind::number;
    double number = 0.0;  // kind == number, in the registry unit of `key`
    std::string choice;   // kind == choice
    bool operator==(const Entry& o) const {
      return key == o.key && kind == o.kind && number == o.number && choice == o.choice;
    }
  };

  // The registry defaults of `scenario` (checked: InputError if unknown). body.sex is the
  // registry default, so knee.q_angle_deg is the male default until resolve_sex_defaults runs.
  static Parameters make_defaults(std::string_view scenario,
                                  const ParameterRegistry& registry = get_parameter_registry());

  const std::string& get_scenario() const { return scenario_; }

  // Unknown key or wrong kind → InvariantError (the key was validated on input; asking for
  // another is a programming error).
  double get_number(std::string_view key) const;
  const std::string& get_choice(std::string_view key) const;
  // A key ending in _deg, converted to radians.
  double get_angle_rad(std::string_view key) const;

  // No range check here: io/config validates user input before it sets.
  void set_number(std::string_view key, double value);
  void set_choice(std::string_view key, std::string value);

  const std::vector<Entry>& get_entries() const { return entries_; }  // registry order

  bool operator==(const Parameters& o) const {
    return scenario_ == o.scenario_ && entries_ == o.entries_;
  }
  bool operator!=(const Parameters& o) const { return !(*this == o); }

 private:
  const Entry& get_entry(std::string_view key, ParameterKind kind) const;
  Entry& upd_entry(std::string_view key, ParameterKind kind);

  std::string scenario_;
  std::vector<Entry> entries_;  // one per registry key
};

// An entry's value as a reader takes it in: "15 deg", "× 0.5" (a multiple of nominal), "female",
// "1e-06" (a unitless number).
std::string format_value_with_unit(const Parameters::Entry& entry);

// The entries of `params` whose value differs from `reference`'s (e.g. the defaults), in registry
// order.
std::vector<Parameters::Entry> list_changed_entries(const Parameters& params,
                                                    const Parameters& reference);

}  // namespace kneeload
