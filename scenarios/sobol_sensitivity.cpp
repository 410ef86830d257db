// First-order (Saltelli et al. 2010, Comput Phys Commun 181:259, centred as Sobol' 2001, Math
// Comput Simul 55:271) and total (Jansen 1999, Comput Phys Commun 117:35) Sobol indices, with
// percentile bootstrap intervals (Efron & Tibshirani 1993).
#include "scenarios/sobol_sensitivity.hpp"

#include "scenarios/portable_random.hpp"
#include "solver/errors.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

namespace kneeload {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The metric of the used base rows, split by block.
struct SaltelliValues {
  Eigen::VectorXd a;   // [n] f(A)
  Eigen::VectorXd b;   // [n] f(B)
  Eigen::MatrixXd ab;  // [n × dims] f(AB_i)
};

// Indices over the base rows rows[0..n-1] (repeats allowed: a bootstrap resample). Writes
// first[dims], total[dims]; returns V (≤ 0 or NaN: the indices are NaN).
double calc_indices_of_rows(const SaltelliValues& f, const std::vector<int>& rows, double* mean,
                            double* first, double* total) {
  const double n = static_cast<double>(rows.size());
  // Two passes about a shift (one of the values): a constant metric gives exactly V = 0 and a
  // large mean loses no digits of V.
  const double shift = f.a[rows[0]];
  double sum = 0;
  for (const int r : rows) sum += (f.a[r] - shift) + (f.b[r] - shift);
  const double m = sum / (2 * n);
  double squares = 0;
  for (const int r : rows) {
    const double da = f.a[r] - shift - m, db = f.b[r] - shift - m;
    squares += da * da + db * db;
  }
  const double variance = squares / (2 * n);
  *mean = shift + m;
  for (Eigen::Index i = 0; i < f.ab.cols(); ++i) {
    double first_sum = 0, total_sum = 0;
    for (const int r : rows) {
      const double ab = f.ab(r, i);
      // Saltelli 2010, Table 2 (b), with f(B) taken about the mean (Sobol' 2001): the same index
      // in expectation, but the mean times the zero-mean sum of f(AB_i) - f(A) would add noise
      // that grows with the metric's mean (a PF force of 6 +- 1 BW).
      first_sum += (f.b[r] - *mean) * (ab - f.a[r]);
      total_sum += (f.a[r] - ab) * (f.a[r] - ab);  // Jansen 1999; Saltelli 2010, Table 2 (f)
    }
    const bool usable = variance > 0;
    first[i] = usable ? first_sum / n / variance : kNaN;
    total[i] = usable ? total_sum / (2 * n) / variance : kNaN;
  }
  return variance;
}

// Percentile of the finite values (linear interpolation between order statistics, Hyndman & Fan
// 1996 type 7); NaN if there are none. Sorts `values`.
double calc_percentile(std::vector<double>& values, double fraction) {
  values.erase(std::remove_if(values.begin(), values.end(),
                              [](double v) { return !std::isfinite(v); }),
               values.end());
  if (values.empty()) return kNaN;
  std::sort(values.begin(), values.end());
  const double position = fraction * static_cast<double>(values.size() - 1);
  const std::size_t below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min(below + 1, values.size() - 1);
  return values[below] + (position - below) * (values[above] - values[below]);
}

}  // namespace

SensitivityResult calc_sobol_indices(const Eigen::VectorXd& y, int n_base, int dims,
                                     int bootstrap_replicates, std::uint64_t seed) {
  if (n_base < 1 || dims < 1)
    throw InputError(fmt::format("Sobol indices: n_base = {} and dims = {} must be ≥ 1", n_base,
                                 dims));
  const Eigen::Index expected = static_cast<Eigen::Index>(n_base) * (dims + 2);
  if (y.size() != expected)
    throw InputError(fmt::format("Sobol indices: {} metric values, a Saltelli design of n_base "
                                 "{} and {} parameters has {}",
                                 y.size(), n_base, dims, expected));
  if (bootstrap_replicates < 0)
    throw InputError(fmt::format("Sobol indices: bootstrap replicates = {}; must be ≥ 0",
                                 bootstrap_replicates));

  // Keep the base rows whose every block ran (a failed run poisons its A/B/AB_i comparisons).
  std::vector<int> used;  // [n_used] base row indices j
  for (int j = 0; j < n_base; ++j) {
    bool finite = true;
    for (int block = 0; block < dims + 2; ++block)
      finite = finite && std::isfinite(y[static_cast<Eigen::Index>(block) * n_base + j]);
    if (finite) used.push_back(j);
  }
  const int n = static_cast<int>(used.size());
  if (n < 2)
    throw InputError(fmt::format("Sobol indices: {} of {} base rows have every run done; at "
                                 "least 2 are needed",
                                 n, n_base));

  SaltelliValues f{Eigen::VectorXd(n), Eigen::VectorXd(n), Eigen::MatrixXd(n, dims)};
  for (int k = 0; k < n; ++k) {
    const Eigen::Index j = used[k];
    f.a[k] = y[j];
    f.b[k] = y[n_base + j];
    for (int i = 0; i < dims; ++i) f.ab(k, i) = y[(2 + static_cast<Eigen::Index>(i)) * n_base + j];
  }

  SensitivityResult result;
  result.n_base = n_base;
  result.n_used = n;
  result.n_dropped = n_base - n;
  result.bootstrap_replicates = bootstrap_replicates;
  result.first_order.resize(dims);
  result.total.resize(dims);
  std::vector<int> rows(n);  // [n] resampled rows of f; first the identity (the point estimate)
  for (int k = 0; k < n; ++k) rows[k] = k;
  result.variance = calc_indices_of_rows(f, rows, &result.mean, result.first_order.data(),
                                         result.total.data());

  // Percentile bootstrap over base rows (Efron & Tibshirani 1993, ch. 13).
  Eigen::MatrixXd first_replicates(dims, bootstrap_replicates);  // [dims × R]
  Eigen::MatrixXd total_replicates(dims, bootstrap_replicates);  // [dims × R]
  std::mt19937_64 rng(seed);
  double replicate_mean = 0;
  for (int r = 0; r < bootstrap_replicates; ++r) {
    for (int& row : rows) row = static_cast<int>(draw_index_below(rng, n));
    calc_indices_of_rows(f, rows, &replicate_mean, first_replicates.col(r).data(),
                         total_replicates.col(r).data());
  }
  const double tail = (1 - result.confidence) / 2;
  result.first_order_low.resize(dims);
  result.first_order_high.resize(dims);
  result.total_low.resize(dims);
  result.total_high.resize(dims);
  std::vector<double> values(bootstrap_replicates);  // [R] one index over the replicates
  for (int i = 0; i < dims; ++i) {
    const auto percentiles = [&](const Eigen::MatrixXd& replicates, double* low, double* high) {
      for (int r = 0; r < bootstrap_replicates; ++r) values[r] = replicates(i, r);
      std::vector<double> copy = values;
      *low = calc_percentile(values, tail);
      *high = calc_percentile(copy, 1 - tail);
    };
    percentiles(first_replicates, &result.first_order_low[i], &result.first_order_high[i]);
    percentiles(total_replicates, &result.total_low[i], &result.total_high[i]);
  }
  return result;
}

}  // namespace kneeload
