// `kneeload scenarios`: the five built-in scenario names (DESIGN.md §3.7) and what each simulates.
#include "app/commands.hpp"
#include "scenarios/scenario_names.hpp"

#include <fmt/format.h>

namespace kneeload::app {

void add_scenarios_command(CLI::App& cli) {
  CLI::App* command = cli.add_subcommand("scenarios", "List the built-in scenarios");
  command->callback([] {
    for (const ScenarioInfo& info : get_scenario_catalogue())
      fmt::print("{:<15} {}\n", info.name, info.description);
  });
}

}  // namespace kneeload::app
