#include "viz/leg_shapes.hpp"

#include <vtkAppendPolyData.h>
#include <vtkCellArray.h>
#include <vtkCubeSource.h>
#include <vtkCylinderSource.h>
#include <vtkLineSource.h>
#include <vtkLinearExtrusionFilter.h>
#include <vtkNew.h>
#include <vtkPoints.h>
#include <vtkPolyDataNormals.h>
#include <vtkSphereSource.h>
#include <vtkTransform.h>
#include <vtkTransformPolyDataFilter.h>
#include <vtkTriangleFilter.h>
#include <vtkTubeFilter.h>

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

namespace kneeload::viz {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kDeg_per_rad = 180.0 / kPi;
constexpr int kSides = 28;  // facets around cylinders and spheres

// Bone radii as fractions of the segment length (1): drawn proportions, not measured ones.
constexpr double kFemurShaftRadius_per_length = 0.05;
constexpr double kTibiaShaftRadius_per_length = 0.05;
constexpr double kTerrainThickness_m = 2.0;  // slab under the surface: fills a portrait panel, m
constexpr double kTerrainHalfWidth_m = 0.35;  // along Z, m
constexpr double kPatellaDepth_m = 0.0161;     // Lenhart 2015 patella, anteroposterior, m

vtkSmartPointer<vtkPolyData> transformed(vtkPolyDataAlgorithm* source, vtkTransform* t) {
  vtkNew<vtkTransformPolyDataFilter> f;
  f->SetInputConnection(source->GetOutputPort());
  f->SetTransform(t);
  f->Update();
  vtkSmartPointer<vtkPolyData> out = f->GetOutput();
  return out;
}

vtkSmartPointer<vtkPolyData> sphere(const Eigen::Vector3d& centre_m, double radius_m) {
  vtkNew<vtkSphereSource> s;
  s->SetCenter(centre_m.data());
  s->SetRadius(radius_m);
  s->SetThetaResolution(kSides);
  s->SetPhiResolution(kSides / 2);
  s->Update();
  vtkSmartPointer<vtkPolyData> out = s->GetOutput();
  return out;
}

// A rod with rounded ends from a to b (m).
vtkSmartPointer<vtkPolyData> capsule(const Eigen::Vector3d& a_m, const Eigen::Vector3d& b_m,
                                     double radius_m) {
  vtkNew<vtkLineSource> line;
  line->SetPoint1(a_m.data());
  line->SetPoint2(b_m.data());
  vtkNew<vtkTubeFilter> tube;
  tube->SetInputConnection(line->GetOutputPort());
  tube->SetRadius(radius_m);
  tube->SetNumberOfSides(kSides);
  tube->CappingOff();
  vtkNew<vtkAppendPolyData> all;
  tube->Update();
  all->AddInputData(tube->GetOutput());
  all->AddInputData(sphere(a_m, radius_m));
  all->AddInputData(sphere(b_m, radius_m));
  all->Update();
  vtkSmartPointer<vtkPolyData> out = all->GetOutput();
  return out;
}

// A cylinder along Z centred at `centre_m`.
vtkSmartPointer<vtkPolyData> cylinder_z(const Eigen::Vector3d& centre_m, double radius_m,
                                        double length_m) {
  vtkNew<vtkCylinderSource> c;
  c->SetRadius(radius_m);
  c->SetHeight(length_m);
  c->SetResolution(kSides);
  vtkNew<vtkTransform> t;
  t->Translate(centre_m.data());
  t->RotateX(90.0);  // the source's axis is Y
  return transformed(c, t);
}

// An axis-aligned box rotated by angle_rad about Z around its centre.
vtkSmartPointer<vtkPolyData> box(const Eigen::Vector3d& centre_m, const Eigen::Vector3d& size_m,
                                 double angle_rad = 0.0) {
  vtkNew<vtkCubeSource> c;
  c->SetXLength(size_m.x());
  c->SetYLength(size_m.y());
  c->SetZLength(size_m.z());
  vtkNew<vtkTransform> t;
  t->Translate(centre_m.data());
  t->RotateZ(angle_rad * kDeg_per_rad);
  return transformed(c, t);
}

vtkSmartPointer<vtkPolyData> append(const std::vector<vtkSmartPointer<vtkPolyData>>& parts) {
  vtkNew<vtkAppendPolyData> all;
  for (const auto& p : parts) all->AddInputData(p);
  all->Update();
  vtkSmartPointer<vtkPolyData> out = all->GetOutput();
  return out;
}

// Convex hull (counter-clockwise) of 2-D points: Andrew's monotone chain.
std::vector<Eigen::Vector2d> convex_hull(std::vector<Eigen::Vector2d> p) {
  std::sort(p.begin(), p.end(), [](const auto& a, const auto& b) {
    return a.x() < b.x() || (a.x() == b.x() && a.y() < b.y());
  });
  auto cross = [](const Eigen::Vector2d& o, const Eigen::Vector2d& a, const Eigen::Vector2d& b) {
    return (a.x() - o.x()) * (b.y() - o.y()) - (a.y() - o.y()) * (b.x() - o.x());
  };
  std::vector<Eigen::Vector2d> h(2 * p.size());
  std::size_t k = 0;
  for (std::size_t i = 0; i < p.size(); ++i) {
    while (k >= 2 && cross(h[k - 2], h[k - 1], p[i]) <= 0) --k;
    h[k++] = p[i];
  }
  for (std::size_t i = p.size() - 1, t = k + 1; i > 0; --i) {
    while (k >= t && cross(h[k - 2], h[k - 1], p[i - 1]) <= 0) --k;
    h[k++] = p[i - 1];
  }
  h.resize(k - 1);
  return h;
}

// A side outline (the convex hull of circles, centre and radius in m) extruded 8 cm along Z.
vtkSmartPointer<vtkPolyData> make_outline_solid(
    const std::vector<std::pair<Eigen::Vector2d, double>>& circles) {
  std::vector<Eigen::Vector2d> outline;
  for (const auto& [c, r] : circles)
    for (int i = 0; i < 24; ++i) {
      const double a = 2 * kPi * i / 24;
      outline.push_back(c + r * Eigen::Vector2d(std::cos(a), std::sin(a)));
    }
  const std::vector<Eigen::Vector2d> hull = convex_hull(outline);
  vtkNew<vtkPoints> points;
  vtkNew<vtkCellArray> polygon;
  polygon->InsertNextCell(static_cast<vtkIdType>(hull.size()));
  const double half_width_m = 0.04;
  for (const Eigen::Vector2d& q : hull)
    polygon->InsertCellPoint(points->InsertNextPoint(q.x(), q.y(), -half_width_m));
  vtkNew<vtkPolyData> profile;
  profile->SetPoints(points);
  profile->SetPolys(polygon);
  vtkNew<vtkLinearExtrusionFilter> extrude;
  extrude->SetInputData(profile);
  extrude->SetExtrusionTypeToVectorExtrusion();
  extrude->SetVector(0, 0, 2 * half_width_m);
  extrude->CappingOn();
  vtkNew<vtkTriangleFilter> triangles;
  triangles->SetInputConnection(extrude->GetOutputPort());
  vtkNew<vtkPolyDataNormals> normals;
  normals->SetInputConnection(triangles->GetOutputPort());
  normals->SetFeatureAngle(40.0);
  normals->Update();
  vtkSmartPointer<vtkPolyData> out = normals->GetOutput();
  return out;
}

constexpr double kMtpDrawRadius_m = 0.018;  // the joint's circle where foot and toes meet

// The foot: the outline around the ankle, the MTP joint and the contact spheres it carries.
vtkSmartPointer<vtkPolyData> make_foot(const LegModel& m) {
  const FootContactModel& c = m.foot_contact;
  std::vector<std::pair<Eigen::Vector2d, double>> circles = {{Eigen::Vector2d::Zero(), 0.028}};
  if (c.toes_articulated) circles.emplace_back(c.mtp_in_foot_m.head<2>(), kMtpDrawRadius_m);
  for (const ContactSphere& s : c.spheres)
    if (!s.on_toes)
      circles.emplace_back(s.center_in_foot_m.head<2>(), 0.9 * s.radius_m);
  return make_outline_solid(circles);
}

// The toes in their frame (origin at the MTP joint, parallel to the foot at angle 0): the outline
// around the joint and the toe spheres; nothing while the toes are rigid with the foot.
vtkSmartPointer<vtkPolyData> make_toes(const LegModel& m) {
  const FootContactModel& c = m.foot_contact;
  if (!c.toes_articulated) return vtkSmartPointer<vtkPolyData>::New();
  std::vector<std::pair<Eigen::Vector2d, double>> circles = {
      {Eigen::Vector2d::Zero(), kMtpDrawRadius_m}};
  for (const ContactSphere& s : c.spheres)
    if (s.on_toes)
      circles.emplace_back((s.center_in_foot_m - c.mtp_in_foot_m).head<2>(), 0.9 * s.radius_m);
  return make_outline_solid(circles);
}

vtkSmartPointer<vtkPolyData> make_terrain_shape(const TerrainSpec& t, double x_min_m,
                                                double x_max_m) {
  const double h = kTerrainThickness_m, w = 2 * kTerrainHalfWidth_m;
  std::vector<vtkSmartPointer<vtkPolyData>> parts;
  if (t.kind == TerrainKind::flat) {
    parts.push_back(box({0.5 * (x_min_m + x_max_m), -0.5 * h, 0}, {x_max_m - x_min_m, h, w}));
  } else if (t.kind == TerrainKind::slope) {
    // Surface y = x tan(slope) through the origin; the slab hangs below it.
    const double xc = 0.5 * (x_min_m + x_max_m), s = t.slope_rad;
    const Eigen::Vector3d on_surface(xc, xc * std::tan(s), 0), normal(-std::sin(s), std::cos(s), 0);
    parts.push_back(box(on_surface - 0.5 * h * normal, {(x_max_m - x_min_m) / std::cos(s), h, w}, s));
  } else {
    // Stairs as in StairsTerrain: riser k at first + (k-1) tread, tread k at ±k rise.
    const double sign = t.kind == TerrainKind::stairs_up ? 1.0 : -1.0;
    const double bottom_m = std::min(0.0, sign * t.num_steps * t.step_rise_m) - h;
    auto block = [&](double x0, double x1, double top) {
      if (x1 > x0) parts.push_back(box({0.5 * (x0 + x1), 0.5 * (top + bottom_m), 0},
                                       {x1 - x0, top - bottom_m, w}));
    };
    const double x_first = t.first_riser_x_m;
    block(std::min(x_min_m, x_first - 0.5), x_first, 0.0);
    for (int k = 1; k <= t.num_steps; ++k) {
      const double x0 = x_first + (k - 1) * t.step_tread_m;
      block(x0, x0 + t.step_tread_m, sign * k * t.step_rise_m);
    }
    const double x_landing = x_first + t.num_steps * t.step_tread_m;
    block(x_landing, std::max(x_max_m, x_landing + 0.5), sign * t.num_steps * t.step_rise_m);
  }
  return append(parts);
}

// Quads over the cartilage patches: each patch's grid cell (dy x dz) laid on its tangent plane.
vtkSmartPointer<vtkPolyData> make_cartilage(const models::PatellofemoralModel& pf) {
  const models::PatellaSurfaceSpec& s = pf.spec.patella;
  const double dy = s.height_m / s.n_rows, dz = s.width_m / s.n_columns;  // m
  vtkNew<vtkPoints> points;
  vtkNew<vtkCellArray> quads;
  for (const models::ContactPatch& p : pf.patches) {
    // Surface x(y, z): the outward normal is (-1, dx/dy, dx/dz) normalised.
    const double dx_dy = -p.normal.y() / p.normal.x(), dx_dz = -p.normal.z() / p.normal.x();
    const Eigen::Vector3d ty(dx_dy, 1, 0), tz(dx_dz, 0, 1);
    // 0.3 mm proud of the bone, posteriorly: along the close-up's line of sight, so that the
    // quads still tile it (an offset along each normal shifted them apart where slopes change).
    const Eigen::Vector3d c = p.centre_m - Eigen::Vector3d(3e-4, 0.0, 0.0);  // m
    const Eigen::Vector3d corner[4] = {c - 0.5 * dy * ty - 0.5 * dz * tz,
                                       c - 0.5 * dy * ty + 0.5 * dz * tz,
                                       c + 0.5 * dy * ty + 0.5 * dz * tz,
                                       c + 0.5 * dy * ty - 0.5 * dz * tz};
    quads->InsertNextCell(4);
    for (const auto& q : corner) quads->InsertCellPoint(points->InsertNextPoint(q.data()));
  }
  vtkNew<vtkPolyData> out;
  out->SetPoints(points);
  out->SetPolys(quads);
  return vtkSmartPointer<vtkPolyData>(out.GetPointer());
}

}  // namespace

LegShapes make_leg_shapes(const LegReplay& replay, double x_min_m, double x_max_m) {
  const LegModel& m = replay.model;
  const LegSkeleton& sk = m.skeleton;
  LegShapes shapes;

  // Pelvis and trunk: blocks from the mid-hip up (de Leva lower trunk, then the trunk to the
  // shoulders at about 0.29 x height above the hips), kept medial (-Z) of the leg.
  const Eigen::Vector3d hip(sk.hip_in_pelvis_m.x(), sk.hip_in_pelvis_m.y(), 0);
  const double pelvis_len = sk.segments.pelvis.length_m;
  const double trunk_top = pelvis_len + 0.12;  // a stub of the trunk above the navel, m
  const double depth_m = 0.15 * m.spec.body.height_m / 1.75;  // anteroposterior, m
  shapes.body[int(LegBody::pelvis)] = append(
      {box(hip + Eigen::Vector3d(0.01, 0.5 * pelvis_len, -0.05), {depth_m, pelvis_len + 0.04, 0.12}),
       box(hip + Eigen::Vector3d(0.0, 0.5 * (pelvis_len + trunk_top), -0.06),
           {depth_m * 1.1, trunk_top - pelvis_len, 0.12})});

  // Femur: head, shaft, condyles; the trochlea at the PF model's groove circle.
  const Eigen::Vector3d knee(sk.knee_in_femur_m.x(), sk.knee_in_femur_m.y(), 0);
  const double thigh = knee.norm();
  const models::TrochleaSurface& tr = m.patellofemoral.trochlea;
  shapes.body[int(LegBody::femur)] = append(
      {capsule(Eigen::Vector3d::Zero(), knee + Eigen::Vector3d(0, 0.03, 0),
               kFemurShaftRadius_per_length * thigh),
       sphere(Eigen::Vector3d::Zero(), 0.024),
       cylinder_z(knee, 0.025, 0.075),
       cylinder_z(knee + Eigen::Vector3d(tr.centre_x_m, tr.centre_y_m, 0), tr.radius_m - 0.003,
                  0.05)});

  // Tibia: plateau just below the condyles, shaft, malleoli.
  const Eigen::Vector3d ankle(sk.ankle_in_tibia_m.x(), sk.ankle_in_tibia_m.y(), 0);
  const double shank = ankle.norm();
  shapes.body[int(LegBody::tibia)] = append(
      {box({-0.004, -0.042, 0}, {0.066, 0.03, 0.075}),
       capsule(Eigen::Vector3d(0, -0.05, 0), ankle, kTibiaShaftRadius_per_length * shank),
       sphere(ankle, 0.022)});

  shapes.body[int(LegBody::foot)] = make_foot(m);
  shapes.body[int(LegBody::toes)] = make_toes(m);

  // Patella bone: an ellipsoid just anterior of the articular surface (Lenhart 2015 size).
  {
    const models::PatellaSurfaceSpec& s = m.patellofemoral.spec.patella;
    vtkNew<vtkSphereSource> unit;
    unit->SetRadius(1.0);
    unit->SetThetaResolution(kSides);
    unit->SetPhiResolution(kSides);
    vtkNew<vtkTransform> t;
    const Eigen::Vector3d c = m.patellofemoral.patella_centre_m;
    shapes.patella_centre_m = c + Eigen::Vector3d(0.45 * kPatellaDepth_m, 0, 0);
    shapes.patella_semi_axes_m = {0.55 * kPatellaDepth_m, 0.7 * s.height_m, 0.52 * s.width_m};
    t->Translate(shapes.patella_centre_m.data());
    t->Scale(shapes.patella_semi_axes_m.data());
    shapes.patella = transformed(unit, t);
  }
  shapes.cartilage = make_cartilage(m.patellofemoral);
  shapes.terrain = make_terrain_shape(replay.terrain, x_min_m, x_max_m);

  // Muscle polylines.
  vtkNew<vtkPoints> points;
  points->SetNumberOfPoints(m.paths.n_points);
  for (int p = 0; p < m.paths.n_points; ++p) points->SetPoint(p, 0, 0, 0);
  vtkNew<vtkCellArray> lines;
  for (int k = 0; k < m.n_muscles; ++k) {
    lines->InsertNextCell(m.paths.first_point[k + 1] - m.paths.first_point[k]);
    for (int p = m.paths.first_point[k]; p < m.paths.first_point[k + 1]; ++p)
      lines->InsertCellPoint(p);
  }
  shapes.muscles = vtkSmartPointer<vtkPolyData>::New();
  shapes.muscles->SetPoints(points);
  shapes.muscles->SetLines(lines);
  return shapes;
}

}  // namespace kneeload::viz
