#include "viz/colour_bar.hpp"

#include "viz/axis_ticks.hpp"
#include "viz/pixel_overlay.hpp"

#include <vtkActor2D.h>
#include <vtkCellArray.h>
#include <vtkCellData.h>
#include <vtkDoubleArray.h>
#include <vtkNew.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkTextActor.h>
#include <vtkTextProperty.h>

#include <fmt/format.h>

#include <cmath>

#include "solver/errors.hpp"

namespace kneeload::viz {
namespace {

constexpr int kBarColours = 256;  // cells along the bar, one per colour of the tables

vtkSmartPointer<vtkTextActor> make_pixel_text(const std::string& text, double x, double y,
                                              int font_px, bool bold) {
  auto t = vtkSmartPointer<vtkTextActor>::New();
  t->SetInput(text.c_str());
  t->GetPositionCoordinate()->SetCoordinateSystemToViewport();
  t->GetPositionCoordinate()->SetValue(x, y);
  vtkTextProperty* p = t->GetTextProperty();
  p->SetFontSize(font_px);
  p->SetBold(bold);
  p->SetColor(kInk[0], kInk[1], kInk[2]);
  p->SetJustificationToCentered();
  p->SetVerticalJustificationToTop();
  return t;
}

}  // namespace

BarTicks calc_bar_ticks(double max_value, int target_count) {
  KNEELOAD_CHECK(max_value > 0 && std::isfinite(max_value), "bad bar range [0, {}]", max_value);
  const AxisTicks round = calc_axis_ticks(0.0, max_value, target_count);
  BarTicks ticks;
  for (std::size_t i = 0; i < round.positions.size(); ++i)
    if (round.positions[i] <= max_value * (1 + 1e-9)) {
      ticks.values.push_back(round.positions[i]);
      ticks.labels.push_back(round.labels[i]);
    }
  if (ticks.values.back() < max_value * (1 - 1e-9)) {  // a capped range: label its end too
    if (max_value - ticks.values.back() < 0.6 * round.step && ticks.values.size() > 1) {
      ticks.values.pop_back();
      ticks.labels.pop_back();
    }
    ticks.values.push_back(max_value);
    ticks.labels.push_back(fmt::format("{:g}", max_value));
  }
  return ticks;
}

void add_colour_bar(vtkRenderer* view, vtkLookupTable* table, const std::string& title,
                    const BarTicks& ticks, const ColourBarLayout& layout) {
  const PixelBox& b = layout.bar;
  const double max_value = ticks.values.back();
  auto x_of = [&](double value) { return b.x0 + b.width() * value / max_value; };

  // The bar: one quad per colour, each carrying the value at its middle.
  vtkNew<vtkPoints> points;
  vtkNew<vtkCellArray> quads;
  vtkNew<vtkDoubleArray> values;
  for (int i = 0; i <= kBarColours; ++i) {
    const double x = b.x0 + b.width() * i / kBarColours;
    points->InsertNextPoint(x, b.y0, 0.0);
    points->InsertNextPoint(x, b.y1, 0.0);
  }
  for (int i = 0; i < kBarColours; ++i) {
    const vtkIdType q[4] = {2 * i, 2 * i + 2, 2 * i + 3, 2 * i + 1};
    quads->InsertNextCell(4, q);
    values->InsertNextValue(max_value * (i + 0.5) / kBarColours);
  }
  vtkNew<vtkPolyData> bar;
  bar->SetPoints(points);
  bar->SetPolys(quads);
  bar->GetCellData()->SetScalars(values);
  auto bar_mapper = make_pixel_mapper(bar);
  bar_mapper->SetLookupTable(table);
  bar_mapper->SetScalarModeToUseCellData();
  bar_mapper->UseLookupTableScalarRangeOn();  // the table's own range, [0, max_value]
  vtkNew<vtkActor2D> bar_actor;
  bar_actor->SetMapper(bar_mapper);
  view->AddActor2D(bar_actor);

  // Frame round the bar and a tick mark under it at each label.
  const double tick_px = layout.tick_px;
  std::vector<Eigen::Vector2d> ends_px = {{b.x0, b.y0}, {b.x1, b.y0}, {b.x1, b.y0}, {b.x1, b.y1},
                                         {b.x1, b.y1}, {b.x0, b.y1}, {b.x0, b.y1}, {b.x0, b.y0}};
  const double label_top = layout.labels.y1 - tick_px - 1;
  for (std::size_t i = 0; i < ticks.values.size(); ++i) {
    const double x = x_of(ticks.values[i]);
    ends_px.insert(ends_px.end(), {{x, b.y0}, {x, b.y0 - tick_px}});
    view->AddActor2D(make_pixel_text(ticks.labels[i], x, label_top, layout.label_font_px, false));
  }
  view->AddActor2D(make_pixel_lines(ends_px, 1.0));

  view->AddActor2D(make_pixel_text(title, 0.5 * (layout.title.x0 + layout.title.x1),
                                   layout.title.y1, layout.title_font_px, true));
}

}  // namespace kneeload::viz
