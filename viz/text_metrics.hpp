#pragma once
// Font sizes that scale with the picture, and the pixel size a text takes when drawn (measured
// with VTK's FreeType text renderer, no display needed), so that layouts can place text blocks
// without guessing their height.
#include <string>

namespace kneeload::viz {

// A font size given for a 720 px tall 16:9 picture, at a picture whose text height is
// text_height_px (the image height, or that of a 16:9 image of its width when narrower), in px;
// never below min_px (smaller text is not readable).
int calc_font_px(int size_at_720, int text_height_px, int min_px = 9);

struct TextSize {
  double width_px = 0, height_px = 0;
};
// The box `text` (lines split at '\n') takes at font_px, as vtkTextActor draws it.
TextSize measure_text_px(const std::string& text, int font_px, bool bold = false);

}  // namespace kneeload::viz
