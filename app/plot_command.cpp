// `kneeload plot RUN.h5 [RUN2.h5 ...] -o FIGURE.png [--signal NAME]` (DESIGN.md §5): one signal
// of several runs against % stance, as a PNG chart with legend, axis titles and units; and
// `kneeload plot SWEEP.h5 -o FIGURE.png [--metric NAME] [--param KEY] [--by KEY2]`: a summary
// metric of a sweep against one of its parameters (docs/viz.md). Every file is read before
// anything is drawn, so a missing or corrupt one leaves no figure behind.
#include "app/commands.hpp"
#include "app/note.hpp"
#include "app/output_file_check.hpp"
#include "io/hdf5_input.hpp"
#include "scenarios/run_result.hpp"
#include "solver/errors.hpp"
#ifdef KNEELOAD_WITH_VTK
#include "viz/run_signal.hpp"
#include "viz/run_signal_chart.hpp"
#include "viz/sweep_chart.hpp"
#endif

#include <H5Cpp.h>
#include <fmt/format.h>

#include <filesystem>
#include <memory>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

namespace kneeload::app {
namespace {

struct PlotOptions {
  std::vector<std::string> run_paths;  // [files] HDF5 run files, or one sweep file
  std::string output_path;             // PNG
  std::string signal = "pf_force_bw";  // viz::kDefaultPlotSignal
  std::string metric = "peak_pf_force_bw";  // viz::kDefaultSweepMetric
  std::string param;                   // sweep x axis key; empty = the sweep's first key
  std::string by;                      // sweep grid: one line per value; empty = second key
  bool signal_given = false;           // set from the command line, for the mixing checks
  bool sweep_options_given = false;    // --metric, --param or --by
};

// The sweep file among `paths` (then the only file), or empty for run files. InputError when
// run and sweep files are mixed, or more than one sweep is given.
std::string find_sweep_input(const std::vector<std::string>& paths) {
  std::vector<std::string> sweeps, runs;  // [files] of each kind
  for (const std::string& path : paths)
    (classify_results_file(path) == ResultsFileKind::sweep ? sweeps : runs).push_back(path);
  if (sweeps.empty()) return {};
  if (!runs.empty())
    throw InputError(fmt::format("plot draws run files or one sweep file, not both: '{}' is a "
                                 "sweep file, '{}' a run file",
                                 sweeps.front(), runs.front()));
  if (sweeps.size() > 1)
    throw InputError(fmt::format("plot draws one sweep file at a time: '{}' and '{}' are both "
                                 "sweep files",
                                 sweeps[0], sweeps[1]));
  return sweeps.front();
}

// InputError naming a file given twice (also as another path to the same file): its two curves
// would coincide and the legend would list it twice.
void check_no_repeated_file(const std::vector<std::string>& paths) {
  std::vector<std::filesystem::path> seen;  // [files] canonical where the file exists
  for (const std::string& path : paths) {
    std::error_code ec;
    std::filesystem::path canonical = std::filesystem::weakly_canonical(path, ec);
    if (ec) canonical = path;
    for (std::size_t i = 0; i < seen.size(); ++i)
      if (seen[i] == canonical)
        throw InputError(
            paths[i] == path
                ? fmt::format("'{}' is named twice: each file is drawn once; name it once", path)
                : fmt::format("'{}' and '{}' are the same file: each file is drawn once; name it "
                              "once",
                              paths[i], path));
    seen.push_back(std::move(canonical));
  }
}

void plot(const PlotOptions& options) {
  check_no_repeated_file(options.run_paths);
  const std::string sweep = find_sweep_input(options.run_paths);
  if (!sweep.empty() && options.signal_given)
    throw InputError(fmt::format("--signal names a run signal; '{}' is a sweep file: choose its "
                                 "metric with --metric and its axes with --param and --by",
                                 sweep));
  if (sweep.empty() && options.sweep_options_given)
    throw InputError(fmt::format("--metric, --param and --by apply to a sweep file; '{}' is a "
                                 "run file: choose its signal with --signal",
                                 options.run_paths.front()));
  check_output_file("-o", options.output_path, options.run_paths);
#ifdef KNEELOAD_WITH_VTK
  if (sweep.empty())
    viz::write_run_signal_png(options.run_paths, options.signal, options.output_path);
  else
    viz::write_sweep_png(sweep, {options.metric, options.param, options.by}, options.output_path);
  print_note(stderr, fmt::format("wrote {}\n", options.output_path));
#else
  throw InputError("plot needs a build with VTK (cmake -DKNEELOAD_WITH_VTK=ON)");
#endif
}

std::string describe_signals() {
#ifdef KNEELOAD_WITH_VTK
  return fmt::format("Signal to plot (default pf_force_bw, the PF contact force in BW): {}",
                     fmt::join(viz::get_run_signal_names(), ", "));
#else
  return "Signal to plot (default pf_force_bw, the PF contact force in BW)";
#endif
}

}  // namespace

void add_plot_command(CLI::App& cli) {
  auto options = std::make_shared<PlotOptions>();
  CLI::App* command = cli.add_subcommand(
      "plot", "Chart of a signal of one or more runs against % stance (against time from "
              "contact when a run failed), or of a sweep's metric against a parameter, as PNG "
              "(needs an X display or xvfb-run -a)");
  command->add_option("runs", options->run_paths,
                      "Run files (HDF5, from kneeload run), or one sweep file (kneeload sweep)")
      ->required();
  command->add_option("-o,--output", options->output_path, "Figure to write (PNG)")
      ->required()
      ->check(CLI::Validator(
          [](std::string& path) -> std::string {  // the chart writer makes PNG only
            const std::string suffix = ".png";
            const bool png = path.size() > suffix.size() &&
                             path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0;
            return png ? "" : "the figure is a PNG: name it *.png";
          },
          "*.png"));
  CLI::Option* signal = command->add_option("--signal", options->signal, describe_signals());
  std::vector<std::string> metric_names;  // [14]
  for (const SummaryMetric& m : get_summary_metrics()) metric_names.push_back(m.name);
  CLI::Option* metric = command->add_option(
      "--metric", options->metric,
      fmt::format("Sweep file: the summary metric on the y axis (default peak_pf_force_bw): {}",
                  fmt::join(metric_names, ", ")));
  CLI::Option* param = command->add_option(
      "--param", options->param, "Sweep file: the parameter key on the x axis (default its first)");
  CLI::Option* by = command->add_option(
      "--by", options->by,
      "Sweep grid: one line per value of this key (default the second key); a sample (lhs, sobol) "
      "is drawn as points");
  command->callback([options, signal, metric, param, by] {
    options->signal_given = signal->count() > 0;
    options->sweep_options_given = metric->count() + param->count() + by->count() > 0;
    plot(*options);
  });
}

}  // namespace kneeload::app
