#pragma once
// The five built-in scenarios (DESIGN.md §3.7, contract for names).
#include <string>
#include <string_view>
#include <vector>

namespace kneeload {

struct ScenarioInfo {
  std::string name;         // contract name, e.g. "level_run"
  std::string description;  // one line for `kneeload scenarios`
};

// All built-in scenarios in a fixed order; size 5.
const std::vector<ScenarioInfo>& get_scenario_catalogue();

// The contract names only, in catalogue order; size 5.
std::vector<std::string> get_scenario_names();

bool is_scenario_name(std::string_view name);

// Throws InputError naming `name`, listing the valid names and suggesting the closest one.
void check_scenario_name(std::string_view name);

}  // namespace kneeload
