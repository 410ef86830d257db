#include "viz/bar_panel_layout.hpp"

#include "viz/text_metrics.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace kneeload::viz {

BarPanelLayout calc_bar_panel_layout(int panel_width_px, int panel_height_px, int text_height_px,
                                     const std::string& pressure_title,
                                     const std::string& activation_title,
                                     const std::string& widest_label) {
  const double s = text_height_px / 720.0;  // lengths below are px of a 720 px tall frame
  auto px = [s](double at_720, double least) { return std::max(least, std::round(at_720 * s)); };
  const double pad = px(10, 4), gap = px(5, 2), group_gap = px(16, 6);
  const double bar_px = px(20, 9), tick_px = px(5, 2);

  BarPanelLayout l;
  l.readout_font_px = calc_font_px(16, text_height_px);
  const int title_font = calc_font_px(18, text_height_px);
  const int label_font = calc_font_px(15, text_height_px);
  // The label row's height: with every digit in it, whatever the labels hold.
  const TextSize label = measure_text_px(widest_label + "0123456789.", label_font);
  const double inset =
      std::max(px(24, 10), 0.5 * measure_text_px(widest_label, label_font).width_px + 2);
  const double x0 = inset, x1 = panel_width_px - inset;

  double y = panel_height_px - pad;  // top of the next part
  auto place_bar = [&](ColourBarLayout& bar, const std::string& title) {
    bar.title_font_px = title_font;
    bar.label_font_px = label_font;
    bar.tick_px = tick_px;
    const TextSize t = measure_text_px(title, title_font, true);
    const double mid = 0.5 * panel_width_px;
    bar.title = {mid - 0.5 * t.width_px, y - t.height_px, mid + 0.5 * t.width_px, y};
    y = bar.title.y0 - gap;
    bar.bar = {x0, y - bar_px, x1, y};
    y = bar.bar.y0;
    bar.labels = {x0 - (inset - 1), y - tick_px - 1 - label.height_px, x1 + (inset - 1), y};
    y = bar.labels.y0 - group_gap;
  };
  place_bar(l.pressure, pressure_title);
  // The height of kReadoutLines lines: measured on as many lines of tall and deep glyphs.
  std::string lines = "Ag";
  for (int i = 1; i < kReadoutLines; ++i) lines += "\nAg";
  const double readout_px = measure_text_px(lines, l.readout_font_px).height_px;
  l.readout = {pad, y - readout_px, panel_width_px - pad, y};
  y = l.readout.y0 - group_gap;
  place_bar(l.activation, activation_title);
  l.content_bottom_px = y + group_gap;
  return l;
}

}  // namespace kneeload::viz
