// The stance inverse dynamics (scenarios/stance_inverse_dynamics.hpp) checked against a second
// formulation (forward dynamics by the articulated-body algorithm with the solved torques and
// ground force applied), Newton's second law for the centre of mass, and its contact conditions.
#include "scenarios/leg_spec_from_parameters.hpp"
#include "scenarios/parameter_values.hpp"
#include "scenarios/stance_inverse_dynamics.hpp"
#include "solver/multibody_dynamics.hpp"
#include "solver/multibody_kinematics.hpp"

#include "tests/heap_allocation_counter.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace kneeload;

namespace {

constexpr double kDeg = 3.14159265358979323846 / 180.0;

StanceTask make_task() {
  StanceTask task;
  task.qdd_des << 0.0, 0.0, 1.0, -20.0, 15.0, 30.0;
  task.com_acceleration_mps2 << -1.0, 8.0;
  task.com_velocity_mps << 2.7, 0.1;
  task.other_foot_force_N << 30.0, 200.0;
  task.other_foot_dx_m = -0.5;
  task.stance_foot_load_N = 1000.0;  // the trial loads the stance foot: planted
  return task;
}

struct Fixture {
  Fixture() : model(compile_leg_model(make_leg_spec(Parameters::make_defaults("level_run")))),
              ws(model), sw(model) {}
  // Mid-stance posture, moving, with the foot pressed `depth_m` into flat ground.
  void place(double depth_m) {
    q << 0.0, 1.0, -14 * kDeg, 10 * kDeg, 40 * kDeg, 15 * kDeg;
    qd << 2.7, 0.1, 0.3, -2.0, 1.0, 3.0;
    double low = -0.5, high = 0.5;  // pelvis height shift, m: bisection on the deepest sphere
    for (int i = 0; i < 60; ++i) {
      const double mid = 0.5 * (low + high);
      LegVector qq = q;
      qq[1] += mid;
      calc_leg_kinematics(model, make_leg_state(model, qq, qd, 0.1, ws), ws);
      calc_leg_contact_forces(model, terrain, ws);
      double deepest = 0.0;
      for (double d : ws.contact.penetration_m) deepest = std::max(deepest, d);
      (deepest > depth_m ? low : high) = mid;
    }
    q[1] += 0.5 * (low + high);
    const solver::OdeState x = make_leg_state(model, q, qd, 0.1, ws);
    calc_leg_kinematics(model, x, ws);
    calc_leg_muscle_forces(model, x, ws);  // the toe flexors' pull enters the contact
    calc_leg_contact_forces(model, terrain, ws);
  }
  // make_task() without velocity feedback: the centre of mass asks for exactly a_com.
  StanceTask make_feedforward_task() {
    StanceTask task = make_task();
    task.com_velocity_mps = calc_com_velocity_mps(model, ws, sw);
    return task;
  }
  LegModel model;
  LegWorkspace ws;
  StanceInverseDynamicsWorkspace sw;
  PlaneTerrain terrain;
  LegVector q, qd;
};

}  // namespace

// Second formulation: the solved joint moments, the other foot's base force and the ground force
// at the centre of pressure, fed to forward dynamics (ABA), must give back the solved
// accelerations; and the base rows carry no residual.
TEST_CASE("stance inverse dynamics: forward dynamics of its torques and ground force returns its "
          "accelerations", "[stance_inverse_dynamics]") {
  Fixture f;
  f.place(0.004);
  const StanceTask task = make_task();
  StanceInverseDynamicsResult result;
  calc_stance_inverse_dynamics(f.model, StanceTaskWeights{}, task, f.ws, f.sw, result);

  const LegCoordinateMap& map = f.model.coordinates;
  const solver::MultibodyModel& mb = f.model.multibody;
  CHECK(result.generalized_force.head<2>().norm() < 1e-6);  // N: base translations unactuated
  CHECK(std::abs(result.generalized_force[2]) < 1e-6);      // N m: no residual on pelvis_tilt
  Eigen::VectorXd tau = Eigen::VectorXd::Zero(mb.nv);       // [nv] solver order
  for (int i = 0; i < kLegCoordinates; ++i) {
    const double applied = i < 3 ? result.other_leg_base_force[i] : result.generalized_force[i];
    tau[map.solver_index[i]] = map.sign[i] * applied;
  }
  solver::update_kinematics(mb, f.ws.q, f.ws.qd, f.ws.multibody);
  solver::clear_external_forces(f.ws.multibody);
  const int b = f.model.foot_body;
  const Eigen::Vector2d p_in_foot =
      f.ws.multibody.R_world[b].transpose() * (result.pressure_point_m - f.ws.multibody.position_m[b]);
  solver::add_point_force(mb, f.ws.multibody, b, p_in_foot, result.ground_force_N);
  Eigen::VectorXd qdd(mb.nv);  // [nv]
  solver::forward_dynamics_aba(mb, tau, f.ws.multibody, qdd);
  for (int i = 0; i < kLegCoordinates; ++i) {
    INFO("coordinate " << map.names[i]);
    CHECK(map.sign[i] * qdd[map.solver_index[i]] == Approx(result.qdd[i]).margin(1e-6));
  }
}

// Newton's second law: with the centre-of-mass task dominant, the ground force and the other
// foot's force give the whole body the desired acceleration (ΣF = m·(a − g)); the planted centre
// of pressure does not accelerate.
TEST_CASE("stance inverse dynamics: the ground force obeys Newton's law for the centre of mass",
          "[stance_inverse_dynamics]") {
  Fixture f;
  f.place(0.004);
  StanceTask task = f.make_feedforward_task();
  StanceTaskWeights weights;
  weights.com_per_mps2 = 1e6;
  StanceInverseDynamicsResult result;
  calc_stance_inverse_dynamics(f.model, weights, task, f.ws, f.sw, result);
  const double m = f.model.multibody.total_mass_kg();
  const Eigen::Vector2d gravity(0.0, -f.model.body_weight_N / m);
  const Eigen::Vector2d total = result.ground_force_N + task.other_foot_force_N;
  CHECK(total.x() == Approx(m * (task.com_acceleration_mps2.x() - gravity.x())).epsilon(1e-3));
  CHECK(total.y() == Approx(m * (task.com_acceleration_mps2.y() - gravity.y())).epsilon(1e-3));
}

// A foot in the air (no contact, no load in the trial) carries no ground force.
TEST_CASE("stance inverse dynamics: a foot in the air carries no ground force",
          "[stance_inverse_dynamics]") {
  Fixture f;
  f.place(-0.05);  // 5 cm above the ground
  StanceTask task = make_task();
  task.stance_foot_load_N = 0.0;
  StanceInverseDynamicsResult result;
  calc_stance_inverse_dynamics(f.model, StanceTaskWeights{}, task, f.ws, f.sw, result);
  CHECK(result.ground_force_N.norm() < 0.01);  // N, against ≈ 1000 N when planted
  // Loaded by the trial, the same foot is planted: the ground force carries the body.
  task.stance_foot_load_N = 1000.0;
  calc_stance_inverse_dynamics(f.model, StanceTaskWeights{}, task, f.ws, f.sw, result);
  CHECK(result.ground_force_N.y() > 0.5 * f.model.body_weight_N);
}

// Coulomb's law at the contact: the ground pushes (F_y ≥ 0) and its friction is at most μ·F_y.
// A task that would need more (a hard braking of the centre of mass; a fall faster than gravity)
// gets the force on the cone's face instead, and the base rows still carry no residual.
TEST_CASE("stance inverse dynamics: the ground force stays in the friction cone",
          "[stance_inverse_dynamics]") {
  Fixture f;
  f.place(0.004);
  StanceTask task = f.make_feedforward_task();
  StanceTaskWeights weights;
  weights.com_per_mps2 = 1e3;  // the centre of mass asks for the force: m·(a − g) − F_other
  const double mu = f.model.foot_contact.friction_coefficient;
  StanceInverseDynamicsResult result;

  task.com_acceleration_mps2 << -15.0, 8.0;  // needs |F_x| ≈ 1.1 kN at F_y ≈ 1.0 kN
  calc_stance_inverse_dynamics(f.model, weights, task, f.ws, f.sw, result);
  CHECK(result.ground_force_N.y() > 0.5 * f.model.body_weight_N);
  CHECK(result.ground_force_N.x() < 0.0);  // braking, on the backward face
  CHECK(std::abs(result.ground_force_N.x()) <= mu * result.ground_force_N.y() * (1 + 1e-3));
  CHECK(std::abs(result.ground_force_N.x()) >= mu * result.ground_force_N.y() * (1 - 1e-3));
  CHECK(result.generalized_force.head<3>().norm() < 1e-6);  // N, N m: base unactuated

  task.com_acceleration_mps2 << 0.0, -30.0;  // faster than gravity: the ground would have to pull
  calc_stance_inverse_dynamics(f.model, weights, task, f.ws, f.sw, result);
  CHECK(result.ground_force_N.norm() < 1.0);  // N
}

// The control step runs 200 times per simulated second: its workspace is sized once, so a call
// allocates nothing.
TEST_CASE("stance inverse dynamics: a call allocates nothing", "[stance_inverse_dynamics]") {
  Fixture f;
  f.place(0.004);
  const StanceTask task = make_task();
  StanceInverseDynamicsResult result;
  calc_stance_inverse_dynamics(f.model, StanceTaskWeights{}, task, f.ws, f.sw, result);
  const long before = kneeload::test::get_heap_allocation_count();
  calc_stance_inverse_dynamics(f.model, StanceTaskWeights{}, task, f.ws, f.sw, result);
  CHECK(kneeload::test::get_heap_allocation_count() - before == 0);
}
