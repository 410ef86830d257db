#pragma once
// Pixels of an RGB(A) image within 12 of a colour per channel: how chart tests see a curve.
#include "viz/line_chart.hpp"

#include <vtkImageData.h>

#include <cstdlib>

namespace kneeload::testing {

inline long count_near_colour(vtkImageData* image, const kneeload::viz::Rgb8& colour) {
  int dims[3];
  image->GetDimensions(dims);
  const int channels = image->GetNumberOfScalarComponents();
  const auto* p = static_cast<const unsigned char*>(image->GetScalarPointer());
  long count = 0;
  for (long i = 0; i < static_cast<long>(dims[0]) * dims[1]; ++i, p += channels)
    count += std::abs(p[0] - colour[0]) <= 12 && std::abs(p[1] - colour[1]) <= 12 &&
             std::abs(p[2] - colour[2]) <= 12;
  return count;
}

}  // namespace kneeload::testing
