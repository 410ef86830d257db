#include "io/text_file.hpp"

#include "solver/errors.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fcntl.h>
#include <unistd.h>

namespace kneeload {

std::string read_text_file(const std::string& path, std::string_view what) {
  namespace fs = std::filesystem;
  std::error_code error;
  const fs::file_status status = fs::status(path, error);
  if (fs::exists(status) && !fs::is_regular_file(status))
    throw InputError(fmt::format("{} '{}' is {}, not a file", what, path,
                                 fs::is_directory(status) ? "a folder" : "a device or FIFO"));
  // POSIX reads, so that a read error (EIO, ...) is seen rather than taken for the end.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    throw InputError(
        fmt::format("{} '{}' cannot be opened: {}", what, path, std::strerror(errno)));
  std::string text;
  char buffer[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int read_error = errno;
      ::close(fd);
      throw InputError(
          fmt::format("{} '{}' cannot be read: {}", what, path, std::strerror(read_error)));
    }
    if (n == 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return text;
}

}  // namespace kneeload
