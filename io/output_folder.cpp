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
  const int reason =
      probe_file_creation((fs::path(dir) / fmt::format(".kneeload-probe-{}", getpid())).string());
  if (reason != 0) {
    if (created) fs::remove(dir, error);
    throw InputError(fmt::format("{} {}: cannot write into this folder: {}", what, dir,
                                 std::strerror(reason)));
  }
  return created;
}

int probe_file_creation(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return errno == EEXIST ? 0 : errno;
  ::close(fd);
  std::error_code error;
  std::filesystem::remove(path, error);
  return 0;
}

}  // namespace kneeload
