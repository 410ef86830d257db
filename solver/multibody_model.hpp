#pragma once
// The compiled, const multibody model: indices instead of names, spatial inertias and tree
// transforms precomputed. Built once by compile(); algorithms never change it.
#include "solver/multibody_spec.hpp"
#include "solver/planar_spatial.hpp"

#include <string>
#include <vector>

namespace kneeload::solver {

struct MultibodyModel {
  int n_bodies = 0;  // bodies, not counting ground
  int nq = 0;        // generalised coordinates (one per joint in the planar core)
  int nv = 0;        // generalised speeds (== nq for revolute and prismatic joints)

  std::vector<std::string> body_names;   // [n_bodies]
  std::vector<std::string> joint_names;  // [n_bodies], joint i moves body i
  std::vector<int> parent;               // [n_bodies] parent body index, -1 = ground; parent[i] < i
  std::vector<JointType> joint_type;     // [n_bodies]
  std::vector<int> q_index;              // [n_bodies] first entry of joint i in q
  std::vector<int> v_index;              // [n_bodies] first entry of joint i in qd, qdd, tau
  std::vector<Eigen::Vector2d> joint_axis;     // [n_bodies] unit prismatic axis, parent frame
  std::vector<Eigen::Vector2d> joint_origin_m; // [n_bodies] joint origin in the parent frame, m
  std::vector<SpatialTransform> X_tree;  // [n_bodies] joint frame (at q = 0) from parent frame
  std::vector<SpatialMotion> S;          // [n_bodies] motion subspace of joint i, body i coords
  // [n_bodies] k when S[i] is the unit vector e_k (a revolute joint, or a prismatic one along a
  // body axis), else -1: the articulated-body algorithm then reads a column instead of multiplying.
  std::vector<int> S_unit_axis;
  std::vector<SpatialInertia> inertia;   // [n_bodies] spatial inertia about the body origin
  std::vector<double> mass_kg;           // [n_bodies]
  std::vector<Eigen::Vector2d> com_m;    // [n_bodies] centre of mass, body frame, m
  Eigen::Vector2d gravity_mps2 = Eigen::Vector2d(0, -9.80665);  // world frame, m/s^2
  SpatialMotion a_ground;  // ground acceleration -g, a spatial motion: gravity enters the
                           // algorithms as a fictitious upward acceleration of the base

  // Index of a body or joint by name; an unknown name throws InputError naming it.
  int body_index(const std::string& name) const;
  int joint_index(const std::string& name) const;
  double total_mass_kg() const;
};

// Validates the spec and compiles it. Throws InputError naming the offending body for an empty or
// duplicate name, an unknown parent or a parent listed after its child, a negative or non-finite
// mass or inertia, a zero prismatic axis, or a joint whose subtree carries no mass.
MultibodyModel compile(const MultibodySpec& spec);

}  // namespace kneeload::solver
