#pragma once
// The VTK scene of one replayed run, built once and updated frame by frame (only actor transforms,
// muscle points and scalars, arrows and texts change): a side view of the leg on its terrain with
// muscles coloured by activation, the ground reaction and PF contact forces as arrows, and a
// right-hand panel with the patellar cartilage seen from the femur, coloured by contact pressure.
// Off-screen; the caller checks the display first (require_display). docs/viz.md, "kneeload render".
#include "viz/bar_panel_layout.hpp"
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

#include <algorithm>
#include <array>
#include <string>

namespace kneeload::viz {

// Window panels as viewport fractions (x0, y0, x1, y1) of the image, origin bottom left.
using Viewport = std::array<double, 4>;
inline constexpr Viewport kLegViewport = {0.0, 0.0, 0.63, 1.0};
inline constexpr Viewport kKneeInsetViewport = {0.63, 0.42, 1.0, 1.0};  // cartilage close-up
inline constexpr Viewport kPressureBarViewport = {0.63, 0.0, 1.0, 0.42};  // colour bars, readout

// Both force arrows share one scale per run (N per m of arrow), shown in the legend as a
// reference bar (calc_reference_arrow_bw): the largest force of the run (PF or ground) is drawn
// at most this long, m.
inline constexpr double kLongestArrow_m = 0.45;
// The scale for a run whose largest force is max_force_N: max_force_N / kLongestArrow_m rounded up
// to 1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 x 10^k N per m (at least 1000 N per m).
double calc_arrow_scale_N_per_m(double max_force_N);
// Arrows are drawn this far in front (+Z) of the sagittal plane, over bones, muscles and the
// patella, m.
inline constexpr double kArrowDrawOffsetZ_m = 0.2;
// The patella (with its cartilage and tendon) is drawn this far in front (+Z) of its place, over
// the muscle tubes (kMuscleDrawOffsetZ_m) that would hide it in the side view, m.
inline constexpr double kPatellaDrawOffsetZ_m = 0.1;
// The legend's reference arrow stands for this many body weights: the first of 1, 2, 5, 10 whose
// arrow is at least 4 cm long at arrow_N_per_m, so that it reads as a length.
double calc_reference_arrow_bw(double body_weight_N, double arrow_N_per_m);

// Text is sized for the 16:9 layout: by the image height, or by the height of a 16:9 image of
// this width when the image is narrower than that (a portrait frame), so labels keep their places.
inline int calc_text_height_px(int width_px, int height_px) {
  return std::min(height_px, width_px * 9 / 16);
}

inline constexpr const char* kPressureBarTitle = "patellar contact pressure (MPa)";
inline constexpr const char* kActivationBarTitle = "muscle activation (0-1)";
inline constexpr int kActivationBarTicks = 6;  // 0, 0.2, ..., 1
// The layout of the colour bars and readout (kPressureBarViewport) in a frame of this size.
BarPanelLayout calc_frame_bar_panel_layout(int width_px, int height_px, double pressure_max_MPa);

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

// The frame's caption: scenario, time and share of stance (a failed run's samples end at the
// failure, so it says that instead), and the PF contact force in BW and N.
std::string make_frame_caption(const std::string& scenario, bool run_failed,
                               const LegFrame& frame);

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
  vtkSmartPointer<vtkActor> patella_, patella_outline_, cartilage_, muscles_, tendon_;
  vtkSmartPointer<vtkLineSource> tendon_line_, patella_leader_line_;
  vtkSmartPointer<vtkActor> patella_leader_;
  vtkSmartPointer<vtkTextActor> patella_label_;
  double leg_px_per_m_ = 1;  // side view scale, pixels per m
  vtkSmartPointer<vtkArrowSource> ground_arrow_source_, pf_arrow_source_;
  vtkSmartPointer<vtkActor> ground_arrow_, pf_arrow_;
  vtkSmartPointer<vtkTextActor> caption_, ground_label_, pf_label_, knee_readout_;
  vtkSmartPointer<vtkLookupTable> pressure_table_, activation_table_;
};

}  // namespace kneeload::viz
