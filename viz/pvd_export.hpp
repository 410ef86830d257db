#pragma once
// ParaView export of a replayed run: one VTK XML PolyData file (.vtp) per frame and a .pvd
// collection that lists them with their times, so ParaView plays the series. docs/viz.md.
#include "viz/leg_replay.hpp"
#include "viz/leg_shapes.hpp"

#include <vtkPolyData.h>
#include <vtkSmartPointer.h>

#include <string>
#include <utility>
#include <vector>

namespace kneeload::viz {

// Part ids of the cell array "part".
enum class PolyPart { terrain = 0, pelvis = 1, femur = 2, tibia = 3, foot = 4, patella = 5,
                      cartilage = 6, muscle = 7, patellar_tendon = 8, force = 9 };

// One frame as polydata in the world frame (m): the solids, the muscle lines, the cartilage
// patches and two force points. Cell arrays: part (int), activation (1, muscles; 0 elsewhere),
// pressure_MPa (cartilage patches; 0 elsewhere). Point array force_N (N, world): the ground
// force at the centre of pressure and the PF force on the femur at the centre of PF pressure
// (zero elsewhere), for ParaView's Glyph filter. Field data: time_s, stance_pct, pf_force_bw.
vtkSmartPointer<vtkPolyData> make_frame_polydata(const LegReplay& replay, const LegShapes& shapes,
                                                 const LegFrame& frame);

// The .pvd text for (time s, file name relative to the .pvd) pairs.
std::string format_pvd_collection(const std::vector<std::pair<double, std::string>>& frames);

}  // namespace kneeload::viz
