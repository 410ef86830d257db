#pragma once
// Opening an HDF5 file that the user named, for reading: every way it can be wrong (missing, a
// folder, not HDF5) is one InputError naming what it should be and its path (DESIGN.md §9).
#include <H5Cpp.h>

#include <string>

namespace kneeload {

// `what` names the file's role in messages, e.g. "results file" or "sweep file". Read errors
// after opening stay the caller's (it knows what it was reading).
H5::H5File open_hdf5_for_reading(const std::string& path, const std::string& what);

// True when `path` opens as an HDF5 file (false when missing, not HDF5, truncated or corrupt).
bool is_readable_hdf5_file(const std::string& path);

// What a results file holds: a run (it has /time) or a sweep (it has /sweep), DESIGN.md §6.
// InputError naming the path when it is neither, or cannot be read.
enum class ResultsFileKind { run, sweep };
ResultsFileKind classify_results_file(const std::string& path);

}  // namespace kneeload
