#pragma once
// Variance-based global sensitivity: first-order and total Sobol indices of one output metric from
// the runs of a Saltelli design (scenarios/sample_design.hpp), with bootstrap confidence intervals
// (docs/sensitivity.md).
//   S_i  = mean(f(B)·(f(AB_i) − f(A))) / V   (Saltelli et al. 2010, Comput Phys Commun 181:259)
//   ST_i = mean((f(A) − f(AB_i))²) / 2 / V   (Jansen 1999, Comput Phys Commun 117:35)
//   V    = variance of the 2N values [f(A); f(B)]
#include <Eigen/Core>

#include <cstdint>

namespace kneeload {

struct SensitivityResult {
  int n_base = 0;                 // base rows N of the design
  int n_used = 0;                 // base rows whose every block value is finite
  int n_dropped = 0;              // N − n_used: rows with a failed (NaN) run in any block
  int bootstrap_replicates = 0;   // resamples behind the intervals (0: intervals are NaN)
  double confidence = 0.95;       // level of the percentile intervals
  double mean = 0;                // mean of [f(A); f(B)] over used rows, unit of the metric
  double variance = 0;            // V, unit of the metric squared; 0 → every index NaN
  Eigen::VectorXd first_order;       // [dims] S_i
  Eigen::VectorXd first_order_low;   // [dims] 2.5 % bootstrap percentile of S_i
  Eigen::VectorXd first_order_high;  // [dims] 97.5 % bootstrap percentile of S_i
  Eigen::VectorXd total;             // [dims] ST_i
  Eigen::VectorXd total_low;         // [dims] 2.5 % bootstrap percentile of ST_i
  Eigen::VectorXd total_high;        // [dims] 97.5 % bootstrap percentile of ST_i
};

// y [n_base·(dims+2)]: the metric of every run in Saltelli block order (A, B, AB_0 .. AB_{dims−1}).
// A base row j whose value is NaN or infinite in any block is dropped whole (all blocks of j).
// The intervals resample the used base rows with replacement, bootstrap_replicates times (each
// replicate recomputes V), and take the 2.5 % and 97.5 % percentiles; std::mt19937_64(seed) drives
// the resampling, so equal inputs give equal intervals. InputError if y's size does not match,
// or fewer than 2 base rows remain.
SensitivityResult calc_sobol_indices(const Eigen::VectorXd& y, int n_base, int dims,
                                     int bootstrap_replicates = 1000, std::uint64_t seed = 1);

}  // namespace kneeload
