#include "viz/pvd_export.hpp"

#include <vtkAppendPolyData.h>
#include <vtkCellArray.h>
#include <vtkCellData.h>
#include <vtkDoubleArray.h>
#include <vtkFieldData.h>
#include <vtkIntArray.h>
#include <vtkMatrix4x4.h>
#include <vtkNew.h>
#include <vtkPointData.h>
#include <vtkPoints.h>
#include <vtkTransform.h>
#include <vtkTransformPolyDataFilter.h>

#include <fmt/format.h>

namespace kneeload::viz {
namespace {

constexpr double kDeg_per_rad = 180.0 / 3.14159265358979323846;

// A copy of `shape` moved by `t`, with the common arrays: part, activation, pressure_MPa (cells)
// and force_N (points), filled with `part` and zeros.
vtkSmartPointer<vtkPolyData> tagged(vtkPolyData* shape, vtkTransform* t, PolyPart part) {
  vtkNew<vtkTransformPolyDataFilter> f;
  f->SetInputData(shape);
  f->SetTransform(t);
  f->Update();
  vtkSmartPointer<vtkPolyData> out = vtkSmartPointer<vtkPolyData>::New();
  out->SetPoints(f->GetOutput()->GetPoints());
  out->SetPolys(f->GetOutput()->GetPolys());
  out->SetLines(f->GetOutput()->GetLines());
  out->SetVerts(f->GetOutput()->GetVerts());
  const vtkIdType cells = out->GetNumberOfCells(), points = out->GetNumberOfPoints();
  vtkNew<vtkIntArray> part_ids;
  part_ids->SetName("part");
  part_ids->SetNumberOfTuples(cells);
  part_ids->Fill(static_cast<int>(part));
  vtkNew<vtkDoubleArray> activation, pressure, force;
  activation->SetName("activation");
  activation->SetNumberOfTuples(cells);
  activation->Fill(0.0);
  pressure->SetName("pressure_MPa");
  pressure->SetNumberOfTuples(cells);
  pressure->Fill(0.0);
  force->SetName("force_N");
  force->SetNumberOfComponents(3);
  force->SetNumberOfTuples(points);
  force->Fill(0.0);
  out->GetCellData()->AddArray(part_ids);
  out->GetCellData()->AddArray(activation);
  out->GetCellData()->AddArray(pressure);
  out->GetPointData()->AddArray(force);
  return out;
}

vtkSmartPointer<vtkTransform> body_transform(const LegFrame& f, int b) {
  auto t = vtkSmartPointer<vtkTransform>::New();
  t->Translate(f.body_origin_m[b].x(), f.body_origin_m[b].y(), 0.0);
  t->RotateZ(f.body_angle_rad[b] * kDeg_per_rad);
  return t;
}

void add_field(vtkPolyData* data, const char* name, double value) {
  vtkNew<vtkDoubleArray> a;
  a->SetName(name);
  a->SetNumberOfTuples(1);
  a->SetValue(0, value);
  data->GetFieldData()->AddArray(a);
}

}  // namespace

vtkSmartPointer<vtkPolyData> make_frame_polydata(const LegReplay& replay, const LegShapes& shapes,
                                                 const LegFrame& f) {
  vtkNew<vtkAppendPolyData> all;
  vtkNew<vtkTransform> identity;
  all->AddInputData(tagged(shapes.terrain, identity, PolyPart::terrain));
  const PolyPart body_parts[kLegBodies] = {PolyPart::pelvis, PolyPart::femur, PolyPart::tibia,
                                           PolyPart::foot, PolyPart::foot};  // toes: foot
  for (int b = 0; b < kLegBodies; ++b)
    all->AddInputData(tagged(shapes.body[b], body_transform(f, b), body_parts[b]));

  vtkNew<vtkMatrix4x4> m;
  for (int i = 0; i < 3; ++i) {
    for (int j = 0; j < 3; ++j) m->SetElement(i, j, f.patella_rotation(i, j));
    m->SetElement(i, 3, f.patella_origin_m[i]);
  }
  vtkNew<vtkTransform> patella;
  patella->SetMatrix(m);
  all->AddInputData(tagged(shapes.patella, patella, PolyPart::patella));
  vtkSmartPointer<vtkPolyData> cartilage = tagged(shapes.cartilage, patella, PolyPart::cartilage);
  vtkDataArray* pressure = cartilage->GetCellData()->GetArray("pressure_MPa");
  for (int i = 0; i < f.patch_pressure_MPa.size(); ++i) pressure->SetTuple1(i, f.patch_pressure_MPa[i]);
  all->AddInputData(cartilage);

  // Muscles: one polyline per muscle through the frame's path points.
  vtkNew<vtkPolyData> lines;
  {
    vtkNew<vtkPoints> points;
    for (const Eigen::Vector3d& p : f.muscle_point_m) points->InsertNextPoint(p.data());
    lines->SetPoints(points);
    lines->SetLines(shapes.muscles->GetLines());
  }
  vtkSmartPointer<vtkPolyData> muscles = tagged(lines, identity, PolyPart::muscle);
  vtkDataArray* activation = muscles->GetCellData()->GetArray("activation");
  for (int k = 0; k < f.activation.size(); ++k) activation->SetTuple1(k, f.activation[k]);
  all->AddInputData(muscles);

  // Patellar tendon (a line) and the two force points (vertices carrying force_N).
  vtkNew<vtkPolyData> tendon_and_forces;
  {
    vtkNew<vtkPoints> points;
    points->InsertNextPoint(f.tendon_patella_m.data());
    points->InsertNextPoint(f.tendon_tibia_m.data());
    points->InsertNextPoint(f.ground_cop_m.data());
    points->InsertNextPoint(f.pf_centre_of_pressure_m.data());
    vtkNew<vtkCellArray> line, verts;
    line->InsertNextCell(2);
    line->InsertCellPoint(0);
    line->InsertCellPoint(1);
    verts->InsertNextCell(1);
    verts->InsertCellPoint(2);
    verts->InsertNextCell(1);
    verts->InsertCellPoint(3);
    tendon_and_forces->SetPoints(points);
    tendon_and_forces->SetLines(line);
    tendon_and_forces->SetVerts(verts);
  }
  vtkSmartPointer<vtkPolyData> extra = tagged(tendon_and_forces, identity, PolyPart::force);
  // Cell order of a polydata: verts first, then lines.
  vtkDataArray* part = extra->GetCellData()->GetArray("part");
  part->SetTuple1(2, static_cast<int>(PolyPart::patellar_tendon));
  vtkDataArray* force = extra->GetPointData()->GetArray("force_N");
  force->SetTuple(2, f.ground_force_N.data());
  const Eigen::Vector3d on_femur = -f.pf_force_on_patella_N;
  force->SetTuple(3, on_femur.data());
  all->AddInputData(extra);
  all->Update();

  vtkSmartPointer<vtkPolyData> out = all->GetOutput();
  add_field(out, "time_s", f.time_s);
  add_field(out, "stance_pct", f.stance_pct);
  add_field(out, "pf_force_bw", f.pf_force_bw);
  add_field(out, "pf_force_N", f.pf_force_N);
  add_field(out, "body_weight_N", replay.body_weight_N);
  return out;
}

namespace {

// A file name as an XML attribute value: the five characters XML reserves, as entities.
std::string escape_xml_attribute(const std::string& text) {
  std::string escaped;
  for (const char c : text) {
    switch (c) {
      case '&': escaped += "&amp;"; break;
      case '<': escaped += "&lt;"; break;
      case '>': escaped += "&gt;"; break;
      case '"': escaped += "&quot;"; break;
      case '\'': escaped += "&apos;"; break;
      default: escaped += c;
    }
  }
  return escaped;
}

}  // namespace

std::string format_pvd_collection(const std::vector<std::pair<double, std::string>>& frames) {
  std::string text =
      "<?xml version=\"1.0\"?>\n"
      "<VTKFile type=\"Collection\" version=\"0.1\" byte_order=\"LittleEndian\">\n"
      "  <Collection>\n";
  for (const auto& [time_s, file] : frames)
    text += fmt::format("    <DataSet timestep=\"{:.9g}\" group=\"\" part=\"0\" file=\"{}\"/>\n",
                        time_s, escape_xml_attribute(file));
  text += "  </Collection>\n</VTKFile>\n";
  return text;
}

}  // namespace kneeload::viz
