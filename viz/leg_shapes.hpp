#pragma once
// Solid shapes of the replayed leg, each built once in its own body frame and sized by the
// model (de Leva 1996 segment lengths, Rajagopal 2015 joint centres, the foot-contact spheres,
// the Lenhart 2015 patella and trochlea): the scene moves them with actor transforms and the
// ParaView export transforms their points. Also the terrain, in the world frame.
#include "viz/leg_replay.hpp"

#include <vtkPolyData.h>
#include <vtkSmartPointer.h>

#include <array>

namespace kneeload::viz {

struct LegShapes {
  // [4] in the LegBody frames: pelvis + trunk block, femur with condyles, tibia with plateau, foot.
  std::array<vtkSmartPointer<vtkPolyData>, kLegBodies> body;
  vtkSmartPointer<vtkPolyData> patella;    // patella bone, patella frame
  // The patella bone is this ellipsoid (centre and semi-axes along the patella frame's axes, m).
  Eigen::Vector3d patella_centre_m = Eigen::Vector3d::Zero();
  Eigen::Vector3d patella_semi_axes_m = Eigen::Vector3d::Ones();
  // Cartilage patches as quads, patella frame; cell i is patch i of the PF model.
  vtkSmartPointer<vtkPolyData> cartilage;
  vtkSmartPointer<vtkPolyData> terrain;    // world frame, a slab or the steps
  // Lines: one polyline per muscle through its path points (point ids = path point indices);
  // the points are set per frame.
  vtkSmartPointer<vtkPolyData> muscles;
};

// x_min_m..x_max_m: the horizontal stretch of terrain to build (world X, m).
LegShapes make_leg_shapes(const LegReplay& replay, double x_min_m, double x_max_m);

}  // namespace kneeload::viz
