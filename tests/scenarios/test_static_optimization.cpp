// Static optimisation (scenarios/static_optimization.hpp): checked against the closed-form
// minimiser when no bound is active, the KKT conditions and a brute-force search over active sets
// when bounds are active, the reserve balance of an infeasible moment, a second formulation
// through the Hill muscle, and the absence of heap allocation per solve.
#include "scenarios/static_optimization.hpp"

#include "tests/heap_allocation_counter.hpp"

#include <catch2/catch.hpp>

#include <Eigen/Dense>
#include <atomic>
#include <cstddef>
#include <random>

#include "models/hill_muscle.hpp"


using namespace kneeload;

namespace {

StaticOptimizationModel make_model(int n_muscles, int n_joints, double reserve_scale_Nm) {
  StaticOptimizationSpec spec;
  for (int i = 0; i < n_muscles; ++i) spec.muscle_names.push_back("m" + std::to_string(i));
  for (int j = 0; j < n_joints; ++j) spec.joint_names.push_back("j" + std::to_string(j));
  spec.reserve_scale_Nm.assign(n_joints, reserve_scale_Nm);
  return compile_static_optimization(spec);
}

// A random moment-per-activation matrix: moment arms ±5 cm × forces 500–3000 N (N·m).
Eigen::MatrixXd random_moment_matrix(std::mt19937& rng, int n_joints, int n_muscles) {
  std::uniform_real_distribution<double> arm_m(-0.05, 0.05), force_N(500.0, 3000.0);
  Eigen::MatrixXd A(n_joints, n_muscles);
  for (int i = 0; i < n_muscles; ++i) {
    const double f = force_N(rng);
    for (int j = 0; j < n_joints; ++j) A(j, i) = arm_m(rng) * f;
  }
  return A;
}

Eigen::VectorXd random_target(std::mt19937& rng, int n_joints, double size_Nm) {
  std::uniform_real_distribution<double> u(-size_Nm, size_Nm);
  Eigen::VectorXd b(n_joints);
  for (int j = 0; j < n_joints; ++j) b[j] = u(rng);
  return b;
}

// ½ aᵀHa + gᵀa gradient H·a + g of the substituted problem (half the cost's gradient).
Eigen::VectorXd cost_gradient(const StaticOptimizationModel& model, const Eigen::MatrixXd& A,
                              const Eigen::VectorXd& b, const Eigen::VectorXd& a) {
  const Eigen::VectorXd w2 = model.reserve_weight_per_Nm.array().square();
  return a - A.transpose() * w2.asDiagonal() * (b - A * a);
}

double full_cost(const StaticOptimizationModel& model, const Eigen::MatrixXd& A,
                 const Eigen::VectorXd& b, const Eigen::VectorXd& a) {
  return a.squaredNorm() + (b - A * a).cwiseProduct(model.reserve_weight_per_Nm).squaredNorm();
}

}  // namespace

TEST_CASE("static optimisation: with no bound active the minimiser is the closed form "
          "Aᵀ(R² + AAᵀ)⁻¹b, and A⁺b as the reserves vanish", "[static_optimization]") {
  // The minimiser of the unbounded problem is a = Aᵀ·y with y = (R² + AAᵀ)⁻¹b (push-through
  // identity: (I + AᵀW²A)⁻¹AᵀW²b = Aᵀ(W⁻² + AAᵀ)⁻¹b). Problems are built backwards from a
  // chosen y so that a lies strictly inside (a_min, 1): all moments positive, y > 0.
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> entry_Nm(5.0, 100.0), weight(0.5, 1.5);
  for (const double reserve_scale_Nm : {2.0, 1e-6}) {
    const StaticOptimizationModel model = make_model(12, 4, reserve_scale_Nm);
    StaticOptimizationWorkspace ws(model);
    StaticOptimizationResult result = make_static_optimization_result(model);
    const Eigen::MatrixXd R2 = Eigen::MatrixXd::Identity(4, 4) * reserve_scale_Nm * reserve_scale_Nm;
    for (int trial = 0; trial < 20; ++trial) {
      Eigen::MatrixXd A(4, 12);
      for (int j = 0; j < 4; ++j)
        for (int i = 0; i < 12; ++i) A(j, i) = entry_Nm(rng);
      Eigen::VectorXd y(4);
      for (int j = 0; j < 4; ++j) y[j] = weight(rng);
      Eigen::VectorXd closed_form = A.transpose() * y;
      y *= 0.8 / closed_form.maxCoeff();  // largest activation 0.8
      closed_form = A.transpose() * y;
      REQUIRE(closed_form.minCoeff() > model.min_activation);
      const Eigen::VectorXd b = (R2 + A * A.transpose()) * y;
      solve_static_optimization(model, A, b, ws, result);
      INFO("trial " << trial << ", R = " << reserve_scale_Nm << " N·m");
      CHECK((result.activation - closed_form).norm() < 1e-9);
      CHECK(result.num_saturated == 0);
      CHECK(std::count(result.bound.begin(), result.bound.end(), ActivationBound::free) == 12);
      if (reserve_scale_Nm < 1e-3) {
        // Reserves vanish: the least-norm solution A⁺b of A·a = b.
        const Eigen::VectorXd least_norm = A.completeOrthogonalDecomposition().pseudoInverse() * b;
        CHECK((result.activation - least_norm).norm() < 1e-8);
        CHECK(result.reserve_moment_Nm.norm() < 1e-6);
      }
    }
  }
}

TEST_CASE("static optimisation: KKT conditions hold at random problems with active bounds "
          "(gradient ≥ 0 at a_min, ≤ 0 at a_max, 0 on the free set)", "[static_optimization]") {
  std::mt19937 rng(11);
  const StaticOptimizationModel model = make_model(12, 4, 2.0);
  StaticOptimizationWorkspace ws(model);
  StaticOptimizationResult result = make_static_optimization_result(model);
  int with_min = 0, with_max = 0;
  for (int trial = 0; trial < 200; ++trial) {
    const Eigen::MatrixXd A = random_moment_matrix(rng, 4, 12);
    const Eigen::VectorXd b = random_target(rng, 4, trial % 2 ? 100.0 : 400.0);
    solve_static_optimization(model, A, b, ws, result);  // warm-started from the previous problem
    const Eigen::VectorXd grad = cost_gradient(model, A, b, result.activation);
    const double tol = 1e-9 * (1.0 + (A.array().square().colwise().sum().maxCoeff() / 4.0));
    for (int i = 0; i < 12; ++i) {
      INFO("trial " << trial << ", muscle " << i << ", gradient " << grad[i]);
      const double a = result.activation[i];
      CHECK(a >= model.min_activation);
      CHECK(a <= model.max_activation);
      switch (result.bound[i]) {
        case ActivationBound::free:
          CHECK(std::abs(grad[i]) < tol);
          break;
        case ActivationBound::at_min:
          CHECK(a == model.min_activation);
          CHECK(grad[i] > -tol);
          ++with_min;
          break;
        case ActivationBound::at_max:
          CHECK(a == model.max_activation);
          CHECK(grad[i] < tol);
          ++with_max;
          break;
      }
    }
    CHECK((result.reserve_moment_Nm - (b - A * result.activation)).norm() < 1e-9);
  }
  CHECK(with_min > 100);  // the test really exercised both bounds
  CHECK(with_max > 20);
}

TEST_CASE("static optimisation: the solution equals a brute-force search over all 3^m active "
          "sets on small problems", "[static_optimization]") {
  std::mt19937 rng(3);
  constexpr int m = 5, n = 2;
  const StaticOptimizationModel model = make_model(m, n, 5.0);
  StaticOptimizationWorkspace ws(model);
  StaticOptimizationResult result = make_static_optimization_result(model);
  const double lo = model.min_activation, hi = model.max_activation;
  for (int trial = 0; trial < 100; ++trial) {
    const Eigen::MatrixXd A = random_moment_matrix(rng, n, m);
    const Eigen::VectorXd b = random_target(rng, n, 150.0);
    if (trial % 3 == 0) reset_warm_start(ws);
    solve_static_optimization(model, A, b, ws, result);

    // Every assignment (free, at a_min, at a_max) per muscle: minimise over the free ones with
    // the others fixed; the best candidate inside the box is the global minimum.
    const Eigen::MatrixXd W2 = model.reserve_weight_per_Nm.array().square().matrix().asDiagonal();
    const Eigen::MatrixXd H = Eigen::MatrixXd::Identity(m, m) + A.transpose() * W2 * A;
    const Eigen::VectorXd g = -A.transpose() * W2 * b;
    double best_cost = std::numeric_limits<double>::infinity();
    Eigen::VectorXd best(m);
    int codes = 1;
    for (int i = 0; i < m; ++i) codes *= 3;
    for (int code = 0; code < codes; ++code) {
      Eigen::VectorXd a(m);
      std::vector<int> free;
      for (int i = 0, c = code; i < m; ++i, c /= 3) {
        if (c % 3 == 0) free.push_back(i);
        a[i] = c % 3 == 1 ? lo : hi;
      }
      const int k = static_cast<int>(free.size());
      if (k > 0) {
        Eigen::MatrixXd Hff(k, k);
        Eigen::VectorXd rhs(k);
        for (int r = 0; r < k; ++r) {
          rhs[r] = -g[free[r]];
          for (int c = 0; c < m; ++c) {
            const auto it = std::find(free.begin(), free.end(), c);
            if (it == free.end()) rhs[r] -= H(free[r], c) * a[c];
            else Hff(r, it - free.begin()) = H(free[r], c);
          }
        }
        const Eigen::VectorXd af = Hff.llt().solve(rhs);
        for (int r = 0; r < k; ++r) a[free[r]] = af[r];
      }
      if (a.minCoeff() < lo - 1e-12 || a.maxCoeff() > hi + 1e-12) continue;
      const double cost = full_cost(model, A, b, a);
      if (cost < best_cost) {
        best_cost = cost;
        best = a;
      }
    }
    INFO("trial " << trial);
    CHECK((result.activation - best).norm() < 1e-9);
    CHECK(result.cost == Approx(best_cost).epsilon(1e-12));
  }
}

TEST_CASE("static optimisation: an infeasible moment is met by the reserve and the helping "
          "muscles saturate at 1 (analytic)", "[static_optimization]") {
  // One joint, two weak muscles of 10 and 20 N·m per unit activation, one antagonist of −15,
  // target 100 N·m, reserve scale 1 N·m. Unbounded the agonists would need a ≈ 2 and 4; at their
  // bound they give 30 N·m, the antagonist sits at a_min, and r = 100 − 30 + 15·a_min.
  StaticOptimizationSpec spec;
  spec.muscle_names = {"weak", "weaker_twice", "antagonist"};
  spec.joint_names = {"knee_angle_r"};
  spec.reserve_scale_Nm = {1.0};
  const StaticOptimizationModel model = compile_static_optimization(spec);
  StaticOptimizationWorkspace ws(model);
  StaticOptimizationResult result = make_static_optimization_result(model);
  Eigen::MatrixXd A(1, 3);
  A << 10.0, 20.0, -15.0;
  const Eigen::VectorXd b = Eigen::VectorXd::Constant(1, 100.0);
  solve_static_optimization(model, A, b, ws, result);
  CHECK(result.is_saturated(0));
  CHECK(result.is_saturated(1));
  CHECK(result.bound[2] == ActivationBound::at_min);
  CHECK(result.num_saturated == 2);
  CHECK(result.activation[0] == 1.0);
  CHECK(result.activation[1] == 1.0);
  CHECK(result.reserve_moment_Nm[0] == Approx(100.0 - 30.0 + 15.0 * model.min_activation));
  CHECK(result.muscle_moment_Nm[0] + result.reserve_moment_Nm[0] == Approx(100.0));
}

TEST_CASE("static optimisation: the muscle moments at the solution, recomputed by the Hill model "
          "at those activations, equal desired − reserve (second formulation)",
          "[static_optimization]") {
  // Knee and hip, four rigid-tendon muscles (vastus, rectus, hamstrings, gluteus-like).
  MuscleParameters vas{6000.0, 0.09, 0.13, 0.05};
  MuscleParameters rf{1800.0, 0.08, 0.35, 0.09};
  MuscleParameters ham{3000.0, 0.10, 0.32, 0.2};
  MuscleParameters glu{2500.0, 0.15, 0.10, 0.3};
  const std::vector<MuscleParameters> params = {vas, rf, ham, glu};
  const std::vector<double> mtu_length_m = {0.23, 0.44, 0.43, 0.26};
  const std::vector<double> mtu_speed_mps = {0.2, 0.1, -0.15, -0.05};
  Eigen::MatrixXd arm_m(2, 4);  // rows: hip flexion, knee flexion (moment arms, m)
  arm_m << 0.0, 0.04, -0.06, -0.05,
           -0.045, -0.04, 0.03, 0.0;
  Eigen::VectorXd per_activation_N(4), passive_N(4);
  for (int i = 0; i < 4; ++i) {
    const MuscleForceInfo info =
        calcRigidTendonMuscle(params[i], 0.5, mtu_length_m[i], mtu_speed_mps[i]);
    per_activation_N[i] = info.force_per_activation_N;
    passive_N[i] = info.passive_force_N;
  }
  Eigen::Vector2d desired_Nm(-40.0, -120.0);  // hip extension, knee extension
  Eigen::MatrixXd A(2, 4);
  Eigen::VectorXd b(2);
  calc_static_optimization_problem(arm_m, per_activation_N, passive_N, desired_Nm, A, b);

  StaticOptimizationSpec spec;
  spec.muscle_names = {"vas", "rf", "ham", "glu"};
  spec.joint_names = {"hip_flexion_r", "knee_angle_r"};
  spec.reserve_scale_Nm = {1.0, 1.0};
  const StaticOptimizationModel model = compile_static_optimization(spec);
  StaticOptimizationWorkspace ws(model);
  StaticOptimizationResult result = make_static_optimization_result(model);
  solve_static_optimization(model, A, b, ws, result);

  Eigen::Vector2d hill_moment_Nm = Eigen::Vector2d::Zero();
  for (int i = 0; i < 4; ++i)
    hill_moment_Nm += arm_m.col(i) * calcRigidTendonMuscle(params[i], result.activation[i],
                                                           mtu_length_m[i], mtu_speed_mps[i])
                                         .tendon_force_N;
  CHECK((hill_moment_Nm + result.reserve_moment_Nm - desired_Nm).norm() < 1e-9);
  CHECK(result.reserve_moment_Nm.norm() < 1.0);  // strong enough: reserves nearly idle
}

TEST_CASE("static optimisation: a warm start gives the cold-start solution in fewer iterations",
          "[static_optimization]") {
  std::mt19937 rng(5);
  const StaticOptimizationModel model = make_model(12, 4, 1.0);
  StaticOptimizationWorkspace warm(model), cold(model);
  StaticOptimizationResult rw = make_static_optimization_result(model);
  StaticOptimizationResult rc = make_static_optimization_result(model);
  Eigen::MatrixXd A = random_moment_matrix(rng, 4, 12);
  Eigen::VectorXd b = random_target(rng, 4, 300.0);
  solve_static_optimization(model, A, b, warm, rw);
  int warm_total = 0, cold_total = 0;
  for (int step = 0; step < 50; ++step) {  // a slowly changing problem, as along a motion
    A += 0.01 * random_moment_matrix(rng, 4, 12);
    b += random_target(rng, 4, 3.0);
    solve_static_optimization(model, A, b, warm, rw);
    reset_warm_start(cold);
    solve_static_optimization(model, A, b, cold, rc);
    CHECK((rw.activation - rc.activation).norm() < 1e-10);
    warm_total += rw.iterations;
    cold_total += rc.iterations;
  }
  CHECK(warm_total < cold_total);
}

TEST_CASE("static optimisation: a solve does not allocate", "[static_optimization]") {
  std::mt19937 rng(9);
  const StaticOptimizationModel model = make_model(12, 4, 1.0);
  StaticOptimizationWorkspace ws(model);
  StaticOptimizationResult result = make_static_optimization_result(model);
  const Eigen::MatrixXd arm_m = random_moment_matrix(rng, 4, 12) / 1000.0;
  const Eigen::VectorXd per_activation_N = Eigen::VectorXd::Constant(12, 2000.0);
  const Eigen::VectorXd passive_N = Eigen::VectorXd::Constant(12, 50.0);
  const Eigen::VectorXd desired_Nm = random_target(rng, 4, 300.0);
  Eigen::VectorXd scaled_desired_Nm(4);
  Eigen::MatrixXd A(4, 12);
  Eigen::VectorXd b(4);
  int iterations = 0;
  const long before = kneeload::test::get_heap_allocation_count();
  for (int k = 0; k < 20; ++k) {
    reset_warm_start(ws);  // cold starts take the most active-set changes
    scaled_desired_Nm = (k + 1) * desired_Nm;
    calc_static_optimization_problem(arm_m, per_activation_N, passive_N, scaled_desired_Nm, A, b);
    solve_static_optimization(model, A, b, ws, result);
    iterations += result.iterations;
  }
  const long allocations = kneeload::test::get_heap_allocation_count() - before;
  CHECK(iterations > 20);
  CHECK(allocations == 0);
}

TEST_CASE("static optimisation: a bad spec names the element", "[static_optimization]") {
  StaticOptimizationSpec spec;
  spec.muscle_names = {"vasmed", "vasmed"};
  spec.joint_names = {"knee_angle_r"};
  CHECK_THROWS_WITH(compile_static_optimization(spec), Catch::Contains("'vasmed'"));
  spec.muscle_names = {"vasmed"};
  spec.reserve_scale_Nm = {0.0};
  CHECK_THROWS_WITH(compile_static_optimization(spec), Catch::Contains("knee_angle_r"));
}
