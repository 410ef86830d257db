// Static optimisation (Thelen & Anderson 2006, J Biomech 39:1107) by a primal active-set method
// for bound constraints (Nocedal & Wright 2006, Numerical Optimization, Alg. 16.3), each working
// set solved in the joint-space (dual) form a_F = A_Fᵀ(R² + A_F A_Fᵀ)⁻¹(b − A_B a_B).
#include "scenarios/static_optimization.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <set>

#include "solver/errors.hpp"

namespace kneeload {

namespace {

int find_name(const std::vector<std::string>& names, std::string_view name, const char* what) {
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return static_cast<int>(i);
  throw InputError(
      fmt::format("static optimisation: no {} named '{}' (have: {})", what, name,
                  fmt::join(names, ", ")));
}

void check_names(const std::vector<std::string>& names, const char* what) {
  std::set<std::string> seen;
  for (const std::string& n : names)
    if (n.empty() || !seen.insert(n).second)
      throw InputError(fmt::format("static optimisation: {} name '{}' is empty or repeated", what, n));
}

}  // namespace

int StaticOptimizationModel::find_muscle(std::string_view name) const {
  return find_name(muscle_names, name, "muscle");
}

int StaticOptimizationModel::find_joint(std::string_view name) const {
  return find_name(joint_names, name, "joint");
}

StaticOptimizationModel compile_static_optimization(const StaticOptimizationSpec& spec) {
  if (spec.muscle_names.empty()) throw InputError("static optimisation: no muscles given");
  if (spec.joint_names.empty()) throw InputError("static optimisation: no joints given");
  check_names(spec.muscle_names, "muscle");
  check_names(spec.joint_names, "joint");
  if (!(spec.min_activation >= 0.0 && spec.min_activation < spec.max_activation &&
        spec.max_activation <= 1.0))
    throw InputError(fmt::format(
        "static optimisation: activation range [{}, {}] must satisfy 0 ≤ min < max ≤ 1",
        spec.min_activation, spec.max_activation));
  const int n_joints = static_cast<int>(spec.joint_names.size());
  if (!spec.reserve_scale_Nm.empty() && static_cast<int>(spec.reserve_scale_Nm.size()) != n_joints)
    throw InputError(fmt::format("static optimisation: {} reserve scales for {} joints",
                                 spec.reserve_scale_Nm.size(), n_joints));

  StaticOptimizationModel model;
  model.muscle_names = spec.muscle_names;
  model.joint_names = spec.joint_names;
  model.min_activation = spec.min_activation;
  model.max_activation = spec.max_activation;
  model.reserve_scale_Nm = Eigen::VectorXd::Ones(n_joints);
  for (int j = 0; j < n_joints && !spec.reserve_scale_Nm.empty(); ++j) {
    const double scale_Nm = spec.reserve_scale_Nm[j];
    if (!(scale_Nm > 0.0 && std::isfinite(scale_Nm)))
      throw InputError(fmt::format(
          "static optimisation: reserve scale of joint '{}' = {} N·m must be positive and finite",
          spec.joint_names[j], scale_Nm));
    model.reserve_scale_Nm[j] = scale_Nm;
  }
  model.reserve_weight_per_Nm = model.reserve_scale_Nm.cwiseInverse();
  return model;
}

StaticOptimizationWorkspace::StaticOptimizationWorkspace(const StaticOptimizationModel& model)
    : dual_factor(model.get_num_joints()) {
  const int m = model.get_num_muscles();
  const int n = model.get_num_joints();
  dual_matrix.setZero(n, n);
  dual.setZero(n);
  gradient.setZero(m);
  candidate.setZero(m);
  activation.setConstant(m, model.min_activation);
  bound.assign(m, ActivationBound::free);
}

void reset_warm_start(StaticOptimizationWorkspace& ws) { ws.has_warm_start = false; }

StaticOptimizationResult make_static_optimization_result(const StaticOptimizationModel& model) {
  StaticOptimizationResult r;
  r.activation.setZero(model.get_num_muscles());
  r.muscle_moment_Nm.setZero(model.get_num_joints());
  r.reserve_moment_Nm.setZero(model.get_num_joints());
  r.bound.assign(model.get_num_muscles(), ActivationBound::free);
  return r;
}

void solve_static_optimization(const StaticOptimizationModel& model,
                               const Eigen::Ref<const Eigen::MatrixXd>& A,
                               const Eigen::Ref<const Eigen::VectorXd>& b,
                               StaticOptimizationWorkspace& ws, StaticOptimizationResult& result) {
  const int m = model.get_num_muscles();
  const int n = model.get_num_joints();
  KNEELOAD_CHECK(A.rows() == n && A.cols() == m, "moment matrix is {}×{}, model needs {}×{}",
                 A.rows(), A.cols(), n, m);
  KNEELOAD_CHECK(b.size() == n, "target has {} moments, model has {} joints", b.size(), n);
  KNEELOAD_CHECK(ws.candidate.size() == m && ws.dual.size() == n && result.activation.size() == m,
                 "workspace ({} muscles) or result ({}) was made for another model ({} muscles)",
                 ws.candidate.size(), result.activation.size(), m);
  KNEELOAD_CHECK(A.allFinite() && b.allFinite(), "moment matrix or target is not finite");
  const double lo = model.min_activation;
  const double hi = model.max_activation;

  // A feasible start: the previous solution on its previous active set, or a_min, all free.
  if (!ws.has_warm_start) {
    ws.activation.setConstant(lo);
    std::fill(ws.bound.begin(), ws.bound.end(), ActivationBound::free);
  }
  for (int i = 0; i < m; ++i) {
    if (ws.bound[i] == ActivationBound::at_min) ws.activation[i] = lo;
    else if (ws.bound[i] == ActivationBound::at_max) ws.activation[i] = hi;
    else ws.activation[i] = std::clamp(ws.activation[i], lo, hi);
  }

  const int max_iterations = 10 * m + 20;  // finite termination: no working set repeats
  int iter = 0;
  for (;; ++iter) {
    KNEELOAD_CHECK(iter < max_iterations, "static optimisation: no convergence in {} iterations",
                   max_iterations);
    // Minimiser on the working set: (R² + A_F A_Fᵀ) y = b − A_B a_B, a_F = A_Fᵀ y.
    ws.dual_matrix.setZero();
    ws.dual_matrix.diagonal() = model.reserve_scale_Nm.cwiseAbs2();
    ws.dual = b;
    for (int i = 0; i < m; ++i) {
      if (ws.bound[i] == ActivationBound::free)
        ws.dual_matrix.selfadjointView<Eigen::Lower>().rankUpdate(A.col(i));
      else
        ws.dual -= ws.activation[i] * A.col(i);
    }
    ws.dual_factor.compute(ws.dual_matrix);  // same size every time: no allocation
    KNEELOAD_CHECK(ws.dual_factor.info() == Eigen::Success,
                   "static optimisation: R² + A_F·A_Fᵀ is not positive definite");
    ws.dual_factor.solveInPlace(ws.dual);
    ws.gradient.noalias() = A.transpose().lazyProduct(ws.dual);  // Aᵀy
    ws.candidate = ws.activation;
    for (int i = 0; i < m; ++i)
      if (ws.bound[i] == ActivationBound::free) ws.candidate[i] = ws.gradient[i];

    // Longest feasible fraction of the step to the candidate; the first bound met joins the
    // working set and the subproblem is solved again.
    double alpha = 1.0;
    int blocking = -1;
    bool blocking_at_min = false;
    for (int i = 0; i < m; ++i) {
      if (ws.bound[i] != ActivationBound::free) continue;
      const double p = ws.candidate[i] - ws.activation[i];
      const double room = p < 0.0 ? lo - ws.activation[i] : hi - ws.activation[i];
      if (p != 0.0 && room / p < alpha) {
        alpha = std::max(0.0, room / p);
        blocking = i;
        blocking_at_min = p < 0.0;
      }
    }
    if (blocking >= 0) {
      for (int i = 0; i < m; ++i)
        if (ws.bound[i] == ActivationBound::free)
          ws.activation[i] += alpha * (ws.candidate[i] - ws.activation[i]);
      ws.bound[blocking] = blocking_at_min ? ActivationBound::at_min : ActivationBound::at_max;
      ws.activation[blocking] = blocking_at_min ? lo : hi;
      continue;
    }
    ws.activation = ws.candidate;

    // At the minimum on the working set. The multiplier of a bound is the cost gradient a − Aᵀy
    // (≥ 0 at a_min, ≤ 0 at a_max at the optimum); release the most negative one, or stop.
    const double multiplier_tol = 1e-12 * (1.0 + ws.gradient.cwiseAbs().maxCoeff());
    int release = -1;
    double most_negative = -multiplier_tol;
    for (int i = 0; i < m; ++i) {
      const double g = ws.activation[i] - ws.gradient[i];
      double multiplier = 0.0;
      if (ws.bound[i] == ActivationBound::at_min) multiplier = g;
      else if (ws.bound[i] == ActivationBound::at_max) multiplier = -g;
      else continue;
      if (multiplier < most_negative) {
        most_negative = multiplier;
        release = i;
      }
    }
    if (release < 0) break;
    ws.bound[release] = ActivationBound::free;
  }
  ws.has_warm_start = true;

  result.activation = ws.activation;
  std::copy(ws.bound.begin(), ws.bound.end(), result.bound.begin());
  result.muscle_moment_Nm.noalias() = A.lazyProduct(ws.activation);
  result.reserve_moment_Nm = b - result.muscle_moment_Nm;
  result.num_saturated = static_cast<int>(
      std::count(ws.bound.begin(), ws.bound.end(), ActivationBound::at_max));
  // r/R = R·y: exact even when tiny reserve scales make b − A·a mostly rounding.
  result.cost = ws.activation.squaredNorm() + model.reserve_scale_Nm.cwiseProduct(ws.dual).squaredNorm();
  result.iterations = iter;
}

void calc_static_optimization_problem(const Eigen::Ref<const Eigen::MatrixXd>& moment_arm_m,
                                      const Eigen::Ref<const Eigen::VectorXd>& force_per_activation_N,
                                      const Eigen::Ref<const Eigen::VectorXd>& passive_force_N,
                                      const Eigen::Ref<const Eigen::VectorXd>& desired_moment_Nm,
                                      Eigen::Ref<Eigen::MatrixXd> A, Eigen::Ref<Eigen::VectorXd> b) {
  const Eigen::Index n = moment_arm_m.rows();
  const Eigen::Index m = moment_arm_m.cols();
  KNEELOAD_CHECK(force_per_activation_N.size() == m && passive_force_N.size() == m &&
                     desired_moment_Nm.size() == n && A.rows() == n && A.cols() == m &&
                     b.size() == n,
                 "sizes disagree: moment arms {}×{}, forces {} and {}, desired {}, A {}×{}, b {}",
                 n, m, force_per_activation_N.size(), passive_force_N.size(),
                 desired_moment_Nm.size(), A.rows(), A.cols(), b.size());
  A.noalias() = moment_arm_m * force_per_activation_N.asDiagonal();
  b = desired_moment_Nm;
  b.noalias() -= moment_arm_m.lazyProduct(passive_force_N);
}

}  // namespace kneeload
