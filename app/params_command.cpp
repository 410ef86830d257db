// `kneeload params SCENARIO`: the parameter table of one scenario (DESIGN.md §4): key, unit,
// default, allowed range and meaning, with that scenario's defaults; with --toml, the same as a
// config file to edit and pass to `kneeload run -c`.
#include "app/commands.hpp"
#include "io/config.hpp"
#include "scenarios/parameter_registry.hpp"
#include "scenarios/scenario_names.hpp"

#include <fmt/format.h>

#include <memory>
#include <string>

namespace kneeload::app {
namespace {

std::string format_default(const ParameterSpec& spec) {
  if (spec.kind == ParameterKind::choice) return spec.default_choice;
  std::string text = format_number(spec.default_value);
  if (spec.default_if_female)
    text += fmt::format(" (female {})", format_number(*spec.default_if_female));
  return text;
}

void print_parameter_table(const std::string& scenario) {
  check_scenario_name(scenario);
  fmt::print("# parameters of scenario {} (set in a TOML config or as KEY=VALUE)\n", scenario);
  fmt::print("{:<34} {:<10} {:<15} {:<18} {}\n", "key", "unit", "default", "range", "meaning");
  for (const ParameterSpec& base : get_parameter_registry().get_specs()) {
    const ParameterSpec spec = calc_scenario_spec(base, scenario);
    std::string range = format_allowed(spec);
    if (spec.kind == ParameterKind::number) {  // the unit has its own column
      range = fmt::format("{} .. {}", format_number(spec.min_value), format_number(spec.max_value));
    }
    const std::string meaning =
        spec.ignored ? fmt::format("(ignored in {}) {}", scenario, spec.meaning) : spec.meaning;
    fmt::print("{:<34} {:<10} {:<15} {:<18} {}\n", spec.key, spec.unit, format_default(spec),
               range, meaning);
  }
}

struct ParamsArguments {
  std::string scenario;
  bool toml = false;  // print a config file instead of the table
};

}  // namespace

void add_params_command(CLI::App& cli) {
  CLI::App* command =
      cli.add_subcommand("params", "List every parameter of a scenario: key, unit, default, range");
  auto a = std::make_shared<ParamsArguments>();
  command->add_option("SCENARIO", a->scenario, "Scenario name (see `kneeload scenarios`)")
      ->required();
  command->add_flag("--toml", a->toml,
                    "Print a config file instead (every key at its default, with comments) to "
                    "edit and pass to `kneeload run -c`");
  command->callback([a] {
    if (a->toml)
      fmt::print("{}", format_config_template(a->scenario));
    else
      print_parameter_table(a->scenario);
  });
}

}  // namespace kneeload::app
