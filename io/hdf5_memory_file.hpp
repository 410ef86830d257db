#pragma once
// Writing an HDF5 file so that a failing disk cannot break it: the file is built in memory (HDF5's
// core driver without a backing store), its image is written by plain, checked POSIX calls to a
// temporary file beside `path`, and the temporary is renamed onto `path` only once complete.
// HDF5 itself never writes to disk, so a full disk or an I/O error becomes one InputError naming
// the file and the system's reason, with no partial file (the library, 1.10, crashes when a
// file's close fails on a full disk and the C++ destructor closes it again).
#include <H5Cpp.h>

#include <functional>
#include <string>

namespace kneeload {

// Builds the file with `fill` (which may throw; nothing is then written) and writes it to `path`
// through `path`.tmp-<pid>. `what` names the file in messages, e.g. "results file".
void write_hdf5_file(const std::string& path, const std::string& what,
                     const std::function<void(H5::H5File& file)>& fill);

}  // namespace kneeload
