// `kneeload sensitivity OUT.h5 --metric NAME [--bootstrap B] [--seed S]`: which swept parameter
// matters most for one summary metric of a Sobol sweep. First-order and total Sobol indices
// (Saltelli et al. 2010; Jansen 1999) with 95 % bootstrap intervals (docs/sensitivity.md).
#include "app/commands.hpp"
#include "io/sweep_file.hpp"
#include "scenarios/nearest_name.hpp"
#include "scenarios/sobol_sensitivity.hpp"
#include "solver/errors.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>

namespace kneeload::app {
namespace {

constexpr int kMaxBootstrapReplicates = 100000;

struct SensitivityOptions {
  std::string sweep_path;              // HDF5 sweep file (DESIGN.md §6)
  std::string metric;                  // one of the sweep's summary metrics
  int bootstrap_replicates = 1000;     // resamples behind each interval
  std::uint64_t seed = 1;              // of the bootstrap resampling
};

// Column of `metric` in the table; InputError naming the allowed metrics otherwise.
int find_metric_column(const SweepTable& table, const std::string& metric) {
  const auto found = std::find(table.metric_names.begin(), table.metric_names.end(), metric);
  if (found != table.metric_names.end())
    return static_cast<int>(found - table.metric_names.begin());
  const std::string nearest = calc_nearest_name(metric, table.metric_names);
  throw InputError(fmt::format("unknown metric '{}'{}; allowed: {}", metric,
                               nearest.empty() ? "" : " (did you mean '" + nearest + "'?)",
                               fmt::join(table.metric_names, ", ")));
}

// "0.314 [0.290, 0.338]", or "n/a" when the metric has no variance.
std::string format_index(double value, double low, double high) {
  if (!std::isfinite(value)) return "n/a";
  const auto number = [](double x) { return std::isfinite(x) ? fmt::format("{:.3f}", x) : "n/a"; };
  return fmt::format("{:.3f} [{}, {}]", value, number(low), number(high));
}

void print_sensitivity(const SensitivityOptions& options) {
  // Each replicate keeps its indices: a bound keeps a typo from asking for gigabytes.
  if (options.bootstrap_replicates < 0 || options.bootstrap_replicates > kMaxBootstrapReplicates)
    throw InputError(fmt::format("--bootstrap {} must be in [0, {}]", options.bootstrap_replicates,
                                 kMaxBootstrapReplicates));
  const SweepTable table = read_sweep_table(options.sweep_path);
  if (table.method != "sobol")
    throw InputError(fmt::format("sensitivity needs a [sample] method = \"sobol\" sweep; {} is a "
                                 "{} sweep",
                                 options.sweep_path, table.method));
  const int column = find_metric_column(table, options.metric);
  const int dims = static_cast<int>(table.param_keys.size());
  const long runs = static_cast<long>(table.n_base) * (dims + 2);
  if (table.n_base < 1 || dims < 1 || table.metrics.rows() != runs)
    throw InputError(fmt::format("{}: a Sobol sweep of n_base {} and {} parameters needs {} runs "
                                 "in Saltelli order; the file has {}",
                                 options.sweep_path, table.n_base, dims, runs,
                                 table.metrics.rows()));

  // Only finished runs count: a pending or failed run is NaN (its base row is then dropped).
  Eigen::VectorXd y = table.metrics.col(column);  // [runs]
  for (Eigen::Index r = 0; r < y.size(); ++r)
    if (table.status[r] != sweep_ok) y[r] = std::numeric_limits<double>::quiet_NaN();
  const SensitivityResult result =
      calc_sobol_indices(y, table.n_base, dims, options.bootstrap_replicates, options.seed);

  fmt::print("# {} in {}: Sobol sweep, {} parameters, N = {} base rows ({} runs)\n",
             options.metric, options.sweep_path, dims, table.n_base, runs);
  fmt::print("# S1 first-order index (Saltelli 2010, centred), ST total index (Jansen 1999); "
             "[95 % CI] "
             "percentile bootstrap, {} replicates, seed {}\n",
             options.bootstrap_replicates, options.seed);
  std::size_t key_width = 9;
  for (const std::string& key : table.param_keys) key_width = std::max(key_width, key.size());
  fmt::print("{:<{}}  {:<22}  {:<22}\n", "parameter", key_width, "S1 [95 % CI]", "ST [95 % CI]");
  for (int i = 0; i < dims; ++i)
    fmt::print("{:<{}}  {:<22}  {:<22}\n", table.param_keys[i], key_width,
               format_index(result.first_order[i], result.first_order_low[i],
                            result.first_order_high[i]),
               format_index(result.total[i], result.total_low[i], result.total_high[i]));
  fmt::print("n used {} of {} base rows, dropped {} (a failed or unfinished run in one of "
             "their {} blocks)\n",
             result.n_used, result.n_base, result.n_dropped, dims + 2);
  if (!(result.variance > 0)) {
    fmt::print("# {} does not vary over the used runs: no variance to apportion\n",
               options.metric);
    return;
  }
  // Indices lie in [0, 1]: an interval half as wide says N is too small to rank the parameters.
  double widest = 0.0;
  for (int i = 0; i < dims; ++i)
    widest = std::max({widest, result.first_order_high[i] - result.first_order_low[i],
                       result.total_high[i] - result.total_low[i]});
  if (options.bootstrap_replicates > 0 && widest > 0.5)
    fmt::print("# note: intervals up to {:.2f} wide: N = {} does not resolve these indices; they "
               "narrow as 1/sqrt(N) (docs/sensitivity.md)\n",
               widest, result.n_used);
}

}  // namespace

void add_sensitivity_command(CLI::App& cli) {
  auto options = std::make_shared<SensitivityOptions>();
  CLI::App* command = cli.add_subcommand(
      "sensitivity", "First-order and total Sobol indices of one metric of a Sobol sweep, with "
                     "95 % bootstrap intervals");
  command->add_option("sweep", options->sweep_path,
                      "Sweep file (HDF5, from kneeload sweep with [sample] method = \"sobol\")")
      ->required();
  command->add_option("--metric", options->metric,
                      "Summary metric to analyse, e.g. peak_pf_force_bw")
      ->required();
  command->add_option("--bootstrap", options->bootstrap_replicates,
                      "Bootstrap replicates for the intervals (default 1000; 0: none)");
  command->add_option("--seed", options->seed, "Seed of the bootstrap resampling (default 1)")
      ->check(CLI::Validator(
          [](std::string& text) -> std::string {  // CLI11 would wrap -1 and clamp 2^64
            const bool digits = !text.empty() && text.find_first_not_of("0123456789") == text.npos;
            errno = 0;
            if (digits) std::strtoull(text.c_str(), nullptr, 10);
            return digits && errno == 0 ? "" : "must be a whole number in [0, 2^64 - 1]";
          },
          "UINT64"));
  command->callback([options] { print_sensitivity(*options); });
}

}  // namespace kneeload::app
