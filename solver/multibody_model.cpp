#include "solver/multibody_model.hpp"

#include "solver/errors.hpp"

#include <cmath>
#include <unordered_map>

namespace kneeload::solver {

namespace {

bool finite(const Eigen::Vector2d& v) { return std::isfinite(v.x()) && std::isfinite(v.y()); }

[[noreturn]] void fail(const BodySpec& body, const std::string& why) {
  throw InputError(fmt::format("multibody body '{}': {}", body.name, why));
}

}  // namespace

int MultibodyModel::body_index(const std::string& name) const {
  for (int i = 0; i < n_bodies; ++i)
    if (body_names[i] == name) return i;
  throw InputError(fmt::format("multibody: unknown body '{}'", name));
}

int MultibodyModel::joint_index(const std::string& name) const {
  for (int i = 0; i < n_bodies; ++i)
    if (joint_names[i] == name) return i;
  throw InputError(fmt::format("multibody: unknown joint '{}'", name));
}

double MultibodyModel::total_mass_kg() const {
  double m = 0;
  for (double mi : mass_kg) m += mi;
  return m;
}

MultibodyModel compile(const MultibodySpec& spec) {
  MultibodyModel model;
  const int n = static_cast<int>(spec.bodies.size());
  if (n == 0) throw InputError("multibody: the spec has no bodies");
  if (!finite(spec.gravity_mps2)) throw InputError("multibody: gravity_mps2 is not finite");

  std::unordered_map<std::string, int> body_of_name, joint_of_name;
  for (int i = 0; i < n; ++i) {
    const BodySpec& b = spec.bodies[i];
    if (b.name.empty()) throw InputError(fmt::format("multibody: body #{} has an empty name", i));
    if (!body_of_name.emplace(b.name, i).second) fail(b, "duplicate body name");
    if (b.joint.name.empty()) fail(b, "its joint has an empty name");
    if (!joint_of_name.emplace(b.joint.name, i).second)
      fail(b, fmt::format("duplicate joint name '{}'", b.joint.name));
  }

  model.n_bodies = n;
  model.nq = model.nv = n;
  model.gravity_mps2 = spec.gravity_mps2;
  model.a_ground = SpatialMotion(0.0, -spec.gravity_mps2.x(), -spec.gravity_mps2.y());

  for (int i = 0; i < n; ++i) {
    const BodySpec& b = spec.bodies[i];
    int p = -1;
    if (!b.parent.empty()) {
      const auto it = body_of_name.find(b.parent);
      if (it == body_of_name.end()) fail(b, fmt::format("unknown parent '{}'", b.parent));
      p = it->second;
      if (p == i) fail(b, "is its own parent");
      if (p > i) fail(b, fmt::format("parent '{}' is listed after its child", b.parent));
    }
    if (!std::isfinite(b.mass_kg) || b.mass_kg < 0)
      fail(b, fmt::format("mass_kg = {} must be finite and >= 0", b.mass_kg));
    if (!std::isfinite(b.inertia_kgm2) || b.inertia_kgm2 < 0)
      fail(b, fmt::format("inertia_kgm2 = {} must be finite and >= 0", b.inertia_kgm2));
    if (!finite(b.joint_origin_m)) fail(b, "joint_origin_m is not finite");
    if (!finite(b.com_m)) fail(b, "com_m is not finite");

    Eigen::Vector2d axis(1, 0);
    SpatialMotion S;
    if (b.joint.type == JointType::Revolute) {
      S << 1, 0, 0;
    } else {
      const double norm = b.joint.axis.norm();
      if (!std::isfinite(norm) || norm < 1e-12)
        fail(b, fmt::format("prismatic joint '{}' has a zero axis", b.joint.name));
      axis = b.joint.axis / norm;
      S << 0, axis.x(), axis.y();  // body frame is not rotated by a prismatic joint
    }

    model.body_names.push_back(b.name);
    model.joint_names.push_back(b.joint.name);
    model.parent.push_back(p);
    model.joint_type.push_back(b.joint.type);
    model.q_index.push_back(i);
    model.v_index.push_back(i);
    model.joint_axis.push_back(axis);
    model.joint_origin_m.push_back(b.joint_origin_m);
    model.X_tree.push_back(planar_transform(Eigen::Matrix2d::Identity(), b.joint_origin_m));
    model.S.push_back(S);
    int unit_axis = -1;
    for (int k = 0; k < 3; ++k)
      if (S[k] == 1.0 && S.squaredNorm() == 1.0) unit_axis = k;
    model.S_unit_axis.push_back(unit_axis);
    model.inertia.push_back(spatial_inertia(b.mass_kg, b.com_m, b.inertia_kgm2));
    model.mass_kg.push_back(b.mass_kg);
    model.com_m.push_back(b.com_m);
  }

  // Every joint must move some mass, or its row of the mass matrix is zero (singular dynamics).
  std::vector<double> subtree_mass_kg(model.mass_kg);  // [n_bodies]
  for (int i = n - 1; i >= 0; --i)
    if (model.parent[i] >= 0) subtree_mass_kg[model.parent[i]] += subtree_mass_kg[i];
  for (int i = 0; i < n; ++i)
    if (!(subtree_mass_kg[i] > 0))
      fail(spec.bodies[i], "it and its descendants have no mass, so its joint has no inertia");
  return model;
}

}  // namespace kneeload::solver
