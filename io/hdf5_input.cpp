#include "io/hdf5_input.hpp"

#include "solver/errors.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

#include <unistd.h>

namespace kneeload {

H5::H5File open_hdf5_for_reading(const std::string& path, const std::string& what) {
  H5::Exception::dontPrint();
  std::error_code error;
  if (!std::filesystem::exists(path, error))
    throw InputError(fmt::format("{} '{}' does not exist", what, path));
  if (std::filesystem::is_directory(path, error))
    throw InputError(fmt::format("{} '{}' is a folder, not a file", what, path));
  if (::access(path.c_str(), R_OK) != 0)
    throw InputError(
        fmt::format("{} '{}' cannot be read: {}", what, path, std::strerror(errno)));
  bool is_hdf5 = false;
  try {
    is_hdf5 = H5::H5File::isHdf5(path);
  } catch (const H5::Exception&) {
    is_hdf5 = false;
  }
  if (!is_hdf5) throw InputError(fmt::format("{} '{}' is not an HDF5 file", what, path));
  try {
    return H5::H5File(path, H5F_ACC_RDONLY);
  } catch (const H5::Exception& e) {
    throw InputError(
        fmt::format("{} '{}' is truncated or corrupt ({})", what, path, e.getDetailMsg()));
  }
}

bool is_readable_hdf5_file(const std::string& path) {
  try {
    open_hdf5_for_reading(path, "file");
    return true;
  } catch (const InputError&) {
    return false;
  }
}

ResultsFileKind classify_results_file(const std::string& path) {
  const H5::H5File file = open_hdf5_for_reading(path, "results file");
  try {
    if (file.nameExists("sweep")) return ResultsFileKind::sweep;
    if (file.nameExists("time")) return ResultsFileKind::run;
  } catch (const H5::Exception& e) {
    throw InputError(
        fmt::format("results file '{}' is truncated or corrupt ({})", path, e.getDetailMsg()));
  }
  throw InputError(
      fmt::format("'{}' is neither a run file (no /time) nor a sweep file (no /sweep)", path));
}

}  // namespace kneeload
