#pragma once
// One signal of a run picked by name, with its unit: what `kneeload plot --signal NAME` draws.
// A name is either a short alias (`pf_force_bw`, `vgrf_bw`, `knee_angle_deg`, ...) or a dataset
// of the run file (DESIGN.md §6, docs/hdf5_schema.md): a [N] dataset by its path
// (`patellofemoral/peak_pressure_MPa`), a column of an [N × columns] dataset by its path and the
// column (`ground/force_N/y`, `muscles/force_N/vasmed_r`, `coordinates/values/knee_angle_r`).
#include "scenarios/run_result.hpp"

#include <Eigen/Core>

#include <string>
#include <vector>

namespace kneeload::viz {

struct RunSignal {
  std::string name;            // as asked, without a leading '/', e.g. "pf_force_bw"
  std::string description;     // what it is, for a chart title, e.g. "Patellofemoral contact force"
  std::string axis_label;      // short, for an axis title before the unit, e.g. "PF contact force"
  std::string unit;            // as in the run file's `units` attributes: "BW", "N", "mm^2", "1"
  std::vector<double> values;  // [N] in `unit`, one per output sample of the run
};

// The signal names calc_run_signal understands, for help texts and error messages: the aliases,
// then the [N] datasets, then the column datasets written as `ground/force_N/{x,y,z}` or
// `muscles/force_N/<muscle>`.
std::vector<std::string> get_run_signal_names();

// The signal `name` of `run`. `where` names the run (its file) in errors. InputError, one line:
// for an unknown name, listing the valid ones (and the nearest one); for a column the run lacks,
// listing the run's columns of that dataset; for a per-kg or BW signal when the run's config has no
// usable body.mass_kg.
RunSignal calc_run_signal(const RunResult& run, const std::string& name, const std::string& where);

// [N] % stance of each sample: 0 at the first sample, 100 at the last, linear in time in between.
// InputError naming `where` if there are fewer than 2 samples or the last time is not after the
// first.
std::vector<double> calc_percent_stance(const Eigen::VectorXd& time_s, const std::string& where);

// [N] s since the first sample (initial contact): the abscissa when a run failed, whose last
// sample is the failure and not toe-off, so % stance would stretch it over a whole stance.
// InputError naming `where` if there are fewer than 2 samples.
std::vector<double> calc_time_from_contact_s(const Eigen::VectorXd& time_s,
                                             const std::string& where);

}  // namespace kneeload::viz
