// Multibody forward/inverse dynamics checked against second formulations: RNEA inverts ABA,
// ABA equals CRBA + Cholesky, the CRBA mass matrix equals the one assembled column by column
// from RNEA, kinetic energy equals 1/2 qd^T M qd, and a statics case with a known answer.
#include "solver/multibody_dynamics.hpp"
#include "tests/solver/multibody_test_models.hpp"

#include <catch2/catch.hpp>

#include <Eigen/Eigenvalues>

using namespace kneeload::solver;

namespace {

// Random external point forces on three bodies, added for the kinematics of (q, qd) in ws.
void add_random_point_forces(const MultibodyModel& model, MultibodyWorkspace& ws,
                             std::mt19937& rng) {
  clear_external_forces(ws);
  for (const char* name : {"trunk", "foot", "slider"}) {
    const Eigen::VectorXd p = test::random_vector(rng, 2, 0.3);       // m
    const Eigen::VectorXd F = test::random_vector(rng, 2, 500.0);     // N
    add_point_force(model, ws, model.body_index(name), p, F);
  }
}

}  // namespace

TEST_CASE("multibody: RNEA(q, qd, ABA(q, qd, tau)) returns tau, with external forces",
          "[multibody]") {
  const MultibodyModel model = compile(test::floating_chain_spec());
  MultibodyWorkspace ws(model);
  std::mt19937 rng(42);
  for (int trial = 0; trial < 20; ++trial) {
    const Eigen::VectorXd q = test::random_vector(rng, model.nq, 1.5);
    const Eigen::VectorXd qd = test::random_vector(rng, model.nv, 3.0);
    const Eigen::VectorXd tau = test::random_vector(rng, model.nv, 200.0);
    update_kinematics(model, q, qd, ws);
    add_random_point_forces(model, ws, rng);
    Eigen::VectorXd qdd(model.nv), tau_back(model.nv);
    forward_dynamics_aba(model, q, qd, tau, ws, qdd);
    inverse_dynamics_rnea(model, q, qd, qdd, ws, tau_back);
    INFO("trial " << trial << "\ntau  " << tau.transpose() << "\nback " << tau_back.transpose());
    CHECK((tau_back - tau).norm() <= 1e-9 * (1.0 + tau.norm()));
  }
}

TEST_CASE("multibody: ABA and CRBA + Cholesky give the same accelerations", "[multibody]") {
  const MultibodyModel model = compile(test::floating_chain_spec());
  MultibodyWorkspace ws(model);
  std::mt19937 rng(7);
  for (int trial = 0; trial < 20; ++trial) {
    const Eigen::VectorXd q = test::random_vector(rng, model.nq, 1.5);
    const Eigen::VectorXd qd = test::random_vector(rng, model.nv, 3.0);
    const Eigen::VectorXd tau = test::random_vector(rng, model.nv, 200.0);
    update_kinematics(model, q, qd, ws);
    add_random_point_forces(model, ws, rng);
    Eigen::VectorXd qdd_aba(model.nv), qdd_crba(model.nv);
    forward_dynamics_aba(model, q, qd, tau, ws, qdd_aba);
    forward_dynamics_crba(model, q, qd, tau, ws, qdd_crba);
    INFO("trial " << trial << "\naba  " << qdd_aba.transpose() << "\ncrba "
                  << qdd_crba.transpose());
    CHECK((qdd_aba - qdd_crba).norm() <= 1e-9 * (1.0 + qdd_aba.norm()));
  }
}

TEST_CASE("multibody: CRBA mass matrix is SPD, equals RNEA columns, and gives 1/2 qd^T M qd",
          "[multibody]") {
  const MultibodyModel model = compile(test::floating_chain_spec());
  MultibodyWorkspace ws(model);
  std::mt19937 rng(3);
  const int nv = model.nv;
  for (int trial = 0; trial < 10; ++trial) {
    const Eigen::VectorXd q = test::random_vector(rng, model.nq, 1.5);
    const Eigen::VectorXd qd = test::random_vector(rng, nv, 3.0);
    Eigen::MatrixXd M(nv, nv);
    mass_matrix_crba(model, q, ws, M);

    // Second formulation: column j of M is RNEA(q, 0, e_j) - RNEA(q, 0, 0) (gravity cancels).
    clear_external_forces(ws);
    const Eigen::VectorXd zero = Eigen::VectorXd::Zero(nv);
    Eigen::VectorXd g_tau(nv), col(nv);
    inverse_dynamics_rnea(model, q, zero, zero, ws, g_tau);
    Eigen::MatrixXd M_rnea(nv, nv);
    for (int j = 0; j < nv; ++j) {
      inverse_dynamics_rnea(model, q, zero, Eigen::VectorXd::Unit(nv, j), ws, col);
      M_rnea.col(j) = col - g_tau;
    }
    INFO("M\n" << M << "\nM_rnea\n" << M_rnea);
    CHECK((M - M_rnea).norm() <= 1e-9 * M.norm());
    CHECK((M - M.transpose()).norm() <= 1e-12 * M.norm());
    const double min_eig = Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(M).eigenvalues().minCoeff();
    CHECK(min_eig > 0);

    update_kinematics(model, q, qd, ws);
    const double T_J = kinetic_energy(model, ws);
    CHECK(T_J == Approx(0.5 * qd.dot(M * qd)).epsilon(1e-12));
  }
}

TEST_CASE("multibody: an upward point force m*g at the centre of mass of a free body holds it",
          "[multibody]") {
  // Statics: a single floating body carried by a force equal to its weight through its centre of
  // mass has zero acceleration; moved 0.1 m forward of the COM it spins at qdd = m g 0.1 / I_c.
  MultibodySpec spec = test::floating_chain_spec();
  spec.bodies.resize(3);  // pelvis_x, pelvis_y, trunk
  const MultibodyModel model = compile(spec);
  MultibodyWorkspace ws(model);
  const Eigen::Vector3d q(0.2, 1.0, 0.4), qd = Eigen::Vector3d::Zero(), tau = Eigen::Vector3d::Zero();
  const int trunk = model.body_index("trunk");
  const double weight_N = model.mass_kg[trunk] * 9.80665;
  update_kinematics(model, q, qd, ws);
  clear_external_forces(ws);
  add_point_force(model, ws, trunk, model.com_m[trunk], {0, weight_N});
  Eigen::VectorXd qdd(3);
  forward_dynamics_aba(model, q, qd, tau, ws, qdd);
  CHECK(qdd.norm() < 1e-12);

  // Lift 0.1 m forward (world X) of the COM: the moment 0.1*F about the COM turns the body
  // counter-clockwise at qdd = 0.1 F / I_c (Euler's law about the centre of mass).
  const Eigen::Vector2d com_world = point_position(model, ws, trunk, model.com_m[trunk]);
  const double c = std::cos(q(2)), s = std::sin(q(2));
  const Eigen::Vector2d offset_body(0.1 * c, -0.1 * s);  // world (0.1, 0) in body coordinates
  clear_external_forces(ws);
  add_point_force(model, ws, trunk, model.com_m[trunk] + offset_body, {0, weight_N});
  forward_dynamics_crba(model, q, qd, tau, ws, qdd);
  CHECK(point_position(model, ws, trunk, model.com_m[trunk] + offset_body).x() ==
        Approx(com_world.x() + 0.1));
  CHECK(qdd(2) == Approx(weight_N * 0.1 / 2.1).epsilon(1e-12));
}
