// The multibody algorithms, the ODE right-hand side and the integrators' step loops must not touch
// the heap.
#include "solver/integrator.hpp"
#include "solver/multibody_system.hpp"
#include "tests/heap_allocation_counter.hpp"
#include "tests/solver/multibody_test_models.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <cstddef>


using namespace kneeload::solver;

TEST_CASE("multibody: algorithms and the ODE right-hand side do not allocate", "[multibody]") {
  const MultibodyModel model = compile(test::floating_chain_spec());
  MultibodyWorkspace ws(model);
  std::mt19937 rng(1);
  const Eigen::VectorXd q = test::random_vector(rng, model.nq, 1.0);
  const Eigen::VectorXd qd = test::random_vector(rng, model.nv, 1.0);
  const Eigen::VectorXd tau = test::random_vector(rng, model.nv, 10.0);
  Eigen::VectorXd qdd(model.nv), tau_out(model.nv);
  Eigen::MatrixXd M(model.nv, model.nv), J(2, model.nv);
  const int foot = model.body_index("foot");
  const MultibodySystem aba(model, ws,
                            [foot](double, ConstVectorRef, ConstVectorRef qd_,
                                   const MultibodyModel& m, MultibodyWorkspace& w, VectorRef t) {
                              t = -2.0 * qd_;
                              add_point_force(m, w, foot, {0.1, -0.05}, {10.0, 700.0});
                            });
  const MultibodySystem crba(model, ws, {}, ForwardDynamicsMethod::Crba);
  const std::vector<double> x = aba.make_state(q, qd);
  std::vector<double> dxdt(x.size());

  const long before = kneeload::test::get_heap_allocation_count();
  update_kinematics(model, q, qd, ws);
  clear_external_forces(ws);
  add_point_force(model, ws, foot, {0.1, 0.0}, {0.0, 500.0});
  forward_dynamics_aba(model, q, qd, tau, ws, qdd);
  forward_dynamics_crba(model, q, qd, tau, ws, qdd);
  inverse_dynamics_rnea(model, q, qd, qdd, ws, tau_out);
  mass_matrix_crba(model, q, ws, M);
  point_jacobian(model, ws, foot, {0.1, 0.0}, J);
  const double energy_J = kinetic_energy(model, ws) + potential_energy(model, ws);
  const Eigen::Vector2d v = point_velocity(model, ws, foot, {0.1, 0.0});
  aba(x, dxdt, 0.0);
  crba(x, dxdt, 0.0);
  const long allocations = kneeload::test::get_heap_allocation_count() - before;

  CHECK(std::isfinite(energy_J + v.sum()));
  CHECK(allocations == 0);
  // The counter works: building a workspace allocates.
  const long before_workspace = kneeload::test::get_heap_allocation_count();
  const MultibodyWorkspace probe(model);
  CHECK(kneeload::test::get_heap_allocation_count() - before_workspace > 10);
}

TEST_CASE("integrate: the step loop allocates nothing (Dopri5 and Rosenbrock-W)", "[integrator]") {
  // Allocations happen once per call (the stages, the stiff block); a call with 10x the steps
  // must allocate exactly as often.
  const auto oscillator = [](const std::vector<double>& x, std::vector<double>& dxdt, double) {
    dxdt[0] = x[1];
    dxdt[1] = -(2 * 3.14159265358979323846) * (2 * 3.14159265358979323846) * x[0];
  };
  for (const StepperKind stepper : {StepperKind::Dopri5, StepperKind::RosenbrockW}) {
    IntegrationOptions options;
    options.stepper = stepper;
    options.stiff_entries = {0, 1};
    long allocations[2];
    std::size_t steps[2];
    for (int i = 0; i < 2; ++i) {
      std::vector<double> x{1.0, 0.0};
      const long before = kneeload::test::get_heap_allocation_count();
      const IntegrationResult result = integrate(oscillator, x, 0.0, i == 0 ? 0.5 : 5.0, options);
      allocations[i] = kneeload::test::get_heap_allocation_count() - before;
      steps[i] = result.n_steps;
    }
    CAPTURE(static_cast<int>(stepper), steps[0], steps[1]);
    CHECK(steps[1] > 5 * steps[0]);
    CHECK(allocations[1] == allocations[0]);
  }
}
