#include "viz/line_chart.hpp"

#include <unistd.h>
#include <vtkAxis.h>
#include <vtkBrush.h>
#include <vtkChartLegend.h>
#include <vtkChartXY.h>
#include <vtkContextScene.h>
#include <vtkContextView.h>
#include <vtkDoubleArray.h>
#include <vtkNew.h>
#include <vtkPNGWriter.h>
#include <vtkPen.h>
#include <vtkPlot.h>
#include <vtkPlotPoints.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>
#include <vtkStringArray.h>
#include <vtkTable.h>
#include <vtkTextActor.h>
#include <vtkTextProperty.h>
#include <vtkWindowToImageFilter.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <system_error>
#include <utility>

#include "solver/errors.hpp"
#include "viz/axis_ticks.hpp"
#include "viz/display_check.hpp"

namespace kneeload::viz {
namespace {

// Okabe M, Ito K (2008) Color Universal Design, https://jfly.uni-koeln.de/color/ — order chosen
// so that the first colours differ most on white; yellow (240,228,66) left out as too faint.
constexpr std::array<Rgb8, 7> kPalette = {{
    {0, 114, 178},    // blue
    {213, 94, 0},     // vermillion
    {0, 158, 115},    // bluish green
    {204, 121, 167},  // reddish purple
    {230, 159, 0},    // orange
    {86, 180, 233},   // sky blue
    {0, 0, 0},        // black
}};

constexpr int kMinSize_px = 100;
constexpr int kMaxSize_px = 8192;

// Sizes for a 720 px tall image, scaled with the image height so a larger image reads the same.
constexpr double kReferenceHeight_px = 720.0;
constexpr double kTitleFont_pt = 30.0;
constexpr double kSubtitleFont_pt = 22.0;
constexpr double kAxisTitleFont_pt = 26.0;
constexpr double kAxisLabelFont_pt = 22.0;
constexpr double kLegendFont_pt = 22.0;
constexpr double kLineWidth_px = 4.0;
constexpr double kMarkerSize_px = 14.0;  // diameter of a point marker
constexpr double kMargin_px = 16.0;
constexpr int kTargetTicks = 7;  // per axis, about

std::string describe(const LineSeries& s, std::size_t index) {
  return fmt::format("series {} '{}'", index, s.label);
}

int to_vtk_line_type(LinePattern pattern) {
  switch (pattern) {
    case LinePattern::solid: return vtkPen::SOLID_LINE;
    case LinePattern::dashed: return vtkPen::DASH_LINE;
    case LinePattern::dotted: return vtkPen::DOT_LINE;
    case LinePattern::dash_dot: return vtkPen::DASH_DOT_LINE;
    case LinePattern::dash_dot_dot: return vtkPen::DASH_DOT_DOT_LINE;
  }
  return vtkPen::SOLID_LINE;
}

int to_vtk_marker(MarkerShape shape) {
  switch (shape) {
    case MarkerShape::circle: return vtkPlotPoints::CIRCLE;
    case MarkerShape::square: return vtkPlotPoints::SQUARE;
    case MarkerShape::diamond: return vtkPlotPoints::DIAMOND;
    case MarkerShape::cross: return vtkPlotPoints::CROSS;
  }
  return vtkPlotPoints::CIRCLE;
}

// The font size drawn for a size asked: never below what is still legible on a small image.
double calc_drawn_font_pt(double size_pt) {
  constexpr double kSmallestFont_pt = 11.0;
  return std::max(size_pt, kSmallestFont_pt);
}

void set_text(vtkTextProperty* text, double size_pt, bool bold) {
  text->SetFontSize(static_cast<int>(std::lround(calc_drawn_font_pt(size_pt))));
  text->SetColor(0.0, 0.0, 0.0);
  text->SetBold(bold);
  text->SetFontFamilyToArial();
}

// A line of text centred on x_px with its top at y_px (display pixels).
void add_top_text(vtkRenderer* renderer, const std::string& text, double size_pt, bool bold,
                  int x_px, int y_px) {
  vtkNew<vtkTextActor> actor;
  actor->SetInput(text.c_str());
  set_text(actor->GetTextProperty(), size_pt, bold);
  actor->GetTextProperty()->SetJustificationToCentered();
  actor->GetTextProperty()->SetVerticalJustificationToTop();
  actor->SetDisplayPosition(x_px, y_px);
  renderer->AddActor2D(actor);
}

// Shown range [lo, hi] of an axis: from tick to tick, but an end that a marker touches moves out
// by a small share of the span, so the frame does not cut the dot in half.
std::pair<double, double> calc_shown_range(const LineChart& chart, int axis,
                                           const AxisTicks& ticks) {
  constexpr double kMarkerRoom = 0.03;  // of the span: > a marker's radius on a 720 px chart
  const double room = kMarkerRoom * (ticks.max - ticks.min);
  bool at_lo = false, at_hi = false;
  for (const LineSeries& s : chart.series) {
    if (!s.markers && !s.markers_only) continue;
    for (std::size_t i = 0; i < s.x.size(); ++i) {
      if (!std::isfinite(s.x[i]) || !std::isfinite(s.y[i])) continue;
      const double v = axis == 0 ? s.x[i] : s.y[i];
      at_lo = at_lo || v < ticks.min + room;
      at_hi = at_hi || v > ticks.max - room;
    }
  }
  return {at_lo ? ticks.min - room : ticks.min, at_hi ? ticks.max + room : ticks.max};
}

void style_axis(vtkAxis* axis, const std::string& title, const AxisTicks& ticks,
                std::pair<double, double> range, double scale) {
  axis->SetTitle(title);
  set_text(axis->GetTitleProperties(), kAxisTitleFont_pt * scale, true);
  set_text(axis->GetLabelProperties(), kAxisLabelFont_pt * scale, false);
  axis->GetPen()->SetColor(0, 0, 0);
  axis->GetPen()->SetWidth(static_cast<float>(2.0 * scale));
  axis->GetGridPen()->SetColor(215, 215, 215);
  axis->GetGridPen()->SetWidth(static_cast<float>(1.0 * scale));
  // Our own round ticks: VTK's simple ticks are too dense for a slide, its Wilkinson ticks too few.
  axis->SetBehavior(vtkAxis::FIXED);
  axis->SetRange(range.first, range.second);
  vtkNew<vtkDoubleArray> positions;
  vtkNew<vtkStringArray> labels;
  for (std::size_t i = 0; i < ticks.positions.size(); ++i) {
    positions->InsertNextValue(ticks.positions[i]);
    labels->InsertNextValue(ticks.labels[i]);
  }
  axis->SetCustomTickPositions(positions, labels);
}

// Smallest and largest finite x (axis 0) or y (axis 1) over all series' finite points.
std::pair<double, double> calc_data_range(const LineChart& chart, int axis) {
  double lo = std::numeric_limits<double>::infinity();
  double hi = -lo;
  for (const LineSeries& s : chart.series)
    for (std::size_t i = 0; i < s.x.size(); ++i) {
      if (!std::isfinite(s.x[i]) || !std::isfinite(s.y[i])) continue;
      const double v = axis == 0 ? s.x[i] : s.y[i];
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  return {lo, hi};
}

// One table per series: the series need not share their abscissae. Non-finite values become NaN,
// which vtkPlotLine draws as a gap.
vtkSmartPointer<vtkTable> make_table(const LineSeries& s) {
  vtkNew<vtkDoubleArray> x;
  x->SetName("x");
  vtkNew<vtkDoubleArray> y;
  y->SetName("y");
  const std::size_t n = s.x.size();
  x->SetNumberOfValues(static_cast<vtkIdType>(n));
  y->SetNumberOfValues(static_cast<vtkIdType>(n));
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  for (std::size_t i = 0; i < n; ++i) {
    const bool finite = std::isfinite(s.x[i]) && std::isfinite(s.y[i]);
    x->SetValue(static_cast<vtkIdType>(i), finite ? s.x[i] : nan);
    y->SetValue(static_cast<vtkIdType>(i), finite ? s.y[i] : nan);
  }
  auto table = vtkSmartPointer<vtkTable>::New();
  table->AddColumn(x);
  table->AddColumn(y);
  return table;
}

}  // namespace

Rgb8 get_series_colour(std::size_t series_index) {
  return kPalette[series_index % kPalette.size()];
}

SeriesStyle get_series_style(std::size_t series_index, bool dashed) {
  // Dashes are left out of the passes: they mark a reference curve.
  constexpr std::array<LinePattern, 4> kPatterns = {
      LinePattern::solid, LinePattern::dash_dot, LinePattern::dash_dot_dot, LinePattern::dotted};
  constexpr std::array<MarkerShape, 4> kMarkers = {MarkerShape::circle, MarkerShape::square,
                                                   MarkerShape::diamond, MarkerShape::cross};
  const std::size_t pass = (series_index / kPalette.size()) % kPatterns.size();
  return {get_series_colour(series_index), dashed ? LinePattern::dashed : kPatterns[pass],
          kMarkers[pass], dashed && pass > 0};
}

std::string shorten_legend_label(const std::string& label, std::size_t max_chars) {
  constexpr std::size_t kHead = 8;  // characters kept at the start
  std::vector<std::size_t> starts;  // byte offset of each character (not of continuation bytes)
  for (std::size_t i = 0; i < label.size(); ++i)
    if ((static_cast<unsigned char>(label[i]) & 0xC0) != 0x80) starts.push_back(i);
  if (starts.size() <= max_chars || max_chars <= kHead + 1) return label;
  const std::size_t tail = max_chars - kHead - 1;  // characters kept at the end
  return label.substr(0, starts[kHead]) + "\u2026" + label.substr(starts[starts.size() - tail]);
}

void validate_line_chart(const LineChart& chart) {
  if (chart.series.empty())
    throw InputError(fmt::format("line chart '{}' has no series to draw", chart.title));
  if (chart.width_px < kMinSize_px || chart.width_px > kMaxSize_px || chart.height_px < kMinSize_px ||
      chart.height_px > kMaxSize_px)
    throw InputError(fmt::format("line chart '{}': image size {} x {} px is outside {}..{} px",
                                 chart.title, chart.width_px, chart.height_px, kMinSize_px,
                                 kMaxSize_px));
  for (std::size_t k = 0; k < chart.series.size(); ++k) {
    const LineSeries& s = chart.series[k];
    if (s.x.size() != s.y.size())
      throw InputError(fmt::format("line chart '{}': {} has {} x values but {} y values",
                                   chart.title, describe(s, k), s.x.size(), s.y.size()));
    if (s.x.empty())
      throw InputError(fmt::format("line chart '{}': {} has no points", chart.title, describe(s, k)));
    bool any_finite = false;
    for (std::size_t i = 0; i < s.x.size() && !any_finite; ++i)
      any_finite = std::isfinite(s.x[i]) && std::isfinite(s.y[i]);
    if (!any_finite)
      throw InputError(fmt::format("line chart '{}': {} has no point with finite x and y (all NaN "
                                   "or infinite)",
                                   chart.title, describe(s, k)));
  }
}

void write_line_chart_png(const LineChart& chart, const std::string& path) {
  validate_line_chart(chart);
  const std::filesystem::path target(path);
  const std::filesystem::path folder =
      target.has_parent_path() ? target.parent_path() : std::filesystem::path(".");
  std::error_code ec;
  if (!std::filesystem::is_directory(folder, ec))
    throw InputError(fmt::format("cannot write chart '{}': folder '{}' does not exist", path,
                                 folder.string()));
  const DisplayConnection display = require_display();  // held until the PNG is written

  const double scale = chart.height_px / kReferenceHeight_px;
  vtkNew<vtkContextView> view;
  // No interactor: a chart is drawn off screen once, and the view's interactor would open an X
  // connection of its own at the first Render().
  view->SetInteractor(nullptr);
  vtkRenderWindow* window = view->GetRenderWindow();
  window->SetOffScreenRendering(1);
  window->SetSize(chart.width_px, chart.height_px);
  window->SetMultiSamples(8);  // smooth edges on the sloped lines
  view->GetRenderer()->SetBackground(1.0, 1.0, 1.0);

  vtkNew<vtkChartXY> xy;
  view->GetScene()->AddItem(xy);
  // The title is a text actor above the chart's rectangle: VTK's own chart title sits on the plot
  // area's top edge, where it collides with the top tick label at large font sizes.
  const float margin_px = static_cast<float>(kMargin_px * scale);
  // Room for the text as drawn (the smallest font included), with a gap.
  float title_px = chart.title.empty()
                       ? 0.0f
                       : static_cast<float>(1.6 * calc_drawn_font_pt(kTitleFont_pt * scale));
  const int centre_x_px = chart.width_px / 2;
  if (!chart.subtitle.empty()) {
    add_top_text(view->GetRenderer(), chart.subtitle, kSubtitleFont_pt * scale, false, centre_x_px,
                 static_cast<int>(chart.height_px - margin_px - title_px));
    title_px += static_cast<float>(1.6 * calc_drawn_font_pt(kSubtitleFont_pt * scale));
  }
  if (!chart.title.empty())
    add_top_text(view->GetRenderer(), chart.title, kTitleFont_pt * scale, true, centre_x_px,
                 static_cast<int>(chart.height_px - margin_px));
  // A white margin around the whole chart, so nothing touches the image edge.
  xy->SetAutoSize(false);
  xy->SetSize(vtkRectf(margin_px, margin_px, chart.width_px - 2 * margin_px,
                       chart.height_px - 2 * margin_px - title_px));
  const auto [x_lo, x_hi] = calc_data_range(chart, 0);
  const auto [y_data_lo, y_hi] = calc_data_range(chart, 1);
  const double y_lo = chart.y_from_zero ? std::min(0.0, y_data_lo) : y_data_lo;
  const AxisTicks x_ticks = calc_axis_ticks(x_lo, x_hi, kTargetTicks);
  const AxisTicks y_ticks = calc_axis_ticks(y_lo, y_hi, kTargetTicks);
  style_axis(xy->GetAxis(vtkAxis::BOTTOM), chart.x_title, x_ticks,
             calc_shown_range(chart, 0, x_ticks), scale);
  style_axis(xy->GetAxis(vtkAxis::LEFT), chart.y_title, y_ticks,
             calc_shown_range(chart, 1, y_ticks), scale);

  // Legend outside the plot area, on its right, so it never covers a curve.
  xy->SetShowLegend(true);
  vtkChartLegend* legend = xy->GetLegend();
  legend->SetInline(false);
  legend->SetHorizontalAlignment(vtkChartLegend::RIGHT);
  legend->SetVerticalAlignment(vtkChartLegend::TOP);
  set_text(legend->GetLabelProperties(), kLegendFont_pt * scale, false);
  legend->SetSymbolWidth(static_cast<int>(std::lround(60 * scale)));  // long enough to show dashes
  legend->SetPadding(static_cast<int>(std::lround(8 * scale)));         // between symbol and text
  legend->GetBrush()->SetColor(255, 255, 255, 255);
  legend->GetPen()->SetColor(160, 160, 160);

  std::vector<vtkSmartPointer<vtkTable>> tables;  // [series] kept alive until rendered
  for (std::size_t k = 0; k < chart.series.size(); ++k) {
    const LineSeries& s = chart.series[k];
    tables.push_back(make_table(s));
    // vtkPlotLine is a vtkPlotPoints that also joins its points.
    auto* line = vtkPlotPoints::SafeDownCast(
        xy->AddPlot(s.markers_only ? vtkChart::POINTS : vtkChart::LINE));
    KNEELOAD_CHECK(line != nullptr, "series {}: VTK made no point plot", k);
    line->SetInputData(tables.back(), 0, 1);
    line->SetLabel(shorten_legend_label(s.label));
    const SeriesStyle style = get_series_style(k, s.dashed);
    line->SetColor(style.colour[0], style.colour[1], style.colour[2], 255);
    line->SetWidth(static_cast<float>(kLineWidth_px * scale));
    line->GetPen()->SetLineType(to_vtk_line_type(style.line));
    if (s.markers || s.markers_only || style.needs_marker) {
      line->SetMarkerStyle(to_vtk_marker(style.marker));
      line->SetMarkerSize(static_cast<float>(kMarkerSize_px * scale));
    }
  }

  window->Render();
  vtkNew<vtkWindowToImageFilter> grab;
  grab->SetInput(window);
  grab->SetInputBufferTypeToRGB();
  grab->ReadFrontBufferOff();
  grab->Update();

  const std::string temporary = fmt::format("{}.{}.part", path, static_cast<long>(getpid()));
  vtkNew<vtkPNGWriter> writer;
  writer->SetFileName(temporary.c_str());
  writer->SetInputConnection(grab->GetOutputPort());
  writer->Write();
  if (writer->GetErrorCode() != 0) {
    std::filesystem::remove(temporary, ec);
    throw InputError(fmt::format("cannot write chart '{}' (error writing '{}')", path, temporary));
  }
  std::filesystem::rename(temporary, target, ec);
  if (ec) {
    const std::string why = ec.message();
    std::filesystem::remove(temporary, ec);
    throw InputError(fmt::format("cannot write chart '{}': {}", path, why));
  }
}

}  // namespace kneeload::viz
