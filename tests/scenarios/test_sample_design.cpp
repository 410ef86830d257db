// Sample designs (scenarios/sample_design.hpp): Latin hypercube strata (McKay, Beckman & Conover
// 1979), seeds, the Saltelli block order (Saltelli et al. 2010) and range scaling.
#include "scenarios/sample_design.hpp"

#include "solver/errors.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <random>
#include <vector>

using namespace kneeload;

namespace {

// Number of points of `column` in each of its n strata [k/n, (k+1)/n), k = 0 .. n−1; points
// outside [0, 1) count in no stratum.
std::vector<int> count_per_stratum(const Eigen::VectorXd& column, double low, double high) {
  const Eigen::Index n = column.size();
  std::vector<int> counts(n, 0);
  for (const double x : column) {
    const double unit = (x - low) / (high - low);
    for (Eigen::Index k = 0; k < n; ++k)
      if (unit >= static_cast<double>(k) / n && unit < static_cast<double>(k + 1) / n) ++counts[k];
  }
  return counts;
}

}  // namespace

TEST_CASE("LHS: every column has exactly one point in each of the n equal strata, also after "
          "scaling to the parameter ranges", "[sample]") {
  for (const int n : {1, 2, 7, 100, 1000}) {
    Eigen::MatrixXd points = make_latin_hypercube(n, 4, 12345);
    REQUIRE(points.rows() == n);
    REQUIRE(points.cols() == 4);
    for (int column = 0; column < 4; ++column) {
      INFO("n = " << n << ", column " << column);
      CHECK(count_per_stratum(points.col(column), 0, 1) == std::vector<int>(n, 1));
    }
    // body.mass_kg 30–200, foot.pronation_deg −5–25, muscle strength 0.2–2, slope −20–0.
    Eigen::VectorXd low(4), high(4);
    low << 30, -5, 0.2, -20;
    high << 200, 25, 2.0, 0;
    scale_to_ranges(low, high, points);
    for (int column = 0; column < 4; ++column) {
      INFO("scaled, n = " << n << ", column " << column);
      CHECK(points.col(column).minCoeff() >= low[column]);
      CHECK(points.col(column).maxCoeff() <= high[column]);
      // Strata of the range, tolerating the rounding of the affine map at stratum edges.
      const double width = (high[column] - low[column]) / n;
      std::vector<int> counts(n, 0);
      for (const double x : points.col(column)) {
        const double k = (x - low[column]) / width;
        ++counts[std::min<Eigen::Index>(n - 1, static_cast<Eigen::Index>(std::floor(k + 1e-9)))];
      }
      CHECK(counts == std::vector<int>(n, 1));
    }
  }
}

TEST_CASE("LHS: the same seed gives identical points, another seed different ones, and the columns "
          "are not in lockstep", "[sample]") {
  const Eigen::MatrixXd a = make_latin_hypercube(50, 3, 7);
  CHECK(make_latin_hypercube(50, 3, 7) == a);
  CHECK(make_latin_hypercube(50, 3, 8) != a);
  // Independent permutations per column: strata of column 0 and 1 differ somewhere.
  const Eigen::VectorXd strata0 = (a.col(0) * 50).array().floor();
  const Eigen::VectorXd strata1 = (a.col(1) * 50).array().floor();
  CHECK(strata0 != strata1);
  // Portable draws: with n = 1 there is no shuffle and the point is the first word of
  // std::mt19937_64(7) (a sequence fixed by the C++ standard) as a 53-bit fraction, on every
  // standard library (no std::uniform_*_distribution).
  std::mt19937_64 reference(7);
  CHECK(make_latin_hypercube(1, 1, 7)(0, 0) == static_cast<double>(reference() >> 11) * 0x1.0p-53);
  CHECK_THROWS_AS(make_latin_hypercube(0, 3, 1), InputError);
}

TEST_CASE("Sobol points: rows are the sequence's points and a seed changes them "
          "deterministically", "[sample]") {
  const Eigen::MatrixXd plain = make_sobol_points(8, 3, 0);
  CHECK(plain.row(0) == Eigen::RowVector3d(0.5, 0.5, 0.5));
  CHECK(plain.row(3) == Eigen::RowVector3d(0.375, 0.375, 0.625));
  CHECK(make_sobol_points(8, 3, 5) == make_sobol_points(8, 3, 5));
  CHECK(make_sobol_points(8, 3, 5) != plain);
  CHECK_THROWS_AS(make_sobol_points(8, 129, 0), InputError);
}

TEST_CASE("Saltelli design: rows are A, B, then AB_i = A with column i taken from B "
          "(the block order contract)", "[sample]") {
  const int n_base = 64, dims = 5;
  for (const std::uint64_t seed : {std::uint64_t{0}, std::uint64_t{99}}) {
    const Eigen::MatrixXd design = make_saltelli_design(n_base, dims, seed);
    REQUIRE(design.rows() == n_base * (dims + 2));
    REQUIRE(design.cols() == dims);
    // A and B are the two halves of one 2·dims-dimensional Sobol sequence.
    const Eigen::MatrixXd base = make_sobol_points(n_base, 2 * dims, seed);
    const Eigen::MatrixXd a = design.topRows(n_base), b = design.middleRows(n_base, n_base);
    CHECK(a == base.leftCols(dims));
    CHECK(b == base.rightCols(dims));
    for (int i = 0; i < dims; ++i) {
      const Eigen::MatrixXd ab = design.middleRows(get_saltelli_block_row(n_base, i), n_base);
      for (int column = 0; column < dims; ++column) {
        INFO("seed " << seed << ", AB_" << i << ", column " << column);
        CHECK(ab.col(column) == (column == i ? b.col(column) : a.col(column)));
      }
    }
  }
  CHECK_THROWS_AS(make_saltelli_design(16, 65, 0), InputError);
}

TEST_CASE("scale_to_ranges: u ↦ low + u·(high − low) per column, and a reversed range is an "
          "InputError", "[sample]") {
  Eigen::MatrixXd points(2, 2);
  points << 0.0, 0.5, 0.25, 0.75;
  Eigen::VectorXd low(2), high(2);
  low << 50, -5;
  high << 90, 25;
  scale_to_ranges(low, high, points);
  CHECK(points(0, 0) == 50);
  CHECK(points(1, 0) == 60);
  CHECK(points(0, 1) == 10);
  CHECK(points(1, 1) == 17.5);
  Eigen::VectorXd reversed = high;
  reversed[1] = -10;
  CHECK_THROWS_AS(scale_to_ranges(low, reversed, points), InputError);
}
