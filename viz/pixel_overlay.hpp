#pragma once
// Drawing in a renderer's viewport pixels, over its scene: the ink of labels, scale bars and
// colour-bar frames, a mapper for pixel coordinates, and line segments in ink.
#include "viz/colour_maps.hpp"

#include <Eigen/Core>
#include <vtkActor2D.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper2D.h>
#include <vtkSmartPointer.h>

#include <vector>

namespace kneeload::viz {

inline constexpr Rgb kInk = {0.12, 0.12, 0.14};  // near-black text and lines

// A mapper whose points are pixels of the renderer's viewport.
vtkSmartPointer<vtkPolyDataMapper2D> make_pixel_mapper(vtkPolyData* data);

// Line segments (pairs of points [2k], [2k + 1], viewport pixels) in ink, width in pixels.
vtkSmartPointer<vtkActor2D> make_pixel_lines(const std::vector<Eigen::Vector2d>& ends_px,
                                             double width_px);

}  // namespace kneeload::viz
