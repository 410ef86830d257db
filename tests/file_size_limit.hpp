#pragma once
// A full disk, simulated for a test: while a FileSizeLimit lives, files of this process may grow
// to `limit_bytes` at most (RLIMIT_FSIZE), and SIGXFSZ is ignored so that write() fails with EFBIG
// ("File too large") instead of killing the process. The limit and the signal are restored after.
#include <csignal>

#include <sys/resource.h>

namespace kneeload::testing {

class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t limit_bytes) {
    getrlimit(RLIMIT_FSIZE, &saved_);
    saved_handler_ = std::signal(SIGXFSZ, SIG_IGN);
    const rlimit limited{limit_bytes, saved_.rlim_max};
    setrlimit(RLIMIT_FSIZE, &limited);
  }
  ~FileSizeLimit() {
    setrlimit(RLIMIT_FSIZE, &saved_);
    std::signal(SIGXFSZ, saved_handler_);
  }
  FileSizeLimit(const FileSizeLimit&) = delete;
  FileSizeLimit& operator=(const FileSizeLimit&) = delete;

 private:
  rlimit saved_{};
  void (*saved_handler_)(int) = SIG_DFL;
};

}  // namespace kneeload::testing
