#include "models/toe_joint.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "models/data_table.hpp"
#include "solver/errors.hpp"

namespace kneeload {

ToeFlexorArm read_toe_flexor_arm(const std::string& path_in) {
  const std::string path =
      path_in.empty() ? data_file_path("toe_flexors_rajagopal2015.csv") : path_in;
  const DataTable t = DataTable::read(path);
  ToeFlexorArm arm;
  for (int r = 0; r < t.rows(); ++r) {
    const std::string& lump = t.text(r, "lumped_in");
    if (r > 0 && lump != arm.lumped_in)
      throw InputError(fmt::format("{}: toe flexors lumped in '{}' and '{}'; one muscle expected",
                                   t.where(r), arm.lumped_in, lump));
    const double share = t.number(r, "share_of_lumped"),
                 arm_m = t.number(r, "mtp_flexion_moment_arm_m");
    if (!(share > 0.0 && share <= 1.0 && arm_m > 0.0 && arm_m < 0.05))
      throw InputError(fmt::format("{}: share {} or moment arm {} m out of range (0, 1], (0, 0.05)",
                                   t.where(r), share, arm_m));
    arm.lumped_in = lump;
    arm.moment_arm_m += share * arm_m;
  }
  if (t.rows() == 0) throw InputError(fmt::format("{}: no toe flexors", path));
  return arm;
}

double solveToeAngleRate(const FootContactModel& model, const Terrain& terrain,
                         double muscle_moment_Nm, FootMotion& foot, FootContactResult& result) {
  foot.toe_angle_rate_radps = 0.0;
  calcFootContactForces(model, terrain, foot, result);
  if (!model.toes_articulated) return 0.0;
  const double d = model.toe_damping_Nms_per_rad;
  const double static_Nm = muscle_moment_Nm - model.toe_stiffness_Nm_per_rad * foot.toe_angle_rad;
  // Newton on the balance's excess g(rate) = M_ground + static − d·rate, with the ground moment's
  // analytic derivative, safeguarded: once a step has crossed the root, every step stays inside
  // the bracket (bisection otherwise). Where the ground moment does not fall with the rate (a
  // sliding foot's friction) the step is the one that would balance with it held constant.
  double rate = 0.0;
  double g = result.toe_moment_Nm + static_Nm, dg = result.toe_moment_per_toe_rate_Nms - d;
  double above = 0.0, below = 0.0;  // rates with g > 0 and g < 0, once seen
  bool seen_above = false, seen_below = false;
  double last_step = std::numeric_limits<double>::infinity();
  for (int iteration = 0; iteration < 100; ++iteration) {
    if (g == 0.0) return rate;
    (g > 0.0 ? above : below) = rate;
    (g > 0.0 ? seen_above : seen_below) = true;
    double next = dg < 0.0 ? rate - g / dg : rate + g / d;
    // Inside a bracket a Newton step must land inside it and at least halve the step before it
    // (else it can bounce between the ends of a kinked balance, e.g. a sphere just lifting off):
    // bisect otherwise, as rtsafe does (Press et al., Numerical Recipes, §9.4).
    if (seen_above && seen_below &&
        (!(next > std::min(above, below) && next < std::max(above, below)) ||
         std::abs(next - rate) > 0.5 * std::abs(last_step)))
      next = 0.5 * (above + below);
    // Converged: the step is below the integrator's concern by far (and the forces in `result`
    // are those of `rate`).
    if (std::abs(next - rate) <= 1e-12 * (1.0 + std::abs(rate))) return rate;
    last_step = next - rate;
    rate = next;
    foot.toe_angle_rate_radps = rate;
    updateToeContactForces(model, rate, result);
    g = result.toe_moment_Nm + static_Nm - d * rate;
    dg = result.toe_moment_per_toe_rate_Nms - d;
  }
  KNEELOAD_CHECK(false, "toe moment balance not solved: {} N·m left at {} rad/s", g, rate);
  return rate;
}

}  // namespace kneeload
