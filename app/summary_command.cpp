// `kneeload summary RUN.h5 [RUN2.h5 ...]`: one row per run with the numbers a newcomer asks for
// first — peak patellofemoral force in body weights and newtons, peak pressure, peak knee flexion,
// peak vertical ground force, the largest tracking error — and the run's status, why it failed
// if it did, and its control flags in a few words. `kneeload summary SWEEP.h5`: how many runs
// are done, failed and flagged, and each metric's range over the completed runs.
#include "app/commands.hpp"
#include "app/sweep_flag_line.hpp"
#include "io/hdf5_input.hpp"
#include "io/run_file.hpp"
#include "io/sweep_file.hpp"
#include "io/sweep_journal.hpp"
#include "scenarios/control_flags.hpp"
#include "solver/errors.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace kneeload::app {
namespace {

// What a reader of the table must know beside the numbers: why a failed run stopped (the reason
// before its flags, which names the time) and the flags in a few words.
std::string describe_problems(const RunSummary& summary, const std::string& short_flags) {
  std::string text = get_failure_before_flags(summary.failure_reason);
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
                                const std::string& tracking, const std::string& flags) {
    std::string line =
        fmt::format("{:<{}}  {:<14} {:<6} {:>8} {:>8} {:>9} {:>9} {:>9} {:>8}  {}", run,
                    path_width, scenario, status, pf_bw, pf_N, pressure, knee, grf, tracking,
                    flags);
    line.erase(line.find_last_not_of(' ') + 1);
    fmt::print("{}\n", line);
  };
  // The tracking error shows a motion that departed from its reference (a weak muscle, a rule
  // away from the trial's): no flag marks it (DESIGN §3.6 flags reserves and residuals).
  print_row("run", "scenario", "status", "PF force", "PF force", "pressure", "knee flex",
            "vert. GRF", "tracking", "flags / failure");
  print_row("", "", "", "BW", "N", "MPa", "deg", "BW", "deg", "");
  bool any_flag = false;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const RunSummary& s = runs[i].summary;
    const std::string flags = shorten_control_flags(s.failure_reason);
    any_flag = any_flag || !flags.empty();
    print_row(paths[i], runs[i].meta.scenario, s.status, fmt::format("{:.2f}", s.peak_pf_force_bw),
              fmt::format("{:.0f}", s.peak_pf_force_N),
              fmt::format("{:.1f}", s.peak_pf_pressure_MPa),
              fmt::format("{:.1f}", s.peak_knee_flexion_deg),
              fmt::format("{:.2f}", s.peak_vgrf_bw),
              fmt::format("{:.1f}", s.max_tracking_error_deg), describe_problems(s, flags));
  }
  fmt::print("tracking: the largest difference between a tracked angle (pelvis tilt, hip, knee,\n"
             "ankle) and its reference over the stance\n");
  if (any_flag)
    fmt::print(
        "flags: a reserve above 10 % of the joint's peak moment, a residual force above 5 % of\n"
        "the peak ground force, the stance foot unloaded while the trial loads it, a vertical\n"
        "ground force above 1.5 times the trial's peak (docs/model/scenario_runner.md), or the\n"
        "patellar cartilage compressed through to the bone (docs/model/patellofemoral.md); the\n"
        "numbers: `kneeload compare`, or failure_reason in the file's /summary\n");
}

// The median of sorted values (the mean of the middle two for an even count).
double calc_sorted_median(const std::vector<double>& sorted) {
  const std::size_t n = sorted.size();
  return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
}

// A running sweep holds its journals locked (one per MPI rank).
bool is_any_in_use(const std::vector<std::string>& journals) {
  return std::any_of(journals.begin(), journals.end(), is_sweep_journal_in_use);
}

void print_sweep_summary(const std::string& path) {
  const SweepTable table = read_sweep_table(path);
  const SweepFileMeta meta = read_sweep_file_meta(path);
  const int n = static_cast<int>(table.status.size());
  std::vector<int> ok_rows;
  int n_failed = 0;
  for (int i = 0; i < n; ++i) {
    n_failed += table.status[i] == sweep_failed;
    if (table.status[i] == sweep_ok) ok_rows.push_back(i);
  }
  const int n_ok = static_cast<int>(ok_rows.size());
  fmt::print("sweep {}: {} ({} over {}), {} runs: {} ok, {} failed, {} pending\n", path,
             meta.scenario, table.method, fmt::join(table.param_keys, ", "), n, n_ok, n_failed,
             n - n_ok - n_failed);
  // The file is a snapshot of a sweep still running or of one that stopped; its journals may
  // hold later runs.
  const std::vector<std::string> journals = find_sweep_journals(path);
  if (is_any_in_use(journals))
    fmt::print("still being written: a running kneeload sweep adds its runs to '{}'; this file "
               "shows those done at its last snapshot\n",
               journals.front());
  else if (!journals.empty())
    fmt::print("interrupted: the journal '{}' may hold runs this file does not show yet; finish "
               "with kneeload sweep SPEC -o {} --resume\n",
               journals.front(), path);
  fmt::print("{}", format_sweep_flag_line(table));
  if (n_ok == 0) return;
  fmt::print("{:<38} {:<7} {:>12} {:>12} {:>12}\n", "metric (over the ok runs)", "unit", "min",
             "median", "max");
  const std::vector<SummaryMetric>& metrics = get_summary_metrics();
  for (std::size_t m = 0; m < metrics.size(); ++m) {
    std::vector<double> values;
    for (int i : ok_rows) values.push_back(table.metrics(i, static_cast<Eigen::Index>(m)));
    std::sort(values.begin(), values.end());
    fmt::print("{:<38} {:<7} {:>12.6g} {:>12.6g} {:>12.6g}\n", metrics[m].name, metrics[m].unit,
               values.front(), calc_sorted_median(values), values.back());
  }
}

void print_summary(const std::vector<std::string>& paths) {
  std::vector<std::string> sweeps, runs;  // [files] of each kind
  for (const std::string& path : paths) {
    // A sweep before its first snapshot, or one whose file was removed, has only a journal.
    std::error_code error;
    if (std::filesystem::exists(path, error)) continue;
    const std::vector<std::string> journals = find_sweep_journals(path);
    if (journals.empty()) continue;
    if (is_any_in_use(journals))
      throw InputError(fmt::format("'{}' does not exist yet: a running kneeload sweep writes it "
                                   "(journal '{}'); try again after its first snapshot",
                                   path, journals.front()));
    throw InputError(fmt::format("'{}' does not exist, but its sweep journal '{}' does: kneeload "
                                 "sweep SPEC -o {} --resume writes it and runs the rest",
                                 path, journals.front(), path));
  }
  for (const std::string& path : paths)
    (classify_results_file(path) == ResultsFileKind::sweep ? sweeps : runs).push_back(path);
  if (sweeps.empty()) return print_summary_table(runs);
  if (!runs.empty() || sweeps.size() > 1)
    throw InputError(fmt::format("summary reads run files or one sweep file: '{}' is a sweep "
                                 "file, '{}' {}",
                                 sweeps.front(), runs.empty() ? sweeps[1] : runs.front(),
                                 runs.empty() ? "another sweep file" : "a run file"));
  print_sweep_summary(sweeps.front());
}

}  // namespace

void add_summary_command(CLI::App& cli) {
  CLI::App* command = cli.add_subcommand(
      "summary", "One row per run (peak PF force, pressure, knee flexion, vertical GRF, tracking "
                 "error, flags), or a sweep's counts and metric ranges");
  auto paths = std::make_shared<std::vector<std::string>>();
  command->add_option("RUN", *paths, "Runs (HDF5 results files), or one sweep file")->required();
  command->callback([paths] { print_summary(*paths); });
}

}  // namespace kneeload::app
