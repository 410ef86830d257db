#pragma once
// Small multibody specs shared by the multibody tests.
#include "solver/multibody_model.hpp"

#include <random>

namespace kneeload::solver::test {

// A uniform rod of length_m hanging from the ground at its top end; q = 0 hangs straight down.
inline BodySpec hanging_rod(const std::string& name, const std::string& parent,
                            const Eigen::Vector2d& origin_m, double mass_kg, double length_m) {
  BodySpec b;
  b.name = name;
  b.parent = parent;
  b.joint = {name + "_angle", JointType::Revolute, {1, 0}};
  b.joint_origin_m = origin_m;
  b.mass_kg = mass_kg;
  b.com_m = {0, -0.5 * length_m};
  b.inertia_kgm2 = mass_kg * length_m * length_m / 12.0;  // uniform rod about its centre
  return b;
}

// Floating base (pelvis_tx, pelvis_ty massless; pelvis_tilt carries the trunk) and a three-link
// leg, plus an inclined prismatic slider on the shank: a 7-body chain-with-branch that exercises
// every joint type and axis direction.
inline MultibodySpec floating_chain_spec() {
  MultibodySpec spec;
  BodySpec tx{"pelvis_x", "", {"pelvis_tx", JointType::Prismatic, {1, 0}}, {0, 0}, 0, {0, 0}, 0};
  BodySpec ty{"pelvis_y", "pelvis_x", {"pelvis_ty", JointType::Prismatic, {0, 1}}, {0, 0}, 0,
              {0, 0}, 0};
  BodySpec trunk{"trunk", "pelvis_y", {"pelvis_tilt", JointType::Revolute, {1, 0}}, {0, 0},
                 40.0, {0.02, 0.30}, 2.1};
  BodySpec thigh{"thigh", "trunk", {"hip", JointType::Revolute, {1, 0}}, {0.01, -0.05}, 9.9,
                 {0.0, -0.18}, 0.17};
  BodySpec shank{"shank", "thigh", {"knee", JointType::Revolute, {1, 0}}, {0, -0.43}, 3.0,
                 {0.01, -0.19}, 0.04};
  BodySpec foot{"foot", "shank", {"ankle", JointType::Revolute, {1, 0}}, {0, -0.43}, 1.0,
                {0.06, -0.03}, 0.004};
  BodySpec slider{"slider", "shank", {"slide", JointType::Prismatic, {0.6, -0.8}}, {0.03, -0.1},
                  0.5, {0.01, 0.02}, 0.001};
  spec.bodies = {tx, ty, trunk, thigh, shank, foot, slider};
  return spec;
}

inline Eigen::VectorXd random_vector(std::mt19937& rng, int n, double half_range) {
  std::uniform_real_distribution<double> d(-half_range, half_range);
  Eigen::VectorXd v(n);
  for (int i = 0; i < n; ++i) v(i) = d(rng);
  return v;
}

}  // namespace kneeload::solver::test
