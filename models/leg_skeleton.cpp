#include "models/leg_skeleton.hpp"

#include "models/data_table.hpp"
#include "solver/errors.hpp"
#include "solver/multibody_model.hpp"

#include <cstring>

namespace kneeload {

GenericSkeleton read_generic_skeleton(const std::string& path_in) {
  const std::string path = path_in.empty() ? data_file_path("skeleton_rajagopal2015.csv") : path_in;
  const DataTable t = DataTable::read(path);
  GenericSkeleton g;
  struct Item { const char* name; const char* body; Eigen::Vector3d* p; bool found; };
  Item items[] = {{"hip_centre", "pelvis", &g.hip_in_pelvis_m, false},
                  {"knee_centre", "femur", &g.knee_in_femur_m, false},
                  {"ankle_centre", "tibia", &g.ankle_in_tibia_m, false},
                  {"heel", "foot", &g.heel_in_foot_m, false},
                  {"mtp", "foot", &g.mtp_in_foot_m, false}};
  for (int r = 0; r < t.rows(); ++r)
    for (Item& it : items)
      if (t.text(r, "name") == it.name) {
        if (t.text(r, "body") != it.body)
          throw InputError(fmt::format("{}: '{}' must be on body '{}'", t.where(r), it.name, it.body));
        *it.p = Eigen::Vector3d(t.number(r, "x_m"), t.number(r, "y_m"), t.number(r, "z_m"));
        it.found = true;
      }
  for (const Item& it : items)
    if (!it.found) throw InputError(fmt::format("{}: no row '{}'", path, it.name));
  return g;
}

LegSkeleton calc_leg_skeleton(const BodyDimensions& body, const AnthropometryTable& table,
                              const GenericSkeleton& g) {
  LegSkeleton s;
  s.segments = calc_leg_anthropometry(table, body);
  const LegAnthropometry& a = s.segments;
  s.scale_femur = a.thigh.length_m / g.knee_in_femur_m.norm();
  s.scale_tibia = a.shank.length_m / g.ankle_in_tibia_m.norm();
  s.scale_pelvis = s.scale_foot = 0.5 * (s.scale_femur + s.scale_tibia);
  s.hip_in_pelvis_m = s.scale_pelvis * g.hip_in_pelvis_m;
  s.knee_in_femur_m = s.scale_femur * g.knee_in_femur_m;
  s.ankle_in_tibia_m = s.scale_tibia * g.ankle_in_tibia_m;
  s.heel_in_foot_m = s.scale_foot * g.heel_in_foot_m;
  s.mtp_in_foot_m = s.scale_foot * g.mtp_in_foot_m;

  // Thigh and shank COM on the line joining their joint centres, at de Leva's distance.
  const Eigen::Vector2d knee = s.knee_in_femur_m.head<2>(), ankle = s.ankle_in_tibia_m.head<2>();
  s.femur_com_m = knee.normalized() * (-a.thigh.com_m.y());
  s.tibia_com_m = ankle.normalized() * (-a.shank.com_m.y());
  // Foot COM on the heel-toe line, taken along +X from the heel (flat foot at zero ankle angle).
  s.foot_com_m = s.heel_in_foot_m.head<2>() + a.foot.com_m;

  // Pelvis body = pelvis + HAT, both given relative to the mid-hip point, which in the sagittal
  // plane coincides with the hip centre's (x, y).
  const Eigen::Vector2d midh = s.hip_in_pelvis_m.head<2>();
  const Eigen::Vector2d c_p = midh + a.pelvis.com_m, c_h = midh + a.hat.com_m;
  s.pelvis_mass_kg = a.pelvis.mass_kg + a.hat.mass_kg;
  s.pelvis_com_m = (a.pelvis.mass_kg * c_p + a.hat.mass_kg * c_h) / s.pelvis_mass_kg;
  s.pelvis_inertia_kgm2 = a.pelvis.inertia_kgm2 + a.pelvis.mass_kg * (c_p - s.pelvis_com_m).squaredNorm() +
                          a.hat.inertia_kgm2 + a.hat.mass_kg * (c_h - s.pelvis_com_m).squaredNorm();
  return s;
}

solver::MultibodySpec make_leg_multibody_spec(const LegSkeleton& s) {
  using solver::BodySpec;
  using solver::JointType;
  solver::MultibodySpec spec;
  auto add = [&](const char* name, const char* parent, const char* joint, JointType type,
                 Eigen::Vector2d axis, Eigen::Vector2d origin, double m, Eigen::Vector2d com,
                 double I) {
    BodySpec b;
    b.name = name;
    b.parent = parent;
    b.joint.name = joint;
    b.joint.type = type;
    b.joint.axis = axis;
    b.joint_origin_m = origin;
    b.mass_kg = m;
    b.com_m = com;
    b.inertia_kgm2 = I;
    spec.bodies.push_back(b);
  };
  const Eigen::Vector2d zero = Eigen::Vector2d::Zero(), ex(1, 0), ey(0, 1);
  const LegAnthropometry& a = s.segments;
  add("pelvis_tx_link", "", "pelvis_tx", JointType::Prismatic, ex, zero, 0, zero, 0);
  add("pelvis_ty_link", "pelvis_tx_link", "pelvis_ty", JointType::Prismatic, ey, zero, 0, zero, 0);
  add("pelvis", "pelvis_ty_link", "pelvis_tilt", JointType::Revolute, ex, zero, s.pelvis_mass_kg,
      s.pelvis_com_m, s.pelvis_inertia_kgm2);
  add("femur_r", "pelvis", "hip_flexion_r", JointType::Revolute, ex, s.hip_in_pelvis_m.head<2>(),
      a.thigh.mass_kg, s.femur_com_m, a.thigh.inertia_kgm2);
  // Knee flexion turns the tibia clockwise (about -Z): the solver's joint is -knee_angle_r.
  add("tibia_r", "femur_r", kKneeSolverJoint, JointType::Revolute, ex, s.knee_in_femur_m.head<2>(),
      a.shank.mass_kg, s.tibia_com_m, a.shank.inertia_kgm2);
  add("foot_r", "tibia_r", "ankle_angle_r", JointType::Revolute, ex, s.ankle_in_tibia_m.head<2>(),
      a.foot.mass_kg, s.foot_com_m, a.foot.inertia_kgm2);
  return spec;
}

LegCoordinateMap make_leg_coordinate_map(const solver::MultibodyModel& model) {
  LegCoordinateMap map;
  for (int i = 0; i < LegCoordinateMap::n; ++i) {
    const bool knee = std::strcmp(map.names[i], "knee_angle_r") == 0;
    const int joint = model.joint_index(knee ? kKneeSolverJoint : map.names[i]);
    map.solver_index[i] = model.q_index[joint];
    map.sign[i] = knee ? -1.0 : 1.0;
  }
  return map;
}

Eigen::Matrix<double, 6, 1> get_leg_coordinates(const LegCoordinateMap& map,
                                                const Eigen::VectorXd& v) {
  Eigen::Matrix<double, 6, 1> out;
  for (int i = 0; i < LegCoordinateMap::n; ++i) out[i] = map.sign[i] * v[map.solver_index[i]];
  return out;
}

void set_leg_coordinates(const LegCoordinateMap& map, const Eigen::Matrix<double, 6, 1>& values,
                         Eigen::VectorXd& v) {
  for (int i = 0; i < LegCoordinateMap::n; ++i) v[map.solver_index[i]] = map.sign[i] * values[i];
}

}  // namespace kneeload
