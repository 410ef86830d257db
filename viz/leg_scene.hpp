#pragma once
// The VTK scene of one replayed run, built once and updated frame by frame (only actor transforms,
// muscle points and scalars, arrows and texts change): a side view of the leg on its terrain with
// muscles coloured by activation, the ground reaction and PF contact forces as arrows, and a
// right-hand panel with the patellar cartilage seen from the femur, coloured by contact pressure.
// Off-screen; the caller checks the display first (require_display). docs/viz.md, "kneeload render".
#include "viz/leg_replay.hpp"
#include "viz/leg_shapes.hpp"

#include <vtkActor.h>
#include <vtkArrowSource.h>
#include <vtkLineSource.h>
#include <vtkLookupTable.h>
#include <vtkPolyData.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>
#include <vtkSmartPointer.h>
#include <vtkTextActor.h>
#include <vtkWindowToImageFilter.h>

#include <array>
#include <string>

namespace kneeload::viz {

// Window panels as viewport fractions (x0, y0, x1, y1) of the image, origin bottom left.
using Viewport = std::array<double, 4>;
inline constexpr Viewport kLegViewport = {0.0, 0.0, 0.63, 1.0};
inline constexpr Viewport kKneeInsetViewport = {0.63, 0.42, 1.0, 1.0};  // cartilage close-up
inline constexpr Viewport kPressureBarViewport = {0.63, 0.0, 1.0, 0.42};  // colour bars, readout

// Both force arrows share one scale per run (N per m of arrow), stated in the legend: the
// largest force of the run (PF or ground) is drawn at most this long, m.
inline constexpr double kLongestArrow_m = 0.45;
// The scale for a run whose largest force is max_force_N: max_force_N / kLongestArrow_m rounded up
// to 1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 x 10^k N per m (at least 1000 N per m).
double calc_arrow_scale_N_per_m(double max_force_N);
// Arrows are drawn this far in front (+Z) of the sagittal plane, over bones and muscles, m.
inline constexpr double kArrowDrawOffsetZ_m = 0.09;

struct LegSceneOptions {
  int width_px = 1280, height_px = 720;
  double pressure_max_MPa = 10.0;  // top of the pressure colour map, fixed over the run, MPa
  double arrow_N_per_m = 4000.0;   // force arrow scale, N per m of arrow
  // World box the side view must show over the whole stance, m (x_min, x_max, y_min, y_max).
  std::array<double, 4> view_box_m = {-0.5, 0.5, 0.0, 1.2};
};

// The close-up's readout under the pressure bar: peak pressure, contact area, lateral share, the
// brace's medial force when the run has one (brace.patellar_medial_force_N, N), and what magenta
// means when a patch is above the colour map's top, pressure_max_MPa (bone contact).
std::string make_knee_readout(const LegFrame& frame, double brace_medial_force_N,
                              double pressure_max_MPa);

class LegScene {
 public:
  LegScene(const LegReplay& replay, const LegShapes& shapes, const LegSceneOptions& options);

  // Moves everything to this frame (does not render).
  void update(const LegFrame& frame);
  // Renders into the off-screen window.
  void render();
  vtkRenderWindow* get_window() { return window_; }
  // The last rendered image (RGB), for writers; re-read after each render().
  vtkWindowToImageFilter* get_image() { return image_; }

 private:
  const LegReplay& replay_;
  LegShapes shapes_;
  LegSceneOptions options_;
  vtkSmartPointer<vtkRenderWindow> window_;
  vtkSmartPointer<vtkWindowToImageFilter> image_;
  vtkSmartPointer<vtkRenderer> leg_view_, knee_view_, bar_view_;
  std::array<vtkSmartPointer<vtkActor>, kLegBodies> body_;  // [5] LegBody order
  vtkSmartPointer<vtkActor> patella_, cartilage_, muscles_, tendon_;
  vtkSmartPointer<vtkLineSource> tendon_line_;
  vtkSmartPointer<vtkArrowSource> ground_arrow_source_, pf_arrow_source_;
  vtkSmartPointer<vtkActor> ground_arrow_, pf_arrow_;
  vtkSmartPointer<vtkTextActor> caption_, ground_label_, pf_label_, knee_readout_;
  vtkSmartPointer<vtkLookupTable> pressure_table_, activation_table_;
};

}  // namespace kneeload::viz
