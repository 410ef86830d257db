#include "viz/leg_scene.hpp"

#include "viz/colour_bar.hpp"
#include "viz/colour_maps.hpp"
#include "viz/pixel_overlay.hpp"
#include "viz/text_metrics.hpp"

#include <vtkActor2D.h>
#include <vtkCamera.h>
#include <vtkCellData.h>
#include <vtkDoubleArray.h>
#include <vtkLightKit.h>
#include <vtkMatrix4x4.h>
#include <vtkNew.h>
#include <vtkPointData.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkTextProperty.h>
#include <vtkTransform.h>
#include <vtkTubeFilter.h>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace kneeload::viz {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kDeg_per_rad = 180.0 / kPi;
constexpr double kMuscleRadius_m = 0.007;   // drawn muscle tube, m
constexpr double kTendonRadius_m = 0.004;    // drawn patellar tendon, m
constexpr double kArrowShaftRadius_m = 0.009, kArrowTipRadius_m = 0.024, kArrowTipLength_m = 0.07;
constexpr double kMinArrowLength_m = 0.01;  // shorter arrows are not drawn, nor labelled
constexpr Rgb kPanelColour = {0.955, 0.955, 0.955};

vtkSmartPointer<vtkActor> make_actor(vtkPolyData* data, const Rgb& colour) {
  vtkNew<vtkPolyDataMapper> mapper;
  mapper->SetInputData(data);
  mapper->ScalarVisibilityOff();
  auto actor = vtkSmartPointer<vtkActor>::New();
  actor->SetMapper(mapper);
  actor->GetProperty()->SetColor(colour[0], colour[1], colour[2]);
  actor->GetProperty()->SetSpecular(0.25);
  actor->GetProperty()->SetSpecularPower(20);
  return actor;
}

// Text in normalised viewport coordinates of its renderer, font size scaled to `height_px`.
vtkSmartPointer<vtkTextActor> make_text(double x, double y, int size_at_720, int height_px,
                                        bool bold = false, int justification = VTK_TEXT_LEFT) {
  auto t = vtkSmartPointer<vtkTextActor>::New();
  t->GetPositionCoordinate()->SetCoordinateSystemToNormalizedViewport();
  t->GetPositionCoordinate()->SetValue(x, y);
  vtkTextProperty* p = t->GetTextProperty();
  p->SetFontSize(calc_font_px(size_at_720, height_px));
  p->SetColor(kInk[0], kInk[1], kInk[2]);
  p->SetBold(bold);
  p->SetJustification(justification);
  p->SetVerticalJustificationToTop();
  p->SetBackgroundColor(1.0, 1.0, 1.0);
  p->SetBackgroundOpacity(0.0);
  return t;
}

// Where the ray from p along unit d leaves the ellipsoid (centre c, semi-axes r; all in the
// ellipsoid's frame), as the distance along d; 0 when the ray misses it or it lies behind p.
double calc_ellipsoid_exit_m(const Eigen::Vector3d& p, const Eigen::Vector3d& d,
                             const Eigen::Vector3d& c, const Eigen::Vector3d& r) {
  const Eigen::Vector3d q = (p - c).cwiseQuotient(r), e = d.cwiseQuotient(r);
  const double a = e.squaredNorm(), b = 2 * q.dot(e), cc = q.squaredNorm() - 1;
  const double disc = b * b - 4 * a * cc;
  if (!(disc >= 0) || a <= 0) return 0.0;
  return std::max(0.0, (-b + std::sqrt(disc)) / (2 * a));
}

void set_pose(vtkActor* actor, const Eigen::Vector2d& origin_m, double angle_rad) {
  vtkNew<vtkTransform> t;
  t->Translate(origin_m.x(), origin_m.y(), 0.0);
  t->RotateZ(angle_rad * kDeg_per_rad);
  actor->SetUserTransform(t);
}

// An arrow from `from_m` to `to_m` with shaft and head of fixed size (m); hidden when too short.
void set_arrow(vtkArrowSource* source, vtkActor* actor, const Eigen::Vector3d& from_m,
               const Eigen::Vector3d& to_m) {
  const Eigen::Vector3d d = to_m - from_m;
  const double length_m = d.norm();
  if (!(length_m > kMinArrowLength_m)) {
    actor->VisibilityOff();
    return;
  }
  actor->VisibilityOn();
  source->SetTipLength(std::min(0.5, kArrowTipLength_m / length_m));
  source->SetTipRadius(kArrowTipRadius_m / length_m);
  source->SetShaftRadius(kArrowShaftRadius_m / length_m);
  const Eigen::Vector3d u = d / length_m, x = Eigen::Vector3d::UnitX();
  const Eigen::Vector3d axis = x.cross(u);
  const double angle_deg = std::atan2(axis.norm(), x.dot(u)) * kDeg_per_rad;
  vtkNew<vtkTransform> t;
  t->Translate(from_m.data());
  if (axis.norm() > 1e-12) t->RotateWXYZ(angle_deg, axis.x(), axis.y(), axis.z());
  else if (x.dot(u) < 0) t->RotateZ(180.0);
  t->Scale(length_m, length_m, length_m);
  actor->SetUserTransform(t);
}

void set_world_position(vtkTextActor* t, const Eigen::Vector3d& p_m) {
  t->GetPositionCoordinate()->SetCoordinateSystemToWorld();
  t->GetPositionCoordinate()->SetValue(p_m.x(), p_m.y(), p_m.z());
}

}  // namespace

double calc_arrow_scale_N_per_m(double max_force_N) {
  const double wanted = std::max(1000.0, max_force_N / kLongestArrow_m);
  const double decade = std::pow(10.0, std::floor(std::log10(wanted)));
  for (double step : {1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0})
    if (wanted <= step * decade * (1 + 1e-12)) return step * decade;
  return 10.0 * decade;
}

double calc_reference_arrow_bw(double body_weight_N, double arrow_N_per_m) {
  for (double n : {1.0, 2.0, 5.0})
    if (n * body_weight_N / arrow_N_per_m >= 0.04) return n;
  return 10.0;
}

BarPanelLayout calc_frame_bar_panel_layout(int width_px, int height_px, double pressure_max_MPa) {
  std::string widest = "0.0";
  for (const std::string& label : calc_bar_ticks(pressure_max_MPa, kPressureBarTicks).labels)
    if (label.size() > widest.size()) widest = label;
  const Viewport& v = kPressureBarViewport;
  return calc_bar_panel_layout(int(std::lround((v[2] - v[0]) * width_px)),
                               int(std::lround((v[3] - v[1]) * height_px)),
                               calc_text_height_px(width_px, height_px), kPressureBarTitle,
                               kActivationBarTitle, widest);
}

LegScene::LegScene(const LegReplay& replay, const LegShapes& shapes, const LegSceneOptions& options)
    : replay_(replay), shapes_(shapes), options_(options) {
  const int h_px = calc_text_height_px(options.width_px, options.height_px);
  window_ = vtkSmartPointer<vtkRenderWindow>::New();
  window_->SetOffScreenRendering(1);
  window_->SetSize(options.width_px, options.height_px);
  window_->SetMultiSamples(0);  // no anti-aliasing: multisampling and FXAA are slow in software GL

  pressure_table_ = make_pressure_lookup_table(options.pressure_max_MPa);
  activation_table_ = make_activation_lookup_table();

  // --- Side view of the leg.
  leg_view_ = vtkSmartPointer<vtkRenderer>::New();
  leg_view_->SetViewport(kLegViewport.data());
  leg_view_->GradientBackgroundOn();
  leg_view_->SetBackground(1.0, 1.0, 1.0);
  leg_view_->SetBackground2(0.86, 0.90, 0.95);
  // No FXAA: in software OpenGL (Xvfb) it tripled the cost of a frame (docs/viz.md).
  window_->AddRenderer(leg_view_);

  for (int b = 0; b < kLegBodies; ++b) {
    body_[b] = make_actor(shapes_.body[b], kBoneColour);
    leg_view_->AddActor(body_[b]);
  }
  body_[int(LegBody::pelvis)]->GetProperty()->SetColor(0.80, 0.78, 0.74);  // trunk: a block
  leg_view_->AddActor(make_actor(shapes_.terrain, kTerrainColour));

  // The patella, drawn over the muscles, lighter than the other bones and ringed in ink: at its
  // true size it is only about 20 px tall in a 720 px frame.
  patella_ = make_actor(shapes_.patella, kPatellaColour);
  patella_->GetProperty()->SetAmbient(0.7);  // nearly flat: shading would darken its small rim
  patella_->GetProperty()->SetDiffuse(0.35);
  leg_view_->AddActor(patella_);
  patella_outline_ = make_actor(shapes_.patella, kInk);
  patella_outline_->GetProperty()->LightingOff();
  leg_view_->AddActor(patella_outline_);

  // Cartilage: pressure per patch as cell scalars (NaN out of contact), shared with the close-up.
  vtkNew<vtkDoubleArray> pressure;
  pressure->SetName("pressure_MPa");
  pressure->SetNumberOfTuples(shapes_.cartilage->GetNumberOfCells());
  pressure->Fill(std::numeric_limits<double>::quiet_NaN());
  shapes_.cartilage->GetCellData()->SetScalars(pressure);
  auto cartilage_actor = [this]() {
    vtkNew<vtkPolyDataMapper> mapper;
    mapper->SetInputData(shapes_.cartilage);
    mapper->SetLookupTable(pressure_table_);
    mapper->UseLookupTableScalarRangeOn();
    mapper->SetScalarModeToUseCellData();
    auto actor = vtkSmartPointer<vtkActor>::New();
    actor->SetMapper(mapper);
    actor->GetProperty()->SetAmbient(0.35);
    actor->GetProperty()->SetDiffuse(0.7);
    return actor;
  };
  cartilage_ = cartilage_actor();
  leg_view_->AddActor(cartilage_);

  // Muscles: tubes along the path points, coloured by the activation of their muscle.
  vtkNew<vtkDoubleArray> activation;
  activation->SetName("activation");
  activation->SetNumberOfTuples(shapes_.muscles->GetNumberOfPoints());
  activation->Fill(0.0);
  shapes_.muscles->GetPointData()->SetScalars(activation);
  {
    vtkNew<vtkTubeFilter> tubes;
    tubes->SetInputData(shapes_.muscles);
    tubes->SetRadius(kMuscleRadius_m);
    tubes->SetNumberOfSides(12);
    tubes->CappingOn();
    vtkNew<vtkPolyDataMapper> mapper;
    mapper->SetInputConnection(tubes->GetOutputPort());
    mapper->SetLookupTable(activation_table_);
    mapper->UseLookupTableScalarRangeOn();
    muscles_ = vtkSmartPointer<vtkActor>::New();
    muscles_->SetMapper(mapper);
    muscles_->GetProperty()->SetSpecular(0.2);
    leg_view_->AddActor(muscles_);
  }
  {
    tendon_line_ = vtkSmartPointer<vtkLineSource>::New();
    vtkNew<vtkTubeFilter> tube;
    tube->SetInputConnection(tendon_line_->GetOutputPort());
    tube->SetRadius(kTendonRadius_m);
    tube->SetNumberOfSides(12);
    vtkNew<vtkPolyDataMapper> mapper;
    mapper->SetInputConnection(tube->GetOutputPort());
    tendon_ = vtkSmartPointer<vtkActor>::New();
    tendon_->SetMapper(mapper);
    tendon_->GetProperty()->SetColor(kTendonColour[0], kTendonColour[1], kTendonColour[2]);
    leg_view_->AddActor(tendon_);
  }

  auto arrow = [this](vtkSmartPointer<vtkArrowSource>& source, const Rgb& colour) {
    source = vtkSmartPointer<vtkArrowSource>::New();
    source->SetShaftResolution(20);
    source->SetTipResolution(24);
    vtkNew<vtkPolyDataMapper> mapper;
    mapper->SetInputConnection(source->GetOutputPort());
    auto actor = vtkSmartPointer<vtkActor>::New();
    actor->SetMapper(mapper);
    actor->GetProperty()->SetColor(colour[0], colour[1], colour[2]);
    actor->GetProperty()->SetSpecular(0.3);
    leg_view_->AddActor(actor);
    return actor;
  };
  ground_arrow_ = arrow(ground_arrow_source_, kGroundForceColour);
  pf_arrow_ = arrow(pf_arrow_source_, kPatellofemoralForceColour);

  // Side view from the right (+Z), X to the right, parallel projection so that arrow lengths
  // read the same everywhere. The box of the whole stance fills the panel.
  {
    const auto& b = options.view_box_m;
    vtkCamera* cam = leg_view_->GetActiveCamera();
    cam->ParallelProjectionOn();
    const double cx = 0.5 * (b[0] + b[1]), cy = 0.5 * (b[2] + b[3]);
    cam->SetFocalPoint(cx, cy, 0.0);
    cam->SetPosition(cx, cy, 5.0);
    cam->SetViewUp(0, 1, 0);
    const double aspect = (kLegViewport[2] - kLegViewport[0]) * options.width_px /
                          ((kLegViewport[3] - kLegViewport[1]) * options.height_px);
    cam->SetParallelScale(std::max(0.5 * (b[3] - b[2]), 0.5 * (b[1] - b[0]) / aspect));
    leg_view_->ResetCameraClippingRange(-3, 3, -3, 3, -3, 3);
    leg_px_per_m_ = (kLegViewport[3] - kLegViewport[1]) * options.height_px /
                    (2 * cam->GetParallelScale());
  }
  caption_ = make_text(0.02, 0.975, 24, h_px, true);
  leg_view_->AddActor2D(caption_);
  caption_->GetTextProperty()->SetBackgroundOpacity(0.75);
  {
    // Legend: a reference arrow length in body weights (the arrows' labels are in BW), then what
    // each colour is. Placed in pixels of the side view.
    const int font = calc_font_px(16, h_px);
    const double row_px = measure_text_px("Ag", font).height_px;
    const double x0 = 0.02 * kLegViewport[2] * options.width_px;
    const double top = 0.86 * options.height_px;
    const double n_bw = calc_reference_arrow_bw(replay.body_weight_N, options.arrow_N_per_m);
    const double bar_px = n_bw * replay.body_weight_N / options.arrow_N_per_m * leg_px_per_m_;
    const double y = top - 0.55 * row_px, cap = 0.35 * row_px;
    leg_view_->AddActor2D(make_pixel_lines({{x0, y}, {x0 + bar_px, y},
                                            {x0, y - cap}, {x0, y + cap},
                                            {x0 + bar_px, y - cap}, {x0 + bar_px, y + cap}},
                                           std::max(1.0, std::round(2.0 * h_px / 720))));
    auto scale = make_text(0, 0, 16, h_px);
    scale->GetPositionCoordinate()->SetCoordinateSystemToViewport();
    scale->GetPositionCoordinate()->SetValue(x0 + bar_px + 0.5 * row_px, top);
    scale->GetTextProperty()->SetBackgroundOpacity(0.75);
    scale->SetInput(fmt::format("arrow length of {:g} BW ({:.0f} N)", n_bw,
                                n_bw * replay.body_weight_N)
                        .c_str());
    leg_view_->AddActor2D(scale);
    auto legend = make_text(0, 0, 16, h_px);
    legend->GetPositionCoordinate()->SetCoordinateSystemToViewport();
    legend->GetPositionCoordinate()->SetValue(x0, top - 1.2 * row_px);
    legend->GetTextProperty()->SetBackgroundOpacity(0.75);
    legend->SetInput("blue: ground reaction force on the foot\n"
                     "orange: PF contact force pressing the patella into the femur");
    leg_view_->AddActor2D(legend);
  }
  if (!replay.warning.empty()) {  // a failed or flagged run says so in every frame
    auto warning = make_text(0.02, 0.765, 16, h_px, true);
    warning->GetTextProperty()->SetColor(kWarningColour[0], kWarningColour[1], kWarningColour[2]);
    warning->GetTextProperty()->SetBackgroundOpacity(0.75);
    warning->SetInput(replay.warning.c_str());
    leg_view_->AddActor2D(warning);
  }
  ground_label_ = make_text(0, 0, 17, h_px, true);
  ground_label_->GetTextProperty()->SetColor(kGroundForceColour[0], kGroundForceColour[1], kGroundForceColour[2]);
  pf_label_ = make_text(0, 0, 17, h_px, true);
  pf_label_->GetTextProperty()->SetColor(kPatellofemoralForceColour[0], kPatellofemoralForceColour[1], kPatellofemoralForceColour[2]);
  for (auto& label : {ground_label_, pf_label_}) {  // readable where they cross a bone
    label->GetTextProperty()->SetBackgroundOpacity(0.6);
    leg_view_->AddActor2D(label);
  }
  {  // "patella" with a short leader line to its outline
    patella_leader_line_ = vtkSmartPointer<vtkLineSource>::New();
    vtkNew<vtkPolyDataMapper> mapper;
    mapper->SetInputConnection(patella_leader_line_->GetOutputPort());
    patella_leader_ = vtkSmartPointer<vtkActor>::New();
    patella_leader_->SetMapper(mapper);
    patella_leader_->GetProperty()->SetColor(kInk[0], kInk[1], kInk[2]);
    patella_leader_->GetProperty()->LightingOff();
    patella_leader_->GetProperty()->SetLineWidth(std::max(1.0, std::round(1.5 * h_px / 720)));
    leg_view_->AddActor(patella_leader_);
    patella_label_ = make_text(0, 0, 15, h_px, true);
    patella_label_->GetTextProperty()->SetBackgroundOpacity(0.6);
    patella_label_->GetTextProperty()->SetVerticalJustificationToCentered();
    patella_label_->SetInput("patella");
    leg_view_->AddActor2D(patella_label_);
  }


  vtkNew<vtkLightKit> lights;  // key, fill and back lights: shaded solids, soft shadows
  lights->AddLightsToRenderer(leg_view_);

  // --- Knee close-up: the cartilage in the patella frame, seen from the femur (posterior).
  knee_view_ = vtkSmartPointer<vtkRenderer>::New();
  knee_view_->SetViewport(kKneeInsetViewport.data());
  knee_view_->SetBackground(kPanelColour[0], kPanelColour[1], kPanelColour[2]);
  window_->AddRenderer(knee_view_);
  {
    // Unlit: the close-up shows the colour map's own colours (a pressure map, not a shading).
    auto map = cartilage_actor();
    map->GetProperty()->LightingOff();
    knee_view_->AddActor(map);
    const Eigen::Vector3d c = replay.model.patellofemoral.patella_centre_m;
    const models::PatellaSurfaceSpec& s = replay.model.patellofemoral.spec.patella;
    vtkCamera* cam = knee_view_->GetActiveCamera();
    cam->ParallelProjectionOn();
    cam->SetFocalPoint(c.x(), c.y() - 0.002, c.z());
    cam->SetPosition(c.x() - 0.5, c.y() - 0.002, c.z());  // posterior of the patella
    cam->SetViewUp(0, 1, 0);                              // proximal up, lateral (+Z) to the right
    const double aspect = (kKneeInsetViewport[2] - kKneeInsetViewport[0]) * options.width_px /
                          ((kKneeInsetViewport[3] - kKneeInsetViewport[1]) * options.height_px);
    cam->SetParallelScale(std::max(0.66 * s.width_m / aspect, 0.8 * s.height_m));
    knee_view_->ResetCameraClippingRange(-1, 1, -1, 1, -1, 1);
    auto title = make_text(0.5, 0.975, 19, h_px, true, VTK_TEXT_CENTERED);
    title->SetInput("Knee close-up: patellar cartilage\nseen from the femur");
    knee_view_->AddActor2D(title);
    auto lateral = make_text(0.95, 0.20, 16, h_px, false, VTK_TEXT_RIGHT);
    lateral->SetInput("lateral facet");
    auto medial = make_text(0.05, 0.20, 16, h_px);
    medial->SetInput("medial facet");
    auto up = make_text(0.5, 0.875, 15, h_px, false, VTK_TEXT_CENTERED);
    up->SetInput("proximal");
    auto down = make_text(0.5, 0.12, 15, h_px, false, VTK_TEXT_CENTERED);
    down->SetInput("distal (patellar tendon)");
    for (auto& t : {lateral, medial, up, down}) knee_view_->AddActor2D(t);
  }

  // --- Pressure colour bar and the contact readout under the close-up.
  bar_view_ = vtkSmartPointer<vtkRenderer>::New();
  bar_view_->SetViewport(kPressureBarViewport.data());
  bar_view_->SetBackground(kPanelColour[0], kPanelColour[1], kPanelColour[2]);
  window_->AddRenderer(bar_view_);
  {
    const BarPanelLayout bar_layout = calc_frame_bar_panel_layout(
        options.width_px, options.height_px, options.pressure_max_MPa);
    const BarTicks pressure_ticks = calc_bar_ticks(options.pressure_max_MPa, kPressureBarTicks);
    const BarTicks activation_ticks = calc_bar_ticks(1.0, kActivationBarTicks);
    add_colour_bar(bar_view_, pressure_table_, kPressureBarTitle, pressure_ticks,
                   bar_layout.pressure);
    add_colour_bar(bar_view_, activation_table_, kActivationBarTitle, activation_ticks,
                   bar_layout.activation);
    knee_readout_ = make_text(0, 0, 16, h_px, false, VTK_TEXT_CENTERED);
    knee_readout_->GetTextProperty()->SetFontSize(bar_layout.readout_font_px);
    knee_readout_->GetPositionCoordinate()->SetCoordinateSystemToViewport();
    knee_readout_->GetPositionCoordinate()->SetValue(
        0.5 * (bar_layout.readout.x0 + bar_layout.readout.x1), bar_layout.readout.y1);
    bar_view_->AddActor2D(knee_readout_);
  }

  image_ = vtkSmartPointer<vtkWindowToImageFilter>::New();
  image_->SetInput(window_);
  image_->SetInputBufferTypeToRGB();
  image_->ReadFrontBufferOff();
}

void LegScene::update(const LegFrame& f) {
  for (int b = 0; b < kLegBodies; ++b) set_pose(body_[b], f.body_origin_m[b], f.body_angle_rad[b]);

  const Eigen::Vector3d patella_front(0, 0, kPatellaDrawOffsetZ_m);
  vtkNew<vtkMatrix4x4> patella;
  for (int i = 0; i < 3; ++i) {
    for (int j = 0; j < 3; ++j) patella->SetElement(i, j, f.patella_rotation(i, j));
    patella->SetElement(i, 3, f.patella_origin_m[i] + patella_front[i]);
  }
  patella_->SetUserMatrix(patella);
  cartilage_->SetUserMatrix(patella);
  {  // The ink ring: the ellipsoid grown by a few pixels in the side view's plane, just behind.
    const Eigen::Vector3d& c = shapes_.patella_centre_m;
    const Eigen::Vector3d& r = shapes_.patella_semi_axes_m;
    const double ring_m = std::max(1.5, 2.5 * options_.height_px / 720.0) / leg_px_per_m_;
    vtkNew<vtkTransform> t;
    t->SetMatrix(patella);
    const Eigen::Vector3d behind = f.patella_rotation.transpose() * Eigen::Vector3d(0, 0, -0.005);
    t->Translate(behind.data());
    t->Translate(c.data());
    t->Scale(1 + ring_m / r.x(), 1 + ring_m / r.y(), 1.0);
    t->Translate((-c).eval().data());
    patella_outline_->SetUserTransform(t);
  }
  const Eigen::Vector3d patella_centre =
      f.patella_origin_m + f.patella_rotation * shapes_.patella_centre_m;
  // The patella's edge along a world direction u from its centre (in the side view's plane), m.
  auto calc_patella_edge_m = [&](const Eigen::Vector3d& from_m, const Eigen::Vector3d& u) {
    return calc_ellipsoid_exit_m(f.patella_rotation.transpose() * (from_m - f.patella_origin_m),
                                 f.patella_rotation.transpose() * u, shapes_.patella_centre_m,
                                 shapes_.patella_semi_axes_m);
  };
  {  // "patella" anterior-proximal of it (femur frame: X anterior, Y proximal), off the PF arrow
    const double a = f.body_angle_rad[int(LegBody::femur)];
    const Eigen::Vector3d u =
        Eigen::Vector3d(std::cos(a) - std::sin(a), std::sin(a) + std::cos(a), 0).normalized();
    const double edge_m = calc_patella_edge_m(patella_centre, u);
    const Eigen::Vector3d start = patella_centre + (edge_m + 0.004) * u + patella_front;
    const Eigen::Vector3d end = patella_centre + (edge_m + 0.035) * u + patella_front;
    patella_leader_line_->SetPoint1(start.data());
    patella_leader_line_->SetPoint2(end.data());
    set_world_position(patella_label_, end + 0.006 * u);
    patella_label_->GetTextProperty()->SetJustification(u.x() >= 0 ? VTK_TEXT_LEFT
                                                                   : VTK_TEXT_RIGHT);
  }

  vtkDataArray* pressure = shapes_.cartilage->GetCellData()->GetScalars();
  for (int i = 0; i < f.patch_pressure_MPa.size(); ++i)
    pressure->SetTuple1(i, f.patch_pressure_MPa[i] > 0 ? f.patch_pressure_MPa[i]
                                                       : std::numeric_limits<double>::quiet_NaN());
  pressure->Modified();

  vtkPoints* points = shapes_.muscles->GetPoints();
  vtkDataArray* activation = shapes_.muscles->GetPointData()->GetScalars();
  const MusclePathModel& paths = replay_.model.paths;
  for (int k = 0; k < paths.n_muscles; ++k)
    for (int p = paths.first_point[k]; p < paths.first_point[k + 1]; ++p) {
      points->SetPoint(p, f.muscle_point_m[p].data());
      activation->SetTuple1(p, f.activation[k]);
    }
  points->Modified();
  activation->Modified();
  shapes_.muscles->Modified();

  tendon_line_->SetPoint1((f.tendon_patella_m + patella_front).eval().data());
  tendon_line_->SetPoint2((f.tendon_tibia_m + patella_front).eval().data());

  // Ground force on the foot from the centre of pressure; the PF force on the femur ending at
  // the centre of PF pressure (the patella pressed into the trochlea).
  const double bw = replay_.body_weight_N, scale = options_.arrow_N_per_m;
  const Eigen::Vector3d front(0, 0, kArrowDrawOffsetZ_m);
  const Eigen::Vector3d cop(f.ground_cop_m.x(), f.ground_cop_m.y(), 0.0);
  const Eigen::Vector3d grf_tip = cop + f.ground_force_N / scale;
  set_arrow(ground_arrow_source_, ground_arrow_, cop + front, grf_tip + front);
  // The PF arrow slides along its line of action (through the centre of PF pressure) until its
  // tip meets the patella's front: it points at the patella instead of covering it.
  Eigen::Vector3d pf_tip = f.pf_centre_of_pressure_m;
  if (f.pf_force_on_patella_N.norm() > 0) {
    const Eigen::Vector3d d = f.pf_force_on_patella_N.normalized();
    pf_tip += (calc_patella_edge_m(pf_tip, d) + 0.002) * d;
  }
  const Eigen::Vector3d pf_tail = pf_tip + f.pf_force_on_patella_N / scale;
  set_arrow(pf_arrow_source_, pf_arrow_, pf_tail + front, pf_tip + front);
  const double grf_N = f.ground_force_N.norm();
  ground_label_->SetInput(fmt::format("GRF {:.1f} BW", grf_N / bw).c_str());
  {  // The GRF label beside the arrow's tip, on the side away from the shank.
    const Eigen::Vector3d knee = calc_world_point(f, LegBody::tibia, Eigen::Vector2d::Zero());
    const Eigen::Vector3d ankle = calc_world_point(
        f, LegBody::tibia, replay_.model.skeleton.ankle_in_tibia_m.head<2>());
    const double y = grf_tip.y() + 0.03;
    const double t = std::clamp((y - ankle.y()) / (knee.y() - ankle.y()), 0.0, 1.0);
    const bool shank_right = ankle.x() + t * (knee.x() - ankle.x()) > grf_tip.x();
    ground_label_->GetTextProperty()->SetJustification(shank_right ? VTK_TEXT_RIGHT
                                                                   : VTK_TEXT_LEFT);
    set_world_position(ground_label_,
                       grf_tip + Eigen::Vector3d(shank_right ? -0.03 : 0.03, 0.03, 0.3));
  }
  ground_label_->SetVisibility(grf_N / scale > kMinArrowLength_m);  // every arrow drawn says what
  pf_label_->SetInput(fmt::format("PF {:.1f} BW", f.pf_force_bw).c_str());
  set_world_position(pf_label_, pf_tail + Eigen::Vector3d(0.02, 0.05, 0.3));
  pf_label_->SetVisibility(f.pf_force_N / scale > kMinArrowLength_m);

  caption_->SetInput(make_frame_caption(replay_.scenario, replay_.failed, f).c_str());
  knee_readout_->SetInput(
      make_knee_readout(f, replay_.model.spec.brace_medial_force_N, options_.pressure_max_MPa)
          .c_str());
}

std::string make_frame_caption(const std::string& scenario, bool run_failed,
                               const LegFrame& frame) {
  // A failed run's samples end at the failure: a share of them is no share of a stance.
  const std::string when = run_failed ? "(before the run failed)"
                                      : fmt::format("({:.0f} % stance)", frame.stance_pct);
  return fmt::format("{}   t = {:.3f} s   {}\nPF contact force {:.2f} BW ({:.0f} N)", scenario,
                     frame.time_s, when, frame.pf_force_bw, frame.pf_force_N);
}

std::string make_knee_readout(const LegFrame& f, double brace_medial_force_N,
                              double pressure_max_MPa) {
  // Short lines (at most kReadoutLines): the panel is 237 px wide in a 640 px frame.
  const std::string brace =
      brace_medial_force_N > 0 ? fmt::format("brace {:.0f} N medial", brace_medial_force_N) : "";
  if (!(f.pf_loaded && f.contact_area_mm2 > 0))
    return "no PF contact (quadriceps slack)\n" + (brace.empty() ? "" : brace + "\n") +
           "grey: no contact";
  const std::string bone = f.peak_pressure_MPa > pressure_max_MPa
                               ? "\nmagenta: cartilage pressed through to the bone"
                               : "";
  return fmt::format("peak {:.1f} MPa   area {:.0f} mm\u00b2\n"
                     "lateral facet {:.0f} %{}\ngrey: no contact{}",
                     f.peak_pressure_MPa, f.contact_area_mm2, 100 * f.lateral_fraction,
                     brace.empty() ? "" : "   " + brace, bone);
}

void LegScene::render() {
  window_->Render();
  image_->Modified();
}

}  // namespace kneeload::viz
