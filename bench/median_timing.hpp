#pragma once
// Median time per call of a benchmarked function, by wall clock and by this process's CPU time.
// Wall time can include time the core spent on other processes; the CPU time does not.
#include <algorithm>
#include <chrono>
#include <ctime>
#include <vector>

namespace kneeload::bench {

struct Timing {
  double wall_us, cpu_us;  // medians over repetitions, per call, µs
};

// Calls call(k) for k = 0..calls_per_rep-1, `reps` times.
template <class F>
Timing median_us_per_call(F&& call, int calls_per_rep, int reps) {
  std::vector<double> wall_us, cpu_us;  // [reps]
  for (int r = 0; r < reps; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    const std::clock_t c0 = std::clock();
    for (int k = 0; k < calls_per_rep; ++k) call(k);
    const std::clock_t c1 = std::clock();
    const auto t1 = std::chrono::steady_clock::now();
    wall_us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count() / calls_per_rep);
    cpu_us.push_back(1e6 * double(c1 - c0) / CLOCKS_PER_SEC / calls_per_rep);
  }
  std::sort(wall_us.begin(), wall_us.end());
  std::sort(cpu_us.begin(), cpu_us.end());
  return {wall_us[reps / 2], cpu_us[reps / 2]};
}

}  // namespace kneeload::bench
