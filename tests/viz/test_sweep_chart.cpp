// `kneeload plot SWEEP.h5`: the chart built from a sweep table (checked point by point against
// the made-up metric of each run, no simulation) has one line per value of the --by key with its
// runs in x order, one markers-only series for a sample, leaves out runs that are not done and
// counts them in the title; bad names are InputErrors listing the allowed ones; the PNG of a
// sweep file written with write_sweep_file is drawn (pixel statistics, as tests/viz/test_plot.cpp).
#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <vtkImageData.h>
#include <vtkNew.h>
#include <vtkPNGReader.h>

#include <array>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "io/sweep_file.hpp"
#include "scenarios/run_result.hpp"
#include "solver/errors.hpp"
#include "tests/io/run_result_fixture.hpp"
#include "tests/viz/skip_without_display.hpp"
#include "viz/line_chart.hpp"
#include "viz/sweep_chart.hpp"
#include "tests/viz/count_near_colour.hpp"

using kneeload::InputError;
using kneeload::SweepTable;
using kneeload::testing::ScratchFolder;
using kneeload::viz::LineChart;
using kneeload::viz::make_sweep_chart;
using kneeload::viz::SweepChartOptions;

using kneeload::testing::count_near_colour;

namespace {

constexpr int kPeakPfForceBw = 1;  // column of peak_pf_force_bw in get_summary_metrics()

// Made-up metric of a run, distinct for every point so a misplaced run shows: BW.
double calc_fake_peak_bw(double pronation_deg, double mass_kg) {
  return 2.0 + 0.05 * pronation_deg + 0.01 * mass_kg;
}

// A 3 × 3 grid over foot.pronation_deg {0, 10, 20} deg × body.mass_kg {60, 70, 80} kg, all ok.
// The rows run with pronation descending, so the chart must sort them by x itself.
SweepTable make_grid_table() {
  Eigen::MatrixXd points(9, 2);  // [runs × keys]
  int row = 0;
  for (double pronation_deg : {20.0, 10.0, 0.0})
    for (double mass_kg : {60.0, 70.0, 80.0}) points.row(row++) << pronation_deg, mass_kg;
  SweepTable table = kneeload::make_pending_sweep_table(
      "[grid]", "grid", 0, {"foot.pronation_deg", "body.mass_kg"}, points);
  REQUIRE(table.metric_names[kPeakPfForceBw] == "peak_pf_force_bw");
  for (int i = 0; i < 9; ++i) {
    table.status[i] = kneeload::sweep_ok;
    table.metrics(i, kPeakPfForceBw) = calc_fake_peak_bw(points(i, 0), points(i, 1));
  }
  return table;
}

// An lhs sample of 8 runs over the same two keys (points scattered, not on a grid).
SweepTable make_lhs_table() {
  Eigen::MatrixXd points(8, 2);  // [runs × keys]
  for (int i = 0; i < 8; ++i) points.row(i) << (i * 5 + 3) % 8 * 2.5, 60.0 + (i * 3 % 8) * 2.5;
  SweepTable table = kneeload::make_pending_sweep_table(
      "[sample]", "lhs", 0, {"foot.pronation_deg", "body.mass_kg"}, points);
  for (int i = 0; i < 8; ++i) {
    table.status[i] = kneeload::sweep_ok;
    table.metrics(i, kPeakPfForceBw) = calc_fake_peak_bw(points(i, 0), points(i, 1));
  }
  return table;
}

kneeload::SweepFileMeta make_meta() {
  kneeload::SweepFileMeta meta;
  meta.scenario = "level_run";
  meta.kneeload_version = "0.1.0";
  meta.created_utc = "2026-01-01T00:00:00Z";
  meta.param_units = {"deg", "kg"};
  return meta;
}

}  // namespace

TEST_CASE("sweep chart: a 3 x 3 grid gives 3 lines (one per --by value) of 3 runs in x order, "
          "each run's own metric", "[viz]") {
  const SweepTable table = make_grid_table();
  const LineChart chart = make_sweep_chart(table, SweepChartOptions{}, "grid.h5");
  CHECK(chart.x_title == "foot.pronation_deg (deg)");  // registry unit of the key
  CHECK(chart.y_title == "peak_pf_force_bw (BW)");     // unit of get_summary_metrics()
  CHECK(chart.title == "peak_pf_force_bw vs foot.pronation_deg (grid, 9 of 9 runs)");
  REQUIRE(chart.series.size() == 3);
  const double masses_kg[3] = {60.0, 70.0, 80.0};
  for (int k = 0; k < 3; ++k) {
    const auto& s = chart.series[k];
    INFO(s.label);
    CHECK(s.label == fmt::format("body.mass_kg = {} kg", masses_kg[k]));
    CHECK_FALSE(s.markers_only);
    CHECK(s.markers);
    CHECK(s.x == std::vector<double>{0.0, 10.0, 20.0});
    REQUIRE(s.y.size() == 3);
    for (int i = 0; i < 3; ++i) CHECK(s.y[i] == calc_fake_peak_bw(s.x[i], masses_kg[k]));
  }

  SECTION("--param body.mass_kg: the lines are the other key, pronation") {
    SweepChartOptions options;
    options.param = "body.mass_kg";
    const LineChart by_pronation = make_sweep_chart(table, options, "grid.h5");
    REQUIRE(by_pronation.series.size() == 3);
    CHECK(by_pronation.x_title == "body.mass_kg (kg)");
    CHECK(by_pronation.series[2].label == "foot.pronation_deg = 20 deg");
    CHECK(by_pronation.series[2].x == std::vector<double>{60.0, 70.0, 80.0});
    CHECK(by_pronation.series[2].y[0] == calc_fake_peak_bw(20.0, 60.0));
  }
  SECTION("another metric: its own column and unit") {
    SweepTable with_area = table;
    with_area.metrics.col(4).setConstant(7.5);  // peak_pf_pressure_MPa
    SweepChartOptions options;
    options.metric = "peak_pf_pressure_MPa";
    const LineChart pressure = make_sweep_chart(with_area, options, "grid.h5");
    CHECK(pressure.y_title == "peak_pf_pressure_MPa (MPa)");
    CHECK(pressure.series[0].y == std::vector<double>{7.5, 7.5, 7.5});
  }
}

TEST_CASE("sweep chart: legend values with the fewest digits (at least 3) that keep the lines "
          "apart", "[viz]") {
  const auto labels_of = [](const std::vector<double>& pronations_deg) {
    Eigen::MatrixXd points(2 * pronations_deg.size(), 2);  // [runs × keys]
    int row = 0;
    for (double pronation_deg : pronations_deg)
      for (double mass_kg : {60.0, 70.0}) points.row(row++) << pronation_deg, mass_kg;
    SweepTable table = kneeload::make_pending_sweep_table(
        "[grid]", "grid", 0, {"foot.pronation_deg", "body.mass_kg"}, points);
    for (int i = 0; i < row; ++i) {
      table.status[i] = kneeload::sweep_ok;
      table.metrics(i, kPeakPfForceBw) = 1.0;
    }
    SweepChartOptions options;
    options.param = "body.mass_kg";  // one line per pronation
    std::vector<std::string> labels;
    for (const auto& series : make_sweep_chart(table, options, "grid.h5").series)
      labels.push_back(series.label);
    return labels;
  };
  CHECK(labels_of({0.0, 20.0 / 9.0, 40.0 / 9.0}) ==
        std::vector<std::string>{"foot.pronation_deg = 0 deg", "foot.pronation_deg = 2.22 deg",
                                 "foot.pronation_deg = 4.44 deg"});
  CHECK(labels_of({1.0001, 1.0002}) == std::vector<std::string>{
                                           "foot.pronation_deg = 1.0001 deg",
                                           "foot.pronation_deg = 1.0002 deg"});
  // Thousands keep their integer digits (not 1e+03).
  CHECK(labels_of({500.0, 1000.0, 2500.0}) ==
        std::vector<std::string>{"foot.pronation_deg = 500 deg", "foot.pronation_deg = 1000 deg",
                                 "foot.pronation_deg = 2500 deg"});
}

TEST_CASE("sweep chart: a one-key grid is one line, and a third key that varies turns the lines into "
          "points and the title says so", "[viz]") {
  SweepTable one_key = make_grid_table();
  one_key.param_keys = {"foot.pronation_deg"};
  one_key.params = Eigen::VectorXd::LinSpaced(9, 0.0, 16.0);  // deg
  const LineChart line = make_sweep_chart(one_key, {}, "grid.h5");
  REQUIRE(line.series.size() == 1);
  CHECK(line.series[0].x.size() == 9);
  CHECK_FALSE(line.series[0].markers_only);

  SweepTable three_keys = make_grid_table();
  three_keys.param_keys.push_back("gait.speed_mps");
  three_keys.params.conservativeResize(9, 3);
  for (int i = 0; i < 9; ++i) three_keys.params(i, 2) = i < 5 ? 3.0 : 4.0;  // m/s
  const LineChart points = make_sweep_chart(three_keys, {}, "grid.h5");
  CHECK_THAT(points.title, Catch::Contains("gait.speed_mps also vary"));
  REQUIRE(points.series.size() == 3);
  for (const auto& s : points.series) CHECK(s.markers_only);

  three_keys.params.col(2).setConstant(3.5);  // fixed: lines again
  for (const auto& s : make_sweep_chart(three_keys, {}, "grid.h5").series)
    CHECK_FALSE(s.markers_only);
}

TEST_CASE("sweep chart: an lhs sample is one markers-only series of all its runs", "[viz]") {
  const SweepTable table = make_lhs_table();
  const LineChart chart = make_sweep_chart(table, {}, "lhs.h5");
  REQUIRE(chart.series.size() == 1);
  const auto& s = chart.series[0];
  CHECK(s.markers_only);
  CHECK(s.label == "8 lhs samples");
  REQUIRE(s.x.size() == 8);
  for (std::size_t i = 0; i < 8; ++i) {
    // Every point is a run of the table with its own metric.
    bool found = false;
    for (int r = 0; r < 8; ++r)
      found |= table.params(r, 0) == s.x[i] && table.metrics(r, kPeakPfForceBw) == s.y[i];
    CHECK(found);
  }
  SweepChartOptions by;
  by.by = "body.mass_kg";
  CHECK_THROWS_WITH(make_sweep_chart(table, by, "lhs.h5"),
                    Catch::Contains("'lhs.h5' is a sample (lhs), drawn as points"));
}

TEST_CASE("sweep chart: failed and pending runs are counted in the title and break their line",
          "[viz]") {
  SweepTable table = make_grid_table();
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  for (int i : {0, 4}) {  // (20 deg, 60 kg) and (10 deg, 70 kg)
    table.status[i] = kneeload::sweep_failed;
    table.metrics.row(i).setConstant(nan);
    table.failure_reason[i] = "step size underflow at 0.1 s";
  }
  table.status[8] = kneeload::sweep_pending;  // (0 deg, 80 kg), its metric set but not done
  const LineChart chart = make_sweep_chart(table, {}, "grid.h5");
  CHECK(chart.title == "peak_pf_force_bw vs foot.pronation_deg (grid, 6 of 9 runs, 2 failed, "
                       "1 pending)");
  REQUIRE(chart.series.size() == 3);
  // Each line keeps its three x positions; the run not done is a NaN, which the chart draws as a
  // gap, so no line joins its neighbours across a value the sweep does not have.
  const std::array<double, 3> missing_deg{20.0, 10.0, 0.0};  // 60, 70, 80 kg
  for (int k = 0; k < 3; ++k) {
    const auto& s = chart.series[static_cast<std::size_t>(k)];
    CHECK(s.x == std::vector<double>{0.0, 10.0, 20.0});
    for (std::size_t i = 0; i < 3; ++i)
      CHECK(std::isfinite(s.y[i]) == (s.x[i] != missing_deg[static_cast<std::size_t>(k)]));
  }

  table.status.setConstant(kneeload::sweep_failed);
  CHECK_THROWS_WITH(make_sweep_chart(table, {}, "grid.h5"),
                    Catch::Contains("sweep 'grid.h5' has no completed run") &&
                        Catch::Contains("9 failed"));
}

TEST_CASE("sweep chart: an unknown metric or key is an InputError listing the allowed ones",
          "[viz]") {
  const SweepTable table = make_grid_table();
  SweepChartOptions metric;
  metric.metric = "peak_pf_forse_bw";
  CHECK_THROWS_MATCHES(
      make_sweep_chart(table, metric, "grid.h5"), InputError,
      Catch::Matchers::Predicate<std::exception>([](const std::exception& e) {
        const std::string m = e.what();
        bool lists_all = true;
        for (const auto& summary : kneeload::get_summary_metrics())
          lists_all &= m.find(summary.name) != std::string::npos;
        return m.rfind("unknown metric 'peak_pf_forse_bw' (did you mean 'peak_pf_force_bw'?); "
                       "metrics: peak_pf_force_N, ",
                       0) == 0 &&
               lists_all;
      }, "names the metric, the nearest one and all 14"));
  SweepChartOptions param;
  param.param = "body.mass";
  CHECK_THROWS_WITH(make_sweep_chart(table, param, "grid.h5"),
                    "--param 'body.mass': sweep 'grid.h5' has no such parameter (did you mean "
                    "'body.mass_kg'?); its parameters: foot.pronation_deg, body.mass_kg");
  SweepChartOptions by;
  by.by = "gait.speed_mps";
  CHECK_THROWS_WITH(make_sweep_chart(table, by, "grid.h5"),
                    Catch::StartsWith("--by 'gait.speed_mps': sweep 'grid.h5' has no such "
                                      "parameter"));
  by.by = "foot.pronation_deg";  // the x axis key
  CHECK_THROWS_WITH(make_sweep_chart(table, by, "grid.h5"),
                    Catch::Contains("is the x axis parameter too"));
}

TEST_CASE("sweep plot: a grid and an lhs sweep file give PNGs with their series drawn", "[viz]") {
  kneeload::viz::testing::skip_without_display();
  const ScratchFolder folder("kneeload_sweep_plot");
  const std::string grid = folder.file("grid.h5"), lhs = folder.file("lhs.h5");
  SweepTable grid_table = make_grid_table();
  grid_table.status[4] = kneeload::sweep_failed;  // the 70 kg line's middle run (10 deg)
  grid_table.metrics.row(4).setConstant(std::numeric_limits<double>::quiet_NaN());
  kneeload::write_sweep_file(grid, grid_table, make_meta());
  kneeload::write_sweep_file(lhs, make_lhs_table(), make_meta());
  const std::string grid_png = folder.file("grid.png"), lhs_png = folder.file("lhs.png");

  kneeload::viz::write_sweep_png(grid, {}, grid_png);
  kneeload::viz::write_sweep_png(lhs, {}, lhs_png);

  auto read = [](const std::string& path, vtkPNGReader* reader) {
    reader->SetFileName(path.c_str());
    reader->Update();
    vtkImageData* image = reader->GetOutput();
    int dims[3];
    image->GetDimensions(dims);
    CHECK(dims[0] == 1280);
    CHECK(dims[1] == 720);
    REQUIRE(image->GetNumberOfScalarComponents() >= 3);
    return image;
  };
  vtkNew<vtkPNGReader> grid_reader;
  vtkImageData* grid_image = read(grid_png, grid_reader);
  for (std::size_t k = 0; k < 3; ++k) {
    const long pixels = count_near_colour(grid_image, kneeload::viz::get_series_colour(k));
    INFO("series " << k << " colour: " << pixels << " px");
    // A line spans the plot width at 4 px (thousands of pixels); its legend symbol alone is a few
    // hundred. The 70 kg line lost its middle run: nothing joins its two end runs, which stay as
    // dots.
    if (k == 1) {
      CHECK(pixels < 1000);
      CHECK(pixels > 200);
    } else {
      CHECK(pixels > 2000);
    }
  }
  vtkNew<vtkPNGReader> lhs_reader;
  vtkImageData* lhs_image = read(lhs_png, lhs_reader);
  const long dots = count_near_colour(lhs_image, kneeload::viz::get_series_colour(0));
  const long second = count_near_colour(lhs_image, kneeload::viz::get_series_colour(1));
  INFO("lhs: " << dots << " px in the series colour, " << second << " px in the next colour");
  // 8 dots of 14 px diameter (≈ 150 px each) plus the legend symbol; no second series.
  CHECK(dots > 8 * 100);
  CHECK(dots < 8 * 400);  // dots, not lines joining them
  CHECK(second < 50);
  CHECK(folder.count_entries() == 4);  // two sweeps and two PNGs: no temporary left behind
}
