// `kneeload summary RUN.h5 [RUN2.h5 ...]` as a user meets it: one row per run with the peak PF
// force in BW and N, pressure, knee flexion, vertical GRF, status, why a failed run stopped and the
// control flags in a few words; one stderr line, a non-zero exit and no table for a bad file.
// `kneeload summary SWEEP.h5`: the sweep's counts, its flagged runs and each metric's range.
#include "io/run_file.hpp"
#include "io/sweep_file.hpp"
#include "scenarios/run_result.hpp"
#include "tests/app/run_kneeload.hpp"
#include "tests/io/run_result_fixture.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace {

using kneeload::test::count_lines;

// The stdout line that starts with `first_word`, or "" when there is none.
std::string line_starting_with(const std::string& out, const std::string& first_word) {
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);)
    if (line.rfind(first_word + " ", 0) == 0) return line;
  return "";
}

std::vector<std::string> words_of(const std::string& line) {
  std::istringstream words(line);
  std::vector<std::string> result;
  for (std::string word; words >> word;) result.push_back(word);
  return result;
}

}  // namespace

TEST_CASE("kneeload summary: one row per run with its peak loads and its flags in a few words",
          "[cli]") {
  kneeload::testing::ScratchFolder folder("kneeload_summary_ok");
  kneeload::RunResult plain = kneeload::testing::make_synthetic_result();
  plain.meta.scenario = "level_run";
  plain.summary.status = "ok";
  plain.summary.failure_reason = "";
  plain.summary.peak_pf_force_bw = 6.364;
  plain.summary.peak_pf_force_N = 4369.4;
  plain.summary.peak_pf_pressure_MPa = 17.36;
  plain.summary.peak_knee_flexion_deg = 42.31;
  plain.summary.peak_vgrf_bw = 2.629;
  plain.summary.max_tracking_error_deg = 5.37;
  kneeload::RunResult flagged = plain;
  flagged.meta.scenario = "stair_descent";
  flagged.summary.failure_reason =
      "flagged: hip_flexion_r reserve 2844.7 N m > 10 % of joint moment 2982.4 N m (for 60 ms "
      "from 0.071 s); ankle_angle_r reserve 209.6 N m > 10 % of joint moment 191.3 N m (for 35 ms "
      "from 0.091 s); stance foot unloaded for 60 ms while the trial loads it; vertical ground "
      "force 7.80 BW > 1.5 times the trial's peak 1.40 BW (for 40 ms from 0.090 s); patellar "
      "cartilage compressed through for 18 ms (bone on bone, peak pressure 57.1 MPa)";
  kneeload::RunResult failed = plain;
  failed.summary.status = "failed";
  failed.summary.failure_reason =
      "step-size underflow: dt = 9.04e-13 s < min_dt_s = 1e-12 s (at t = 0.0527911 s); flagged: "
      "knee_angle_r reserve 80.2 N m > 10 % of joint moment 181.0 N m";
  kneeload::write_run_file(folder.file("plain.h5"), plain);
  kneeload::write_run_file(folder.file("flagged.h5"), flagged);
  kneeload::write_run_file(folder.file("failed.h5"), failed);

  const auto run = kneeload::test::run_kneeload("summary '" + folder.file("plain.h5") + "' '" +
                                                folder.file("flagged.h5") + "' '" +
                                                folder.file("failed.h5") + "'");
  REQUIRE(run.exit_status == 0);
  CHECK(run.err.empty());
  CHECK(words_of(line_starting_with(run.out, folder.file("plain.h5"))) ==
        std::vector<std::string>{folder.file("plain.h5"), "level_run", "ok", "6.36", "4369",
                                 "17.4", "42.3", "2.63", "5.4", "-"});
  const std::string flagged_row = line_starting_with(run.out, folder.file("flagged.h5"));
  CHECK_THAT(flagged_row,
             Catch::Matchers::Contains("stair_descent") &&
                 Catch::Matchers::EndsWith("hip, ankle reserve; foot unloaded; ground force high; "
                                          "cartilage through"));
  // A failed run says why and when it stopped, before its flags.
  CHECK_THAT(line_starting_with(run.out, folder.file("failed.h5")),
             Catch::Matchers::Contains(" failed ") &&
                 Catch::Matchers::EndsWith("step-size underflow: dt = 9.04e-13 s < min_dt_s = "
                                           "1e-12 s (at t = 0.0527911 s); knee reserve"));
  // The units sit under the columns, and the flags are explained once.
  CHECK_THAT(run.out,
             Catch::Matchers::Contains("BW        N       MPa       deg        BW      deg"));
  CHECK_THAT(run.out, Catch::Matchers::Contains("tracking: the largest difference between a"));
  CHECK_THAT(run.out,
             Catch::Matchers::Contains("flags: a reserve above 10 % of the joint's peak moment"));
}

TEST_CASE("kneeload summary: a missing or corrupt file gives exit != 0, one stderr line, no table",
          "[cli]") {
  kneeload::testing::ScratchFolder folder("kneeload_summary_bad");
  kneeload::write_run_file(folder.file("a.h5"), kneeload::testing::make_synthetic_result());
  const auto missing = kneeload::test::run_kneeload("summary '" + folder.file("a.h5") + "' '" +
                                                    folder.file("gone.h5") + "'");
  CHECK(missing.exit_status != 0);
  CHECK(count_lines(missing.err) == 1);
  CHECK_THAT(missing.err, Catch::Matchers::StartsWith("kneeload: error: ") &&
                              Catch::Matchers::Contains("gone.h5"));
  CHECK(missing.out.empty());

  // A removed sweep file whose journal remains: said, with how to get the file back.
  std::ofstream(folder.file("sweep.h5.journal")) << "";
  const auto journal_only = kneeload::test::run_kneeload("summary '" + folder.file("sweep.h5") +
                                                         "'");
  CHECK(journal_only.exit_status != 0);
  CHECK(count_lines(journal_only.err) == 1);
  CHECK_THAT(journal_only.err,
             Catch::Matchers::Contains("but its sweep journal") &&
                 Catch::Matchers::Contains("--resume writes it and runs the rest"));

  // The journal locked: a sweep still running, before its first snapshot.
  const int fd = ::open(folder.file("sweep.h5.journal").c_str(), O_RDWR);
  REQUIRE(fd >= 0);
  REQUIRE(::flock(fd, LOCK_EX) == 0);
  const auto running = kneeload::test::run_kneeload("summary '" + folder.file("sweep.h5") + "'");
  ::close(fd);
  CHECK(running.exit_status != 0);
  CHECK(count_lines(running.err) == 1);
  CHECK_THAT(running.err,
             Catch::Matchers::Contains("does not exist yet: a running kneeload sweep"));
}

TEST_CASE("kneeload summary SWEEP.h5: runs done, failed and flagged, and each metric's min, "
          "median and max over the ok runs", "[cli]") {
  kneeload::testing::ScratchFolder folder("kneeload_summary_sweep");
  // Five runs over body mass: four ok (one flagged), one failed; metric m of run i is 10·m + i.
  Eigen::MatrixXd points(5, 1);
  points << 60, 70, 80, 90, 100;
  kneeload::SweepTable table = kneeload::make_pending_sweep_table(
      "scenario = \"level_run\"", "grid", 0, {"body.mass_kg"}, points);
  for (int i = 0; i < 5; ++i)
    for (Eigen::Index m = 0; m < table.metrics.cols(); ++m) table.metrics(i, m) = 10.0 * m + i;
  table.status << 1, 1, 2, 1, 1;
  table.metrics.row(2).setConstant(std::numeric_limits<double>::quiet_NaN());
  // A failed run may carry flags too: it counts as failed, not as flagged.
  table.failure_reason[2] =
      "step-size underflow (at t = 0.05 s); flagged: knee_angle_r reserve 30.0 N m > 10 % of "
      "joint moment 200.0 N m (for 5 ms from 0.04 s)";
  table.failure_reason[3] =
      "flagged: ankle_angle_r reserve 28.1 N m > 10 % of joint moment 273.2 N m (for 10 ms from "
      "0.156 s)";
  kneeload::SweepFileMeta meta;
  meta.scenario = "level_run";
  meta.param_units = {"kg"};
  kneeload::write_sweep_file(folder.file("sweep.h5"), table, meta);

  const auto run = kneeload::test::run_kneeload("summary '" + folder.file("sweep.h5") + "'");
  INFO(run.out << run.err);
  REQUIRE(run.exit_status == 0);
  CHECK_THAT(run.out, Catch::Matchers::Contains("level_run (grid over body.mass_kg), 5 runs: 4 ok, "
                                                "1 failed, 0 pending"));
  CHECK_THAT(run.out, Catch::Matchers::Contains("flagged: 1 of 4 ok runs (ankle reserve 1);"));
  // peak_vgrf_bw is metric 7: ok runs 0, 1, 3, 4 give 70, 71, 73, 74; median (71 + 73) / 2.
  CHECK(words_of(line_starting_with(run.out, "peak_vgrf_bw")) ==
        std::vector<std::string>{"peak_vgrf_bw", "BW", "70", "72", "74"});
  REQUIRE(std::string(kneeload::get_summary_metrics()[7].name) == "peak_vgrf_bw");
  CHECK(run.out.find("interrupted") == std::string::npos);
  // With a journal beside it the file is a stopped sweep's snapshot, and the summary says so.
  std::ofstream(folder.file("sweep.h5.journal")) << "";
  const auto stopped = kneeload::test::run_kneeload("summary '" + folder.file("sweep.h5") + "'");
  CHECK_THAT(stopped.out, Catch::Matchers::Contains("interrupted: the journal '" +
                                                    folder.file("sweep.h5.journal") + "'") &&
                              Catch::Matchers::Contains("--resume"));
  {
    // A journal locked by a running sweep: the file is that sweep's latest snapshot.
    const int fd = ::open(folder.file("sweep.h5.journal").c_str(), O_RDWR | O_CLOEXEC);
    REQUIRE(fd >= 0);
    REQUIRE(::flock(fd, LOCK_EX | LOCK_NB) == 0);
    const auto running = kneeload::test::run_kneeload("summary '" + folder.file("sweep.h5") + "'");
    ::close(fd);
    CHECK_THAT(running.out, Catch::Matchers::Contains("still being written"));
    CHECK(running.out.find("--resume") == std::string::npos);
  }
  std::remove(folder.file("sweep.h5.journal").c_str());

  // A sweep beside a run file is one clear line.
  kneeload::write_run_file(folder.file("a.h5"), kneeload::testing::make_synthetic_result());
  const auto mixed = kneeload::test::run_kneeload("summary '" + folder.file("sweep.h5") + "' '" +
                                                  folder.file("a.h5") + "'");
  CHECK(mixed.exit_status != 0);
  CHECK(count_lines(mixed.err) == 1);
  CHECK_THAT(mixed.err, Catch::Matchers::Contains("summary reads run files or one sweep file") &&
                           Catch::Matchers::Contains("' a run file"));
  CHECK(mixed.out.empty());
  const auto two = kneeload::test::run_kneeload("summary '" + folder.file("sweep.h5") + "' '" +
                                                folder.file("sweep.h5") + "'");
  CHECK(two.exit_status != 0);
  CHECK_THAT(two.err, Catch::Matchers::Contains("' another sweep file"));
}
