#pragma once
// Static optimisation of muscle activations at one instant (DESIGN §3.6), as in OpenSim's Static
// Optimization and Computed Muscle Control (Thelen DG, Anderson FC 2006, J Biomech 39:1107):
//
//   minimise   Σ_i a_i² + Σ_j (r_j / R_j)²
//   subject to Σ_i A_ji·a_i + r_j = b_j   (one row per joint j),   a_min ≤ a_i ≤ a_max
//
// A_ji (N·m per unit activation) = moment arm × force per unit activation of the rigid-tendon Hill
// muscle (its force is affine in activation), b_j (N·m) = desired moment − passive muscle moments,
// r_j (N·m) the reserve actuators with scale R_j (small scale = heavily penalised).
// The reserves are unconstrained, so r = b − A·a is substituted: the problem becomes the strictly
// convex bound-constrained quadratic  ½ aᵀ H a + gᵀ a  with H = I + Aᵀ W² A, g = −Aᵀ W² b,
// W = diag(1/R_j), solved by a primal active-set method (Nocedal & Wright 2006, Numerical
// Optimization, Alg. 16.3) warm-started from the previous solve's active set. On a working set
// (free muscles F, the others fixed at a bound) the minimiser is a_F = A_Fᵀ·y with
//   (R² + A_F A_Fᵀ)·y = b − A_B·a_B,
// an n_joints × n_joints system that stays well conditioned however small the reserve scales
// (H itself would not: its condition number grows like (A/R)²). y (N·m per (N·m)²) prices the
// joint moments: the reserve is r = R²·y and the cost gradient is a − Aᵀy.
// No QP library with a C++ -dev package is in Debian 12, so the solver is written here.
// docs/model/control.md.
#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <string>
#include <string_view>
#include <vector>

namespace kneeload {

struct StaticOptimizationSpec {
  std::vector<std::string> muscle_names;  // [n_muscles]
  std::vector<std::string> joint_names;   // [n_joints]
  std::vector<double> reserve_scale_Nm;   // [n_joints] R_j > 0; empty = 1 N·m for every joint
  double min_activation = 0.01;           // a_min (1), the Hill model's kMinActivation
  double max_activation = 1.0;            // a_max (1)
};

// Compiled once from the spec (validated, InputError naming the element); never changed.
struct StaticOptimizationModel {
  std::vector<std::string> muscle_names;  // [n_muscles]
  std::vector<std::string> joint_names;   // [n_joints]
  Eigen::VectorXd reserve_scale_Nm;       // [n_joints] R_j
  Eigen::VectorXd reserve_weight_per_Nm;  // [n_joints] W_jj = 1 / R_j
  double min_activation = 0.01;           // (1)
  double max_activation = 1.0;            // (1)

  int get_num_muscles() const { return static_cast<int>(muscle_names.size()); }
  int get_num_joints() const { return static_cast<int>(joint_names.size()); }
  // Index of a named muscle or joint; InputError listing the names when there is none.
  int find_muscle(std::string_view name) const;
  int find_joint(std::string_view name) const;
};

StaticOptimizationModel compile_static_optimization(const StaticOptimizationSpec& spec);

// Where a muscle's activation sits: strictly inside its range or on one bound.
enum class ActivationBound : signed char { free, at_min, at_max };

// Scratch memory of one thread, sized once by the model; also carries the warm start.
struct StaticOptimizationWorkspace {
  explicit StaticOptimizationWorkspace(const StaticOptimizationModel& model);

  Eigen::MatrixXd dual_matrix;         // [n_joints × n_joints] R² + A_F·A_Fᵀ
  Eigen::LLT<Eigen::MatrixXd> dual_factor;  // [n_joints × n_joints] its Cholesky factor
  Eigen::VectorXd dual;                // [n_joints] y
  Eigen::VectorXd gradient;            // [n_muscles] a − Aᵀy (half the cost gradient)
  Eigen::VectorXd candidate;           // [n_muscles] minimiser on the working set
  Eigen::VectorXd activation;              // [n_muscles] iterate; the previous solution
  std::vector<ActivationBound> bound;      // [n_muscles] working set; the previous active set
  bool has_warm_start = false;             // false: start from a_min with every muscle free
};

// Forget the previous solution (e.g. at the start of a new run).
void reset_warm_start(StaticOptimizationWorkspace& ws);

struct StaticOptimizationResult {
  Eigen::VectorXd activation;          // [n_muscles] (1)
  Eigen::VectorXd muscle_moment_Nm;    // [n_joints] A·a
  Eigen::VectorXd reserve_moment_Nm;   // [n_joints] r = b − A·a
  std::vector<ActivationBound> bound;  // [n_muscles] active set at the solution
  int num_saturated = 0;               // muscles at a_max: they cannot deliver more
  double cost = 0.0;                   // Σa² + Σ(r/R)² (1)
  int iterations = 0;                  // active-set changes in this solve (0: warm start was right)

  bool is_saturated(int muscle) const { return bound[muscle] == ActivationBound::at_max; }
};

StaticOptimizationResult make_static_optimization_result(const StaticOptimizationModel& model);

// Solves the problem above without touching the heap. moment_per_activation_Nm is A
// [n_joints × n_muscles], target_moment_Nm is b [n_joints].
void solve_static_optimization(const StaticOptimizationModel& model,
                               const Eigen::Ref<const Eigen::MatrixXd>& moment_per_activation_Nm,
                               const Eigen::Ref<const Eigen::VectorXd>& target_moment_Nm,
                               StaticOptimizationWorkspace& ws, StaticOptimizationResult& result);

// A and b from the rigid-tendon muscles at the current state:
//   A_ji = moment_arm_ji · force_per_activation_i,   b_j = desired_j − Σ_i moment_arm_ji · passive_i
// moment_arm_m [n_joints × n_muscles], force_per_activation_N and passive_force_N [n_muscles]
// (MuscleForceInfo of models/hill_muscle.hpp), desired_moment_Nm [n_joints]. No allocation.
void calc_static_optimization_problem(const Eigen::Ref<const Eigen::MatrixXd>& moment_arm_m,
                                      const Eigen::Ref<const Eigen::VectorXd>& force_per_activation_N,
                                      const Eigen::Ref<const Eigen::VectorXd>& passive_force_N,
                                      const Eigen::Ref<const Eigen::VectorXd>& desired_moment_Nm,
                                      Eigen::Ref<Eigen::MatrixXd> moment_per_activation_Nm,
                                      Eigen::Ref<Eigen::VectorXd> target_moment_Nm);

}  // namespace kneeload
