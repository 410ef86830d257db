#include "scenarios/scenario_names.hpp"

#include "scenarios/nearest_name.hpp"
#include "solver/errors.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace kneeload {

const std::vector<ScenarioInfo>& get_scenario_catalogue() {
  static const std::vector<ScenarioInfo> catalogue = {
      {"level_run", "running stance on flat ground, Hamner et al. 2010 stride (~2.7 m/s)"},
      {"downhill_run",
       "running stance down a plane at terrain.slope_deg (default -6 deg), level stride adapted"},
      {"stair_ascent", "stance of stair climbing, steps terrain.step_rise_m x terrain.step_tread_m"},
      {"stair_descent", "stance of stair descent, same stairs as stair_ascent"},
      {"level_walk", "walking stance on flat ground, Lenhart et al. 2015 overground trial"},
  };
  return catalogue;
}

std::vector<std::string> get_scenario_names() {
  std::vector<std::string> names;
  for (const ScenarioInfo& info : get_scenario_catalogue()) names.push_back(info.name);
  return names;
}

bool is_scenario_name(std::string_view name) {
  for (const ScenarioInfo& info : get_scenario_catalogue())
    if (info.name == name) return true;
  return false;
}

void check_scenario_name(std::string_view name) {
  if (is_scenario_name(name)) return;
  const std::vector<std::string> names = get_scenario_names();
  const std::string nearest = calc_nearest_name(name, names);
  const std::string hint = nearest.empty() ? "" : fmt::format(" (did you mean '{}'?)", nearest);
  throw InputError(fmt::format("unknown scenario '{}'{}; valid scenarios: {}", name, hint,
                               fmt::join(names, ", ")));
}

}  // namespace kneeload
