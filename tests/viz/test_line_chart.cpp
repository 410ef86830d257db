// Line charts: the PNG written off-screen has the requested size, is not blank, and shows each
// series in its own palette colour; bad input is an InputError naming the series.
#include <catch2/catch.hpp>
#include <unistd.h>
#include <vtkImageData.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <string>

#include "solver/errors.hpp"
#include "tests/viz/read_png.hpp"
#include "tests/viz/skip_without_display.hpp"
#include "viz/line_chart.hpp"

namespace fs = std::filesystem;
using kneeload::InputError;
using kneeload::viz::LineChart;
using kneeload::viz::LineSeries;

namespace {

constexpr double kPi = 3.14159265358979323846;

// Two curves over one stance, 0..100 % (the second dashed, as a reference curve would be).
LineChart make_two_series_chart() {
  LineChart chart;
  chart.title = "Patellofemoral contact force";
  chart.x_title = "stance (%)";
  chart.y_title = "PF force (BW)";
  chart.width_px = 900;  // not the default, so the size check means something
  chart.height_px = 540;
  LineSeries run{"level_run", {}, {}, false};
  LineSeries downhill{"downhill_run", {}, {}, true};
  for (int i = 0; i <= 100; ++i) {
    const double s = i / 100.0;  // fraction of stance
    run.x.push_back(100.0 * s);
    run.y.push_back(3.5 * std::sin(kPi * s));
    downhill.x.push_back(100.0 * s);
    downhill.y.push_back(4.4 * std::sin(kPi * s) * (1.0 - 0.2 * s));
  }
  chart.series = {run, downhill};
  return chart;
}

// A fresh folder per test process (CTest may run tests in parallel).
fs::path make_scratch_folder(const std::string& name) {
  const fs::path folder =
      fs::temp_directory_path() / ("kneeload_viz_" + name + "_" + std::to_string(getpid()));
  fs::remove_all(folder);
  fs::create_directories(folder);
  return folder;
}

struct PixelCounts {
  long non_white = 0;                // pixels darker than near-white in any channel
  long near_colour[2] = {0, 0};      // pixels within kTolerance of series 0 / series 1 colour
  double luminance_stddev = 0.0;     // 0..255
};

PixelCounts count_pixels(vtkImageData* image) {
  constexpr int kTolerance = 12;  // per channel, 0..255: allows for edge blending only
  const auto c0 = kneeload::viz::get_series_colour(0);
  const auto c1 = kneeload::viz::get_series_colour(1);
  auto near = [](const unsigned char* p, const kneeload::viz::Rgb8& c) {
    return std::abs(p[0] - c[0]) <= kTolerance && std::abs(p[1] - c[1]) <= kTolerance &&
           std::abs(p[2] - c[2]) <= kTolerance;
  };
  int dims[3];
  image->GetDimensions(dims);
  const int channels = image->GetNumberOfScalarComponents();
  const auto* p = static_cast<const unsigned char*>(image->GetScalarPointer());
  PixelCounts counts;
  double sum = 0.0, sum_sq = 0.0;
  const long n = static_cast<long>(dims[0]) * dims[1];
  for (long i = 0; i < n; ++i, p += channels) {
    if (p[0] < 245 || p[1] < 245 || p[2] < 245) ++counts.non_white;
    if (near(p, c0)) ++counts.near_colour[0];
    if (near(p, c1)) ++counts.near_colour[1];
    const double lum = 0.2126 * p[0] + 0.7152 * p[1] + 0.0722 * p[2];
    sum += lum;
    sum_sq += lum * lum;
  }
  const double mean = sum / n;
  counts.luminance_stddev = std::sqrt(std::max(0.0, sum_sq / n - mean * mean));
  return counts;
}

}  // namespace

TEST_CASE("line chart: two series give a PNG of the set size, not blank, in both colours", "[viz]") {
  kneeload::viz::testing::skip_without_display();
  const fs::path folder = make_scratch_folder("two_series");
  const fs::path png = folder / "pf_force.png";
  const LineChart chart = make_two_series_chart();

  kneeload::viz::write_line_chart_png(chart, png.string());

  REQUIRE(fs::exists(png));
  const vtkSmartPointer<vtkImageData> image = kneeload::testing::read_png(png.string());
  int dims[3];
  image->GetDimensions(dims);
  CHECK(dims[0] == chart.width_px);
  CHECK(dims[1] == chart.height_px);
  REQUIRE(image->GetScalarType() == VTK_UNSIGNED_CHAR);
  REQUIRE(image->GetNumberOfScalarComponents() >= 3);

  const PixelCounts counts = count_pixels(image);
  const long total = static_cast<long>(dims[0]) * dims[1];
  INFO("non-white " << counts.non_white << " of " << total << ", series 0 colour "
                    << counts.near_colour[0] << ", series 1 colour " << counts.near_colour[1]
                    << ", luminance stddev " << counts.luminance_stddev);
  // White background with axes, text and curves: some ink, but far from all ink.
  CHECK(counts.non_white > total / 100);
  CHECK(counts.non_white < total / 2);
  CHECK(counts.luminance_stddev > 10.0);
  // Each 4 px wide curve, ~700 px long, shows its own colour on well over 1000 pixels (the dashed
  // one on about half as many).
  CHECK(counts.near_colour[0] > 1000);
  CHECK(counts.near_colour[1] > 500);

  // Written through a temporary file that is gone after the rename.
  long files = 0;
  for (const auto& entry : fs::directory_iterator(folder)) {
    (void)entry;
    ++files;
  }
  CHECK(files == 1);
  fs::remove_all(folder);
}

TEST_CASE("line chart: x and y of different sizes is an InputError naming the series", "[viz]") {
  LineChart chart = make_two_series_chart();
  chart.series[1].y.pop_back();
  const fs::path folder = make_scratch_folder("mismatch");
  const fs::path png = folder / "bad.png";
  CHECK_THROWS_MATCHES(kneeload::viz::write_line_chart_png(chart, png.string()), InputError,
                       Catch::Message("line chart 'Patellofemoral contact force': series 1 "
                                      "'downhill_run' has 101 x values but 100 y values"));
  CHECK_FALSE(fs::exists(png));
  fs::remove_all(folder);
}

TEST_CASE("line chart: no series, an empty series or an all-NaN series is an InputError", "[viz]") {
  LineChart chart = make_two_series_chart();
  SECTION("no series") {
    chart.series.clear();
    CHECK_THROWS_WITH(kneeload::viz::validate_line_chart(chart), Catch::Contains("no series"));
  }
  SECTION("empty series") {
    chart.series[0].x.clear();
    chart.series[0].y.clear();
    CHECK_THROWS_WITH(kneeload::viz::validate_line_chart(chart),
                      Catch::Contains("series 0 'level_run' has no points"));
  }
  SECTION("all-NaN series") {
    for (double& y : chart.series[1].y) y = std::numeric_limits<double>::quiet_NaN();
    CHECK_THROWS_WITH(kneeload::viz::validate_line_chart(chart),
                      Catch::Contains("series 1 'downhill_run' has no point with finite x and y"));
  }
  SECTION("image too small") {
    chart.width_px = 10;
    CHECK_THROWS_AS(kneeload::viz::validate_line_chart(chart), InputError);
  }
}

TEST_CASE("line chart: a missing output folder is an InputError and leaves no file", "[viz]") {
  const fs::path png = fs::temp_directory_path() /
                      ("kneeload_no_such_folder_" + std::to_string(::getpid())) / "chart.png";
  CHECK_THROWS_WITH(kneeload::viz::write_line_chart_png(make_two_series_chart(), png.string()),
                    Catch::Contains("does not exist"));
  CHECK_FALSE(fs::exists(png.parent_path()));
}

// A long legend entry would squeeze the plot: it is cut in the middle, by characters, not bytes.
TEST_CASE("line chart: a long legend entry keeps its start and its end", "[viz]") {
  using kneeload::viz::shorten_legend_label;
  CHECK(shorten_legend_label("level_run") == "level_run");
  const std::string exact(kneeload::viz::kMaxLegendChars, 'x');
  CHECK(shorten_legend_label(exact) == exact);
  CHECK(shorten_legend_label("/a/very/long/folder/of/a/shoe/study/variant_A/run.h5 (100)", 30) ==
        "/a/very/\u2026ariant_A/run.h5 (100)");  // 8 + 1 + 21 characters
  // Two-byte characters count once and are never cut in half.
  const std::string umlauts = "Läufer/Schuhe/Dämpfung/sehr/weich/lauf.h5";
  const std::string shortened = shorten_legend_label(umlauts, 20);
  CHECK(shortened == "Läufer/S\u2026ich/lauf.h5");  // 8 + 1 + 11 characters
}
