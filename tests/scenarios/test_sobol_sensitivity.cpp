// Sobol indices (scenarios/sobol_sensitivity.hpp) against analytic values: the Ishigami function
// (Ishigami & Homma 1990) and a linear function; dropping of failed runs; bootstrap determinism.
#include "scenarios/sobol_sensitivity.hpp"

#include "scenarios/sample_design.hpp"
#include "solver/errors.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

using namespace kneeload;

namespace {

// The metric of every row of a design: y [rows].
Eigen::VectorXd evaluate(const Eigen::MatrixXd& design,
                         const std::function<double(const Eigen::RowVectorXd&)>& f) {
  Eigen::VectorXd y(design.rows());
  for (Eigen::Index r = 0; r < design.rows(); ++r) y[r] = f(design.row(r));
  return y;
}

// The exact value lies in the bootstrap interval, or within 0.03 of the estimate when the
// interval is narrower than that.
void check_covers(const char* name, int i, double exact, double estimate, double low,
                  double high) {
  INFO(name << "_" << i + 1 << ": exact " << exact << ", estimate " << estimate << ", 95 % CI ["
            << low << ", " << high << "]");
  CHECK(low <= estimate);
  CHECK(estimate <= high);
  CHECK(std::min(low, estimate - 0.03) <= exact);
  CHECK(exact <= std::max(high, estimate + 0.03));
}

}  // namespace

TEST_CASE("Sobol indices of the Ishigami function match the analytic values within the "
          "bootstrap 95 % intervals (n_base = 4096)", "[sensitivity]") {
  // f = sin x1 + a sin² x2 + b x3⁴ sin x1, x_i ~ U[−π, π] (Ishigami & Homma 1990), a = 7, b = 0.1.
  // Variance decomposition (Sobol 1993; Saltelli et al. 2008, Global Sensitivity Analysis §4.9):
  //   V1  = ½ (1 + bπ⁴/5)²                         (the sin x1 terms averaged over x3)
  //   V2  = a²/8                                    (Var of a sin² x2)
  //   V13 = b²π⁸ (1/18 − 1/50) = 8 b²π⁸ / 225       (x3⁴ sin x1 beyond its x1 mean)
  //   V   = a²/8 + bπ⁴/5 + b²π⁸/18 + ½
  //   S1 = V1/V = 0.3139, S2 = V2/V = 0.4424, S3 = 0,
  //   ST1 = (V1 + V13)/V = 0.5576, ST2 = S2 = 0.4424, ST3 = V13/V = 0.2437.
  const double a = 7, b = 0.1, pi = M_PI;
  const double v1 = 0.5 * std::pow(1 + b * std::pow(pi, 4) / 5, 2);
  const double v2 = a * a / 8;
  const double v13 = 8 * b * b * std::pow(pi, 8) / 225;
  const double v = a * a / 8 + b * std::pow(pi, 4) / 5 + b * b * std::pow(pi, 8) / 18 + 0.5;
  const Eigen::Vector3d first_exact(v1 / v, v2 / v, 0.0);
  const Eigen::Vector3d total_exact((v1 + v13) / v, v2 / v, v13 / v);
  // The derivation reproduces the published values.
  CHECK(first_exact[0] == Approx(0.3139).margin(5e-5));
  CHECK(first_exact[1] == Approx(0.4424).margin(5e-5));
  CHECK(total_exact[0] == Approx(0.5576).margin(5e-5));
  CHECK(total_exact[2] == Approx(0.2437).margin(5e-5));

  const int n_base = 4096, dims = 3;
  for (const std::uint64_t seed : {std::uint64_t{0}, std::uint64_t{2024}}) {
    Eigen::MatrixXd design = make_saltelli_design(n_base, dims, seed);
    scale_to_ranges(Eigen::Vector3d::Constant(-pi), Eigen::Vector3d::Constant(pi), design);
    const Eigen::VectorXd y = evaluate(design, [&](const Eigen::RowVectorXd& x) {
      return std::sin(x[0]) + a * std::pow(std::sin(x[1]), 2) +
             b * std::pow(x[2], 4) * std::sin(x[0]);
    });
    const SensitivityResult result = calc_sobol_indices(y, n_base, dims, 1000, 17);
    INFO("design seed " << seed);
    CHECK(result.n_used == n_base);
    CHECK(result.n_dropped == 0);
    CHECK(result.variance == Approx(v).epsilon(0.03));
    for (int i = 0; i < dims; ++i) {
      check_covers("S", i, first_exact[i], result.first_order[i], result.first_order_low[i],
                   result.first_order_high[i]);
      check_covers("ST", i, total_exact[i], result.total[i], result.total_low[i],
                   result.total_high[i]);
    }
  }
}

TEST_CASE("Sobol indices of a linear function equal c_i² Var(x_i) / Σ c_j² Var(x_j), first "
          "order and total alike (no interactions)", "[sensitivity]") {
  // f = Σ c_i x_i with x_i ~ U[low_i, high_i]: Var(x_i) = (high_i − low_i)²/12.
  const int n_base = 4096, dims = 4;
  Eigen::Vector4d c(2.0, -1.0, 0.5, 0.0), low(0, 30, -5, 0), high(1, 50, 25, 3);
  Eigen::Vector4d part = (c.array().square() * (high - low).array().square() / 12).matrix();
  const Eigen::Vector4d exact = part / part.sum();
  Eigen::MatrixXd design = make_saltelli_design(n_base, dims, 0);
  scale_to_ranges(low, high, design);
  const Eigen::VectorXd y = evaluate(design, [&](const Eigen::RowVectorXd& x) { return x.dot(c); });
  const SensitivityResult result = calc_sobol_indices(y, n_base, dims, 200, 1);
  for (int i = 0; i < dims; ++i) {
    INFO("x" << i + 1 << ": exact " << exact[i] << ", S " << result.first_order[i] << ", ST "
              << result.total[i]);
    CHECK(result.first_order[i] == Approx(exact[i]).margin(0.01));
    CHECK(result.total[i] == Approx(exact[i]).margin(0.01));
  }
  CHECK(result.total[3] == 0.0);  // a parameter the function ignores has exactly no total effect
}

// Sobol indices are ratios of variances, so adding a constant to the metric changes none of them;
// the estimators, taken about the sample mean, must not change either (an estimator with f(B)
// uncentred moves by c (f(AB_i) - f(A)) / V, and its interval widens with c).
TEST_CASE("Sobol indices and their intervals do not change when a constant is added to the metric",
          "[sensitivity]") {
  const int n_base = 256, dims = 3;
  Eigen::MatrixXd design = make_saltelli_design(n_base, dims, 0);
  const Eigen::VectorXd y = evaluate(design, [](const Eigen::RowVectorXd& x) {
    return x[0] + 0.5 * x[1] * x[1] + 0.3 * x[0] * x[2];
  });
  const SensitivityResult plain = calc_sobol_indices(y, n_base, dims, 200, 3);
  const SensitivityResult shifted =
      calc_sobol_indices((y.array() + 1000.0).matrix(), n_base, dims, 200, 3);
  for (int i = 0; i < dims; ++i) {
    INFO("x" << i + 1);
    CHECK(shifted.first_order[i] == Approx(plain.first_order[i]).margin(1e-9));
    CHECK(shifted.first_order_low[i] == Approx(plain.first_order_low[i]).margin(1e-9));
    CHECK(shifted.first_order_high[i] == Approx(plain.first_order_high[i]).margin(1e-9));
    CHECK(shifted.total[i] == Approx(plain.total[i]).margin(1e-9));
  }
}

TEST_CASE("Sobol indices: a base row with a NaN run in any block is dropped whole and counted",
          "[sensitivity]") {
  const int n_base = 256, dims = 3;
  const Eigen::MatrixXd design = make_saltelli_design(n_base, dims, 0);
  Eigen::VectorXd y = evaluate(design, [](const Eigen::RowVectorXd& x) {
    return x[0] + 2 * x[1] * x[2] + x[1] * x[1];
  });
  // The same design without base rows 5 (failed in AB_1) and 100 (failed in A) and 200 (in B).
  const std::vector<int> failed{5, 100, 200};
  Eigen::VectorXd kept((n_base - 3) * (dims + 2));
  Eigen::Index next = 0;
  for (int block = 0; block < dims + 2; ++block)
    for (int j = 0; j < n_base; ++j)
      if (std::find(failed.begin(), failed.end(), j) == failed.end())
        kept[next++] = y[block * n_base + j];
  const double nan = std::numeric_limits<double>::quiet_NaN();
  y[get_saltelli_block_row(n_base, 1) + 5] = nan;
  y[100] = nan;
  y[n_base + 200] = nan;
  const SensitivityResult with_failures = calc_sobol_indices(y, n_base, dims, 0, 1);
  const SensitivityResult reference = calc_sobol_indices(kept, n_base - 3, dims, 0, 1);
  CHECK(with_failures.n_base == n_base);
  CHECK(with_failures.n_used == n_base - 3);
  CHECK(with_failures.n_dropped == 3);
  CHECK(with_failures.first_order == reference.first_order);
  CHECK(with_failures.total == reference.total);
  CHECK(std::isnan(with_failures.first_order_low[0]));  // no replicates, no interval

  // Fewer than 2 complete rows, or a y of the wrong size: an InputError.
  Eigen::VectorXd all_failed = Eigen::VectorXd::Constant(y.size(), nan);
  CHECK_THROWS_AS(calc_sobol_indices(all_failed, n_base, dims, 10, 1), InputError);
  CHECK_THROWS_AS(calc_sobol_indices(y, n_base, dims + 1, 10, 1), InputError);
}

TEST_CASE("Sobol indices: the bootstrap is deterministic for a seed and the interval brackets "
          "the estimate, and a constant metric gives NaN indices", "[sensitivity]") {
  const int n_base = 512, dims = 2;
  const Eigen::MatrixXd design = make_saltelli_design(n_base, dims, 3);
  const Eigen::VectorXd y = evaluate(design, [](const Eigen::RowVectorXd& x) {
    return std::exp(x[0]) + x[0] * x[1];
  });
  const SensitivityResult first = calc_sobol_indices(y, n_base, dims, 300, 11);
  const SensitivityResult again = calc_sobol_indices(y, n_base, dims, 300, 11);
  const SensitivityResult other = calc_sobol_indices(y, n_base, dims, 300, 12);
  CHECK(first.first_order_low == again.first_order_low);
  CHECK(first.total_high == again.total_high);
  CHECK(first.first_order == other.first_order);        // the estimate does not depend on the seed
  CHECK(first.first_order_low != other.first_order_low);  // its interval does
  for (int i = 0; i < dims; ++i) {
    CHECK(first.first_order_low[i] < first.first_order[i]);
    CHECK(first.first_order[i] < first.first_order_high[i]);
    CHECK(first.total_low[i] < first.total[i]);
    CHECK(first.total[i] < first.total_high[i]);
  }
  const SensitivityResult constant =
      calc_sobol_indices(Eigen::VectorXd::Constant(y.size(), 4.2), n_base, dims, 20, 1);
  CHECK(constant.variance == 0);
  CHECK(std::isnan(constant.first_order[0]));
  CHECK(std::isnan(constant.total[1]));
}
