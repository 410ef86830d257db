// Sweep throughput (DESIGN.md §8: ≥ 1.8× on 2 cores): runs per second of execute_sweep_runs on 1
// and 2 worker threads over the same level_run runs (body mass varied), median of repeated
// sweeps. Usage: bench_sweep [RUNS [REPEATS [KEY LOW HIGH]]] (default 8 runs, 3 repeats). With KEY
// the runs vary that parameter instead, never repeating a value (each run of a pronation or
// Q-angle sweep builds its own knee-moment table). Record the output in bench/RESULTS.md.
#include "bench/median_timing.hpp"
#include "io/config.hpp"
#include "scenarios/sweep_executor.hpp"

#include <fmt/format.h>

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

int main(int argc, char** argv) {
  const int n_runs = argc > 1 ? std::atoi(argv[1]) : 8;
  const int repeats = argc > 2 ? std::atoi(argv[2]) : 3;
  std::vector<int> indices;  // [n_runs]
  for (int i = 0; i < n_runs; ++i) indices.push_back(i);
  const std::string key = argc > 5 ? argv[3] : "";
  const double low = argc > 5 ? std::atof(argv[4]) : 0.0;   // KEY's range, registry unit
  const double high = argc > 5 ? std::atof(argv[5]) : 0.0;
  std::atomic<long> calls{0};
  const auto make_parameters = [&](int i) {
    if (!key.empty()) {  // the golden-ratio sequence: spread over [low, high], never repeated
      const double u = std::fmod(0.5 + 0.6180339887498949 * static_cast<double>(calls++), 1.0);
      return kneeload::resolve_parameters("level_run", "",
                                          {fmt::format("{}={}", key, low + (high - low) * u)});
    }
    const double mass_kg = 60.0 + 40.0 * i / std::max(1, n_runs - 1);  // kg
    return kneeload::resolve_parameters("level_run", "", {fmt::format("body.mass_kg={}", mass_kg)});
  };
  fmt::print("bench_sweep: {} level_run runs per sweep ({}), median of {} sweeps, {} hardware "
             "threads\n", n_runs, key.empty() ? "body.mass_kg 60-100" :
             fmt::format("{} {}-{}", key, low, high), repeats, std::thread::hardware_concurrency());
  double runs_per_s[3] = {0, 0, 0};  // [threads 1, 2]
  for (int threads = 1; threads <= 2; ++threads) {
    kneeload::SweepExecutorOptions options;
    options.threads = threads;
    int ok = 0;
    const kneeload::bench::Timing t = kneeload::bench::median_us_per_call(
        [&](int) {
          kneeload::execute_sweep_runs("level_run", indices, make_parameters, options,
                                       [&](kneeload::SweepRunOutput&& out) {
                                         ok += out.summary.status == "ok";
                                       });
        },
        1, repeats);
    runs_per_s[threads] = n_runs / (t.wall_us * 1e-6);
    // CPU/wall near the thread count: the threads really ran at once (a loaded machine lowers it).
    fmt::print("threads {}: {:.3f} s per sweep (wall median), {:.2f} runs/s, {:.1f} ms per run, "
               "CPU {:.1f} ms per run, CPU/wall {:.2f}, {} of {} runs ok\n",
               threads, t.wall_us * 1e-6, runs_per_s[threads], 1e3 / runs_per_s[threads],
               t.cpu_us * 1e-3 / n_runs, t.cpu_us / t.wall_us, ok / repeats, n_runs);
  }
  fmt::print("speed-up 2 threads / 1 thread: {:.2f}x (target >= 1.8x)\n",
             runs_per_s[2] / runs_per_s[1]);
  return 0;
}
