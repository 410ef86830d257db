#include "models/toe_joint.hpp"

#include <boost/math/tools/roots.hpp>

#include <cmath>
#include <cstdint>
#include <utility>

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
  // The balance's excess moment at a rate: the joint's damper makes it fall with the rate.
  auto excess_Nm = [&](double rate_radps) {
    foot.toe_angle_rate_radps = rate_radps;
    updateToeContactForces(model, rate_radps, result);
    return result.toe_moment_Nm + static_Nm - d * rate_radps;
  };
  const double ground_at_rest_Nm = result.toe_moment_Nm;
  const double at_rest_Nm = ground_at_rest_Nm + static_Nm;
  if (at_rest_Nm == 0.0) return 0.0;
  // First guess: the rate were the ground's moment constant. The excess there is the ground
  // moment's change, of the opposite sign while the contact resists the turn (or zero: no toe
  // sphere touches). A sliding foot's friction can work the other way; then the bracket grows
  // until the damper's share changes the sign.
  double lo = 0.0, f_lo = at_rest_Nm;
  double hi = at_rest_Nm / d;
  excess_Nm(hi);
  double f_hi = result.toe_moment_Nm - ground_at_rest_Nm;
  if (f_hi == 0.0) return hi;
  for (int doubling = 0; doubling < 60 && f_lo * f_hi > 0.0; ++doubling) {
    lo = hi;
    f_lo = f_hi;
    hi *= 2.0;
    f_hi = excess_Nm(hi);
  }
  KNEELOAD_CHECK(f_lo * f_hi < 0.0, "toe moment balance not bracketed: {} N·m at {} rad/s, {} N·m "
                 "at {} rad/s", f_lo, lo, f_hi, hi);
  if (lo > hi) {
    std::swap(lo, hi);
    std::swap(f_lo, f_hi);
  }
  // Relative tolerance of ~1e-13 on the rate: well below the integrator's error control.
  boost::math::tools::eps_tolerance<double> tolerance(42);
  std::uintmax_t max_iterations = 60;
  const auto [a, b] =
      boost::math::tools::toms748_solve(excess_Nm, lo, hi, f_lo, f_hi, tolerance, max_iterations);
  const double rate_radps = 0.5 * (a + b);
  excess_Nm(rate_radps);  // leave the result at the root
  return rate_radps;
}

}  // namespace kneeload
