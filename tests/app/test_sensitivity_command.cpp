// `kneeload sensitivity OUT.h5 --metric NAME` as a user meets it (docs/sensitivity.md): a table of
// first-order and total Sobol indices with intervals, checked on a sweep file whose metric is the
// Ishigami function (Ishigami & Homma 1990: S1 = 0.3139, 0.4424, 0; ST = 0.5576, 0.4424, 0.2437);
// one stderr line and a non-zero exit for a missing file, a non-Sobol sweep or an unknown metric.
#include "io/sweep_file.hpp"
#include "scenarios/run_result.hpp"
#include "scenarios/sample_design.hpp"
#include "tests/app/run_kneeload.hpp"
#include "tests/io/run_result_fixture.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

namespace {

using kneeload::test::count_lines;

constexpr int kBase = 1024;  // base rows N of the synthetic sweep

// A finished Saltelli sweep over three keys whose `peak_pf_force_bw` is the Ishigami function of
// the unit points mapped to [−π, π]; base rows 3, 500 and 1000 have a failed run.
kneeload::SweepTable make_ishigami_sweep(const std::string& method, int n_base = kBase) {
  const std::vector<std::string> keys{"body.mass_kg", "foot.pronation_deg", "knee.q_angle_deg"};
  const Eigen::MatrixXd design = kneeload::make_saltelli_design(n_base, 3, 0);
  kneeload::SweepTable table = kneeload::make_pending_sweep_table(
      "[sample]\nmethod = \"" + method + "\"\n", method, method == "sobol" ? n_base : 0, keys,
      design);
  int column = 0;
  while (table.metric_names[column] != "peak_pf_force_bw") ++column;
  for (Eigen::Index r = 0; r < design.rows(); ++r) {
    const Eigen::RowVectorXd x = (design.row(r).array() * 2 * M_PI - M_PI).matrix();
    table.metrics(r, column) = std::sin(x[0]) + 7 * std::pow(std::sin(x[1]), 2) +
                               0.1 * std::pow(x[2], 4) * std::sin(x[0]);
    table.status[r] = kneeload::sweep_ok;
  }
  if (n_base != kBase) return table;
  for (const Eigen::Index failed : {Eigen::Index{3}, Eigen::Index{kBase + 500},
                                    Eigen::Index{4 * kBase + 1000}}) {
    table.metrics(failed, column) = std::nan("");
    table.status[failed] = kneeload::sweep_failed;
    table.failure_reason[failed] = "NaN in the state";
  }
  return table;
}

// Writes the sweep file from a child process that then exits, as `kneeload sweep` does: HDF5
// closes every handle at exit, so the reader (another process) opens a file no writer holds. (In
// a living process, write_sweep_file keeps an HDF5 handle, and with it the file lock, open.)
void write_sweep(const std::string& path, const kneeload::SweepTable& table) {
  std::fflush(nullptr);
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    int code = 0;
    try {
      kneeload::SweepFileMeta meta;
      meta.scenario = "level_run";
      meta.kneeload_version = "test";
      meta.created_utc = "2026-01-01T00:00:00Z";
      meta.param_units = {"kg", "deg", "deg"};
      kneeload::write_sweep_file(path, table, meta);
    } catch (...) {
      code = 1;
    }
    std::exit(code);
  }
  int status = 0;
  REQUIRE(waitpid(child, &status, 0) == child);
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == 0);
}

// The whitespace-separated words of the stdout line starting with `first`.
std::vector<std::string> words_of_row(const std::string& out, const std::string& first) {
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words(line);
    std::vector<std::string> row;
    for (std::string word; words >> word;) row.push_back(word);
    if (!row.empty() && row[0] == first) return row;
  }
  return {};
}

}  // namespace

TEST_CASE("kneeload sensitivity: Sobol indices of a sweep metric with intervals, and the rows "
          "dropped for failed runs", "[cli]") {
  kneeload::testing::ScratchFolder folder("kneeload_sensitivity_ok");
  write_sweep(folder.file("sobol.h5"), make_ishigami_sweep("sobol"));
  const auto run = kneeload::test::run_kneeload("sensitivity '" + folder.file("sobol.h5") +
                                                "' --metric peak_pf_force_bw --bootstrap 200");
  REQUIRE(run.exit_status == 0);
  CHECK(run.err.empty());
  // Row: key, S1, [low,, high], ST, [low,, high] → S1 is word 1 and ST word 4.
  const double first_exact[3] = {0.3139, 0.4424, 0.0}, total_exact[3] = {0.5576, 0.4424, 0.2437};
  const char* keys[3] = {"body.mass_kg", "foot.pronation_deg", "knee.q_angle_deg"};
  for (int i = 0; i < 3; ++i) {
    const std::vector<std::string> row = words_of_row(run.out, keys[i]);
    INFO(run.out);
    REQUIRE(row.size() == 7);
    CHECK(std::stod(row[1]) == Approx(first_exact[i]).margin(0.05));
    CHECK(std::stod(row[4]) == Approx(total_exact[i]).margin(0.05));
  }
  CHECK_THAT(run.out, Catch::Matchers::Contains("n used 1021 of 1024 base rows, dropped 3"));
  CHECK(run.out.find("note:") == std::string::npos);  // N = 1021 resolves them
  // N = 16 does not: the output says so.
  write_sweep(folder.file("small.h5"), make_ishigami_sweep("sobol", 16));
  const auto small = kneeload::test::run_kneeload("sensitivity '" + folder.file("small.h5") +
                                                  "' --metric peak_pf_force_bw --bootstrap 200");
  REQUIRE(small.exit_status == 0);
  CHECK_THAT(small.out, Catch::Matchers::Contains("# note: intervals up to ") &&
                            Catch::Matchers::Contains(" wide: N = 16 does not resolve"));
}

TEST_CASE("kneeload sensitivity: a missing file, an lhs sweep or an unknown metric gives "
          "exit != 0 and one stderr line", "[cli]") {
  kneeload::testing::ScratchFolder folder("kneeload_sensitivity_bad");
  const auto missing = kneeload::test::run_kneeload(
      "sensitivity '" + folder.file("gone.h5") + "' --metric peak_pf_force_bw");
  CHECK(missing.exit_status != 0);
  CHECK(count_lines(missing.err) == 1);
  CHECK_THAT(missing.err, Catch::Matchers::StartsWith("kneeload: error: ") &&
                              Catch::Matchers::Contains("gone.h5"));
  CHECK(missing.out.empty());

  write_sweep(folder.file("lhs.h5"), make_ishigami_sweep("lhs"));
  const auto lhs = kneeload::test::run_kneeload("sensitivity '" + folder.file("lhs.h5") +
                                                "' --metric peak_pf_force_bw");
  CHECK(lhs.exit_status != 0);
  CHECK(count_lines(lhs.err) == 1);
  CHECK_THAT(lhs.err, Catch::Matchers::Contains(
                          "sensitivity needs a [sample] method = \"sobol\" sweep; ") &&
                          Catch::Matchers::Contains("lhs.h5 is a lhs sweep"));

  write_sweep(folder.file("sobol.h5"), make_ishigami_sweep("sobol"));
  const auto unknown = kneeload::test::run_kneeload("sensitivity '" + folder.file("sobol.h5") +
                                                    "' --metric peak_pf_force_bww");
  CHECK(unknown.exit_status != 0);
  CHECK(count_lines(unknown.err) == 1);
  CHECK_THAT(unknown.err, Catch::Matchers::Contains("unknown metric 'peak_pf_force_bww'") &&
                              Catch::Matchers::Contains("peak_vgrf_bw") &&
                              Catch::Matchers::Contains("did you mean 'peak_pf_force_bw'"));

  // Options out of their range: a bootstrap that would take gigabytes, a seed that would wrap.
  for (const auto& [option, expected] : std::initializer_list<std::pair<const char*, const char*>>{
           {"--bootstrap 2147483647", "must be in [0, 100000]"},
           {"--seed -1", "must be a whole number in [0, 2^64 - 1]"},
           {"--seed 18446744073709551616", "must be a whole number in [0, 2^64 - 1]"}}) {
    const auto bad = kneeload::test::run_kneeload("sensitivity '" + folder.file("sobol.h5") +
                                                  "' --metric peak_pf_force_bw " + option);
    INFO(option << "\nstderr: " << bad.err);
    CHECK(bad.exit_status != 0);
    CHECK(count_lines(bad.err) == 1);
    CHECK_THAT(bad.err, Catch::Matchers::Contains(expected));
    CHECK(bad.out.empty());
  }
}
