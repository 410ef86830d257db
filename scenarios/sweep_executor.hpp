#pragma once
// Runs many independent scenario runs on worker threads and hands each finished run to a sink on
// the calling thread (docs/sweeps.md). No I/O here: the caller journals and writes files.
//
// Determinism: a run's numbers depend only on its Parameters, never on which thread ran it or
// when; only the order in which the sink sees runs varies with the thread count. Each run builds
// its own Model, State and Workspace inside run_scenario, so threads share nothing mutable.
#include "scenarios/parameter_values.hpp"
#include "scenarios/run_result.hpp"
#include "scenarios/scenario_runner.hpp"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace kneeload {

struct SweepRunOutput {
  int index = -1;                     // run index in the sweep
  RunSummary summary;                 // status "ok"/"failed", reason, the 14 metrics
  std::unique_ptr<RunResult> series;  // the whole result, only when series are wanted
};

// One run; run_scenario unless a test substitutes a stand-in (it must be thread-safe).
using SweepRunFunction =
    std::function<RunResult(const std::string&, const Parameters&, const RunnerOptions&)>;

struct SweepExecutorOptions {
  int threads = 0;            // worker threads; 0 = std::thread::hardware_concurrency()
  bool keep_series = false;   // pass each RunResult to the sink (else only the summary)
  double tick_period_s = 0.5; // s, the longest the calling thread waits before calling `tick`
  RunnerOptions runner;       // for every run
  SweepRunFunction run;       // empty = run_scenario
  // Asked by the workers before they start a run (thread-safe); once it says true no run starts,
  // the runs under way finish and reach the sink, and execute_sweep_runs returns (Ctrl-C).
  std::function<bool()> stop_requested;
};

// Makes run `index`'s parameters; called from worker threads, so it must be thread-safe.
using SweepParameterMaker = std::function<Parameters(int index)>;
// Receives each finished run, always on the calling thread.
using SweepSink = std::function<void(SweepRunOutput&& output)>;
// Called on the calling thread at least every tick_period_s while runs are going (progress,
// snapshots); may be empty.
using SweepTick = std::function<void()>;

// Runs `scenario` for every index in `indices` (in that order of start) and returns when all are
// handed to `sink`, or, after a stop request, all that were started. A run that fails
// numerically, or whose point is rejected by run_scenario, is a "failed" summary with its reason;
// the others go on. If the sink or tick throws, the workers stop after their current run and the
// exception is rethrown here.
void execute_sweep_runs(const std::string& scenario, const std::vector<int>& indices,
                        const SweepParameterMaker& make_parameters,
                        const SweepExecutorOptions& options, const SweepSink& sink,
                        const SweepTick& tick = {});

// The thread count execute_sweep_runs uses for `requested` (0 = hardware concurrency, at least 1).
int get_sweep_thread_count(int requested);

}  // namespace kneeload
