// `kneeload bench [SCENARIO [KEY=VALUE ...]] [--repeats N]`: how long one run of a scenario takes
// on this machine
// (DESIGN.md §5, §8): the median over repeats of wall and CPU time per run, simulated time per
// CPU second, and the HDF5 write. Detailed per-function benchmarks live in bench/.
#include "app/commands.hpp"
#include "io/config.hpp"
#include "io/run_file.hpp"
#include "scenarios/scenario_names.hpp"
#include "scenarios/scenario_runner.hpp"
#include "solver/errors.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace kneeload::app {
namespace {

struct BenchArguments {
  std::string scenario = "level_run";
  std::vector<std::string> overrides;  // KEY=VALUE, as for `kneeload run`
  int repeats = 5;
};

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

void bench_command(const BenchArguments& a) {
  check_scenario_name(a.scenario);
  if (a.repeats < 1 || a.repeats > 1000)
    throw InputError(fmt::format("--repeats {}: must be in [1, 1000]", a.repeats));
  const Parameters params = resolve_parameters(a.scenario, "", a.overrides);
  RunnerOptions options;
  options.kneeload_version = KNEELOAD_VERSION;
  const std::string file = (std::filesystem::temp_directory_path() /
                            fmt::format("kneeload-bench-{}.h5", a.scenario))
                               .string();
  std::vector<double> wall_ms, cpu_ms, write_ms;  // [repeats]
  double simulated_s = 0.0;
  std::string status;
  for (int r = 0; r < a.repeats; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    const std::clock_t c0 = std::clock();
    RunResult run = run_scenario(a.scenario, params, options);
    const auto t1 = std::chrono::steady_clock::now();
    write_run_file(file, run);
    const auto t2 = std::chrono::steady_clock::now();
    const std::clock_t c2 = std::clock();
    wall_ms.push_back(std::chrono::duration<double, std::milli>(t2 - t0).count());
    cpu_ms.push_back(1e3 * double(c2 - c0) / CLOCKS_PER_SEC);
    write_ms.push_back(std::chrono::duration<double, std::milli>(t2 - t1).count());
    simulated_s = run.summary.stance_time_s;
    status = run.summary.status;
  }
  std::filesystem::remove(file);
  const double cpu = median(cpu_ms);
  fmt::print("scenario {}{}{} ({} repeats, status {}), medians per run:\n", a.scenario,
             a.overrides.empty() ? "" : " ", fmt::join(a.overrides, " "), a.repeats, status);
  fmt::print("  wall time        {:9.1f} ms\n", median(wall_ms));
  fmt::print("  CPU time         {:9.1f} ms   (DESIGN §8 target for level_run: 10 ms)\n", cpu);
  fmt::print("  HDF5 write       {:9.1f} ms\n", median(write_ms));
  fmt::print("  simulated stance {:9.3f} s    ({:.2f} s simulated per CPU second)\n", simulated_s,
             cpu > 0 ? 1e3 * simulated_s / cpu : 0.0);
}

}  // namespace

void add_bench_command(CLI::App& cli) {
  CLI::App* command =
      cli.add_subcommand("bench", "Time one scenario run (median of repeats) on this machine");
  auto a = std::make_shared<BenchArguments>();
  command->add_option("SCENARIO", a->scenario, "Scenario name (default level_run)");
  command->add_option("overrides", a->overrides,
                      "KEY=VALUE parameter overrides after the scenario, e.g. "
                      "kneeload bench level_run solver.stepper=ros34pw2");
  command->add_option("--repeats", a->repeats, "Number of runs (default 5)");
  command->callback([a] { bench_command(*a); });
}

}  // namespace kneeload::app
