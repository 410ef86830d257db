#pragma once
// A sweep spec (SWEEP.toml; DESIGN.md §5-§6, docs/sweeps.md): a scenario, fixed `[base]`
// overrides, and either a full-factorial `[grid]` or a `[sample]` (Latin hypercube or a Saltelli
// design built on a Sobol sequence) over number parameters. Strict like io/config: an unknown
// table or key, a wrong type or a value out of the registry range is one InputError naming
// file:line:col and the key. Every point is resolved and validated when the spec is read, so no run
// starts from a spec that would fail part-way.
//
//   scenario = "level_run"
//   [base]
//   body.height_m = 1.80
//   [grid]                                    # first key varies slowest
//   body.mass_kg = [60, 80, 100]
//   foot.pronation_deg = {from = 0, to = 20, steps = 3}
//
//   [sample]                                  # instead of [grid]
//   method = "sobol"                          # or "lhs"
//   n = 64                                    # lhs: runs; sobol: base count N, runs N·(p+2)
//   seed = 1
//   [sample.ranges]
//   body.mass_kg = [50, 110]
#include "scenarios/parameter_values.hpp"

#include <Eigen/Core>

#include <cstdint>
#include <string>
#include <vector>

namespace kneeload {

struct SweepSpec {
  std::string scenario;                   // contract scenario name
  std::string spec_toml;                  // the spec text as given
  std::string source_name;                // file name, for messages
  std::string method;                     // "grid", "lhs" or "sobol"
  int n_base = 0;                         // sobol: base sample count N; else 0
  std::uint64_t seed = 0;                 // sample seed (grid: 0)
  std::vector<std::string> base_overrides;  // [b] "key=value" from [base], in file order
  std::vector<std::string> param_keys;      // [p] swept keys, in spec order
  std::vector<std::string> param_units;     // [p] registry unit of each swept key
  Eigen::MatrixXd points;                   // [n × p] in the registry units of the keys

  int get_run_count() const { return int(points.rows()); }
};

// Parses and validates `toml_text`; `source_name` prefixes messages.
SweepSpec parse_sweep_spec(const std::string& toml_text, const std::string& source_name);

// Reads the file (InputError naming it if it cannot be read) and parses it.
SweepSpec read_sweep_spec(const std::string& path);

// Run `index`'s resolved parameters: registry defaults < [base] < the point's values.
// Thread-safe (reads the spec only). InputError if the point is invalid (not after parse).
Parameters make_run_parameters(const SweepSpec& spec, int index);

// A text that changes whenever anything that decides a run's numbers changes (scenario, base,
// keys, every point bit for bit); 16 hex digits. --resume refuses a file made from another spec.
std::string calc_sweep_fingerprint(const SweepSpec& spec);

}  // namespace kneeload
