// `kneeload compare A.h5 B.h5`: the summary metrics of two runs (DESIGN.md §6 /summary) side by
// side with their units, the change B − A and the change in % of A, after the parameters in
// which the two runs differ.
#include "app/commands.hpp"
#include "io/config.hpp"
#include "io/run_file.hpp"
#include "scenarios/control_flags.hpp"
#include "solver/errors.hpp"

#include <fmt/format.h>

#include <cmath>
#include <memory>
#include <string>

namespace kneeload::app {
namespace {

// The failure in full, the flags in a few words (`kneeload summary FILE` lists them in full).
std::string describe_run(const char* label, const std::string& path, const RunResult& run) {
  std::string text = fmt::format("# {} = {} (scenario {}, status {}", label, path,
                                 run.meta.scenario, run.summary.status);
  const std::string failure = get_failure_before_flags(run.summary.failure_reason);
  const std::string flags = shorten_control_flags(run.summary.failure_reason);
  if (!failure.empty()) text += ": " + failure;
  if (!flags.empty()) text += ", flagged: " + flags;
  return text + ")\n";
}

std::string format_value(const Parameters::Entry& entry) {
  return entry.kind == ParameterKind::number ? format_number(entry.number) : entry.choice;
}

// One line per parameter whose resolved value differs, from the configs stored in the runs.
void print_parameter_changes(const RunResult& a, const RunResult& b) {
  Parameters config_a, config_b;
  try {
    config_a = parse_resolved_toml(a.meta.config_toml, "A's config_toml");
    config_b = parse_resolved_toml(b.meta.config_toml, "B's config_toml");
  } catch (const InputError& e) {
    fmt::print("# parameters not compared: {}\n", e.what());
    return;
  }
  const std::vector<Parameters::Entry>& entries_a = config_a.get_entries();
  const std::vector<Parameters::Entry>& entries_b = config_b.get_entries();
  int changed = 0;
  for (std::size_t i = 0; i < entries_a.size() && i < entries_b.size(); ++i) {
    if (entries_a[i] == entries_b[i]) continue;
    const ParameterSpec* spec = get_parameter_registry().find(entries_a[i].key);
    const std::string unit = spec != nullptr && spec->unit != "-" ? " " + spec->unit : "";
    fmt::print("# parameter {}: A {}{}, B {}{}\n", entries_a[i].key, format_value(entries_a[i]),
               unit, format_value(entries_b[i]), unit);
    ++changed;
  }
  if (changed == 0) fmt::print("# parameters: the same in both runs\n");
}

// A failed run's metrics cover its stance only up to the failure.
void print_failure_note(const char* label, const RunResult& run) {
  if (run.summary.status != "ok")
    fmt::print("# note: {} {}: its metrics cover only the {:.3f} s simulated before it stopped\n",
               label, run.summary.status, run.summary.stance_time_s);
}

void print_comparison(const std::string& path_a, const std::string& path_b) {
  const RunResult a = read_run_file(path_a);
  const RunResult b = read_run_file(path_b);
  fmt::print("{}{}", describe_run("A", path_a, a), describe_run("B", path_b, b));
  print_parameter_changes(a, b);
  print_failure_note("A", a);
  print_failure_note("B", b);
  fmt::print("{:<38} {:<7} {:>12} {:>12} {:>12} {:>9}\n", "metric", "unit", "A", "B", "change",
             "change_%");
  for (const SummaryMetric& metric : get_summary_metrics()) {
    const double value_a = a.summary.*metric.member, value_b = b.summary.*metric.member;
    const double change = value_b - value_a;
    // % of A; undefined when A is zero or missing.
    const std::string percent = (std::isfinite(change) && value_a != 0)
                                    ? fmt::format("{:+.1f}", 100.0 * change / std::abs(value_a))
                                    : std::string("n/a");
    fmt::print("{:<38} {:<7} {:>12.6g} {:>12.6g} {:>+12.4g} {:>9}\n", metric.name, metric.unit,
               value_a, value_b, change, percent);
  }
}

}  // namespace

void add_compare_command(CLI::App& cli) {
  CLI::App* command =
      cli.add_subcommand("compare", "Table of the summary metrics of two runs and their change "
                                    "(more runs side by side: kneeload summary A.h5 B.h5 ...)");
  auto paths = std::make_shared<std::array<std::string, 2>>();
  command->add_option("A", (*paths)[0], "First run (HDF5 results file)")->required();
  command->add_option("B", (*paths)[1], "Second run (HDF5 results file)")->required();
  command->callback([paths] { print_comparison((*paths)[0], (*paths)[1]); });
}

}  // namespace kneeload::app
