// Latin hypercube, Sobol points, Saltelli's A/B/AB_i design and range scaling
// (McKay et al. 1979; Joe & Kuo 2008; Saltelli et al. 2010).
#include "scenarios/sample_design.hpp"

#include "scenarios/portable_random.hpp"
#include "scenarios/sobol_sequence.hpp"
#include "solver/errors.hpp"

#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <utility>
#include <vector>

namespace kneeload {
namespace {

void require_size(const char* design, const char* what, long value, long max_value) {
  if (value < 1 || value > max_value)
    throw InputError(fmt::format("{}: {} = {} is outside the allowed range 1..{}", design, what,
                                 value, max_value));
}

// Largest point count a Sobol stream of 32-bit coordinates can give after skipping its origin.
constexpr long kMaxSobolPoints = (1L << SobolSequence::kBits) - 1;

}  // namespace

Eigen::MatrixXd make_latin_hypercube(int n, int dims, std::uint64_t seed) {
  require_size("latin hypercube", "n", n, 1L << 30);
  require_size("latin hypercube", "dims", dims, 1L << 20);
  std::mt19937_64 rng(seed);
  Eigen::MatrixXd points(n, dims);
  std::vector<int> stratum(n);  // [n] stratum of each row in the current column
  for (int column = 0; column < dims; ++column) {
    std::iota(stratum.begin(), stratum.end(), 0);
    // Fisher–Yates shuffle (Knuth TAOCP vol. 2, Algorithm P): every permutation equally likely.
    for (int i = n - 1; i > 0; --i)
      std::swap(stratum[i], stratum[draw_index_below(rng, static_cast<std::uint64_t>(i) + 1)]);
    for (int row = 0; row < n; ++row) {
      const int k = stratum[row];
      const double upper = static_cast<double>(k + 1) / n;
      double value = (k + draw_unit_uniform(rng)) / n;
      // k + u may round up to k + 1: keep the point strictly inside its stratum.
      if (value >= upper) value = std::nextafter(upper, 0.0);
      points(row, column) = value;
    }
  }
  return points;
}

Eigen::MatrixXd make_sobol_points(int n, int dims, std::uint64_t seed) {
  require_size("Sobol points", "n", n, kMaxSobolPoints);
  require_size("Sobol points", "dims", dims, SobolSequence::kMaxDimensions);
  SobolSequence sequence(dims, seed);
  Eigen::VectorXd point(dims);  // [dims]
  Eigen::MatrixXd points(n, dims);
  for (int row = 0; row < n; ++row) {
    sequence.calcNextPoint(point);
    points.row(row) = point.transpose();
  }
  return points;
}

Eigen::MatrixXd make_saltelli_design(int n_base, int dims, std::uint64_t seed) {
  require_size("Saltelli design", "dims", dims, SobolSequence::kMaxDimensions / 2);
  // The design's row count n_base·(dims + 2) must fit an int.
  require_size("Saltelli design", "n_base", n_base, std::numeric_limits<int>::max() / (dims + 2));
  const Eigen::MatrixXd base = make_sobol_points(n_base, 2 * dims, seed);  // [N × 2·dims]
  Eigen::MatrixXd design(static_cast<Eigen::Index>(n_base) * (dims + 2), dims);
  const auto a = base.leftCols(dims);
  const auto b = base.rightCols(dims);
  design.middleRows(0, n_base) = a;
  design.middleRows(n_base, n_base) = b;
  for (int i = 0; i < dims; ++i) {
    auto block = design.middleRows(get_saltelli_block_row(n_base, i), n_base);
    block = a;
    block.col(i) = b.col(i);
  }
  return design;
}

void scale_to_ranges(const Eigen::VectorXd& low, const Eigen::VectorXd& high,
                     Eigen::MatrixXd& unit_points) {
  if (low.size() != unit_points.cols() || high.size() != unit_points.cols())
    throw InputError(fmt::format("scale_to_ranges: {} lows and {} highs for {} columns",
                                 low.size(), high.size(), unit_points.cols()));
  for (Eigen::Index i = 0; i < unit_points.cols(); ++i) {
    if (!(low[i] <= high[i]))  // also rejects NaN
      throw InputError(fmt::format("scale_to_ranges: column {} has low {} above high {}", i,
                                   low[i], high[i]));
    unit_points.col(i) = (low[i] + unit_points.col(i).array() * (high[i] - low[i])).matrix();
  }
}

}  // namespace kneeload
