// One warm-started patellofemoral equilibrium solve (models/patellofemoral_equilibrium): the
// knee angle steps by 0.1 deg from 0 to 120 deg at 1000 N of quadriceps force, each solve starting
// from the previous pose extrapolated by the solver's predictor (last three solutions). Prints the
// median wall and CPU time per solve over the sweep, repeated.
// `bench_patellofemoral --no-ligaments` leaves out the patellofemoral ligaments (lPFL, mPFL), for a
// before/after comparison in one binary.
// Measures only; results go to bench/RESULTS.md by hand. Target: 5 us per solve.
#include "models/knee_alignment.hpp"
#include "models/patellofemoral_equilibrium.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <ctime>
#include <vector>

int main(int argc, char** argv) {
  using namespace kneeload::models;
  PatellofemoralSpec spec = load_lenhart2015_patellofemoral_spec();
  if (argc > 1 && std::strcmp(argv[1], "--no-ligaments") == 0) spec.ligaments.clear();
  const PatellofemoralModel model = compile_patellofemoral_model(spec);
  PatellofemoralWorkspace ws(model);
  PatellofemoralLoading loading;
  const auto shares = calc_quadriceps_shares(model, 1.0, 1.0);
  for (int i = 0; i < kQuadricepsCount; ++i) loading.muscle_force_N[i] = 1000.0 * shares[i];
  PatellofemoralResult result;
  EquilibriumOptions options;
  options.predict_from_history = true;  // the knee angle path is monotonic
  const int steps = 1201;  // 0..120 deg by 0.1 deg
  std::vector<double> wall_us, cpu_us, iterations;
  for (int repeat = 0; repeat < 9; ++repeat) {
    PatellaPose pose = calc_initial_patella_pose(model, 0.0);
    ws.history = PatellaPoseHistory{};
    std::vector<double> per_solve_us;
    per_solve_us.reserve(steps);
    double its = 0.0;
    const std::clock_t c0 = std::clock();
    for (int k = 0; k < steps; ++k) {
      loading.knee_flexion_rad = k * 0.1 * 3.14159265358979323846 / 180.0;
      const auto t0 = std::chrono::steady_clock::now();
      solve_patellofemoral_equilibrium(model, loading, pose, ws, result, options);
      const auto t1 = std::chrono::steady_clock::now();
      per_solve_us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
      its += result.iterations;
    }
    cpu_us.push_back(1e6 * double(std::clock() - c0) / CLOCKS_PER_SEC / steps);
    std::nth_element(per_solve_us.begin(), per_solve_us.begin() + steps / 2, per_solve_us.end());
    wall_us.push_back(per_solve_us[steps / 2]);
    iterations.push_back(its / steps);
  }
  std::sort(wall_us.begin(), wall_us.end());
  std::sort(cpu_us.begin(), cpu_us.end());
  fmt::print("patches: {}, ligament bundles: {}\n", model.patches.size(), model.ligament_names.size());
  fmt::print("median wall per solve: {:.2f} us (range {:.2f}-{:.2f} over 9 sweeps)\n", wall_us[4],
             wall_us.front(), wall_us.back());
  fmt::print("mean CPU per solve: {:.2f} us (median sweep)\n", cpu_us[4]);
  fmt::print("mean Newton iterations per solve: {:.2f}\n", iterations[0]);
  return 0;
}
