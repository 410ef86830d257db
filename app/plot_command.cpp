// `kneeload plot RUN.h5 [RUN2.h5 ...] -o FIGURE.png [--signal NAME]` (DESIGN.md §5): one signal
// of several runs against % stance, as a PNG chart with legend, axis titles and units. Every file
// is read before anything is drawn, so a missing or corrupt one leaves no figure behind.
#include "app/commands.hpp"
#include "solver/errors.hpp"
#ifdef KNEELOAD_WITH_VTK
#include "viz/run_signal.hpp"
#include "viz/run_signal_chart.hpp"
#endif

#include <fmt/format.h>

#include <memory>
#include <string>
#include <vector>

namespace kneeload::app {
namespace {

struct PlotOptions {
  std::vector<std::string> run_paths;  // [runs] HDF5 run files
  std::string output_path;             // PNG
  std::string signal = "pf_force_bw";  // viz::kDefaultPlotSignal
};

void plot_runs(const PlotOptions& options) {
#ifdef KNEELOAD_WITH_VTK
  viz::write_run_signal_png(options.run_paths, options.signal, options.output_path);
  fmt::print(stderr, "wrote {}\n", options.output_path);
#else
  (void)options;
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
      "plot", "Chart of a signal of one or more runs against % stance, as PNG (needs an X display "
              "or xvfb-run -a)");
  command->add_option("runs", options->run_paths, "Run files (HDF5, from kneeload run)")
      ->required();
  command->add_option("-o,--output", options->output_path, "Figure to write (PNG)")->required();
  command->add_option("--signal", options->signal, describe_signals());
  command->callback([options] { plot_runs(*options); });
}

}  // namespace kneeload::app
