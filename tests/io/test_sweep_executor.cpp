// The sweep executor (scenarios/sweep_executor.hpp) with a stand-in for run_scenario, so the
// checks are about the orchestration alone: every run reaches the sink exactly once and on the
// calling thread; a run that fails numerically is a "failed" summary with its reason and the
// others go on; results do not depend on the thread count; a sink error stops the sweep.
#include "io/config.hpp"
#include "scenarios/sweep_executor.hpp"
#include "solver/errors.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <cmath>
#include <map>
#include <mutex>
#include <set>
#include <thread>

using namespace kneeload;

namespace {

// A stand-in run: its metrics depend on the mass only; mass 62 kg fails numerically, 63 kg
// returns a failed result with partial series (as run_scenario does).
RunResult fake_run(const std::string&, const Parameters& p, const RunnerOptions&) {
  const double mass_kg = p.get_number("body.mass_kg");
  if (mass_kg == 62.0) throw NumericalError("step-size underflow", 0.125);
  RunResult r;
  r.summary.peak_pf_force_N = std::sqrt(mass_kg) * 1000.0;  // N, any deterministic value
  r.summary.stance_time_s = 0.24;
  if (mass_kg == 63.0) {
    r.summary.status = "failed";
    r.summary.failure_reason = "non-finite output (at t = 0.2 s)";
  }
  return r;
}

Parameters make_parameters(int index) {
  return resolve_parameters("level_run", "", {"body.mass_kg=" + std::to_string(60 + index)});
}

std::map<int, RunSummary> run_all(int threads, int n) {
  SweepExecutorOptions options;
  options.threads = threads;
  options.run = fake_run;
  std::vector<int> indices;  // [n]
  for (int i = 0; i < n; ++i) indices.push_back(i);
  std::map<int, RunSummary> results;
  const std::thread::id caller = std::this_thread::get_id();
  int ticks = 0;
  execute_sweep_runs("level_run", indices, make_parameters, options,
                     [&](SweepRunOutput&& out) {
                       CHECK(std::this_thread::get_id() == caller);
                       CHECK(results.count(out.index) == 0);
                       CHECK(!out.series);  // not asked for
                       results[out.index] = out.summary;
                     },
                     [&] { ++ticks; });
  return results;
}

}  // namespace

TEST_CASE("sweep executor: each run once, on the caller's thread, failures recorded, the rest go on",
          "[sweep]") {
  const std::map<int, RunSummary> results = run_all(3, 7);
  REQUIRE(results.size() == 7);
  CHECK(results.at(2).status == "failed");  // threw NumericalError
  CHECK(results.at(2).failure_reason.find("step-size underflow") != std::string::npos);
  CHECK(results.at(2).failure_reason.find("0.125") != std::string::npos);  // its time
  CHECK(std::isnan(results.at(2).peak_pf_force_N));
  CHECK(results.at(3).status == "failed");  // returned failed
  CHECK(results.at(3).failure_reason == "non-finite output (at t = 0.2 s)");
  for (int i : {0, 1, 4, 5, 6}) {
    CHECK(results.at(i).status == "ok");
    CHECK(results.at(i).peak_pf_force_N == std::sqrt(60.0 + i) * 1000.0);
  }
}

TEST_CASE("sweep executor: results do not depend on the thread count", "[sweep]") {
  const std::map<int, RunSummary> one = run_all(1, 9), four = run_all(4, 9);
  for (int i = 0; i < 9; ++i) {
    CHECK(one.at(i).status == four.at(i).status);
    const double a = one.at(i).peak_pf_force_N, b = four.at(i).peak_pf_force_N;
    CHECK((a == b || (std::isnan(a) && std::isnan(b))));
  }
}

TEST_CASE("sweep executor: an error in the sink stops the sweep and is rethrown", "[sweep]") {
  SweepExecutorOptions options;
  options.threads = 2;
  options.run = fake_run;
  std::vector<int> indices(50);  // [50]
  for (int i = 0; i < 50; ++i) indices[size_t(i)] = i % 5;
  int received = 0;
  CHECK_THROWS_WITH(execute_sweep_runs("level_run", indices, make_parameters, options,
                                       [&](SweepRunOutput&&) {
                                         if (++received == 3) throw InputError("disk full");
                                       }),
                    "disk full");
  CHECK(received == 3);
}

TEST_CASE("sweep executor: after a stop request no run starts, and every run started reaches the "
          "sink (Ctrl-C keeps the runs under way)", "[sweep]") {
  std::mutex mutex;
  std::set<int> started;  // run indices, as the workers began them
  std::atomic<bool> stop{false};
  SweepExecutorOptions options;
  options.threads = 2;
  options.run = [&](const std::string& scenario, const Parameters& p, const RunnerOptions& o) {
    {
      std::lock_guard<std::mutex> lock(mutex);
      started.insert(int(p.get_number("body.mass_kg")) - 60);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // long enough to overlap
    return fake_run(scenario, p, o);
  };
  options.stop_requested = [&stop] { return stop.load(); };
  std::vector<int> indices(20);  // [20] distinct masses 60..79 kg
  for (int i = 0; i < 20; ++i) indices[size_t(i)] = i;
  std::set<int> received;
  REQUIRE_NOTHROW(execute_sweep_runs("level_run", indices, make_parameters, options,
                                     [&](SweepRunOutput&& output) {
                                       received.insert(output.index);
                                       stop = true;  // Ctrl-C after the first finished run
                                     }));
  CHECK(received == started);  // nothing started is lost
  CHECK(received.size() >= 1);
  CHECK(received.size() < 20);  // and the rest never began
}
