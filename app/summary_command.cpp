// `kneeload summary RUN.h5 [RUN2.h5 ...]`: one row per run with the numbers a newcomer asks for
// first — peak patellofemoral force in body weights and newtons, peak pressure, peak knee flexion,
// peak vertical ground force — and the run's status, why it failed if it did, and its control
// flags in a few words.
#include "app/commands.hpp"
#include "io/run_file.hpp"
#include "scenarios/control_flags.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

namespace kneeload::app {
namespace {

// What a reader of the table must know beside the numbers: why a failed run stopped (the reason
// before its flags, which names the time) and the flags in a few words.
std::string describe_problems(const RunSummary& summary, const std::string& short_flags) {
  std::string text;
  if (summary.status != "ok")
    text = summary.failure_reason.substr(0, summary.failure_reason.find("; flagged: "));
  if (!short_flags.empty()) text += (text.empty() ? "" : "; ") + short_flags;
  return text.empty() ? "-" : text;
}

void print_summary_table(const std::vector<std::string>& paths) {
  std::vector<RunResult> runs;
  for (const std::string& path : paths) runs.push_back(read_run_file(path));  // all read first
  std::size_t path_width = 3;
  for (const std::string& path : paths) path_width = std::max(path_width, path.size());
  auto print_row = [path_width](const std::string& run, const std::string& scenario,
                                const std::string& status, const std::string& pf_bw,
                                const std::string& pf_N, const std::string& pressure,
                                const std::string& knee, const std::string& grf,
                                const std::string& flags) {
    std::string line = fmt::format("{:<{}}  {:<14} {:<6} {:>8} {:>8} {:>9} {:>9} {:>9}  {}", run,
                                   path_width, scenario, status, pf_bw, pf_N, pressure, knee, grf,
                                   flags);
    line.erase(line.find_last_not_of(' ') + 1);
    fmt::print("{}\n", line);
  };
  print_row("run", "scenario", "status", "PF force", "PF force", "pressure", "knee flex",
            "vert. GRF", "flags / failure");
  print_row("", "", "", "BW", "N", "MPa", "deg", "BW", "");
  bool any_flag = false;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const RunSummary& s = runs[i].summary;
    const std::string flags = shorten_control_flags(s.failure_reason);
    any_flag = any_flag || !flags.empty();
    print_row(paths[i], runs[i].meta.scenario, s.status, fmt::format("{:.2f}", s.peak_pf_force_bw),
              fmt::format("{:.0f}", s.peak_pf_force_N),
              fmt::format("{:.1f}", s.peak_pf_pressure_MPa),
              fmt::format("{:.1f}", s.peak_knee_flexion_deg),
              fmt::format("{:.2f}", s.peak_vgrf_bw), describe_problems(s, flags));
  }
  if (any_flag)
    fmt::print(
        "flags: a reserve above 10 % of the joint's peak moment, a residual force above 5 % of\n"
        "the peak ground force, the stance foot unloaded while the trial loads it, a vertical\n"
        "ground force above 1.5 times the trial's peak (docs/model/scenario_runner.md), or the\n"
        "patellar cartilage compressed through to the bone (docs/model/patellofemoral.md); the\n"
        "numbers: `kneeload compare`, or failure_reason in the file's /summary\n");
}

}  // namespace

void add_summary_command(CLI::App& cli) {
  CLI::App* command = cli.add_subcommand(
      "summary", "One row per run: peak PF force, pressure, knee flexion, vertical GRF, flags");
  auto paths = std::make_shared<std::vector<std::string>>();
  command->add_option("RUN", *paths, "Runs (HDF5 results files)")->required();
  command->callback([paths] { print_summary_table(*paths); });
}

}  // namespace kneeload::app
