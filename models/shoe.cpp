// Shoe sole as compliant foot-contact spheres: Hunt KH, Crossley FRE (1975) J Appl Mech 42:440;
// stiffness scale from Fuss FK, Scharl T, Nagengast N (2025) Bioengineering 12:467.
#include "models/shoe.hpp"

#include <cmath>

#include "solver/errors.hpp"

namespace kneeload {
namespace {

void requireRange(double value, double lo, double hi, const char* key, const char* unit) {
  if (!(value >= lo && value <= hi))
    throw InputError(fmt::format("{} = {} {} is outside the allowed range {}–{} {}", key, value,
                                 unit, lo, hi, unit));
}

}  // namespace

void validateShoeSpec(const ShoeSpec& s) {
  // Ranges: from a very soft maximal-cushioning sole to a near-rigid barefoot-like contact.
  requireRange(s.midsole_stiffness_N_per_m, 10e3, 5e6, "shoe.midsole_stiffness_N_per_m", "N/m");
  requireRange(s.nominal_compression_m, 1e-3, 0.05, "shoe.nominal_compression_m", "m");
  requireRange(s.damping_s_per_m, 0.0, 10.0, "shoe.damping_s_per_m", "s/m");
  requireRange(s.forefoot_sole_thickness_m, 0.0, 0.06, "shoe.forefoot_sole_thickness_m", "m");
  requireRange(s.heel_drop_m, -0.01, 0.03, "shoe.heel_drop_m", "m");
}

double calcSphereStiffness(const ShoeSpec& shoe, double stiffness_share) {
  return stiffness_share * shoe.midsole_stiffness_N_per_m / std::sqrt(shoe.nominal_compression_m);
}

double calcSoleThickness(const ShoeSpec& shoe, bool under_rearfoot) {
  return shoe.forefoot_sole_thickness_m + (under_rearfoot ? shoe.heel_drop_m : 0.0);
}

}  // namespace kneeload
