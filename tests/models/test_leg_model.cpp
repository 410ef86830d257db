// The assembled leg ODE (models/leg_model, leg_dynamics, leg_outputs; solver/state_layout):
// energy conservation without muscles and contact, statics of standing on the ground, a
// deterministic allocation-free right-hand side, the quadriceps' knee moment from the
// patellofemoral mechanism against the path moment through Rajagopal's coupled patella, and the
// state table's error messages.
// Heap allocations are counted by interposing malloc (Eigen and operator new both end there).
#include "models/leg_dynamics.hpp"
#include "models/leg_outputs.hpp"
#include "models/patellofemoral_equilibrium.hpp"
#include "solver/errors.hpp"
#include "solver/multibody_kinematics.hpp"

#include "tests/heap_allocation_counter.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <atomic>
#include <cmath>
#include <cstddef>
#include <cstring>


using namespace kneeload;

namespace {

constexpr double kDeg = 3.14159265358979323846 / 180.0;
constexpr double kG_mps2 = 9.80665;

LegVector make_vector(double a, double b, double c, double d, double e, double f) {
  LegVector v;
  v << a, b, c, d, e, f;
  return v;
}

const LegModel& default_leg() {
  static const LegModel model = compile_leg_model(LegModelSpec{});
  return model;
}

// The PF equilibrium solved in every right-hand side (no knee-moment table).
const LegModel& exact_pf_leg() {
  static const LegModel model = [] {
    LegModelSpec spec;
    spec.knee_moment_from_table = false;
    return compile_leg_model(spec);
  }();
  return model;
}

const LegModel& passive_leg() {  // muscles transmit no force
  static const LegModel model = [] {
    LegModelSpec spec;
    spec.muscle_forces_enabled = false;
    return compile_leg_model(spec);
  }();
  return model;
}

// Kinetic + gravitational potential energy of the skeleton at x (J).
double calc_energy_J(const LegModel& model, const solver::OdeState& x, LegWorkspace& ws) {
  calc_leg_kinematics(model, x, ws);
  return solver::kinetic_energy(model.multibody, ws.multibody) +
         solver::potential_energy(model.multibody, ws.multibody);
}

// pelvis_ty (m) that puts the lowest contact sphere `clearance_m` above the ground y = 0.
double calc_pelvis_height_m(const LegModel& model, const LegVector& coordinates,
                            double clearance_m) {
  LegWorkspace ws(model);
  LegVector q = coordinates;
  q[1] = 0.0;
  calc_leg_kinematics(model, make_leg_state(model, q, LegVector::Zero(), 0.0, ws), ws);
  double lowest_m = 1e9;
  for (const ContactSphere& s : model.foot_contact.spheres) {
    const Eigen::Vector2d c = solver::point_position(model.multibody, ws.multibody,
                                                     model.foot_body, s.center_in_foot_m.head<2>());
    lowest_m = std::min(lowest_m, c.y() - s.radius_m);
  }
  return clearance_m - lowest_m;
}

}  // namespace

TEST_CASE("leg: state table has q, qd, activation, toes (and tendon forces) with names and units",
          "[leg_model]") {
  const LegModel& model = default_leg();
  const solver::StateLayout& s = model.state;
  REQUIRE(s.blocks.size() == 4);
  // DESIGN §3.3's eleven, gaslat, the deep plantarflexors and three accessory hip flexors
  const int n_muscles = 16;
  REQUIRE(static_cast<int>(model.muscle_names.size()) == n_muscles);
  CHECK(s.size == 6 + 6 + n_muscles + 1);
  CHECK(s.get_entry_path(model.toe_offset) == "toes/mtp_angle_r");
  // The toes hinge at the skeleton's MTP landmark (data/skeleton_rajagopal2015.csv), scaled.
  CHECK((model.foot_contact.mtp_in_foot_m - model.skeleton.mtp_in_foot_m).norm() < 1e-9);
  CHECK(s.get_block("toes").entry_units[0] == "rad");
  CHECK(s.get_block("q").entry_names[4] == "knee_angle_r");
  CHECK(s.get_block("q").entry_units[0] == "m");
  CHECK(s.get_block("qd").entry_units[5] == "rad/s");
  CHECK(s.entry_index("activation", "vasmed") == 12 + model.paths.muscle_index("vasmed"));
  CHECK(s.get_entry_path(model.qd_offset + 4) == "qd/knee_angle_r");
  CHECK(model.tendon_offset == -1);

  LegModelSpec compliant;
  compliant.tendon = TendonModel::compliant;
  const LegModel m2 = compile_leg_model(compliant);
  CHECK(m2.state.size == 6 + 6 + n_muscles + 1 + n_muscles);
  CHECK(m2.tendon_offset == 6 + 6 + n_muscles + 1);
  CHECK(m2.state.get_block("tendon_force").entry_names[0] == m2.muscle_names[0]);

  LegModelSpec rigid_toes;
  rigid_toes.foot_contact.toes.articulated = false;
  const LegModel m3 = compile_leg_model(rigid_toes);
  CHECK(m3.state.size == 6 + 6 + n_muscles);
  CHECK(m3.toe_offset == -1);
  CHECK(m3.toe_flexor_muscle == -1);
}

TEST_CASE("leg: a lookup of an unknown state block or entry names it", "[leg_model]") {
  const solver::StateLayout& s = default_leg().state;
  CHECK_THROWS_AS(s.block_index("activations"), InputError);
  CHECK_THROWS_WITH(s.block_index("activations"),
                    Catch::Contains("'activations'") && Catch::Contains("q, qd, activation"));
  CHECK_THROWS_WITH(s.entry_index("q", "knee_flexion"),
                    Catch::Contains("'knee_flexion'") && Catch::Contains("'q'"));
  CHECK_THROWS_WITH(solver::compile_state_layout({{"q", "m", {"a"}, {}}, {"q", "m", {"b"}, {}}}),
                    Catch::Contains("'q'"));
}

TEST_CASE("leg: bad spec input names the key", "[leg_model]") {
  LegModelSpec spec;
  spec.strength.hamstrings = 5.0;
  CHECK_THROWS_WITH(compile_leg_model(spec), Catch::Contains("muscle.strength.hamstrings"));
  spec = LegModelSpec{};
  spec.q_angle_deg = 40.0;
  CHECK_THROWS_WITH(compile_leg_model(spec), Catch::Contains("knee.q_angle_deg"));
}

// Energy law: with no muscle force, no contact and no controls the skeleton is conservative, so
// kinetic + potential energy stays constant along any motion.
TEST_CASE("leg: without muscles and contact, total energy is conserved over 1 s (energy law)",
          "[leg_model]") {
  const LegModel& model = passive_leg();
  LegWorkspace ws(model);
  const LegControls controls(model);
  const PlaneTerrain far_below(Eigen::Vector3d(0.0, -1000.0, 0.0), Eigen::Vector3d::UnitY());
  solver::OdeState x =
      make_leg_state(model, make_vector(0.0, 1.0, 0.1, 20 * kDeg, 30 * kDeg, 5 * kDeg),
                     make_vector(1.0, 0.5, 1.0, -2.0, 3.0, 1.0), 0.0, ws);
  LegWorkspace probe(model);
  const double e0_J = calc_energy_J(model, x, probe);
  const double kinetic0_J = solver::kinetic_energy(model.multibody, probe.multibody);
  double max_error_J = 0.0;
  solver::IntegrationOptions options;
  options.rtol = 1e-11;
  options.atol = 1e-11;
  options.output_dt_s = 0.01;
  solver::integrate(LegSystem(model, ws, controls, far_below), x, 0.0, 1.0, options,
                    [&](const solver::OdeState& xs, double) {
                      max_error_J = std::max(max_error_J, std::abs(calc_energy_J(model, xs, probe) - e0_J));
                    });
  INFO("initial kinetic energy " << kinetic0_J << " J, max energy error " << max_error_J << " J");
  CHECK(kinetic0_J > 10.0);  // the test moves the body
  CHECK(max_error_J < 1e-6 * kinetic0_J);
}

// Statics: at rest on the ground, the vertical ground force equals body weight (force balance of
// the whole body). Muscles transmit no force; the joints are held by stiff PD reserve moments, and
// the base gets pure dampers on pelvis_tx and pelvis_tilt (zero at rest) that calm the slow
// rocking of the body on its heel (the standing posture is only marginally stable; see
// docs/model/leg_model.md). Dropped from 10 mm above the ground, it settles.
TEST_CASE("leg: dropped on flat ground, the ground force settles to body weight (statics)",
          "[leg_model]") {
  const LegModel& model = passive_leg();
  LegWorkspace ws(model), probe(model);
  LegControls controls(model);
  const PlaneTerrain ground;
  LegVector q0 = LegVector::Zero();
  q0[1] = calc_pelvis_height_m(model, q0, 0.010);
  solver::OdeState x = make_leg_state(model, q0, LegVector::Zero(), 0.0, ws);
  const double kp_Nm_per_rad = 3000.0, kd_Nms_per_rad = 100.0;
  const double base_damping[3] = {2000.0, 0.0, 500.0};  // N s/m, N s/m, N m s/rad
  auto rhs = [&](const solver::OdeState& xs, solver::OdeState& dxdt, double t) {
    for (int i = 0; i < kFirstJointCoordinate; ++i)
      controls.generalized_force[i] = -base_damping[i] * xs[model.qd_offset + i];
    for (int i = kFirstJointCoordinate; i < kLegCoordinates; ++i)
      controls.generalized_force[i] = -kp_Nm_per_rad * (xs[model.q_offset + i] - q0[i]) -
                                      kd_Nms_per_rad * xs[model.qd_offset + i];
    calc_state_derivative(model, controls, ground, xs, dxdt, t, ws);
  };
  solver::IntegrationOptions options;
  options.output_dt_s = 0.1;
  solver::integrate(rhs, x, 0.0, 2.0, options);

  LegOutputs out(model);
  solver::OdeState dxdt(x.size());
  rhs(x, dxdt, 2.0);
  calc_leg_outputs(model, controls, ground, x, 2.0, probe, out);
  const double weight_N = model.spec.body.mass_kg * kG_mps2;
  INFO("ground force (" << out.ground_force_N.x() << ", " << out.ground_force_N.y()
                        << ") N, weight " << weight_N << " N, vertical speed "
                        << x[model.qd_offset + 1] << " m/s");
  CHECK(out.ground_force_N.y() == Approx(weight_N).epsilon(1e-3));
  CHECK(out.ground_force_terrain_N.y() == Approx(weight_N).epsilon(1e-3));
  CHECK(std::abs(out.ground_force_N.x()) < 0.05 * weight_N);
  CHECK(std::abs(x[model.qd_offset + 1]) < 5e-3);  // at rest vertically (slow rocking left)
  CHECK(std::isfinite(out.cop_m.x()));
}

// Contact forces enter the multibody as a conservative field when the sole is purely elastic:
// no Hunt-Crossley damping, no friction, joints on PD springs without damping. Kinetic + potential
// + PD spring + contact energy (k delta^2.5 / 2.5 per sphere) is then constant through a bouncing
// landing (energy law; checks where and how the contact forces are applied to the foot).
// Work balance of a landing on elastic, frictionless contact: skeleton + joint springs + contact
// potential (k·δ^2.5/2.5 per sphere) + the MTP spring ½·k·θ² is constant but for the MTP damper's
// work ∫ d·θ̇² dt, integrated alongside as one more state. With rigid toes nothing dissipates.
TEST_CASE("leg: an elastic, frictionless landing keeps its work balance (contact, toe joint)",
          "[leg_model]") {
  const bool articulated = GENERATE(false, true);
  LegModelSpec spec;
  spec.muscle_forces_enabled = false;
  spec.shoe.damping_s_per_m = 0.0;
  spec.foot_contact.friction_coefficient = 0.0;
  spec.foot_contact.toes.articulated = articulated;
  const LegModel model = compile_leg_model(spec);
  LegWorkspace ws(model), probe(model);
  LegControls controls(model);
  const PlaneTerrain ground;
  LegVector q0 = make_vector(0.0, 0.0, 0.0, 0.0, 5 * kDeg, 5 * kDeg);
  q0[1] = calc_pelvis_height_m(model, q0, 0.010);
  const double kp_Nm_per_rad = 3000.0;
  const int n = model.state.size;  // x = [leg state; damper work (J)]
  const double toe_k = model.foot_contact.toe_stiffness_Nm_per_rad;
  const double toe_d = model.foot_contact.toe_damping_Nms_per_rad;
  solver::OdeState leg_x(n), leg_dxdt(n);
  auto rhs = [&](const solver::OdeState& xs, solver::OdeState& dxdt, double t) {
    for (int i = kFirstJointCoordinate; i < kLegCoordinates; ++i)
      controls.generalized_force[i] = -kp_Nm_per_rad * (xs[model.q_offset + i] - q0[i]);
    std::copy(xs.begin(), xs.begin() + n, leg_x.begin());
    calc_state_derivative(model, controls, ground, leg_x, leg_dxdt, t, ws);
    std::copy(leg_dxdt.begin(), leg_dxdt.end(), dxdt.begin());
    dxdt[n] = toe_d * ws.toe_angle_rate_radps * ws.toe_angle_rate_radps;
  };
  double max_toe_rad = 0.0;
  auto energy_J = [&](const solver::OdeState& xs) {
    std::copy(xs.begin(), xs.begin() + n, leg_x.begin());
    double e_J = calc_energy_J(model, leg_x, probe) + xs[n];
    for (int i = kFirstJointCoordinate; i < kLegCoordinates; ++i)
      e_J += 0.5 * kp_Nm_per_rad * std::pow(xs[model.q_offset + i] - q0[i], 2);
    calc_leg_contact_forces(model, ground, probe);
    for (int s = 0; s < model.foot_contact.getNumSpheres(); ++s)
      e_J += model.foot_contact.spheres[s].stiffness_N_per_m1p5 *
             std::pow(probe.contact.penetration_m[s], 2.5) / 2.5;
    if (articulated) {
      e_J += 0.5 * toe_k * std::pow(xs[model.toe_offset], 2);
      max_toe_rad = std::max(max_toe_rad, std::abs(xs[model.toe_offset]));
    }
    return e_J;
  };
  solver::OdeState x = make_leg_state(model, q0, make_vector(0.3, 0.0, 0.5, 0.0, 0.0, 0.0), 0.0, ws);
  x.push_back(0.0);
  const double e0_J = energy_J(x);
  double max_error_J = 0.0, max_force_N = 0.0;
  solver::IntegrationOptions options;
  options.rtol = 1e-10;
  options.atol = 1e-11;
  options.output_dt_s = 0.002;
  solver::integrate(rhs, x, 0.0, 0.5, options, [&](const solver::OdeState& xs, double) {
    max_error_J = std::max(max_error_J, std::abs(energy_J(xs) - e0_J));
    max_force_N = std::max(max_force_N, probe.contact.total_force_N.y());
  });
  INFO("toes articulated " << articulated << ": max energy error " << max_error_J
                           << " J, peak ground force " << max_force_N << " N, damper work "
                           << x[n] << " J, largest toe angle " << max_toe_rad << " rad");
  CHECK(max_force_N > 500.0);  // it did land
  CHECK(max_error_J < 1e-5);
  if (articulated) CHECK(max_toe_rad > 0.01);  // the toes were loaded and turned
}

// The odeint contract: dx/dt = f(x, t) and nothing else. A stage that read what the previous call
// left in the workspace (e.g. the toes' balance before the muscle forces are computed) makes the
// derivative depend on the call history, which an adaptive stepper sees as noise.
TEST_CASE("leg: the right-hand side depends on the state alone, not on the previous call",
          "[leg_model]") {
  const LegModel& model = default_leg();
  LegWorkspace ws(model);
  LegControls controls(model);
  const PlaneTerrain ground;
  // Push-off: heel up, the toe sphere pressed, the toe flexors pulling.
  LegVector q = make_vector(0.1, 0.0, 0.0, 10 * kDeg, 20 * kDeg, -20 * kDeg);
  q[1] = calc_pelvis_height_m(model, q, -0.008);
  const LegVector qd = make_vector(3.0, 0.2, 0.0, -2.0, -2.0, -5.0);
  const solver::OdeState x = make_leg_state(model, q, qd, 0.8, ws);
  solver::OdeState other = x;
  for (int k = 0; k < model.n_muscles; ++k) other[model.activation_offset + k] = 0.05;
  other[model.toe_offset] = 0.1;
  solver::OdeState first(x.size()), again(x.size()), between(x.size());
  calc_state_derivative(model, controls, ground, x, first, 0.0, ws);
  REQUIRE(ws.contact.normal_force_N[model.foot_contact.findSphere("toe")] > 0.0);
  calc_state_derivative(model, controls, ground, other, between, 0.0, ws);
  calc_state_derivative(model, controls, ground, x, again, 0.0, ws);
  for (std::size_t i = 0; i < x.size(); ++i) {
    CAPTURE(model.state.get_entry_path(static_cast<int>(i)));
    CHECK(again[i] == first[i]);
  }
}

// The exact PF path (the harder case; the table path: test_quadriceps_moment_table.cpp).
TEST_CASE("leg: the right-hand side is deterministic and allocates nothing", "[leg_model]") {
  const LegModel& model = exact_pf_leg();
  LegWorkspace ws_a(model), ws_b(model);
  LegControls controls(model);
  for (int k = 0; k < model.n_muscles; ++k) controls.excitation[k] = 0.2 + 0.05 * k;
  controls.generalized_force << 5.0, -3.0, 1.0, 2.0, -4.0, 0.5;
  const PlaneTerrain ground;
  // Mid-stance of a run: knee 40 deg, foot pressed 5 mm into the sole, moving.
  LegVector q = make_vector(0.1, 0.0, 0.05, 20 * kDeg, 40 * kDeg, 10 * kDeg);
  q[1] = calc_pelvis_height_m(model, q, -0.005);
  const LegVector qd = make_vector(2.5, -0.3, 0.2, -1.0, 2.0, -1.5);
  solver::OdeState x = make_leg_state(model, q, qd, 0.3, ws_a);
  solver::OdeState dxdt_a(x.size()), dxdt_b(x.size());
  LegOutputs out(model);

  calc_state_derivative(model, controls, ground, x, dxdt_a, 0.0, ws_a);  // warm up both
  calc_state_derivative(model, controls, ground, x, dxdt_b, 0.0, ws_b);
  const long before = kneeload::test::get_heap_allocation_count();
  for (int step = 1; step <= 5; ++step) {
    x[model.q_offset + 4] += 0.2 * kDeg;  // a sequence of nearby states, as an integrator makes
    calc_state_derivative(model, controls, ground, x, dxdt_a, 1e-3 * step, ws_a);
  }
  calc_leg_outputs(model, controls, ground, x, 0.005, ws_a, out);
  const long allocations = kneeload::test::get_heap_allocation_count() - before;
  x[model.q_offset + 4] -= 5 * 0.2 * kDeg;
  for (int step = 1; step <= 5; ++step) {
    x[model.q_offset + 4] += 0.2 * kDeg;
    calc_state_derivative(model, controls, ground, x, dxdt_b, 1e-3 * step, ws_b);
  }
  CHECK(allocations == 0);
  REQUIRE(ws_a.pf_loaded);
  CHECK(ws_a.contact.total_force_N.y() > 100.0);  // the contact stage is exercised
  CHECK(std::memcmp(dxdt_a.data(), dxdt_b.data(), dxdt_a.size() * sizeof(double)) == 0);
  for (double d : dxdt_a) CHECK(std::isfinite(d));
  // The counter works: building a workspace allocates.
  const long before_workspace = kneeload::test::get_heap_allocation_count();
  const LegWorkspace probe(model);
  CHECK(kneeload::test::get_heap_allocation_count() - before_workspace > 10);
}

// The quadriceps' knee moment is, by construction, the PF mechanism's knee extension moment for
// the same four forces (checked against a separate cold-start solve). A second formulation of the
// same moment, -dl/dq_knee . F through Rajagopal's coupled patella (path moment arms), must agree
// in sign and roughly in size; the ratio is printed.
TEST_CASE("leg: the quadriceps knee moment is the PF mechanism's, close to the path moment",
          "[leg_model]") {
  const LegModel& model = exact_pf_leg();
  LegWorkspace ws(model);
  LegControls controls(model);
  const PlaneTerrain far_below(Eigen::Vector3d(0.0, -1000.0, 0.0), Eigen::Vector3d::UnitY());
  models::PatellofemoralWorkspace pf_ws(model.patellofemoral);
  for (double knee_deg : {5.0, 20.0, 35.0, 50.0, 65.0, 80.0, 90.0}) {
    const LegVector q = make_vector(0.0, 1.0, 0.0, 40 * kDeg, knee_deg * kDeg, 0.0);
    solver::OdeState x = make_leg_state(model, q, LegVector::Zero(), 0.01, ws);
    for (int i = 0; i < models::kQuadricepsCount; ++i)
      x[model.activation_offset + model.quadriceps_muscle[i]] = 0.2;
    solver::OdeState dxdt(x.size());
    calc_state_derivative(model, controls, far_below, x, dxdt, 0.0, ws);
    REQUIRE(ws.pf_loaded);

    double other_knee_Nm = 0.0, path_quad_knee_Nm = 0.0;
    for (int k = 0; k < model.n_muscles; ++k) {
      const double m_Nm = ws.paths.moment_arm_m(k, 1) * ws.muscle_force_N[k];
      (model.knee_moment_from_patella[k] ? path_quad_knee_Nm : other_knee_Nm) += m_Nm;
    }
    const double quad_knee_Nm = ws.muscle_generalized_force[4] - other_knee_Nm;

    models::PatellofemoralLoading loading = ws.pf_loading;
    for (int i = 0; i < models::kQuadricepsCount; ++i)
      loading.muscle_force_N[i] = ws.muscle_force_N[model.quadriceps_muscle[i]];
    models::PatellaPose pose = models::calc_initial_patella_pose(model.patellofemoral, knee_deg * kDeg);
    models::PatellofemoralResult cold;
    models::solve_patellofemoral_equilibrium(model.patellofemoral, loading, pose, pf_ws, cold);

    const double ratio = quad_knee_Nm / path_quad_knee_Nm;
    fmt::print("knee {:5.1f} deg: quadriceps {:7.1f} N, PF knee moment {:8.2f} N m, path moment "
               "{:8.2f} N m, ratio PF/path {:.3f}\n",
               knee_deg, cold.quadriceps_force_N, quad_knee_Nm, path_quad_knee_Nm, ratio);
    INFO("knee " << knee_deg << " deg, PF " << quad_knee_Nm << " N m, path " << path_quad_knee_Nm
                 << " N m");
    CHECK(quad_knee_Nm == Approx(-cold.knee_extension_moment_Nm).epsilon(1e-6));
    CHECK(quad_knee_Nm < 0.0);  // the quadriceps extend the knee
    CHECK(ratio > 0.5);
    CHECK(ratio < 2.0);
  }
}
