// `kneeload sweep` as a user meets it (DESIGN.md §5, §6, §9; docs/sweeps.md): a grid's runs in
// order with its values, results independent of the thread count (bit for bit), a sweep killed
// with SIGKILL is readable and resumes to the uninterrupted result, a failed run is recorded and
// the sweep goes on, and bad specs exit non-zero with one line and leave no file.
#include "io/run_file.hpp"
#include "io/sweep_file.hpp"
#include "io/sweep_journal.hpp"
#include "tests/app/run_kneeload.hpp"

#include <H5Cpp.h>
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace {

using kneeload::SweepTable;
using kneeload::read_sweep_table;
using kneeload::test::count_lines;
using kneeload::test::run_kneeload;
namespace fs = std::filesystem;

std::string scratch_file(const std::string& name) {
  return "sweep_cmd_" + std::to_string(getpid()) + "_" + name;
}

std::string write_spec(const std::string& name, const std::string& text) {
  const std::string path = scratch_file(name);
  std::ofstream(path) << text;
  return path;
}

// Removes OUT.h5 and everything a sweep makes beside it.
void remove_sweep(const std::string& out) {
  std::error_code error;
  fs::remove(out, error);
  for (const std::string& journal : kneeload::find_sweep_journals(out)) fs::remove(journal, error);
  fs::remove_all(out + ".series", error);
}

bool same_bits(double a, double b) {
  if (std::isnan(a) && std::isnan(b)) return true;
  return std::memcmp(&a, &b, sizeof a) == 0;
}

// Every metric of every run equal bit for bit (NaN equal to NaN), and the same status.
void check_identical(const SweepTable& a, const SweepTable& b) {
  REQUIRE(a.metrics.rows() == b.metrics.rows());
  REQUIRE(a.metrics.cols() == b.metrics.cols());
  CHECK(a.status == b.status);
  CHECK(a.failure_reason == b.failure_reason);
  int differing = 0;
  for (Eigen::Index i = 0; i < a.metrics.rows(); ++i)
    for (Eigen::Index m = 0; m < a.metrics.cols(); ++m)
      differing += !same_bits(a.metrics(i, m), b.metrics(i, m));
  CHECK(differing == 0);
}

// Starts `kneeload sweep SPEC -o OUT [extra]` as a child and sends it `signal` once at least
// `records` runs are journaled; returns its wait status (its stderr into `stderr_path`).
int sweep_and_signal(const std::string& spec, const std::string& out, size_t records, int signal,
                     const char* extra = nullptr, const char* stderr_path = "/dev/null") {
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    std::freopen(stderr_path, "w", stderr);
    std::freopen("/dev/null", "w", stdout);
    execl(KNEELOAD_BINARY, KNEELOAD_BINARY, "sweep", spec.c_str(), "-o", out.c_str(), "--threads",
          "1", extra, static_cast<char*>(nullptr));
    _exit(127);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (std::chrono::steady_clock::now() < deadline) {
    if (kneeload::read_sweep_journal(out + ".journal").records.size() >= records) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  kill(child, signal);
  int status = 0;
  waitpid(child, &status, 0);
  return status;
}

// As sweep_and_signal with SIGKILL; returns how many runs are journaled, as killed.
size_t sweep_and_kill(const std::string& spec, const std::string& out, size_t records,
                      const char* extra = nullptr) {
  REQUIRE(WIFSIGNALED(sweep_and_signal(spec, out, records, SIGKILL, extra)));
  return kneeload::read_sweep_journal(out + ".journal").records.size();
}

// Two quick level_run runs per mass, over a coarse output grid.
const char* kPairSpec = R"(scenario = "level_run"
[base]
solver.output_hz = 200
[grid]
body.mass_kg = [60, 90]
foot.pronation_deg = [0, 20]
)";

}  // namespace

TEST_CASE("kneeload sweep: a 3x3 grid gives 9 ok runs in order with the grid values",
          "[sweep_command]") {
  const std::string spec = write_spec("grid.toml", R"(scenario = "level_run"
[grid]
body.mass_kg = [60, 80, 100]
foot.pronation_deg = {from = 0, to = 20, steps = 3}
)");
  const std::string out = scratch_file("grid.h5");
  const auto run = run_kneeload("sweep " + spec + " -o " + out + " --threads 2");
  INFO(run.err);
  REQUIRE(run.exit_status == 0);
  const SweepTable table = read_sweep_table(out);
  CHECK(table.method == "grid");
  REQUIRE(table.param_keys == std::vector<std::string>{"body.mass_kg", "foot.pronation_deg"});
  REQUIRE(table.params.rows() == 9);
  const double mass[9] = {60, 60, 60, 80, 80, 80, 100, 100, 100};
  const double pronation[9] = {0, 10, 20, 0, 10, 20, 0, 10, 20};
  for (int i = 0; i < 9; ++i) {
    CHECK(table.params(i, 0) == mass[i]);
    CHECK(table.params(i, 1) == pronation[i]);
    CHECK(table.status[i] == kneeload::sweep_ok);
    CHECK(table.metrics(i, 0) > 0.0);  // peak_pf_force_N
  }
  // A second path to the same numbers: run 5 (80 kg, 20 deg) by `kneeload run` gives the same
  // summary bit for bit, so row i really is grid point i.
  const std::string single = scratch_file("grid_run5.h5");
  const auto run5 = run_kneeload("run level_run body.mass_kg=80 foot.pronation_deg=20 -o " + single);
  REQUIRE(run5.exit_status == 0);
  const kneeload::RunResult alone = kneeload::read_run_file(single);
  CHECK(same_bits(alone.summary.peak_pf_force_N, table.metrics(5, 0)));
  CHECK(same_bits(alone.summary.peak_knee_flexion_deg, table.metrics(5, 5)));
  CHECK(!same_bits(table.metrics(4, 0), table.metrics(5, 0)));  // neighbours differ
  std::remove(single.c_str());
  CHECK(kneeload::find_sweep_journals(out).empty());  // journal removed when complete
  CHECK(run.err.find("9 runs ok, 0 failed") != std::string::npos);
  // The report says how many runs carry flags, as the table's reasons count them.
  int flagged = 0;
  for (const std::string& reason : table.failure_reason)
    flagged += reason.find("flagged: ") != std::string::npos;
  INFO(run.out);
  if (flagged > 0)
    CHECK(run.out.find(fmt::format("flagged: {} of 9 ok runs (", flagged)) != std::string::npos);
  else
    CHECK(run.out.find("flagged:") == std::string::npos);
  remove_sweep(out);
  std::remove(spec.c_str());
}

TEST_CASE("kneeload sweep: 1 and 2 threads give bitwise identical metrics, series saved per run",
          "[sweep_command]") {
  const std::string spec = write_spec("threads.toml", kPairSpec);
  const std::string one = scratch_file("threads1.h5"), two = scratch_file("threads2.h5");
  const auto run1 = run_kneeload("sweep " + spec + " -o " + one + " --threads 1");
  const auto run2 = run_kneeload("sweep " + spec + " -o " + two + " --threads 2 --save-series");
  INFO(run1.err << run2.err);
  REQUIRE(run1.exit_status == 0);
  REQUIRE(run2.exit_status == 0);
  check_identical(read_sweep_table(one), read_sweep_table(two));
  // --save-series: /runs/<index>/ holds each run in the run-file layout; the folder is gone.
  {
    H5::H5File file(two, H5F_ACC_RDONLY);
    for (int i = 0; i < 4; ++i) {
      INFO("run " << i);
      const kneeload::RunResult series =
          kneeload::read_run_group(file.openGroup("runs/" + std::to_string(i)), two);
      CHECK(series.time_s.size() > 0);
      CHECK(same_bits(series.summary.peak_pf_force_N, read_sweep_table(one).metrics(i, 0)));
    }
  }
  CHECK(!fs::exists(two + ".series"));
  remove_sweep(one);
  remove_sweep(two);
  std::remove(spec.c_str());
}

TEST_CASE("kneeload sweep: killed with SIGKILL mid-way, the file is readable and --resume "
          "equals an uninterrupted sweep",
          "[sweep_command]") {
  const std::string spec = write_spec("kill.toml", R"(scenario = "level_run"
[base]
solver.output_hz = 200
[grid]
body.mass_kg = [60, 75, 90]
foot.pronation_deg = [0, 20]
)");
  const std::string reference = scratch_file("kill_reference.h5");
  const std::string out = scratch_file("kill.h5");
  const auto whole = run_kneeload("sweep " + spec + " -o " + reference + " --threads 2");
  INFO(whole.err);
  REQUIRE(whole.exit_status == 0);

  // Start the sweep as a child and kill it once two runs are journaled.
  const size_t journaled = sweep_and_kill(spec, out, 2);
  REQUIRE(journaled >= 2);
  REQUIRE(journaled < 6);  // killed mid-way, not after the end

  // Readable at that moment: a complete snapshot (every run pending or done), and a plain rerun
  // without --resume refuses to overwrite the interrupted sweep.
  const SweepTable killed = read_sweep_table(out);
  CHECK(killed.status.size() == 6);
  CHECK((killed.status.array() != kneeload::sweep_pending).count() <= Eigen::Index(journaled));
  const auto refused = run_kneeload("sweep " + spec + " -o " + out);
  CHECK(refused.exit_status != 0);
  CHECK(refused.err.find("--resume") != std::string::npos);

  const auto resumed = run_kneeload("sweep " + spec + " -o " + out + " --resume --threads 2");
  INFO(resumed.err);
  REQUIRE(resumed.exit_status == 0);
  const SweepTable finished = read_sweep_table(out);
  CHECK((finished.status.array() != kneeload::sweep_pending).all());
  check_identical(finished, read_sweep_table(reference));
  CHECK(kneeload::find_sweep_journals(out).empty());
  // The resumed start ran only what the journal lacked.
  CHECK(resumed.err.find("; " + std::to_string(6 - journaled) + " runs in ") != std::string::npos);
  remove_sweep(out);
  remove_sweep(reference);
  std::remove(spec.c_str());
}

TEST_CASE("kneeload sweep: Ctrl-C (SIGINT) keeps the finished runs in the file, exits 130 and "
          "says how to resume", "[sweep_command]") {
  const std::string spec = write_spec("int.toml", R"(scenario = "level_run"
[base]
solver.output_hz = 200
[grid]
body.mass_kg = {from = 50, to = 120, steps = 16}
)");
  const std::string out = scratch_file("int.h5"), log = scratch_file("int.err");
  const int status = sweep_and_signal(spec, out, 2, SIGINT, nullptr, log.c_str());
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 130);
  std::stringstream err;
  err << std::ifstream(log).rdbuf();
  INFO(err.str());
  const size_t journaled = kneeload::read_sweep_journal(out + ".journal").records.size();
  REQUIRE(journaled < 16);  // stopped mid-way
  // The file, not only the journal, holds every finished run; the message names them.
  const SweepTable stopped = read_sweep_table(out);
  CHECK((stopped.status.array() != kneeload::sweep_pending).count() == Eigen::Index(journaled));
  CHECK(err.str().find(fmt::format("interrupted: {} of 16 runs done, kept in '{}' and its journal; "
                                   "finish with kneeload sweep {} -o {} --resume",
                                   journaled, out, spec, out)) != std::string::npos);
  const auto resumed = run_kneeload("sweep " + spec + " -o " + out + " --resume");
  CHECK(resumed.exit_status == 0);
  CHECK((read_sweep_table(out).status.array() == kneeload::sweep_ok).all());
  remove_sweep(out);
  std::remove(log.c_str());
  std::remove(spec.c_str());
}

TEST_CASE("kneeload sweep: a lost series file is run again on --resume, and a new sweep replaces "
          "only its own spec's results",
          "[sweep_command]") {
  const std::string spec = write_spec("series_lost.toml", kPairSpec);
  const std::string out = scratch_file("series_lost.h5");
  const size_t journaled = sweep_and_kill(spec, out, 2, "--save-series");
  REQUIRE(journaled >= 2);
  REQUIRE(journaled < 4);
  // Run 0 is journaled (one thread runs in order); its series file goes missing.
  REQUIRE(fs::remove(out + ".series/0.h5"));
  const auto resumed = run_kneeload("sweep " + spec + " -o " + out + " --resume --save-series");
  INFO(resumed.err);
  REQUIRE(resumed.exit_status == 0);
  CHECK(resumed.err.find("; " + std::to_string(4 - journaled + 1) + " runs in ") !=
        std::string::npos);
  {
    H5::H5File file(out, H5F_ACC_RDONLY);
    for (int i = 0; i < 4; ++i) {
      INFO("run " << i);
      CHECK(file.nameExists("runs/" + std::to_string(i)));
    }
  }

  // Rerunning the same spec replaces its results; another spec's results or a file that is no
  // sweep file are refused, and left as they were.
  CHECK(run_kneeload("sweep " + spec + " -o " + out).exit_status == 0);
  const std::string other_spec = write_spec(
      "other_spec.toml", R"(scenario = "level_run"
[base]
solver.output_hz = 200
[grid]
body.mass_kg = [60, 91]
)");
  const auto another = run_kneeload("sweep " + other_spec + " -o " + out);
  CHECK(another.exit_status != 0);
  CHECK(count_lines(another.err) == 1);
  CHECK(another.err.find("holds the results of another sweep spec") != std::string::npos);
  CHECK(read_sweep_table(out).status.size() == 4);
  const std::string notes = scratch_file("notes.h5");
  std::ofstream(notes) << "my notes\n";
  const auto not_sweep = run_kneeload("sweep " + spec + " -o " + notes);
  CHECK(not_sweep.exit_status != 0);
  CHECK(not_sweep.err.find("is no sweep file") != std::string::npos);
  std::ifstream kept(notes);
  std::string line;
  std::getline(kept, line);
  CHECK(line == "my notes");
  remove_sweep(out);
  for (const std::string& path : {spec, other_spec, notes}) std::remove(path.c_str());
}

TEST_CASE("kneeload sweep: files of the user's that carry a sweep's names are left alone",
          "[sweep_command]") {
  const std::string spec = write_spec("names.toml", kPairSpec);
  const std::string out = scratch_file("names.h5");
  // A folder named like the series folder, a file named like a stale temporary.
  fs::create_directories(out + ".series");
  std::ofstream(out + ".series/thesis.txt") << "precious\n";
  std::ofstream(out + ".tmp-1") << "also mine\n";
  const auto plain = run_kneeload("sweep " + spec + " -o " + out);
  INFO(plain.err);
  CHECK(plain.exit_status == 0);
  CHECK(fs::exists(out + ".series/thesis.txt"));
  CHECK(fs::exists(out + ".tmp-1"));
  const auto series = run_kneeload("sweep " + spec + " -o " + out + " --save-series");
  CHECK(series.exit_status != 0);
  CHECK(series.err.find("is not the sweep's series folder") != std::string::npos);
  CHECK(fs::exists(out + ".series/thesis.txt"));
  // A file named like the journal that is no journal, or a link there: refused, untouched.
  std::ofstream(out + ".journal") << "my notes\n";
  const auto notes = run_kneeload("sweep " + spec + " -o " + out + " --resume");
  CHECK(notes.exit_status != 0);
  CHECK(count_lines(notes.err) == 1);
  CHECK(notes.err.find("is no sweep journal") != std::string::npos);
  std::ifstream kept(out + ".journal");
  std::string line;
  std::getline(kept, line);
  CHECK(line == "my notes");
  fs::remove(out + ".journal");
  fs::create_symlink(fs::absolute(out + ".tmp-1"), out + ".journal");
  const auto link = run_kneeload("sweep " + spec + " -o " + out + " --resume");
  CHECK(link.exit_status != 0);
  CHECK(link.err.find("is no sweep journal") != std::string::npos);
  CHECK(fs::file_size(out + ".tmp-1") == std::string("also mine\n").size());
  fs::remove(out + ".journal");
  fs::remove(out + ".tmp-1");
  fs::remove_all(out + ".series");
  remove_sweep(out);
  std::remove(spec.c_str());
}

TEST_CASE("kneeload sweep: bad specs give one line, exit non-zero and leave no file",
          "[sweep_command]") {
  struct Case {
    const char* name;
    std::string spec;  // empty: no spec file at all
    const char* expected;
  };
  const std::string head = "scenario = \"level_run\"\n";
  const Case cases[] = {
      {"unknown key", head + "[grid]\nbody.mass_kg = [60]\nbody.weight_kg = [70]\n",
       "body.weight_kg"},
      {"out of range", head + "[grid]\nbody.mass_kg = [60, 250]\n", "out of range"},
      {"grid and sample",
       head + "[grid]\nbody.mass_kg = [60]\n[sample]\nmethod = \"lhs\"\nn = 2\n", "exactly one"},
      {"missing file", "", "cannot be opened"},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    const std::string spec =
        c.spec.empty() ? scratch_file("absent.toml") : write_spec("bad.toml", c.spec);
    const std::string out = scratch_file("bad.h5");
    const auto run = run_kneeload("sweep " + spec + " -o " + out);
    INFO(run.err);
    CHECK(run.exit_status == 1);
    CHECK(count_lines(run.err) == 1);
    CHECK(run.err.find(c.expected) != std::string::npos);
    CHECK(!fs::exists(out));
    CHECK(kneeload::find_sweep_journals(out).empty());
    if (!c.spec.empty()) std::remove(spec.c_str());
  }
}

TEST_CASE("kneeload sweep: an output another running sweep writes is refused as such, with or "
          "without --resume", "[sweep_command]") {
  const std::string spec =
      write_spec("busy.toml", "scenario = \"level_run\"\n[grid]\nbody.mass_kg = [60, 70]\n");
  const std::string out = scratch_file("busy.h5");
  {
    // The other sweep: its journal open, and so locked, in this process.
    const kneeload::SweepJournal running(kneeload::get_sweep_journal_path(out, 0, 1), "fp", 2);
    for (const std::string flags : {"", " --resume"}) {
      const auto run = run_kneeload("sweep " + spec + " -o " + out + flags);
      INFO(flags << " " << run.err);
      CHECK(run.exit_status == 1);
      CHECK(count_lines(run.err) == 1);
      CHECK(run.err.find("is being written by another running kneeload sweep") !=
            std::string::npos);
      CHECK(!fs::exists(out));
    }
  }
  remove_sweep(out);
  std::remove(spec.c_str());
}

TEST_CASE("kneeload sweep: a failed run is recorded with status 2 and its reason, the sweep goes on",
          "[sweep_command]") {
  // A 150 N medial brace force against a quadriceps at 0.2 x strength with no Q-angle (no lateral
  // lean of the quadriceps to oppose it) pushes the patella medially out of the trochlear groove:
  // no PF equilibrium is found and the run fails early in stance (run_scenario reports "did not
  // converge ... (at t = 0.015 s)"). Without the brace the same runner completes. (With the
  // default Q-angle of 14 deg the patellofemoral ligaments now hold the braced patella.)
  const std::string spec = write_spec("fail.toml", R"(scenario = "level_run"
[base]
solver.output_hz = 200
muscle.strength.quadriceps = 0.2
knee.q_angle_deg = 0
[grid]
brace.patellar_medial_force_N = [150, 0]
)");
  const std::string out = scratch_file("fail.h5");
  const auto run = run_kneeload("sweep " + spec + " -o " + out + " --threads 1");
  INFO(run.err);
  REQUIRE(run.exit_status == 0);  // a sweep with failed runs still finishes
  const SweepTable table = read_sweep_table(out);
  CHECK(table.status[0] == kneeload::sweep_failed);
  CHECK(table.failure_reason[0].find("at t =") != std::string::npos);
  CHECK(table.status[1] != kneeload::sweep_pending);  // the next run went on
  CHECK(run.err.find("failed (see /sweep/failure_reason)") != std::string::npos);
  remove_sweep(out);
  std::remove(spec.c_str());
}

TEST_CASE("kneeload sweep: a [base] key without effect and a Sobol n off a power of two are noted",
          "[sweep_command]") {
  const std::string spec = write_spec("notes.toml", R"(scenario = "level_walk"
[base]
terrain.slope_deg = -5
[sample]
method = "sobol"
n = 3
[sample.ranges]
body.mass_kg = [60, 80]
)");
  const std::string out = scratch_file("notes.h5");
  const auto run = run_kneeload("sweep " + spec + " -o " + out + " --threads 2");
  INFO(run.err);
  CHECK(run.exit_status == 0);
  CHECK_THAT(run.err,
             Catch::Matchers::Contains("note: [base] terrain.slope_deg has no effect in "
                                       "level_walk"));
  CHECK_THAT(run.err, Catch::Matchers::Contains("note: [sample] n = 3 is not a power of two"));
  remove_sweep(out);
  fs::remove(spec);
}
