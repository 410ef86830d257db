#pragma once
// Runs the built `kneeload` binary as a user would, for the command-line tests (DESIGN.md §5).
#include <string>

namespace kneeload::test {

struct CommandRun {
  int exit_status = -1;  // -1 if the program did not exit normally
  std::string out;       // stdout
  std::string err;       // stderr
};

// Runs `kneeload ARGS` (ARGS is shell text: quote paths), capturing stdout and stderr.
CommandRun run_kneeload(const std::string& args);

// Number of newline characters in `text`.
int count_lines(const std::string& text);

}  // namespace kneeload::test
