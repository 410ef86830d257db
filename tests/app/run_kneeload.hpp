#pragma once
// Runs the built `kneeload` binary as a user would, for the command-line tests (DESIGN.md §5).
#include <string>

namespace kneeload::test {

struct CommandRun {
  int exit_status = -1;  // -1 if the program did not exit normally
  std::string out;       // stdout
  std::string err;       // stderr
};

// Runs `kneeload ARGS` (ARGS is shell text: quote paths), capturing stdout and stderr; `program`
// replaces the built binary (a copy of it elsewhere).
CommandRun run_kneeload(const std::string& args, const std::string& program = KNEELOAD_BINARY);

// Number of newline characters in `text`.
int count_lines(const std::string& text);

// For a test that draws from its first line: without an X display (DISPLAY unset) it prints why
// and exits with 77, which CTest reports as Skipped (SKIP_RETURN_CODE in tests/app/CMakeLists.txt)
// instead of a pass without a check. CTest runs each test case alone; run by hand without a
// display, tests_app stops at the first such case.
void skip_without_display();

}  // namespace kneeload::test
