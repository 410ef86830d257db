#pragma once
// Each `kneeload` command lives in its own file and registers itself on the top-level CLI11 app.
// A command's callback throws kneeload::InputError for bad input; main() prints one line and exits 1.
#include <CLI/CLI.hpp>

namespace kneeload::app {

// Commands are added here as they are built (DESIGN.md §5 lists the contract).

// `kneeload scenarios`: the built-in scenario names with one line each.
void add_scenarios_command(CLI::App& cli);
// `kneeload params SCENARIO`: every parameter with unit, default, range and meaning.
void add_params_command(CLI::App& cli);

// `kneeload pf-curve [KEY=VALUE ...] [--quad-force-N F]`: the PF mechanism vs knee flexion, CSV.
void add_pf_curve_command(CLI::App& cli);

// `kneeload compare A.h5 B.h5`: summary metrics of two runs, their change and % change.
void add_compare_command(CLI::App& cli);

// `kneeload run SCENARIO [-c CONFIG.toml] [KEY=VALUE ...] -o OUT.h5 [--sto DIR]`.
void add_run_command(CLI::App& cli);
// `kneeload validate`: the model against the published bands of data/validation/.
void add_validate_command(CLI::App& cli);

// `kneeload plot RUN.h5 [RUN2.h5 ...] -o FIGURE.png [--signal NAME]`: a signal vs % stance, PNG.
void add_plot_command(CLI::App& cli);

}  // namespace kneeload::app
