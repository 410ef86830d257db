#pragma once
// The words that name the model's knee on the `kneeload pf-curve --plot` charts: the Q-angle and
// the quadriceps force, and every other key the curve reads (scenarios/pf_curve.hpp) that is set
// away from its default, in short form, so a chart shown alone says which knee it is.
#include "scenarios/parameter_values.hpp"

#include <string>

namespace kneeload {

struct PfCurveLabel {
  std::string legend;    // "model, Q 14 deg, 1000 N": short, the legend sits beside the plot
  std::string subtitle;  // "Model knee: female, pronation 15 deg"; empty when no other key is set
};

// `defaults` are the same scenario's parameters without overrides.
PfCurveLabel make_pf_curve_label(const Parameters& params, const Parameters& defaults,
                                 double quad_force_N);

}  // namespace kneeload
