#pragma once
// The published bands of DESIGN.md §7 (data/validation/published_values.csv) checked against
// simulations at default parameters: `kneeload validate` prints them, the `validation` tests
// assert the bands the model meets. docs/validation.md.
#include "scenarios/run_result.hpp"

#include <map>
#include <string>
#include <vector>

namespace kneeload {

struct ValidationBand {
  std::string id;        // stable key, e.g. "level_run_peak_pf_force"
  std::string scenario;  // scenario name, "pf-curve" or "any"
  std::string metric;    // what is compared (summary attribute or a relation)
  double low = 0, high = 0;  // inclusive band; ±infinity where the table leaves it empty
  std::string unit;      // of low, high and the model value
  std::string source;    // citation text
};

// All rows of data/validation/published_values.csv.
std::vector<ValidationBand> read_validation_bands();

struct ValidationCheck {
  ValidationBand band;
  double value = 0;           // the model's value in band.unit (NaN when not evaluated)
  bool evaluated = false;     // false: not computed by run_validation (an unknown metric)
  bool pass = false;
  std::string note;           // how the value was obtained, or why it was not
};

// Runs (once each, cached in `runs`) the simulations that the bands need and evaluates every band
// of `bands`; the pf-curve bands come from one calc_pf_curve at default parameters (pf_curve.hpp). Keys of `runs`: "<scenario>" at defaults, "level_run mass x1.5",
// "level_run quadriceps x0.5".
std::vector<ValidationCheck> run_validation(const std::vector<ValidationBand>& bands,
                                            std::map<std::string, RunResult>& runs);

// One band by id (InputError if absent), evaluated as above.
ValidationCheck check_validation_band(const std::string& id);

}  // namespace kneeload
