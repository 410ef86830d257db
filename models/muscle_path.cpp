// Muscle path geometry, Rajagopal et al. 2015 (IEEE TBME 63:2068) points on the sagittal leg.
#include "models/muscle_path.hpp"

#include "models/data_table.hpp"
#include "solver/errors.hpp"

#include <algorithm>
#include <cmath>

namespace kneeload {

namespace {

constexpr double kPi = 3.14159265358979323846;

PathBody parse_body(const std::string& s, const std::string& where) {
  if (s == "pelvis") return PathBody::pelvis;
  if (s == "femur") return PathBody::femur;
  if (s == "tibia") return PathBody::tibia;
  if (s == "foot") return PathBody::foot;
  if (s == "patella") return PathBody::patella;
  throw InputError(fmt::format("{}: unknown body '{}' (pelvis, femur, tibia, foot, patella)",
                               where, s));
}

Eigen::Matrix2d rotation(double angle_rad) {
  const double c = std::cos(angle_rad), s = std::sin(angle_rad);
  return (Eigen::Matrix2d() << c, -s, s, c).finished();
}
Eigen::Vector2d z_cross(const Eigen::Vector2d& v) { return {-v.y(), v.x()}; }  // Z x v
double cross(const Eigen::Vector2d& a, const Eigen::Vector2d& b) { return a.x() * b.y() - a.y() * b.x(); }

// Poses of the five path bodies in the pelvis frame at one posture.
struct LegPoses {
  Eigen::Vector2d origin[5];  // [5] body origins, pelvis frame, m
  Eigen::Matrix2d R[5];       // [5] body axes in the pelvis frame (columns); one sin/cos per body
  Eigen::Vector2d patella_dorigin_dq;  // d patella origin / d knee angle, pelvis frame, m/rad
  double patella_dangle_dq;            // (1)
};

LegPoses calc_poses(const MusclePathModel& m, const LegAngles& q) {
  LegPoses p;
  const int P = int(PathBody::pelvis), F = int(PathBody::femur), T = int(PathBody::tibia),
            A = int(PathBody::foot), K = int(PathBody::patella);
  p.origin[P].setZero();
  p.R[P].setIdentity();
  p.origin[F] = m.hip_in_pelvis_m;
  p.R[F] = rotation(q[0]);
  p.origin[T] = p.origin[F] + p.R[F] * m.knee_in_femur_m;
  p.R[T] = rotation(q[0] - q[1]);  // knee flexion turns the tibia clockwise
  p.origin[A] = p.origin[T] + p.R[T] * m.ankle_in_tibia_m;
  p.R[A] = rotation(q[0] - q[1] + q[2]);
  const PatellaPose pp = calc_patella_pose(m.patella, q[1], m.patella_scale);
  p.origin[K] = p.origin[F] + p.R[F] * pp.origin_m;
  p.R[K] = rotation(q[0] + pp.angle_rad);
  p.patella_dorigin_dq = p.R[F] * pp.dorigin_dq_m;
  p.patella_dangle_dq = pp.dangle_dq;
  return p;
}

// The tibia and the foot turn together about the knee.
inline bool is_shank(PathBody b) { return b == PathBody::tibia || b == PathBody::foot; }

// d x / d q of the point x (pelvis frame) moving with body b, into J.
inline void calc_point_jacobian(const LegPoses& p, PathBody b, const Eigen::Vector2d& x,
                                Eigen::Matrix<double, 2, 3>& J) {
  if (b == PathBody::pelvis) {
    J.setZero();
    return;
  }
  J.col(0) = z_cross(x - p.origin[int(PathBody::femur)]);  // every leg body hangs from the hip
  if (b == PathBody::tibia || b == PathBody::foot)
    J.col(1) = -z_cross(x - p.origin[int(PathBody::tibia)]);
  else if (b == PathBody::patella)  // the patella follows the knee angle through its coupling
    J.col(1) = p.patella_dorigin_dq + p.patella_dangle_dq * z_cross(x - p.origin[int(PathBody::patella)]);
  else
    J.col(1).setZero();
  if (b == PathBody::foot)
    J.col(2) = z_cross(x - p.origin[int(PathBody::foot)]);
  else
    J.col(2).setZero();
}

// Length of the segment P -> Q, wrapped over the circle (C, r) when the straight line cuts it,
// and the unit vectors uP, uQ with dl = uP.dP_rel + uQ.dQ_rel (P, Q relative to the circle's body).
// Returns false (straight segment) when the line misses the circle or an end lies inside it.
// Inline: inside the path loop its outputs stay in registers (−5 % of a right-hand side's work).
inline bool wrap_circle(const Eigen::Vector2d& P, const Eigen::Vector2d& Q,
                        const Eigen::Vector2d& C, double r, double& length, Eigen::Vector2d& uP,
                        Eigen::Vector2d& uQ) {
  const Eigen::Vector2d d = Q - P;
  // Squared distances decide whether the segment wraps (no root until it does).
  const double r2 = r * r, dPC2 = (P - C).squaredNorm(), dQC2 = (Q - C).squaredNorm();
  if (dPC2 <= r2 || dQC2 <= r2) return false;
  const double t = std::clamp((C - P).dot(d) / d.squaredNorm(), 0.0, 1.0);
  if ((P + t * d - C).squaredNorm() >= r2) return false;
  const double dPC = std::sqrt(dPC2), dQC = std::sqrt(dQC2);
  // Centre left of the travel direction -> the path passes right of it, counter-clockwise.
  const double s = cross(d, C - P) > 0 ? 1.0 : -1.0;
  const Eigen::Vector2d eP = (P - C) / dPC, eQ = (Q - C) / dQC;
  // Tangent points: e turned by ±acos(r/d), i.e. cos = r/d, sin = √(1 − (r/d)²).
  auto turn = [](double cos_a, double sign, const Eigen::Vector2d& e) {
    const double sin_a = sign * std::sqrt(std::max(0.0, 1.0 - cos_a * cos_a));
    return Eigen::Vector2d(cos_a * e.x() - sin_a * e.y(), sin_a * e.x() + cos_a * e.y());
  };
  const Eigen::Vector2d T1 = C + r * turn(r / dPC, s, eP);
  const Eigen::Vector2d T2 = C + r * turn(r / dQC, -s, eQ);
  double arc = std::atan2(s * cross(T1 - C, T2 - C), (T1 - C).dot(T2 - C));
  if (arc < 0) arc += 2 * kPi;
  const double lP = (P - T1).norm(), lQ = (Q - T2).norm();
  length = lP + r * arc + lQ;
  uP = (P - T1) / lP;
  uQ = (Q - T2) / lQ;
  return true;
}

// Lengths and, when `jac`, dl/dq into ws.moment_arm_m (as -dl/dq).
// A straight segment between two points of the same body keeps its length in any posture, so it
// adds nothing to dl/dq (u . (J_Q - J_P) = u . (Z x (Q - P)) w = 0): only the ends of segments
// that span a joint, and of wrapped segments, need their Jacobians (2 x 3 each, made here).
void evaluate(const MusclePathModel& m, const LegAngles& q, MusclePathWorkspace& ws, bool jac) {
  const LegPoses poses = calc_poses(m, q);
  // Raw pointers held in locals: Eigen's vector stores may alias any memory, so the compiler would
  // reload every std::vector's data pointer after each of them (a tenth of this function's work).
  const PathBody* body = m.point_body.data();              // [n_points]
  const Eigen::Vector2d* point_m = m.point_m.data();       // [n_points] body frames, m
  Eigen::Vector2d* position_m = ws.point_position_m.data();  // [n_points] pelvis frame, m
  const int* first_point = m.first_point.data();            // [n_muscles + 1]
  const int* wrap_point = m.wrap_point.data();              // [n_muscles]
  const PathBody* wrap_body = m.wrap_body.data();           // [n_muscles]
  const Eigen::Vector2d* wrap_centre_m = m.wrap_centre_m.data();  // [n_muscles] m
  const double* wrap_radius_m = m.wrap_radius_m.data();     // [n_muscles] m
  const double* length_offset_m = m.length_offset_m.data();  // [n_muscles] m
  double* length_m = ws.length_m.data();                    // [n_muscles] m
  for (int i = 0; i < m.n_points; ++i) {
    const int b = int(body[i]);
    position_m[i].noalias() = poses.origin[b] + poses.R[b] * point_m[i];
  }
  Eigen::Matrix<double, 2, 3> J_P, J_Q, J_wrap_P, J_wrap_Q;  // [2 x 3] each, m/rad
  for (int k = 0; k < m.n_muscles; ++k) {
    double l = length_offset_m[k];
    Eigen::RowVector3d dl = Eigen::RowVector3d::Zero();
    for (int i = first_point[k]; i + 1 < first_point[k + 1]; ++i) {
      const Eigen::Vector2d& P = position_m[i];
      const Eigen::Vector2d& Q = position_m[i + 1];
      if (i == wrap_point[k]) {
        const int wb = int(wrap_body[k]);
        const Eigen::Vector2d C = poses.origin[wb] + poses.R[wb] * wrap_centre_m[k];
        double lw;
        Eigen::Vector2d uP, uQ;
        if (wrap_circle(P, Q, C, wrap_radius_m[k], lw, uP, uQ)) {
          l += lw;
          if (jac) {  // the ends move relative to the wrap body's material points under them
            // An end on the wrap body itself does not move relative to it: no term.
            if (body[i] != wrap_body[k]) {
              calc_point_jacobian(poses, body[i], P, J_P);
              calc_point_jacobian(poses, wrap_body[k], P, J_wrap_P);
              dl += uP.transpose() * (J_P - J_wrap_P);
            }
            if (body[i + 1] != wrap_body[k]) {
              calc_point_jacobian(poses, body[i + 1], Q, J_Q);
              calc_point_jacobian(poses, wrap_body[k], Q, J_wrap_Q);
              dl += uQ.transpose() * (J_Q - J_wrap_Q);
            }
          }
          continue;
        }
      }
      const Eigen::Vector2d d = Q - P;
      const double len = d.norm();
      l += len;
      if (jac && body[i] != body[i + 1]) {
        // A coordinate that turns both ends about the same centre adds u·(Z × d) = 0: the hip
        // column unless an end is on the pelvis, the knee column when both are on tibia or foot.
        // Those columns are left out rather than summed as rounding noise.
        calc_point_jacobian(poses, body[i], P, J_P);
        calc_point_jacobian(poses, body[i + 1], Q, J_Q);
        const Eigen::Vector2d u = d / len;
        const bool hip_spanned = body[i] == PathBody::pelvis || body[i + 1] == PathBody::pelvis;
        const bool knee_spanned = !(is_shank(body[i]) && is_shank(body[i + 1]));
        if (hip_spanned) dl[0] += u.dot(J_Q.col(0) - J_P.col(0));
        if (knee_spanned) dl[1] += u.dot(J_Q.col(1) - J_P.col(1));
        dl[2] += u.dot(J_Q.col(2) - J_P.col(2));
      }
    }
    length_m[k] = l;
    if (jac) ws.moment_arm_m.row(k) = -dl;
  }
}

}  // namespace

MusclePathGeometry read_muscle_path_geometry(const std::string& path_in) {
  const std::string path =
      path_in.empty() ? data_file_path("muscle_paths_rajagopal2015.csv") : path_in;
  const DataTable t = DataTable::read(path);
  MusclePathGeometry g;
  for (int r = 0; r < t.rows(); ++r) {
    const std::string& name = t.text(r, "muscle");
    const std::string& kind = t.text(r, "kind");
    const PathBody body = parse_body(t.text(r, "body"), t.where(r));
    const Eigen::Vector3d p(t.number(r, "x_m"), t.number(r, "y_m"), t.number(r, "z_m"));
    const double order = t.number(r, "order");
    if (kind == "point") {
      const bool is_new = g.muscle_names.empty() || g.muscle_names.back() != name;
      if (is_new) {
        for (const auto& n : g.muscle_names)
          if (n == name)
            throw InputError(fmt::format("{}: points of muscle '{}' are not contiguous", t.where(r), name));
        g.muscle_names.push_back(name);
      }
      int count = 0;
      for (const auto& pt : g.points) count += pt.muscle == name;
      if (order != count)
        throw InputError(fmt::format("{}: muscle '{}' point order {} where {} was expected",
                                     t.where(r), name, order, count));
      g.points.push_back({name, body, p});
    } else if (kind == "wrap_circle") {
      const double radius = t.number(r, "radius_m");
      if (!(radius > 0)) throw InputError(fmt::format("{}: wrap radius must be > 0", t.where(r)));
      if (body == PathBody::patella)
        throw InputError(fmt::format("{}: a wrap circle on the patella is not supported", t.where(r)));
      for (const auto& w : g.wraps)
        if (w.muscle == name)
          throw InputError(fmt::format("{}: muscle '{}' has a second wrap circle", t.where(r), name));
      g.wraps.push_back({name, int(order), body, p, radius});
    } else {
      throw InputError(fmt::format("{}: unknown kind '{}' (point, wrap_circle)", t.where(r), kind));
    }
  }
  for (const auto& w : g.wraps) {
    int count = 0;
    for (const auto& pt : g.points) count += pt.muscle == w.muscle;
    if (w.segment < 0 || w.segment + 1 >= count)
      throw InputError(fmt::format("{}: wrap of '{}' on segment {} but the path has {} points",
                                   path, w.muscle, w.segment, count));
  }
  for (const auto& n : g.muscle_names) {
    int count = 0;
    for (const auto& pt : g.points) count += pt.muscle == n;
    if (count < 2) throw InputError(fmt::format("{}: muscle '{}' has fewer than 2 points", path, n));
  }
  return g;
}

int MusclePathModel::muscle_index(const std::string& name) const {
  for (int k = 0; k < n_muscles; ++k)
    if (names[k] == name) return k;
  throw InputError(fmt::format("unknown muscle '{}'", name));
}

MusclePathModel compile_muscle_paths(const MusclePathGeometry& g, const LegSkeleton& s,
                                     const PatellaCoupling& patella) {
  MusclePathModel m;
  m.hip_in_pelvis_m = s.hip_in_pelvis_m.head<2>();
  m.knee_in_femur_m = s.knee_in_femur_m.head<2>();
  m.ankle_in_tibia_m = s.ankle_in_tibia_m.head<2>();
  m.patella = patella;
  m.patella_scale = s.scale_femur;
  auto scale_of = [&](PathBody b) {
    switch (b) {
      case PathBody::pelvis: return s.scale_pelvis;
      case PathBody::femur: case PathBody::patella: return s.scale_femur;
      case PathBody::tibia: return s.scale_tibia;
      case PathBody::foot: return s.scale_foot;
    }
    return 1.0;
  };
  // 3-D body origins at zero angles (all bodies parallel) for the sagittal-projection offset.
  const PatellaPose p0 = calc_patella_pose(patella, 0.0, s.scale_femur);
  Eigen::Vector3d origin3[5];
  origin3[int(PathBody::pelvis)].setZero();
  origin3[int(PathBody::femur)] = s.hip_in_pelvis_m;
  origin3[int(PathBody::tibia)] = s.hip_in_pelvis_m + s.knee_in_femur_m;
  origin3[int(PathBody::foot)] = origin3[int(PathBody::tibia)] + s.ankle_in_tibia_m;
  origin3[int(PathBody::patella)] = s.hip_in_pelvis_m + Eigen::Vector3d(p0.origin_m.x(), p0.origin_m.y(), 0);
  KNEELOAD_CHECK(std::abs(p0.angle_rad) < 0.01, "patella angle {} rad at full extension", p0.angle_rad);

  m.n_muscles = int(g.muscle_names.size());
  m.names = g.muscle_names;
  m.first_point.assign(1, 0);
  m.wrap_point.assign(m.n_muscles, -1);
  m.wrap_body.assign(m.n_muscles, PathBody::pelvis);
  m.wrap_centre_m.assign(m.n_muscles, Eigen::Vector2d::Zero());
  m.wrap_radius_m.assign(m.n_muscles, 0.0);
  m.length_offset_m.assign(m.n_muscles, 0.0);
  for (int k = 0; k < m.n_muscles; ++k) {
    Eigen::Vector3d prev3;
    Eigen::Vector2d prev2;
    bool first = true;
    for (const auto& pt : g.points) {
      if (pt.muscle != m.names[k]) continue;
      const Eigen::Vector3d local = scale_of(pt.body) * pt.p_m;
      const Eigen::Vector3d p3 = origin3[int(pt.body)] + local;
      if (!first) m.length_offset_m[k] += (p3 - prev3).norm() - (p3.head<2>() - prev2).norm();
      prev3 = p3;
      prev2 = p3.head<2>();
      first = false;
      m.point_body.push_back(pt.body);
      m.point_m.push_back(local.head<2>());
    }
    m.first_point.push_back(int(m.point_body.size()));
    for (const auto& w : g.wraps)
      if (w.muscle == m.names[k]) {
        m.wrap_point[k] = m.first_point[k] + w.segment;
        m.wrap_body[k] = w.body;
        m.wrap_centre_m[k] = scale_of(w.body) * w.centre_m.head<2>();
        m.wrap_radius_m[k] = scale_of(w.body) * w.radius_m;
      }
  }
  m.n_points = int(m.point_body.size());
  return m;
}

MusclePathWorkspace::MusclePathWorkspace(const MusclePathModel& m)
    : length_m(Eigen::VectorXd::Zero(m.n_muscles)),
      moment_arm_m(Eigen::MatrixXd::Zero(m.n_muscles, kPathCoordinates)),
      lengthening_speed_mps(Eigen::VectorXd::Zero(m.n_muscles)),
      point_position_m(m.n_points, Eigen::Vector2d::Zero()) {}

void calc_length(const MusclePathModel& model, const LegAngles& q, MusclePathWorkspace& ws) {
  evaluate(model, q, ws, false);
}

void calc_moment_arms(const MusclePathModel& model, const LegAngles& q, MusclePathWorkspace& ws) {
  evaluate(model, q, ws, true);
}

void calc_lengthening_speed(const MusclePathModel& model, const LegAngles& q,
                            const LegAngles& qdot, MusclePathWorkspace& ws) {
  evaluate(model, q, ws, true);
  ws.lengthening_speed_mps.noalias() = -ws.moment_arm_m * qdot;
}

void calc_patella_in_pelvis(const MusclePathModel& model, const LegAngles& q,
                            Eigen::Vector2d& origin_m, double& angle_rad) {
  const LegPoses p = calc_poses(model, q);
  origin_m = p.origin[int(PathBody::patella)];
  angle_rad = q[0] + calc_patella_pose(model.patella, q[1], model.patella_scale).angle_rad;
}

}  // namespace kneeload
