#include "viz/pixel_overlay.hpp"

#include <vtkCellArray.h>
#include <vtkCoordinate.h>
#include <vtkNew.h>
#include <vtkPoints.h>
#include <vtkProperty2D.h>

namespace kneeload::viz {

vtkSmartPointer<vtkPolyDataMapper2D> make_pixel_mapper(vtkPolyData* data) {
  vtkNew<vtkCoordinate> pixels;
  pixels->SetCoordinateSystemToViewport();
  auto mapper = vtkSmartPointer<vtkPolyDataMapper2D>::New();
  mapper->SetInputData(data);
  mapper->SetTransformCoordinate(pixels);
  return mapper;
}

vtkSmartPointer<vtkActor2D> make_pixel_lines(const std::vector<Eigen::Vector2d>& ends_px,
                                             double width_px) {
  vtkNew<vtkPoints> points;
  vtkNew<vtkCellArray> lines;
  for (std::size_t i = 0; i + 1 < ends_px.size(); i += 2) {
    const vtkIdType ids[2] = {points->InsertNextPoint(ends_px[i].x(), ends_px[i].y(), 0),
                              points->InsertNextPoint(ends_px[i + 1].x(), ends_px[i + 1].y(), 0)};
    lines->InsertNextCell(2, ids);
  }
  vtkNew<vtkPolyData> data;
  data->SetPoints(points);
  data->SetLines(lines);
  auto actor = vtkSmartPointer<vtkActor2D>::New();
  actor->SetMapper(make_pixel_mapper(data));
  actor->GetProperty()->SetColor(kInk[0], kInk[1], kInk[2]);
  actor->GetProperty()->SetLineWidth(width_px);
  return actor;
}

}  // namespace kneeload::viz
