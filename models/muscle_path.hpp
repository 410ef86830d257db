#pragma once
// Muscle paths of the sagittal right leg: straight segments between points fixed in the bodies
// (pelvis, femur, tibia, foot) or in the patella, whose pose follows knee flexion (Rajagopal
// et al. 2015, IEEE TBME 63:2068, generic model geometry), with wrap circles at the knee.
// The generic geometry is scaled body by body to the de Leva segment lengths (LegSkeleton).
// Lengths, lengthening speeds and moment arms r_j = -dl/dq_j (analytic, from point Jacobians)
// of all muscles at once, into a preallocated workspace. docs/model/muscle_paths.md.
#include "models/leg_skeleton.hpp"
#include "models/patella_coupling.hpp"

#include <Eigen/Core>

#include <string>
#include <vector>

namespace kneeload {

enum class PathBody { pelvis, femur, tibia, foot, patella };

// The leg coordinates a path depends on, in this order: hip_flexion_r, knee_angle_r,
// ankle_angle_r (rad). The floating base moves every point alike and changes no length.
inline constexpr int kPathCoordinates = 3;
using LegAngles = Eigen::Vector3d;  // [3] rad, hip flexion, knee flexion, ankle dorsiflexion

// The generic path table as read from data/muscle_paths_rajagopal2015.csv.
struct MusclePathGeometry {
  struct Point { std::string muscle; PathBody body; Eigen::Vector3d p_m; };
  struct Wrap { std::string muscle; int segment; PathBody body; Eigen::Vector3d centre_m; double radius_m; };
  std::vector<std::string> muscle_names;  // [n_muscles] in file order
  std::vector<Point> points;              // in path order per muscle
  std::vector<Wrap> wraps;                // at most one per muscle
};

// Reads the table (default path in data/); InputError names the file and line on failure.
MusclePathGeometry read_muscle_path_geometry(const std::string& path = "");

// Compiled, scaled paths. Never changed after compile_muscle_paths().
struct MusclePathModel {
  int n_muscles = 0;
  int n_points = 0;
  std::vector<std::string> names;            // [n_muscles]
  std::vector<int> first_point;              // [n_muscles + 1] point range of each muscle
  std::vector<PathBody> point_body;          // [n_points]
  std::vector<Eigen::Vector2d> point_m;      // [n_points] in the body frame, scaled, m
  std::vector<int> wrap_point;               // [n_muscles] first point of the wrapped segment, -1 none
  std::vector<PathBody> wrap_body;           // [n_muscles]
  std::vector<Eigen::Vector2d> wrap_centre_m;  // [n_muscles] in the wrap body frame, m
  std::vector<double> wrap_radius_m;         // [n_muscles] m
  std::vector<double> length_offset_m;       // [n_muscles] 3-D minus sagittal straight-line
                                             // length at zero angles, added to every length, m
  Eigen::Vector2d hip_in_pelvis_m, knee_in_femur_m, ankle_in_tibia_m;  // joint centres, m
  PatellaCoupling patella;
  double patella_scale = 1;                  // (1) the femur's scale factor

  // Index of a muscle by name; InputError naming it when unknown.
  int muscle_index(const std::string& name) const;
};

MusclePathModel compile_muscle_paths(const MusclePathGeometry& geometry, const LegSkeleton& skeleton,
                                     const PatellaCoupling& patella);

// Scratch and results; one per thread, sized once for a model.
struct MusclePathWorkspace {
  explicit MusclePathWorkspace(const MusclePathModel& model);
  Eigen::VectorXd length_m;                // [n_muscles] m
  Eigen::MatrixXd moment_arm_m;            // [n_muscles x 3] m, columns as LegAngles
  Eigen::VectorXd lengthening_speed_mps;   // [n_muscles] m/s
  std::vector<Eigen::Vector2d> point_position_m;            // [n_points] pelvis frame, m
};

// Lengths only (ws.length_m, ws.point_position_m).
void calc_length(const MusclePathModel& model, const LegAngles& q_rad, MusclePathWorkspace& ws);
// Lengths and moment arms r_j = -dl/dq_j (ws.moment_arm_m).
void calc_moment_arms(const MusclePathModel& model, const LegAngles& q_rad, MusclePathWorkspace& ws);
// Lengths, moment arms and lengthening speeds dl/dt = -r . qdot (ws.lengthening_speed_mps).
void calc_lengthening_speed(const MusclePathModel& model, const LegAngles& q_rad,
                            const LegAngles& qdot_radps, MusclePathWorkspace& ws);

// Position (pelvis frame, m) of the patella frame origin and its angle (rad) at these angles.
void calc_patella_in_pelvis(const MusclePathModel& model, const LegAngles& q_rad,
                            Eigen::Vector2d& origin_m, double& angle_rad);

}  // namespace kneeload
