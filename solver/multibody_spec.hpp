#pragma once
// The plain description of a planar tree of rigid bodies, as a user or a model builder writes it.
// compile() (multibody_model.hpp) validates it and turns it into a const MultibodyModel.
// Frames: sagittal plane, X forward, Y up; each body frame sits at its joint (see
// docs/model/multibody.md).
#include <Eigen/Core>

#include <string>
#include <vector>

namespace kneeload::solver {

enum class JointType {
  Revolute,   // rotation q [rad] about Z at the joint origin; positive counter-clockwise seen from +Z
  Prismatic,  // translation q [m] along a unit axis fixed in the parent frame
};

struct JointSpec {
  std::string name;                             // coordinate name, e.g. "knee_angle_r"
  JointType type = JointType::Revolute;
  Eigen::Vector2d axis = Eigen::Vector2d(1, 0);  // prismatic only: direction in the parent frame
                                                 // (normalised by compile, must not be zero)
};

struct BodySpec {
  std::string name;                                      // unique body name
  std::string parent;                                    // "" = ground (the world frame)
  JointSpec joint;                                       // the joint to the parent
  Eigen::Vector2d joint_origin_m = Eigen::Vector2d::Zero();  // joint origin in the parent frame, m
  double mass_kg = 0;                                    // >= 0; 0 for a massless intermediate body
  Eigen::Vector2d com_m = Eigen::Vector2d::Zero();       // centre of mass in the body frame, m
  double inertia_kgm2 = 0;                               // >= 0, about the centre of mass (Z axis)
};

struct MultibodySpec {
  std::vector<BodySpec> bodies;                          // parents listed before their children
  Eigen::Vector2d gravity_mps2 = Eigen::Vector2d(0, -9.80665);  // world frame, m/s^2
};

}  // namespace kneeload::solver
