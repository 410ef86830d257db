// `kneeload summary RUN.h5 [RUN2.h5 ...]` as a user meets it: one row per run with the peak PF
// force in BW and N, pressure, knee flexion, vertical GRF, status, why a failed run stopped and the
// control flags in a few words; one stderr line, a non-zero exit and no table for a bad file.
#include "io/run_file.hpp"
#include "tests/app/run_kneeload.hpp"
#include "tests/io/run_result_fixture.hpp"

#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

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
                                 "17.4", "42.3", "2.63", "-"});
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
  CHECK_THAT(run.out, Catch::Matchers::Contains("BW        N       MPa       deg        BW"));
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
}
