#pragma once
// A sweep's results as one HDF5 file in the layout of DESIGN.md §6 (contract; docs/sweeps.md,
// docs/hdf5_schema.md):
//   /sweep                      attrs spec_toml, n_runs, n_done, n_failed, method, n_base,
//                               scenario, kneeload_version, created_utc
//   /sweep/params/<key>         [n] float64, attr units (the registry unit of the key)
//   /sweep/metrics/<metric>     [n] float64, attr units, NaN where the run is not done
//   /sweep/status               [n] int32: 0 pending, 1 ok, 2 failed
//   /sweep/failure_reason       [n] variable-length strings ("" unless failed)
//   /runs/<index>/              (--save-series) each run's series, as io/run_file writes a run
// The file is always written whole, as a temporary beside `path` renamed over it, so a reader
// never sees a half-written file (crash safety: docs/sweeps.md).
#include <Eigen/Core>

#include <string>
#include <vector>

namespace kneeload {

// CONTRACT with `kneeload sensitivity`: keep these names and types.
struct SweepTable {
  std::string spec_toml;                      // the sweep spec as given
  std::string method;                         // "grid", "lhs" or "sobol"
  int n_base = 0;                             // sobol: base sample count N (runs = N·(p+2)); else 0
  std::vector<std::string> param_keys;        // [p] in spec order
  Eigen::MatrixXd params;                     // [n × p]
  std::vector<std::string> metric_names;      // the 14 summary metrics of DESIGN §6
  Eigen::MatrixXd metrics;                    // [n × 14], NaN where not done
  Eigen::VectorXi status;                     // [n] 0 pending, 1 ok, 2 failed
  std::vector<std::string> failure_reason;    // [n]
};

// Run status codes stored in /sweep/status.
enum SweepRunStatus : int { sweep_pending = 0, sweep_ok = 1, sweep_failed = 2 };

// Reads the /sweep group of a sweep file; InputError naming path and problem (missing file, not
// HDF5, no /sweep, a missing or mis-sized dataset).
SweepTable read_sweep_table(const std::string& path);

// The attributes written beside the table (and read back by --resume).
struct SweepFileMeta {
  std::string scenario;                  // contract scenario name
  std::string kneeload_version;          // e.g. "0.1.0"
  std::string created_utc;               // ISO 8601
  std::string spec_fingerprint;          // io/sweep_spec calc_sweep_fingerprint
  bool series_saved = false;             // made with --save-series
  std::vector<std::string> param_units;  // [p] registry unit of each param key
};

// Writes the whole table to `path` atomically: written as `<path>.tmp-<pid>` and renamed, so
// `path` is always a complete file. If `series_dir` is non-empty, every `<series_dir>/<index>.h5`
// (a run file) that exists is copied into /runs/<index>/. InputError naming the path if it cannot
// be written (nothing is then left behind).
void write_sweep_file(const std::string& path, const SweepTable& table, const SweepFileMeta& meta,
                      const std::string& series_dir = {});

// The attributes of an existing sweep file; InputError as read_sweep_table.
SweepFileMeta read_sweep_file_meta(const std::string& path);

// A table of n pending runs (status 0, metrics NaN, reasons empty) for the given points.
SweepTable make_pending_sweep_table(const std::string& spec_toml, const std::string& method,
                                    int n_base, const std::vector<std::string>& param_keys,
                                    const Eigen::MatrixXd& points);

}  // namespace kneeload
