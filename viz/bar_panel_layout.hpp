#pragma once
// The layout of the panel under the knee close-up, in pixels: from the top, the pressure colour
// bar (title, bar, labels), the contact readout, the activation colour bar. Text boxes are
// measured with the fonts they are drawn in, so the parts stack without overlapping from the
// smallest frame (640 x 360, a 151 px tall panel) up.
#include "viz/colour_bar.hpp"

#include <string>

namespace kneeload::viz {

struct BarPanelLayout {
  ColourBarLayout pressure, activation;
  PixelBox readout;  // the readout's text box; its text is centred, hanging from the top
  int readout_font_px = 11;
  double content_bottom_px = 0;  // lowest pixel used; >= 0 when everything fits
};

// Lines the readout (make_knee_readout) may take; the layout keeps room for this many.
inline constexpr int kReadoutLines = 4;

// Panel of panel_width_px x panel_height_px; text sized for text_height_px (calc_font_px);
// widest_label: the widest tick label of either bar, whose half hangs past the bar's ends.
BarPanelLayout calc_bar_panel_layout(int panel_width_px, int panel_height_px, int text_height_px,
                                     const std::string& pressure_title,
                                     const std::string& activation_title,
                                     const std::string& widest_label);

}  // namespace kneeload::viz
