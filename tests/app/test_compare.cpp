// `kneeload compare A.h5 B.h5` as a user meets it (DESIGN.md §5): a table of the summary metrics
// with units, the change and the % change; one stderr line and a non-zero exit for a bad file.
#include "io/config.hpp"
#include "io/run_file.hpp"
#include "tests/app/run_kneeload.hpp"
#include "tests/io/run_result_fixture.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>

namespace {

using CompareRun = kneeload::test::CommandRun;
using kneeload::test::count_lines;

CompareRun run_compare(const kneeload::testing::ScratchFolder&, const std::string& a,
                       const std::string& b) {
  return kneeload::test::run_kneeload("compare '" + a + "' '" + b + "'");
}

// The whitespace-separated words of the stdout line starting with `metric`.
std::vector<std::string> words_of_row(const std::string& out, const std::string& metric) {
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words(line);
    std::vector<std::string> row;
    for (std::string word; words >> word;) row.push_back(word);
    if (!row.empty() && row[0] == metric) return row;
  }
  return {};
}

}  // namespace

TEST_CASE("kneeload compare: change and % change of each summary metric, with units", "[cli]") {
  kneeload::testing::ScratchFolder folder("kneeload_compare_ok");
  kneeload::RunResult a = kneeload::testing::make_synthetic_result();
  kneeload::RunResult b = a;
  a.summary.peak_pf_force_N = 2000.0;
  b.summary.peak_pf_force_N = 2500.0;  // +500 N, +25 %
  b.meta.scenario = "downhill_run";
  kneeload::write_run_file(folder.file("a.h5"), a);
  kneeload::write_run_file(folder.file("b.h5"), b);
  const CompareRun run = run_compare(folder, folder.file("a.h5"), folder.file("b.h5"));
  REQUIRE(run.exit_status == 0);
  CHECK(run.err.empty());
  CHECK(words_of_row(run.out, "peak_pf_force_N") ==
        std::vector<std::string>{"peak_pf_force_N", "N", "2000", "2500", "+500", "+25.0"});
  CHECK(words_of_row(run.out, "stance_time_s").size() == 6);
  CHECK_THAT(run.out, Catch::Matchers::Contains("downhill_run"));
}

TEST_CASE("kneeload compare: the parameters in which the runs differ, and a failed run's "
          "partial stance, are named before the table", "[cli]") {
  kneeload::testing::ScratchFolder folder("kneeload_compare_params");
  kneeload::RunResult a = kneeload::testing::make_synthetic_result();
  kneeload::RunResult b = a;
  a.meta.config_toml = kneeload::format_parameters_toml(
      kneeload::resolve_parameters("level_run", "", {"shoe.heel_drop_mm=4"}));
  b.meta.config_toml = kneeload::format_parameters_toml(kneeload::resolve_parameters(
      "level_run", "", {"shoe.heel_drop_mm=12", "body.sex=female"}));
  a.summary.failure_reason = "flagged: knee_angle_r reserve 20.0 N m > 10 % of joint moment "
                             "150.0 N m (for 5 ms in all from 0.010 s, peak at 0.010 s)";
  b.summary.status = "failed";
  b.summary.failure_reason = "patellofemoral solve did not converge at t = 0.050 s; " +
                             a.summary.failure_reason;
  b.summary.stance_time_s = 0.05;
  kneeload::write_run_file(folder.file("a.h5"), a);
  kneeload::write_run_file(folder.file("b.h5"), b);
  const CompareRun run = run_compare(folder, folder.file("a.h5"), folder.file("b.h5"));
  INFO(run.out << run.err);
  REQUIRE(run.exit_status == 0);
  CHECK_THAT(run.out, Catch::Matchers::Contains("# parameter shoe.heel_drop_mm: A 4 mm, B 12 mm"));
  CHECK_THAT(run.out, Catch::Matchers::Contains("# parameter body.sex: A male, B female"));
  // The Q-angle follows the sex (14 → 17 deg) and differs too; nothing else does.
  CHECK_THAT(run.out,
             Catch::Matchers::Contains("# parameter knee.q_angle_deg: A 14 deg, B 17 deg"));
  CHECK(std::count(run.out.begin(), run.out.end(), '#') == 2 + 3 + 1);
  // Each run's header: the failure in full, the flags in a few words.
  CHECK_THAT(run.out, Catch::Matchers::Contains("status ok, flagged: knee reserve)"));
  CHECK_THAT(run.out, Catch::Matchers::Contains(
                          "status failed: patellofemoral solve did not converge at t = 0.050 s, "
                          "flagged: knee reserve)"));
  CHECK_THAT(run.out, !Catch::Matchers::Contains("joint moment"));
  CHECK_THAT(run.out, Catch::Matchers::Contains("# note: B failed: its metrics cover only the "
                                                "0.050 s simulated"));
  // The same config twice: said in one line.
  write_run_file(folder.file("b.h5"), a);
  const CompareRun same = run_compare(folder, folder.file("a.h5"), folder.file("b.h5"));
  CHECK_THAT(same.out, Catch::Matchers::Contains("# parameters: the same in both runs"));
}

TEST_CASE("kneeload compare: a missing or corrupt file gives exit != 0 and one stderr line",
          "[cli]") {
  kneeload::testing::ScratchFolder folder("kneeload_compare_bad");
  kneeload::write_run_file(folder.file("a.h5"), kneeload::testing::make_synthetic_result());
  const CompareRun missing = run_compare(folder, folder.file("a.h5"), folder.file("gone.h5"));
  CHECK(missing.exit_status != 0);
  CHECK(count_lines(missing.err) == 1);
  CHECK_THAT(missing.err, Catch::Matchers::StartsWith("kneeload: error: ") &&
                              Catch::Matchers::Contains("gone.h5"));
  CHECK(missing.out.empty());

  std::ofstream(folder.file("text.h5")) << "not a results file\n";
  const CompareRun corrupt = run_compare(folder, folder.file("text.h5"), folder.file("a.h5"));
  CHECK(corrupt.exit_status != 0);
  CHECK(count_lines(corrupt.err) == 1);
  CHECK_THAT(corrupt.err, Catch::Matchers::Contains("not an HDF5 file"));
}
