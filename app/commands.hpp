#pragma once
// Each `kneeload` command lives in its own file and registers itself on the top-level CLI11 app.
// A command's callback throws kneeload::InputError for bad input; main() prints one line and exits 1.
#include <CLI/CLI.hpp>

#include <stdexcept>
#include <string>

namespace kneeload::app {

// Commands are added here as they are built (DESIGN.md §5 lists the contract).

// A command that ends with its own exit status and one error line (a run that failed
// numerically: 2; bands missed: 1), thrown so that main() still checks what was written.
struct CommandFailure : std::runtime_error {
  CommandFailure(int status, const std::string& message)
      : std::runtime_error(message), exit_status(status) {}
  int exit_status;
};

// For options naming a file or folder: an empty value is an error, not the option left out.
inline const CLI::Validator kNotEmpty(
    [](std::string& value) { return value.empty() ? std::string("must not be empty") : ""; },
    "NOT EMPTY");

// `kneeload scenarios`: the built-in scenario names with one line each.
void add_scenarios_command(CLI::App& cli);
// `kneeload params SCENARIO`: every parameter with unit, default, range and meaning.
void add_params_command(CLI::App& cli);

// `kneeload pf-curve [KEY=VALUE ...] [--quad-force-N F]`: the PF mechanism vs knee flexion, CSV.
void add_pf_curve_command(CLI::App& cli);

// `kneeload compare A.h5 B.h5`: summary metrics of two runs, their change and % change.
void add_compare_command(CLI::App& cli);

// `kneeload summary RUN.h5 [RUN2.h5 ...]`: one row per run (peak PF force, pressure, knee flexion,
// vertical GRF, status and flags).
void add_summary_command(CLI::App& cli);

// `kneeload run SCENARIO [-c CONFIG.toml] [KEY=VALUE ...] -o OUT.h5 [--sto DIR]`.
void add_run_command(CLI::App& cli);
// `kneeload validate`: the model against the published bands of data/validation/.
void add_validate_command(CLI::App& cli);

// `kneeload plot RUN.h5 [RUN2.h5 ...] -o FIGURE.png [--signal NAME]`: a signal vs % stance, PNG.
void add_plot_command(CLI::App& cli);

// `kneeload render RUN.h5 -o DIR [--format png|ogv|pvd] [--fps N] [--size WxH] [--frame peak|all]`.
void add_render_command(CLI::App& cli);

// `kneeload sweep SWEEP.toml -o OUT.h5 [--threads N] [--resume] [--save-series]`: a parameter
// sweep on all cores (and MPI ranks), crash-safe, into one HDF5 file (docs/sweeps.md).
void add_sweep_command(CLI::App& cli);

// `kneeload sensitivity OUT.h5 --metric NAME [--bootstrap B]`: first-order and total Sobol
// indices of one metric of a Sobol sweep, with 95 % intervals (docs/sensitivity.md).
void add_sensitivity_command(CLI::App& cli);

// `kneeload bench [SCENARIO] [--repeats N]`: median wall and CPU time of one run.
void add_bench_command(CLI::App& cli);

}  // namespace kneeload::app
