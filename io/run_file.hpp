#pragma once
// A run's results as an HDF5 file, in the layout of DESIGN.md §6 (contract; docs/hdf5_schema.md).
// Every dataset carries a `units` attribute; coordinates, muscles, joints and control carry
// `names`. Writing is atomic: the file is written as `<path>.tmp-<pid>` and renamed on success, so
// no partial file is ever left at `path` (nor the temporary) when anything fails.
#include "scenarios/run_result.hpp"

#include <string>

namespace H5 {
class Group;
}

namespace kneeload {

// Throws InputError naming the path if the file cannot be created or renamed, InvariantError if
// the result's shapes disagree (check_run_result_shapes); either way nothing is left behind.
void write_run_file(const std::string& path, const RunResult& result);

// Throws one InputError naming the path and the problem for a missing file, a file that is not
// HDF5, a truncated or corrupt one, or one lacking a required dataset or attribute (named).
RunResult read_run_file(const std::string& path);

// The series and /summary below `group` (a file's root or a sweep's /runs/<index>/), and the
// meta attributes on `group` itself. `where` names the file in read errors.
void write_run_group(H5::Group& group, const RunResult& result);
RunResult read_run_group(const H5::Group& group, const std::string& where);

// Now, as ISO 8601 UTC with seconds ("2026-11-24T03:40:00Z"), for RunMeta::created_utc.
std::string get_current_utc_iso8601();

}  // namespace kneeload
