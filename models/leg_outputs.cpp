#include "models/leg_outputs.hpp"

#include "models/leg_dynamics.hpp"

namespace kneeload {

LegOutputs::LegOutputs(const LegModel& model)
    : activation(Eigen::VectorXd::Zero(model.n_muscles)),
      muscle_force_N(Eigen::VectorXd::Zero(model.n_muscles)) {}

void calc_leg_outputs(const LegModel& model, const LegControls& controls, const Terrain& terrain,
                      const solver::OdeState& x, double t_s, LegWorkspace& ws, LegOutputs& out) {
  calc_leg_kinematics(model, x, ws);
  calc_leg_muscle_forces(model, x, ws);
  calc_leg_contact_forces(model, terrain, ws);
  calc_leg_patellofemoral(model, t_s, ws);
  calc_leg_generalized_forces(model, controls, ws);

  out.time_s = t_s;
  out.coordinates = ws.coordinates;
  out.speeds = ws.speeds;
  out.toe_angle_rad = ws.toe_angle_rad;
  out.toe_angle_rate_radps = ws.toe_angle_rate_radps;
  for (int k = 0; k < model.n_muscles; ++k) out.activation[k] = x[model.activation_offset + k];
  out.muscle_force_N = ws.muscle_force_N;
  out.joint_moment_Nm = ws.generalized_force.tail<3>();
  out.quadriceps_knee_moment_Nm.setZero();
  out.quadriceps_knee_moment_Nm[1] = ws.pf_loaded ? -ws.pf_result.knee_extension_moment_Nm : 0.0;
  out.residual_force = controls.generalized_force.head<3>();

  out.ground_force_N = ws.contact.total_force_N;
  out.cop_m = ws.contact.center_of_pressure_m;
  // Terrain components from the plane under the centre of pressure (under the foot without one).
  const Eigen::Vector3d where_m =
      out.cop_m.allFinite()
          ? out.cop_m
          : Eigen::Vector3d(ws.multibody.position_m[model.foot_body].x(),
                            ws.multibody.position_m[model.foot_body].y(), 0.0);
  const Eigen::Vector3d n = terrain.calcLocalPlane(where_m).normal;
  const Eigen::Vector3d along(n.y(), -n.x(), 0.0);  // in the sagittal plane, forward
  out.ground_force_terrain_N = Eigen::Vector2d(out.ground_force_N.dot(along.normalized()),
                                               out.ground_force_N.dot(n));
  out.patellofemoral = ws.pf_result;
  out.pf_contact_force_bw = ws.pf_result.contact_force_magnitude_N / model.body_weight_N;
}

}  // namespace kneeload
