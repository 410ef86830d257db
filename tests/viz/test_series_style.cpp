// Series past the seventh share a colour with an earlier one: their line pattern and marker tell
// them apart, on the chart and in its legend.
#include <catch2/catch.hpp>
#include <unistd.h>
#include <vtkImageData.h>

#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>
#include <tuple>

#include "tests/viz/read_png.hpp"
#include "tests/viz/skip_without_display.hpp"
#include "viz/line_chart.hpp"

namespace fs = std::filesystem;
using kneeload::viz::LinePattern;
using kneeload::viz::MarkerShape;
using kneeload::viz::get_series_style;

TEST_CASE("series style: 28 series differ in colour, line pattern and marker", "[viz]") {
  std::set<std::tuple<kneeload::viz::Rgb8, LinePattern>> lines;
  std::set<std::tuple<kneeload::viz::Rgb8, MarkerShape>> markers;
  for (std::size_t k = 0; k < 28; ++k) {
    const auto style = get_series_style(k, false);
    CHECK(style.colour == kneeload::viz::get_series_colour(k));
    CHECK(style.line != LinePattern::dashed);  // kept for references
    lines.emplace(style.colour, style.line);
    markers.emplace(style.colour, style.marker);
  }
  CHECK(lines.size() == 28);
  CHECK(markers.size() == 28);
  // The first seven as before: solid, circles.
  CHECK(get_series_style(0, false).line == LinePattern::solid);
  CHECK(get_series_style(6, false).marker == MarkerShape::circle);
  // The eighth: the first colour, dash-dot, squares.
  CHECK(get_series_style(7, false).line == LinePattern::dash_dot);
  CHECK(get_series_style(7, false).marker == MarkerShape::square);
  // A reference stays dashed wherever it falls.
  CHECK(get_series_style(1, true).line == LinePattern::dashed);
  CHECK(get_series_style(8, true).line == LinePattern::dashed);
  // Two dashed series seven apart: the later one carries its pass's marker.
  CHECK_FALSE(get_series_style(1, true).needs_marker);
  CHECK(get_series_style(8, true).needs_marker);
  CHECK(get_series_style(8, true).marker != get_series_style(1, true).marker);
  CHECK_FALSE(get_series_style(8, false).needs_marker);
}

namespace {

// Along one image row, in the columns [0, width): pixels near `c` and their separate runs.
struct RowInk {
  int pixels = 0;
  int runs = 0;
};

RowInk scan_row(vtkImageData* image, int row, int width, const kneeload::viz::Rgb8& c) {
  int dims[3];
  image->GetDimensions(dims);
  const int channels = image->GetNumberOfScalarComponents();
  const auto* p = static_cast<const unsigned char*>(image->GetScalarPointer(0, row, 0));
  RowInk ink;
  bool inside = false;
  for (int i = 0; i < width; ++i, p += channels) {
    const bool near = std::abs(p[0] - c[0]) <= 12 && std::abs(p[1] - c[1]) <= 12 &&
                      std::abs(p[2] - c[2]) <= 12;
    ink.pixels += near;
    ink.runs += near && !inside;
    inside = near;
  }
  return ink;
}

}  // namespace

TEST_CASE("series style: the eighth series is drawn broken where the first is solid", "[viz]") {
  kneeload::viz::testing::skip_without_display();
  const fs::path folder =
      fs::temp_directory_path() / ("kneeload_viz_series_style_" + std::to_string(getpid()));
  fs::remove_all(folder);
  fs::create_directories(folder);
  const fs::path png = folder / "eight.png";

  // Series 0 flat at y = 1, series 7 (the same colour) flat at y = 3, the others between.
  kneeload::viz::LineChart chart;
  chart.title = "Eight series";
  chart.x_title = "x (1)";
  chart.y_title = "y (1)";
  for (int k = 0; k < 8; ++k) {
    const double y = k == 0 ? 1.0 : k == 7 ? 3.0 : 2.0;
    kneeload::viz::LineSeries s{"series " + std::to_string(k), {0.0, 100.0}, {y, y}};
    if (k == 1) s.y = {0.0, 4.0};  // sets the y range to 0..4
    chart.series.push_back(s);
  }
  kneeload::viz::write_line_chart_png(chart, png.string());

  const vtkSmartPointer<vtkImageData> image = kneeload::testing::read_png(png.string());
  int dims[3];
  image->GetDimensions(dims);
  REQUIRE(image->GetNumberOfScalarComponents() >= 3);
  // The left 60 % of the image: the plot area, without the legend's symbols.
  const int width = dims[0] * 6 / 10;
  const auto blue = kneeload::viz::get_series_colour(0);
  int solid_rows = 0, broken_rows = 0;
  for (int row = 0; row < dims[1]; ++row) {
    const RowInk ink = scan_row(image, row, width, blue);
    solid_rows += ink.pixels > width / 2 && ink.runs <= 2;
    broken_rows += ink.pixels > 50 && ink.runs >= 10;
  }
  INFO("rows of a solid blue line " << solid_rows << ", of a broken one " << broken_rows);
  CHECK(solid_rows >= 2);   // series 0: a 4 px line
  CHECK(broken_rows >= 2);  // series 7: the same blue, dash-dot
  fs::remove_all(folder);
}
