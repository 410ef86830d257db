#pragma once
// Sample designs for parameter sweeps: points in the unit cube [0, 1)^dims, one row per run, and
// their mapping onto the parameter ranges (docs/sensitivity.md). Every design is deterministic for
// a given seed and identical across standard libraries (scenarios/portable_random.hpp).
#include <Eigen/Core>

#include <cstdint>

namespace kneeload {

// Latin hypercube (McKay, Beckman & Conover 1979, Technometrics 21:239): [n × dims], each column
// has exactly one point in each of the n strata [k/n, (k+1)/n), at a uniform random place inside
// it; columns are paired by independent random permutations. n ≥ 1, dims ≥ 1 (InputError).
Eigen::MatrixXd make_latin_hypercube(int n, int dims, std::uint64_t seed);

// The first n points of the Sobol sequence (scenarios/sobol_sequence.hpp; first point (0,...,0)
// skipped; seed 0 plain, other seeds digitally shifted): [n × dims], dims ≤ 128.
Eigen::MatrixXd make_sobol_points(int n, int dims, std::uint64_t seed);

// Saltelli design for first-order and total Sobol indices (Saltelli et al. 2010, Comput Phys
// Commun 181:259): a 2·dims-dimensional Sobol sequence of n_base points gives A (its first dims
// columns) and B (its last dims columns). Returns [n_base·(dims+2) × dims] in this block order
// (CONTRACT with the sweep and `kneeload sensitivity`):
//   rows 0 .. N−1          A
//   rows N .. 2N−1         B
//   rows (2+i)N .. (3+i)N−1  AB_i = A with column i taken from B, for i = 0 .. dims−1
// where N = n_base. dims ≤ 64.
Eigen::MatrixXd make_saltelli_design(int n_base, int dims, std::uint64_t seed);

// First row of block AB_i in a Saltelli design (rows of A start at 0, of B at n_base).
inline int get_saltelli_block_row(int n_base, int i) { return (2 + i) * n_base; }

// Maps each column i of unit points from [0, 1) onto [low_i, high_i] linearly: x = low + u·(high
// − low). low and high [dims] with low_i ≤ high_i (InputError naming the column otherwise);
// unit_points [n × dims], changed in place.
void scale_to_ranges(const Eigen::VectorXd& low, const Eigen::VectorXd& high,
                     Eigen::MatrixXd& unit_points);

}  // namespace kneeload
