#include "viz/text_metrics.hpp"

#include <vtkNew.h>
#include <vtkStdString.h>
#include <vtkTextProperty.h>
#include <vtkTextRenderer.h>

#include <algorithm>
#include <cmath>

#include "solver/errors.hpp"

namespace kneeload::viz {

int calc_font_px(int size_at_720, int text_height_px, int min_px) {
  return std::max(min_px, int(std::lround(size_at_720 * text_height_px / 720.0)));
}

TextSize measure_text_px(const std::string& text, int font_px, bool bold) {
  vtkTextRenderer* renderer = vtkTextRenderer::GetInstance();
  KNEELOAD_CHECK(renderer != nullptr, "VTK has no text renderer (RenderingFreeType not linked)");
  vtkNew<vtkTextProperty> p;
  p->SetFontSize(font_px);
  p->SetBold(bold);
  int box[4] = {0, 0, 0, 0};  // x0, x1, y0, y1 in px
  // 72 dpi: VTK's render windows draw font sizes as pixels at this resolution.
  KNEELOAD_CHECK(renderer->GetBoundingBox(p.GetPointer(), vtkStdString(text), box, 72),
                 "VTK could not measure the text '{}' at {} px", text, font_px);
  return {double(box[1] - box[0] + 1), double(box[3] - box[2] + 1)};
}

}  // namespace kneeload::viz
