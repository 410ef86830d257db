#include "app/output_file_check.hpp"

#include "io/hdf5_input.hpp"
#include "io/output_folder.hpp"
#include "solver/errors.hpp"

#include <fmt/format.h>

#include <cstring>
#include <filesystem>
#include <optional>

#include <unistd.h>

namespace kneeload::app {

void check_output_file(std::string_view option, const std::string& path,
                       const std::vector<std::string>& inputs) {
  namespace fs = std::filesystem;
  std::error_code error;
  const fs::path folder = fs::path(path).parent_path();
  if (!folder.empty() && !fs::is_directory(folder, error))
    throw InputError(fmt::format("{} {}: the folder '{}' does not exist", option, path,
                                 folder.string()));
  const fs::file_status entry = fs::symlink_status(path, error);
  if (fs::exists(entry) && !fs::is_regular_file(entry))
    throw InputError(fmt::format("{} {}: is {}, not a file it may replace; name a new or regular "
                                 "file",
                                 option, path,
                                 fs::is_symlink(entry)     ? "a symbolic link"
                                 : fs::is_directory(entry) ? "a folder"
                                                           : "a device, FIFO or socket"));
  if (fs::exists(entry)) {
    for (const std::string& input : inputs)
      if (fs::equivalent(path, input, error))
        throw InputError(fmt::format("{} {}: is also an input of this command; write elsewhere",
                                     option, path));
  }
  // The writers create `path`.tmp-<pid> and rename it: try that name in the folder now.
  const int reason = probe_file_creation(fmt::format("{}.tmp-{}", path, getpid()));
  if (reason != 0)
    throw InputError(
        fmt::format("{} {}: cannot create a file there: {}", option, path, std::strerror(reason)));
}

void check_replaceable_by_run_file(std::string_view option, const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code error;
  // New, or empty (a name reserved by mktemp): nothing to lose.
  if (!fs::exists(path, error) || (fs::is_regular_file(path, error) && fs::is_empty(path, error)))
    return;
  if (::access(path.c_str(), R_OK) != 0)
    throw InputError(fmt::format("{} {}: exists and cannot be read ({}), so whether it is an "
                                 "earlier run's file is unknown; write elsewhere",
                                 option, path, std::strerror(errno)));
  std::optional<ResultsFileKind> kind;
  if (is_readable_hdf5_file(path)) {
    try {
      kind = classify_results_file(path);
    } catch (const InputError&) {  // another HDF5 file, or a damaged one: no run file
    }
  }
  if (kind == ResultsFileKind::run) return;
  throw InputError(fmt::format("{} {}: {}, which this command would replace; write elsewhere or "
                               "delete it first",
                               option, path,
                               kind == ResultsFileKind::sweep ? "holds a sweep's results"
                                                              : "exists and is no run file"));
}

}  // namespace kneeload::app
