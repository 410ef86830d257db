// `kneeload plot SWEEP.h5` as a user meets it (DESIGN.md §5, §9; docs/viz.md): a sweep file gives
// a PNG; a sweep beside a run file, an HDF5 file that is neither, an unknown metric or key, or a
// run option on a sweep give a non-zero exit, one stderr line naming the problem, and no figure.
// (The chart itself is checked in tests/viz/test_sweep_chart.cpp.)
#include "io/run_file.hpp"
#include "io/sweep_file.hpp"
#include "tests/app/run_kneeload.hpp"
#include "tests/io/run_result_fixture.hpp"

#include <H5Cpp.h>
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>

using kneeload::test::count_lines;
using kneeload::test::run_kneeload;
using kneeload::testing::ScratchFolder;

namespace {

// A 2 × 2 grid over foot.pronation_deg and body.mass_kg with made-up metrics, all runs ok.
void write_small_grid(const std::string& path) {
  Eigen::MatrixXd points(4, 2);  // [runs × keys]
  points << 0.0, 60.0, 0.0, 80.0, 10.0, 60.0, 10.0, 80.0;
  kneeload::SweepTable table = kneeload::make_pending_sweep_table(
      "[grid]", "grid", 0, {"foot.pronation_deg", "body.mass_kg"}, points);
  for (int i = 0; i < 4; ++i) {
    table.status[i] = kneeload::sweep_ok;
    table.metrics.row(i).setConstant(2.0 + 0.1 * i);
  }
  kneeload::SweepFileMeta meta;
  meta.scenario = "level_run";
  meta.kneeload_version = "0.1.0";
  meta.created_utc = "2026-01-01T00:00:00Z";
  meta.param_units = {"deg", "kg"};
  kneeload::write_sweep_file(path, table, meta);
}

// One error line on stderr containing `text`, exit != 0.
void check_one_line_error(const kneeload::test::CommandRun& run, const std::string& text) {
  INFO(run.err);
  CHECK(run.exit_status != 0);
  CHECK(count_lines(run.err) == 1);
  CHECK_THAT(run.err, Catch::Matchers::Contains(text));
}

}  // namespace

TEST_CASE("kneeload plot SWEEP.h5: mixing with a run file, a file that is neither, unknown "
          "metric or key, --signal: one line, exit != 0, no figure", "[cli]") {
  const ScratchFolder folder("kneeload_plot_sweep_bad_cli");
  const std::string sweep = folder.file("sweep.h5"), run = folder.file("run.h5"),
                    other = folder.file("other.h5"), png = folder.file("x.png");
  write_small_grid(sweep);
  kneeload::write_run_file(run, kneeload::testing::make_synthetic_result());
  H5::H5File(other, H5F_ACC_TRUNC).createGroup("something");
  const std::string out = " -o '" + png + "'";

  check_one_line_error(run_kneeload("plot '" + run + "' '" + sweep + "'" + out),
                       "plot draws run files or one sweep file, not both: '" + sweep +
                           "' is a sweep file, '" + run + "' a run file");
  const std::string sweep2 = folder.file("sweep2.h5");
  write_small_grid(sweep2);
  check_one_line_error(run_kneeload("plot '" + sweep + "' '" + sweep2 + "'" + out),
                       "one sweep file at a time");
  check_one_line_error(run_kneeload("plot '" + sweep + "' '" + sweep + "'" + out),
                       "'" + sweep + "' is named twice");
  check_one_line_error(run_kneeload("plot '" + other + "'" + out),
                       "'" + other + "' is neither a run file (no /time) nor a sweep file");
  const auto metric = run_kneeload("plot '" + sweep + "'" + out + " --metric peak_pf_forse_bw");
  check_one_line_error(metric, "unknown metric 'peak_pf_forse_bw' (did you mean 'peak_pf_force_bw'?)");
  CHECK_THAT(metric.err, Catch::Matchers::Contains("max_residual_force_pct_bw"));
  check_one_line_error(run_kneeload("plot '" + sweep + "'" + out + " --param body.mass"),
                       "its parameters: foot.pronation_deg, body.mass_kg");
  check_one_line_error(run_kneeload("plot '" + sweep + "'" + out + " --signal pf_force_bw"),
                       "choose its metric with --metric");
  check_one_line_error(run_kneeload("plot '" + run + "'" + out + " --metric peak_vgrf_bw"),
                       "apply to a sweep file");
  CHECK_FALSE(std::filesystem::exists(png));
  CHECK(folder.count_entries() == 4);
}

TEST_CASE("kneeload plot SWEEP.h5 -o fig.png --param body.mass_kg writes the figure", "[cli]") {
  kneeload::test::skip_without_display();
  const ScratchFolder folder("kneeload_plot_sweep_cli");
  const std::string sweep = folder.file("sweep.h5"), png = folder.file("fig.png");
  write_small_grid(sweep);
  const auto plot = run_kneeload("plot '" + sweep + "' -o '" + png + "' --param body.mass_kg");
  INFO(plot.err);
  CHECK(plot.exit_status == 0);
  REQUIRE(std::filesystem::exists(png));
  CHECK(std::filesystem::file_size(png) > 10000);  // a drawn 1280 × 720 chart, not an empty image
}
