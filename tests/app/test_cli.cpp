// The `kneeload` binary as a user meets it (DESIGN.md §5): exit status 0 on success, non-zero and
// one clear line on stderr otherwise.
#include "io/config.hpp"
#include "tests/app/run_kneeload.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <utility>

#include <sys/wait.h>
#include <unistd.h>

using kneeload::test::count_lines;
using kneeload::test::run_kneeload;
using Run = kneeload::test::CommandRun;

TEST_CASE("kneeload --help and --version exit 0", "[cli]") {
  const Run help = run_kneeload("--help");
  CHECK(help.exit_status == 0);
  CHECK_THAT(help.out, Catch::Matchers::Contains("params"));
  const Run version = run_kneeload("--version");
  CHECK(version.exit_status == 0);
  CHECK_THAT(version.out, Catch::Matchers::Contains("kneeload "));
}

TEST_CASE("kneeload: an unknown command is named in one line, with the commands there are",
          "[cli]") {
  const Run run = run_kneeload("frobnicate level_run");
  CHECK(run.exit_status == 1);
  CHECK(count_lines(run.err) == 1);
  CHECK_THAT(run.err, Catch::Matchers::StartsWith("kneeload: error: unknown command 'frobnicate' "
                                                  "(commands: ") &&
                          Catch::Matchers::Contains("run,") && Catch::Matchers::Contains("sweep"));
  CHECK(run.out.empty());
  const Run none = run_kneeload("");  // no command at all stays CLI11's usage error
  CHECK(none.exit_status != 0);
  CHECK_THAT(none.err, Catch::Matchers::Contains("subcommand is required"));
}

// A usage error (a required option left out, an option without its value, an unknown option) is
// bad input like any other: exit 1, one line, pointing to the help of the command it concerns.
TEST_CASE("kneeload: usage errors exit 1 and point to the command's own help", "[cli]") {
  const std::pair<const char*, const char*> cases[] = {
      {"run level_run", "--output is required (see kneeload run --help)"},
      {"run level_run -o", "--output needs a value (see kneeload run --help)"},
      {"sweep spec.toml", "--output is required (see kneeload sweep --help)"},
      {"params level_run --bogus", "--bogus (see kneeload params --help)"},
      {"bench --repeats 2 --repeats 3", "(see kneeload bench --help)"},
      {"bench --repeats \"$(printf '1\\nx')\"", "(see kneeload bench --help)"},
  };
  for (const auto& [args, message] : cases) {
    const Run run = run_kneeload(args);
    INFO(args << ": " << run.err);
    CHECK(run.exit_status == 1);
    CHECK(count_lines(run.err) == 1);
    CHECK_THAT(run.err, Catch::Matchers::Contains(message));
    CHECK((run.err.find("needs a value") != std::string::npos) ==
          (std::string(args).find(" -o") != std::string::npos));
  }
}

TEST_CASE("kneeload scenarios lists the five contract names", "[cli]") {
  const Run run = run_kneeload("scenarios");
  REQUIRE(run.exit_status == 0);
  for (const char* name : {"level_run", "downhill_run", "stair_ascent", "stair_descent", "level_walk"})
    CHECK_THAT(run.out, Catch::Matchers::Contains(name));
  CHECK(count_lines(run.out) == 5);
}

TEST_CASE("kneeload params level_run lists body.mass_kg with unit kg and default 70", "[cli]") {
  const Run run = run_kneeload("params level_run");
  REQUIRE(run.exit_status == 0);
  std::istringstream lines(run.out);
  std::string line;
  bool found = false;
  while (std::getline(lines, line)) {
    std::istringstream words(line);
    std::string key, unit, default_value;
    words >> key >> unit >> default_value;
    if (key != "body.mass_kg") continue;
    found = true;
    CHECK(unit == "kg");
    CHECK(default_value == "70");
  }
  CHECK(found);
  // The downhill table shows its own slope default.
  CHECK_THAT(run_kneeload("params downhill_run").out,
             Catch::Matchers::Matches("[\\s\\S]*terrain\\.slope_deg +deg +-6 [\\s\\S]*"));
}

TEST_CASE("kneeload params nonsense: non-zero exit, one line on stderr naming it", "[cli]") {
  const Run run = run_kneeload("params nonsense");
  CHECK(run.exit_status != 0);
  CHECK(count_lines(run.err) == 1);
  CHECK_THAT(run.err, Catch::Matchers::StartsWith("kneeload: error: "));
  CHECK_THAT(run.err, Catch::Matchers::Contains("'nonsense'"));
  CHECK(run.out.empty());

  const Run missing = run_kneeload("params");  // a usage error is one line too
  CHECK(missing.exit_status != 0);
  CHECK(count_lines(missing.err) == 1);
  CHECK_THAT(missing.err, Catch::Matchers::Contains("SCENARIO"));
}

TEST_CASE("kneeload params SCENARIO --toml prints a config that kneeload run -c reads", "[cli]") {
  const Run run = run_kneeload("params downhill_run --toml");
  REQUIRE(run.exit_status == 0);
  CHECK_THAT(run.out, Catch::Matchers::StartsWith("# kneeload configuration of downhill_run"));
  CHECK_THAT(run.out, Catch::Matchers::Contains("\n[terrain]\n"));
  CHECK_THAT(run.out, Catch::Matchers::Contains("\nslope_deg = -6.0\n"));
  CHECK(kneeload::resolve_parameters_toml("downhill_run", run.out, "template", {}) ==
        kneeload::resolve_parameters("downhill_run", "", {}));
}

TEST_CASE("kneeload: output that cannot be written (stdout on a full device) is an error line and "
          "exit 1, not a success",
          "[cli]") {
  const std::string err_path = "cli_stdout_full_" + std::to_string(getpid()) + ".txt";
  for (const char* args : {"scenarios", "params level_run --toml", "--help"}) {
    const std::string command =
        std::string("'") + KNEELOAD_BINARY + "' " + args + " >/dev/full 2>'" + err_path + "'";
    const int status = std::system(command.c_str());
    std::ifstream in(err_path);
    const std::string err((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    INFO(args << "\nstderr: " << err);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 1);
    CHECK(count_lines(err) == 1);
    CHECK_THAT(err, Catch::Matchers::Contains("writing to standard output failed"));
  }
  std::remove(err_path.c_str());
}

TEST_CASE("kneeload: an empty file or folder name is an error, not the option left out", "[cli]") {
  for (const char* args : {"run level_run -c '' -o x.h5", "run level_run -o ''",
                           "run level_run -o x.h5 --sto ''", "sweep s.toml -o ''",
                           "render r.h5 -o ''", "plot r.h5 -o ''", "pf-curve --plot ''"}) {
    const Run run = run_kneeload(args);
    INFO(args << "\nstderr: " << run.err);
    CHECK(run.exit_status != 0);
    CHECK(count_lines(run.err) == 1);
    CHECK((run.err.find("must not be empty") != std::string::npos ||
           run.err.find("name it *.png") != std::string::npos));
  }
}

TEST_CASE("kneeload: a closed stderr neither crashes nor changes the exit status, and an error "
          "stays one line whatever the input holds",
          "[cli]") {
  for (const auto& [args, expected] : std::initializer_list<std::pair<const char*, int>>{
           {"run level_run body.mass_kg=5 -o never.h5", 1}, {"summary nope.h5", 1},
           {"scenarios", 0}}) {
    const std::string command =
        std::string("'") + KNEELOAD_BINARY + "' " + args + " >/dev/null 2>&-";
    const int status = std::system(command.c_str());
    INFO(args);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == expected);
  }
  const Run newline = run_kneeload("run 'level\nrun' -o x.h5");
  CHECK(newline.exit_status != 0);
  CHECK(count_lines(newline.err) == 1);
}

TEST_CASE("kneeload bench: --repeats outside [1, 1000] is one error line", "[cli]") {
  for (const char* repeats : {"0", "2147483647"}) {
    const Run run = run_kneeload(std::string("bench level_run --repeats ") + repeats);
    CHECK(run.exit_status != 0);
    CHECK(count_lines(run.err) == 1);
    CHECK_THAT(run.err, Catch::Matchers::Contains("must be in [1, 1000]"));
  }
}
