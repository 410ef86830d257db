#pragma once
// A horizontal colour bar drawn as plain 2-D actors at pixel places we choose: the title above the
// bar, tick marks and round labels under it. (vtkScalarBarActor sizes its parts from its box and
// put the title onto the labels in a 150 px panel; it also cannot end on a labelled value.)
#include <vtkLookupTable.h>
#include <vtkRenderer.h>

#include <string>
#include <vector>

namespace kneeload::viz {

// A rectangle in pixels of a viewport, origin bottom left.
struct PixelBox {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  double width() const { return x1 - x0; }
  double height() const { return y1 - y0; }
  bool overlaps(const PixelBox& o) const {
    return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1;
  }
  bool contains(const PixelBox& o) const {
    return o.x0 >= x0 && o.x1 <= x1 && o.y0 >= y0 && o.y1 <= y1;
  }
};

// Labels of a bar from 0 to max_value (> 0): round values (steps of 1, 2 or 5 x 10^k, about
// target_count of them) up to max_value; max_value is always labelled: when it is not round (a
// capped range) it is added, and a round label nearer to it than 0.6 step is dropped.
struct BarTicks {
  std::vector<double> values;
  std::vector<std::string> labels;
};
BarTicks calc_bar_ticks(double max_value, int target_count);

// Where a bar's parts go, viewport pixels: the title's text box, the coloured bar, and the band
// under it of tick marks (tick_px long) and then the labels.
struct ColourBarLayout {
  PixelBox title, bar, labels;
  double tick_px = 3;
  int title_font_px = 12, label_font_px = 11;
};

// Adds the bar of `table` over [0, ticks.values.back()] with its title and labels to `view`.
void add_colour_bar(vtkRenderer* view, vtkLookupTable* table, const std::string& title,
                    const BarTicks& ticks, const ColourBarLayout& layout);

}  // namespace kneeload::viz
