#pragma once
// The patella's pose in the femur frame as a function of knee flexion, from the patellofemoral
// CustomJoint of Rajagopal et al. 2015 (IEEE TBME 63:2068) whose splines follow knee_angle_r.
// It places the quadriceps' patellar points for path geometry; the patellofemoral mechanism
// (models/patellofemoral*) solves its own pose from equilibrium.
#include "models/simm_spline.hpp"

#include <Eigen/Core>

#include <string>

namespace kneeload {

struct PatellaCoupling {
  SimmSpline origin_x_m, origin_y_m;  // patella frame origin in the femur frame, m (generic size)
  SimmSpline angle_rad;               // patella frame rotation about +Z relative to the femur, rad
};

// Reads data/patella_coupling_rajagopal2015.csv (or `path`).
PatellaCoupling read_patella_coupling(const std::string& path = "");

struct PatellaPose {
  Eigen::Vector2d origin_m;      // in the femur frame, m
  double angle_rad = 0;          // about +Z relative to the femur, rad
  Eigen::Vector2d dorigin_dq_m;  // d origin / d knee angle, m/rad
  double dangle_dq = 0;          // d angle / d knee angle (1)
};

// Pose at knee flexion `knee_angle_rad`, origin scaled by `scale` (the femur's scale factor).
PatellaPose calc_patella_pose(const PatellaCoupling& c, double knee_angle_rad, double scale);

}  // namespace kneeload
