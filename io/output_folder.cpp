#include "io/output_folder.hpp"

#include "solver/errors.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fcntl.h>
#include <unistd.h>

namespace kneeload {

bool prepare_output_folder(const std::string& dir, std::string_view what) {
  namespace fs = std::filesystem;
  std::error_code error;
  bool created = false;
  if (fs::exists(dir, error)) {
    if (!fs::is_directory(dir, error))
      throw InputError(fmt::format("{} {}: exists and is not a folder", what, dir));
  } else {
    fs::create_directories(dir, error);
    if (error)
      throw InputError(fmt::format("{} {}: cannot make this folder: {}", what, dir,
                                   error.message()));
    created = true;
  }
  const fs::path probe = fs::path(dir) / fmt::format(".kneeload-probe-{}", getpid());
  const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0 && errno == EEXIST) return created;  // a file of that name exists: not ours
  if (fd < 0) {
    const int reason = errno;
    if (created) fs::remove(dir, error);
    throw InputError(fmt::format("{} {}: cannot write into this folder: {}", what, dir,
                                 std::strerror(reason)));
  }
  ::close(fd);
  fs::remove(probe, error);
  return created;
}

}  // namespace kneeload
