// Hands the drawing commands to kneeload-viz (app/viz_helper.hpp).
#include "app/viz_helper.hpp"

#include "app/note.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>
#include <unistd.h>

namespace kneeload::app {

bool is_drawing_command(int argc, const char* const* argv) {
  if (argc < 2) return false;
  const std::string_view command = argv[1];
  if (command == "render" || command == "plot") return true;
  if (command != "pf-curve") return false;
  for (int i = 2; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--plot" || arg.substr(0, 7) == "--plot=") return true;
  }
  return false;
}

int exec_viz_helper(char** argv, const char* helper_name) {
  std::error_code error;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
  const std::string helper = (self.parent_path() / helper_name).string();
  if (!error) {
    std::fflush(stdout);
    execv(helper.c_str(), argv);
  }
  const std::string reason = error ? error.message() : std::strerror(errno);
  print_note(stderr, fmt::format("kneeload: error: {} needs {}, which could not be started ({})\n",
                                 argv[1], helper, reason));
  return 1;
}

}  // namespace kneeload::app
