#include "io/atomic_file.hpp"

#include "solver/errors.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

namespace kneeload {

void write_file_atomically(const std::string& path, const std::string& what, const void* data,
                           std::size_t size) {
  const std::string temporary = fmt::format("{}.tmp-{}", path, getpid());
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    throw InputError(fmt::format("cannot create {} '{}': {}", what, path, std::strerror(errno)));
  auto fail = [&](bool still_open) {
    const int error = errno;
    if (still_open) ::close(fd);
    std::remove(temporary.c_str());
    return InputError(fmt::format("cannot write {} '{}': {}", what, path, std::strerror(error)));
  };
  const char* bytes = static_cast<const char*>(data);
  std::size_t written = 0;
  while (written < size) {
    const ssize_t n = ::write(fd, bytes + written, size - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (n == 0) errno = EIO;
      throw fail(true);
    }
    written += static_cast<std::size_t>(n);
  }
  if (::close(fd) != 0) throw fail(false);
  if (std::rename(temporary.c_str(), path.c_str()) != 0) throw fail(false);
}

}  // namespace kneeload
