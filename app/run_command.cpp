// `kneeload run SCENARIO [-c CONFIG.toml] [KEY=VALUE ...] -o OUT.h5 [--sto DIR]` (DESIGN.md §5):
// one scenario simulation, written to HDF5 (§6) and optionally as OpenSim .sto tables, with a
// short summary on stdout. A numerically failed run is still written (status "failed") and exits 2.
#include "app/commands.hpp"
#include "app/note.hpp"
#include "app/output_file_check.hpp"
#include "io/config.hpp"
#include "io/output_folder.hpp"
#include "io/run_file.hpp"
#include "io/sto_file.hpp"
#include "scenarios/control_flags.hpp"
#include "scenarios/scenario_names.hpp"
#include "scenarios/scenario_runner.hpp"
#include "solver/errors.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace kneeload::app {
namespace {

namespace fs = std::filesystem;

struct RunArguments {
  std::string scenario;
  std::string config_path;
  std::vector<std::string> overrides;
  std::string output_path;
  std::string sto_directory;
};

// The status line names the failure and the flags in a few words; each flag in full follows the
// numbers, one per line.
void print_run_summary(const RunResult& run) {
  const RunSummary& s = run.summary;
  const std::string failure = get_failure_before_flags(s.failure_reason);
  const std::string short_flags = shorten_control_flags(s.failure_reason);
  fmt::print("scenario {}: status {}{}{}\n", run.meta.scenario, s.status,
             failure.empty() ? "" : " (" + failure + ")",
             short_flags.empty() ? "" : ", flagged: " + short_flags);
  fmt::print("  peak PF force        {:8.0f} N   {:6.2f} BW at t = {:.3f} s\n", s.peak_pf_force_N,
             s.peak_pf_force_bw, s.time_of_peak_pf_s);
  fmt::print("  peak PF pressure     {:8.2f} MPa\n", s.peak_pf_pressure_MPa);
  fmt::print("  peak knee flexion    {:8.1f} deg\n", s.peak_knee_flexion_deg);
  fmt::print("  peak vertical GRF    {:8.2f} BW\n", s.peak_vgrf_bw);
  fmt::print("  peak knee ext. moment{:8.2f} N m/kg\n", s.peak_knee_extension_moment_Nm_per_kg);
  fmt::print("  stance time          {:8.3f} s, max tracking error {:.2f} deg\n", s.stance_time_s,
             s.max_tracking_error_deg);
  const std::vector<std::string> flags = list_control_flags(s.failure_reason);
  if (flags.empty()) return;
  fmt::print("  flags (docs/model/scenario_runner.md):\n");
  for (const std::string& flag : flags) fmt::print("    {}\n", flag);
}

int run_command(const RunArguments& a) {
  check_scenario_name(a.scenario);
  std::vector<std::string> notes;
  const Parameters params = resolve_parameters(a.scenario, a.config_path, a.overrides, &notes);
  // Both outputs are checked before the run: a bad path costs no simulation and leaves nothing.
  check_output_file("-o", a.output_path, {a.config_path});
  check_replaceable_by_run_file("-o", a.output_path);
  bool sto_folder_is_new = false;
  if (!a.sto_directory.empty()) {
    // Neither the folder nor one of its tables may take the results file's or the config's place.
    const auto same = [](const std::string& x, const std::string& y) {
      std::error_code error;
      return !y.empty() && fs::weakly_canonical(x, error) == fs::weakly_canonical(y, error);
    };
    if (same(a.sto_directory, a.output_path))
      throw InputError(fmt::format("--sto {}: is the results file's own path", a.sto_directory));
    for (const std::string& table : get_sto_file_paths(a.sto_directory))
      for (const std::string& other : {a.output_path, a.config_path})
        if (same(table, other))
          throw InputError(fmt::format("--sto {}: its table '{}' would replace '{}'",
                                       a.sto_directory, table, other));
    sto_folder_is_new = prepare_output_folder(a.sto_directory, "--sto");
  }
  // After the checks, so that an error stays the only line.
  for (const std::string& note : notes) print_note(stderr, "note: " + note + "\n");
  RunnerOptions options;
  options.kneeload_version = KNEELOAD_VERSION;
  RunResult run = run_scenario(a.scenario, params, options);
  run.meta.created_utc = get_current_utc_iso8601();
  run.meta.config_toml = format_parameters_toml(params);
  try {
    write_run_file(a.output_path, run);
    if (!a.sto_directory.empty()) write_sto_files(a.sto_directory, run);
  } catch (const InputError&) {
    std::error_code error;
    if (sto_folder_is_new) fs::remove(a.sto_directory, error);  // only if it stayed empty
    throw;
  }
  print_run_summary(run);
  return run.summary.status == "ok" ? 0 : 2;
}

}  // namespace

void add_run_command(CLI::App& cli) {
  CLI::App* command = cli.add_subcommand("run", "Simulate one scenario's stance and write HDF5");
  auto a = std::make_shared<RunArguments>();
  command->add_option("SCENARIO", a->scenario, "Scenario name (see `kneeload scenarios`)")
      ->required();
  command->add_option("overrides", a->overrides,
                      "KEY=VALUE parameter overrides (see `kneeload params SCENARIO`)");
  command->add_option("-c,--config", a->config_path, "TOML config file")->check(kNotEmpty);
  command->add_option("-o,--output", a->output_path, "Output HDF5 file")
      ->required()
      ->check(kNotEmpty);
  command->add_option("--sto", a->sto_directory,
                      "Also write OpenSim .sto tables into this folder (made if missing)")
      ->check(kNotEmpty);
  command->callback([a] {
    const int status = run_command(*a);
    if (status != 0) throw CommandFailure(status, "run failed numerically (results written)");
  });
}

}  // namespace kneeload::app
