#include "tests/app/run_kneeload.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

namespace kneeload::test {
namespace {

std::string read_and_remove(const std::string& path) {
  std::ostringstream text;
  {
    std::ifstream in(path);
    text << in.rdbuf();
  }
  std::remove(path.c_str());
  return text.str();
}

}  // namespace

CommandRun run_kneeload(const std::string& args, const std::string& program) {
  // File names unique per process and call: CTest runs the app tests in parallel.
  static int call = 0;
  const std::string stem = "run_" + std::to_string(getpid()) + "_" + std::to_string(++call);
  const std::string out_path = stem + "_stdout.txt", err_path = stem + "_stderr.txt";
  const std::string command = "'" + program + "' " + args + " >'" + out_path +
                              "' 2>'" + err_path + "' </dev/null";
  const int status = std::system(command.c_str());
  CommandRun run;
  run.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.out = read_and_remove(out_path);
  run.err = read_and_remove(err_path);
  return run;
}

int count_lines(const std::string& text) {
  int lines = 0;
  for (char c : text) lines += c == '\n';
  return lines;
}

void skip_without_display() {
  if (std::getenv("DISPLAY") != nullptr) return;
  std::fputs("SKIPPED: no X display (DISPLAY unset); run the tests under `xvfb-run -a ctest`\n",
             stderr);
  std::exit(77);
}

}  // namespace kneeload::test
