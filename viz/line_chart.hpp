#pragma once
// Line charts of result signals (a signal against time or % stance, several runs side by side),
// written as PNG by VTK's 2-D chart items, rendered off-screen. Used by `kneeload plot`.
#include <array>
#include <cstddef>
#include <string>
#include <vector>

namespace kneeload::viz {

struct LineSeries {
  std::string label;      // legend text, e.g. "level_run" or "pronation 15 deg"
  std::vector<double> x;  // [n] abscissae, in the unit named by LineChart::x_title
  std::vector<double> y;  // [n] ordinates, in the unit named by LineChart::y_title; NaN = gap
  bool dashed = false;    // dashed line, e.g. for a reference or published curve
  bool markers = false;   // a dot at every point, e.g. one per run of a sweep
  bool markers_only = false;  // dots and no line: points without an order (a sweep's samples)
};

struct LineChart {
  std::string title;
  std::string subtitle;  // a smaller line under the title, e.g. what the curves were set to
  std::string x_title;  // with its unit, e.g. "time (s)"
  std::string y_title;  // with its unit, e.g. "PF contact force (BW)"
  std::vector<LineSeries> series;  // [number of curves], drawn in this order
  bool y_from_zero = false;        // y axis from 0 (a ripple then reads at its true size)
  int width_px = 1280;             // image size in pixels, 100..8192
  int height_px = 720;
};

// 8-bit sRGB colour.
using Rgb8 = std::array<unsigned char, 3>;

// Colour of the series with this index: the Okabe & Ito (2008) colour-blind-safe palette
// (without its yellow, too faint on white), repeated after 7 series.
Rgb8 get_series_colour(std::size_t series_index);

enum class LinePattern { solid, dashed, dotted, dash_dot, dash_dot_dot };
enum class MarkerShape { circle, square, diamond, cross };

// How a series is told apart: its colour, and for each pass through the seven colours another line
// pattern and marker shape (solid and circles, then dash-dot and squares, dash-dot-dot and
// diamonds, dotted and crosses: dots, drawn as faint ticks at a 4 px width, come last), so 28
// series differ; after that the styles repeat. Dashes are kept for references: `dashed` sets the
// pattern, whatever the pass; a dashed series past the first seven then carries its pass's marker,
// which tells it apart.
struct SeriesStyle {
  Rgb8 colour;
  LinePattern line = LinePattern::solid;
  MarkerShape marker = MarkerShape::circle;
  bool needs_marker = false;  // drawn with markers even when the series does not ask for them
};
SeriesStyle get_series_style(std::size_t series_index, bool dashed);

// A legend entry as drawn: at most max_chars characters (UTF-8 aware), a longer label kept by its
// first 8 and its last characters with "…" between (a path's file name and a run's values are at
// its end). VTK's legend does not wrap, and a long entry would squeeze the plot to nothing.
inline constexpr std::size_t kMaxLegendChars = 44;
std::string shorten_legend_label(const std::string& label,
                                 std::size_t max_chars = kMaxLegendChars);

// Throws InputError naming the chart and the series when the chart cannot be drawn: no series,
// a series with no points, x and y of different sizes, no point with finite x and y, or an
// image size outside 100..8192 px.
void validate_line_chart(const LineChart& chart);

// Validates, checks that a display can be opened (InputError saying how to run under xvfb-run if
// not), renders off-screen and writes the PNG to `path` through a temporary file renamed on
// success, so a failure leaves no partial file. InputError if the file cannot be written.
void write_line_chart_png(const LineChart& chart, const std::string& path);

}  // namespace kneeload::viz
