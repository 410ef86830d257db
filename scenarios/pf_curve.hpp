#pragma once
// The patellofemoral curve (DESIGN.md §3.4, §5): the mechanism solved at every degree of knee
// flexion 0-120 for a fixed total quadriceps force, warm-started degree by degree, with the
// alignment, brace and strength keys of a parameter set. `kneeload pf-curve` prints it;
// `kneeload validate` reduces it to the three pf-curve bands of DESIGN §7 (the checks of §3.4:
// van Eijden 1986 k(theta), the published quadriceps lever arm, Lenhart 2015's MRI patellar
// flexion slope).
#include "models/patellofemoral_model.hpp"

#include <string>
#include <vector>

namespace kneeload {

class Parameters;

constexpr double kPfCurveDefaultQuadForceN = 1000.0;  // N: a moderate effort, ~1.5 BW for 70 kg

struct PfCurveRow {
  int knee_flexion_deg = 0;  // deg
  models::PatellofemoralResult result;
};

// The keys calc_pf_curve reads (body.sex through the default Q-angle).
const std::vector<std::string>& get_pf_curve_keys();

// [121] rows, 0-120 deg. Reads the keys of get_pf_curve_keys().
std::vector<PfCurveRow> calc_pf_curve(const Parameters& params, double quad_force_N);

// Same, on a given compiled model (e.g. one without the patellofemoral ligaments).
std::vector<PfCurveRow> calc_pf_curve(const models::PatellofemoralModel& model,
                                      const Parameters& params, double quad_force_N);

// The deviation from a published curve with the largest magnitude over [from_deg, to_deg] (every
// degree), signed, in % of the published value; `at_deg` gets where it occurs.
struct PfCurveDeviation {
  double worst_pct = 0.0;  // %
  int at_deg = 0;          // deg
};
// PF force / quadriceps force against van Eijden 1986's k(theta) (classic_patellofemoral.hpp).
PfCurveDeviation calc_pf_to_quad_ratio_deviation(const std::vector<PfCurveRow>& rows, int from_deg,
                                                 int to_deg);
// Emergent quadriceps lever arm against the published curve of DESIGN §3.4.
PfCurveDeviation calc_quad_lever_arm_deviation(const std::vector<PfCurveRow>& rows, int from_deg,
                                               int to_deg);
// Least-squares slope of patellar flexion against knee flexion over [from_deg, to_deg], deg/deg.
double calc_patella_flexion_slope(const std::vector<PfCurveRow>& rows, int from_deg, int to_deg);

}  // namespace kneeload
