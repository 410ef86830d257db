#include "models/patellofemoral_dynamic.hpp"

#include "models/patellofemoral_loads.hpp"
#include "solver/errors.hpp"
#include "solver/integrator.hpp"

#include <Eigen/Geometry>

namespace kneeload::models {
namespace {

// State layout, 13 entries: translation [3] m, quaternion (w, x, y, z) [4], velocity [3] m/s,
// angular velocity (femur frame) [3] rad/s.
constexpr int kStateSize = 13;

PatellaPose pose_from_state(const solver::OdeState& x) {
  PatellaPose pose;
  pose.translation_m = Eigen::Vector3d(x[0], x[1], x[2]);
  pose.rotation = Eigen::Quaterniond(x[3], x[4], x[5], x[6]).normalized().toRotationMatrix();
  return pose;
}

}  // namespace

void settle_dynamic_patella(const PatellofemoralModel& model, const PatellofemoralLoading& loading,
                            PatellaPose& pose, PatellofemoralWorkspace& ws,
                            PatellofemoralResult& result, const DynamicPatellaOptions& options) {
  KNEELOAD_CHECK(options.body_mass_kg > 0.0, "body mass {} kg", options.body_mass_kg);
  const double mass_kg = model.patella_mass_fraction * options.body_mass_kg;
  const double radius_m = 0.020, height_m = 0.025;  // SIMM PAT_RADIUS, PAT_HEIGHT (estimated)
  const Eigen::Vector3d inertia_body(mass_kg * radius_m * radius_m * 0.0833,
                                     mass_kg * (radius_m * radius_m * 0.25 + height_m * height_m * 0.08333),
                                     mass_kg * (radius_m * radius_m * 0.25 + height_m * height_m * 0.08333));
  prepare_patellofemoral_loading(model, loading, ws);

  solver::OdeState x(kStateSize, 0.0);
  const Eigen::Quaterniond q0(pose.rotation);
  x[0] = pose.translation_m.x(); x[1] = pose.translation_m.y(); x[2] = pose.translation_m.z();
  x[3] = q0.w(); x[4] = q0.x(); x[5] = q0.y(); x[6] = q0.z();

  auto rhs = [&](const solver::OdeState& s, solver::OdeState& dsdt, double) {
    const PatellaPose p = pose_from_state(s);
    calc_patella_loads(model, loading, p, ws, false);
    const Eigen::Vector3d v(s[7], s[8], s[9]), w(s[10], s[11], s[12]);
    const Eigen::Matrix3d inertia =
        p.rotation * inertia_body.asDiagonal() * p.rotation.transpose();  // femur frame, kg m^2
    const Eigen::Vector3d a =
        (ws.residual.head<3>() - options.linear_damping_N_s_per_m * v) / mass_kg;
    const Eigen::Vector3d alpha = inertia.ldlt().solve(
        ws.residual.tail<3>() - options.angular_damping_N_m_s * w - w.cross(inertia * w));
    const Eigen::Quaterniond q(s[3], s[4], s[5], s[6]);
    const Eigen::Quaterniond dq = Eigen::Quaterniond(0.0, w.x(), w.y(), w.z()) * q;  // w in femur frame
    dsdt[0] = v.x(); dsdt[1] = v.y(); dsdt[2] = v.z();
    dsdt[3] = 0.5 * dq.w(); dsdt[4] = 0.5 * dq.x(); dsdt[5] = 0.5 * dq.y(); dsdt[6] = 0.5 * dq.z();
    dsdt[7] = a.x(); dsdt[8] = a.y(); dsdt[9] = a.z();
    dsdt[10] = alpha.x(); dsdt[11] = alpha.y(); dsdt[12] = alpha.z();
  };
  solver::IntegrationOptions io;
  io.rtol = options.rtol;
  io.atol = options.atol;
  io.output_dt_s = options.duration_s;
  io.initial_dt_s = 1e-6;
  solver::integrate(rhs, x, loading.time_s, loading.time_s + options.duration_s, io);
  pose = pose_from_state(x);
  calc_patellofemoral_outputs(model, loading, pose, ws, result);
}

}  // namespace kneeload::models
