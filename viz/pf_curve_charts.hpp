#pragma once
// Charts of the patellofemoral mechanism against knee flexion, two of them beside a published
// curve: the educator's picture of why the kneecap is loaded more in a bent knee.
#include <string>
#include <vector>

namespace kneeload::viz {

struct PfCurveSample {            // one knee angle of `kneeload pf-curve`
  double knee_flexion_deg = 0;    // deg
  double pf_to_quad_ratio = 0;    // PF contact force / quadriceps force, 1
  double quad_lever_arm_m = 0;    // knee extension moment / quadriceps force, m
  double peak_pressure_MPa = 0;   // MPa
  double lateral_fraction = 0;    // lateral facet's share of the contact force, 1
  double patella_flexion_deg = 0; // deg, relative to the femur
};

struct PfCurve {
  std::string label;  // legend text, e.g. "model, Q 14 deg, 1000 N"
  std::vector<PfCurveSample> samples;
};

// Writes four PNG charts into `directory` (created if missing) and returns their paths:
// pf_to_quad_ratio.png (with van Eijden 1986), quad_lever_arm.png (with the DESIGN §3.4 curve,
// 0-90 deg), peak_pressure.png and lateral_fraction.png (the model alone: no published curve).
// `subtitle` (may be empty) goes under every chart's title, e.g. the keys set on the model.
std::vector<std::string> write_pf_curve_charts(const std::vector<PfCurve>& curves,
                                               const std::string& subtitle,
                                               const std::string& directory);

}  // namespace kneeload::viz
