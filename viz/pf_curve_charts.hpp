#pragma once
// Charts of the patellofemoral mechanism against knee flexion, each with its published curve:
// the educator's picture of why the kneecap is loaded more in a bent knee.
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
  std::string label;                 // legend text, e.g. "Q-angle 14 deg"
  std::vector<PfCurveSample> samples;
};

// Writes four PNG charts into `directory` (created if missing) and returns their paths:
// pf_to_quad_ratio.png (with van Eijden 1986), quad_lever_arm.png (with the published curve),
// peak_pressure.png, lateral_fraction.png.
std::vector<std::string> write_pf_curve_charts(const std::vector<PfCurve>& curves,
                                               const std::string& directory);

}  // namespace kneeload::viz
