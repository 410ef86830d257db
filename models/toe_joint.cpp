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
  constexpr double kNoRoot = std::numeric_limits<double>::quiet_NaN();
  // The balance's excess g(rate) = M_ground + static − d·rate and its slope, at a rate.
  struct Point {
    double rate, g, dg;
  };
  auto evaluate = [&](double rate) {
    foot.toe_angle_rate_radps = rate;
    updateToeContactForces(model, rate, result);
    return Point{rate, result.toe_moment_Nm + static_Nm - d * rate,
                 result.toe_moment_per_toe_rate_Nms - d};
  };
  const Point rest{0.0, result.toe_moment_Nm + static_Nm, result.toe_moment_per_toe_rate_Nms - d};
  if (!std::isfinite(rest.g)) return foot.toe_angle_rate_radps = kNoRoot;
  if (rest.g == 0.0) return 0.0;

  auto converged = [](double step, double rate) {  // far below the integrator's concern
    return std::abs(step) <= 1e-12 * (1.0 + std::abs(rate));
  };
  Point lo = rest, hi = rest;
  bool bracketed = false;
  // 1. Newton from rest while the ground moment falls with the rate (g' < 0) and |g| shrinks:
  // the usual case, 2–3 steps.
  Point x = rest;  // `result` holds x's forces
  for (int step = 0; step < 8 && x.dg < 0.0 && !bracketed; ++step) {
    const double next = x.rate - x.g / x.dg;
    if (converged(next - x.rate, x.rate)) return x.rate;
    const Point p = evaluate(next);
    if (p.g == 0.0) return p.rate;
    if (!std::isfinite(p.g)) return foot.toe_angle_rate_radps = kNoRoot;
    if ((p.g > 0.0) != (x.g > 0.0)) {
      lo = x;
      hi = p;
      bracketed = true;
    } else if (std::abs(p.g) >= std::abs(x.g)) {
      break;
    }
    x = p;
  }
  // 2. Otherwise a bracket by search. While the ground moment does not rise with the rate, g
  // falls at least as fast as d·rate, so the root lies within |g(0)|/d on the side g(0) points
  // to; a sliding foot's friction can make g rise, so the search doubles outward on both sides.
  const double scale = std::abs(rest.g) / d, first_side = rest.g > 0.0 ? 1.0 : -1.0;
  Point same[2] = {rest, rest};  // per side, the farthest point with g of rest.g's sign
  for (int doubling = 0; doubling < 60 && !bracketed; ++doubling)
    for (int side = 0; side < 2 && !bracketed; ++side) {
      const Point p =
          evaluate((side == 0 ? first_side : -first_side) * scale * std::ldexp(1.0, doubling));
      if (p.g == 0.0) return p.rate;
      if (!std::isfinite(p.g)) return foot.toe_angle_rate_radps = kNoRoot;
      if ((p.g > 0.0) == (rest.g > 0.0)) {
        same[side] = p;
      } else {
        lo = same[side];
        hi = p;
        bracketed = true;
      }
    }
  if (!bracketed) return foot.toe_angle_rate_radps = kNoRoot;  // the integrator stops at it

  // 3. Newton inside the bracket from its end nearer the root, each step kept inside and at
  // least halving the one before, bisecting otherwise (rtsafe: Press et al., Numerical Recipes,
  // §9.4); a kinked balance (a toe sphere lifting off) made plain Newton bounce between the ends.
  x = std::abs(lo.g) < std::abs(hi.g) ? lo : hi;
  double last_step = hi.rate - lo.rate;
  for (int iteration = 0; iteration < 100; ++iteration) {
    double next = x.dg != 0.0 ? x.rate - x.g / x.dg : kNoRoot;
    if (!(next > std::min(lo.rate, hi.rate) && next < std::max(lo.rate, hi.rate)) ||
        std::abs(next - x.rate) > 0.5 * std::abs(last_step))
      next = 0.5 * (lo.rate + hi.rate);
    if (converged(next - x.rate, x.rate)) {  // `result` must hold x's forces
      if (foot.toe_angle_rate_radps != x.rate) evaluate(x.rate);
      return x.rate;
    }
    last_step = next - x.rate;
    x = evaluate(next);
    if (x.g == 0.0) return x.rate;
    if (!std::isfinite(x.g)) return foot.toe_angle_rate_radps = kNoRoot;
    ((x.g > 0.0) == (lo.g > 0.0) ? lo : hi) = x;
  }
  return foot.toe_angle_rate_radps = kNoRoot;
}

}  // namespace kneeload
