// Worker threads pull run indices from a shared counter and push finished runs into a small
// mutex-protected queue; the calling thread drains it into the sink. The queue is bounded (two
// runs per worker) so that a slow sink (a snapshot being written) holds back the workers instead
// of letting series pile up in memory.
#include "scenarios/sweep_executor.hpp"

#include "solver/errors.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <limits>
#include <mutex>
#include <thread>

namespace kneeload {
namespace {

// One run, never throwing for a per-run problem: the sweep records it and goes on.
SweepRunOutput run_one(const std::string& scenario, int index,
                       const SweepParameterMaker& make_parameters,
                       const SweepExecutorOptions& options) {
  SweepRunOutput output;
  output.index = index;
  try {
    const Parameters parameters = make_parameters(index);
    RunResult result = options.run ? options.run(scenario, parameters, options.runner)
                                   : run_scenario(scenario, parameters, options.runner);
    output.summary = result.summary;
    if (options.keep_series) output.series = std::make_unique<RunResult>(std::move(result));
    return output;
  } catch (const NumericalError& e) {
    output.summary.failure_reason = e.what();
  } catch (const InputError& e) {
    output.summary.failure_reason = fmt::format("rejected input: {}", e.what());
  } catch (const std::exception& e) {
    // A broken invariant in one run is a bug to report, but it must not lose the other runs.
    output.summary.failure_reason = fmt::format("internal error: {}", e.what());
  }
  // A failed run without series: every metric unknown.
  output.summary.status = "failed";
  for (const SummaryMetric& metric : get_summary_metrics())
    output.summary.*metric.member = std::numeric_limits<double>::quiet_NaN();
  return output;
}

}  // namespace

int get_sweep_thread_count(int requested) {
  if (requested > 0) return requested;
  return std::max(1, int(std::thread::hardware_concurrency()));
}

void execute_sweep_runs(const std::string& scenario, const std::vector<int>& indices,
                        const SweepParameterMaker& make_parameters,
                        const SweepExecutorOptions& options, const SweepSink& sink,
                        const SweepTick& tick) {
  const int n_runs = int(indices.size());
  if (n_runs == 0) return;
  const int n_threads = std::min(get_sweep_thread_count(options.threads), n_runs);
  const size_t queue_limit = size_t(2 * n_threads);  // runs waiting for the sink, at most

  std::mutex mutex;
  std::condition_variable queue_changed;       // a run was queued or a worker stopped
  std::condition_variable room_available;      // the sink took a run (or the sweep stops)
  std::deque<SweepRunOutput> queue;            // [≤ queue_limit]
  std::exception_ptr worker_error;             // an unexpected error in a worker (first one)
  std::atomic<int> next{0};                    // position in `indices` of the next run to start
  std::atomic<bool> stop{false};
  int running_workers = n_threads;

  auto work = [&]() {
    try {
      const auto stop_requested = [&options] {
        return options.stop_requested && options.stop_requested();
      };
      for (int k = next++; k < n_runs && !stop && !stop_requested(); k = next++) {
        SweepRunOutput output = run_one(scenario, indices[size_t(k)], make_parameters, options);
        std::unique_lock<std::mutex> lock(mutex);
        room_available.wait(lock, [&] { return queue.size() < queue_limit || stop; });
        if (stop) break;
        queue.push_back(std::move(output));
        queue_changed.notify_one();
      }
    } catch (...) {
      std::lock_guard<std::mutex> lock(mutex);
      if (!worker_error) worker_error = std::current_exception();
      stop = true;
      room_available.notify_all();
    }
    std::lock_guard<std::mutex> lock(mutex);
    --running_workers;
    queue_changed.notify_one();
  };

  std::vector<std::thread> workers;  // [n_threads]
  workers.reserve(size_t(n_threads));
  for (int t = 0; t < n_threads; ++t) workers.emplace_back(work);

  std::exception_ptr sink_error;
  const auto period = std::chrono::duration<double>(options.tick_period_s);
  auto last_tick = std::chrono::steady_clock::now();
  try {
    std::unique_lock<std::mutex> lock(mutex);
    while (true) {
      queue_changed.wait_for(lock, period, [&] { return !queue.empty() || running_workers == 0; });
      while (!queue.empty()) {
        SweepRunOutput output = std::move(queue.front());
        queue.pop_front();
        room_available.notify_one();
        lock.unlock();
        sink(std::move(output));
        lock.lock();
      }
      if (tick && std::chrono::steady_clock::now() - last_tick >= period) {
        lock.unlock();
        tick();
        last_tick = std::chrono::steady_clock::now();
        lock.lock();
      }
      if (running_workers == 0 && queue.empty()) break;
    }
  } catch (...) {
    sink_error = std::current_exception();
    std::lock_guard<std::mutex> lock(mutex);
    stop = true;
    room_available.notify_all();
  }
  for (std::thread& worker : workers) worker.join();
  if (sink_error) std::rethrow_exception(sink_error);
  if (worker_error) std::rethrow_exception(worker_error);
}

}  // namespace kneeload
