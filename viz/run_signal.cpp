#include "viz/run_signal.hpp"

#include "io/config.hpp"
#include "scenarios/nearest_name.hpp"
#include "solver/errors.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>

namespace kneeload::viz {
namespace {

constexpr double kGravity_mps2 = 9.80665;  // m/s^2, standard gravity: BW = body mass × g
constexpr double kPi = 3.14159265358979323846;
constexpr double kDegPerRad = 180.0 / kPi;
constexpr const char* kKneeCoordinate = "knee_angle_r";  // the loaded (right) knee, DESIGN.md §2

std::vector<double> copy_vector(const Eigen::VectorXd& v) {
  return std::vector<double>(v.data(), v.data() + v.size());
}

std::vector<double> copy_column(const SeriesMatrix& m, int column) {
  std::vector<double> out(static_cast<std::size_t>(m.rows()));  // [N]
  for (Eigen::Index k = 0; k < m.rows(); ++k) out[static_cast<std::size_t>(k)] = m(k, column);
  return out;
}

int find_column(const std::vector<std::string>& names, const std::string& name) {
  const auto it = std::find(names.begin(), names.end(), name);
  return it == names.end() ? -1 : static_cast<int>(it - names.begin());
}

// Body mass from the run's resolved config (the run file stores it there, not as a dataset).
double get_body_mass_kg(const RunResult& run, const std::string& signal, const std::string& where) {
  try {
    const double mass_kg = parse_resolved_toml(run.meta.config_toml, where).get_number("body.mass_kg");
    if (std::isfinite(mass_kg) && mass_kg > 0.0) return mass_kg;
    throw InputError(fmt::format("body.mass_kg = {} is not a positive mass", mass_kg));
  } catch (const InputError& e) {
    throw InputError(fmt::format("signal '{}' needs the body mass of run '{}': {}", signal, where,
                                 e.what()));
  }
}

// The knee_angle_r column of a named-column dataset; InputError if the run has none.
int find_knee_column(const std::vector<std::string>& names, const char* dataset,
                     const std::string& signal, const std::string& where) {
  const int j = find_column(names, kKneeCoordinate);
  if (j < 0)
    throw InputError(fmt::format("signal '{}': run '{}' has no column '{}' in {}", signal, where,
                                 kKneeCoordinate, dataset));
  return j;
}

using Extract = std::vector<double> (*)(const RunResult&, const std::string& signal,
                                        const std::string& where);

// A signal with a fixed meaning: an alias, a [N] dataset of §6, or both.
struct NamedSignal {
  const char* alias;        // short name, "" if none
  const char* dataset;      // §6 dataset path, "" if the signal is derived
  const char* description;  // chart title
  const char* axis_label;   // axis title before the unit
  const char* unit;
  Extract extract;
};

const std::array<NamedSignal, 12> kNamedSignals = {{
    {"pf_force_bw", "patellofemoral/contact_force_bw", "Patellofemoral contact force",
     "PF contact force", "BW",
     [](const RunResult& r, const std::string&, const std::string&) {
       return copy_vector(r.patellofemoral.contact_force_bw);
     }},
    {"pf_force_N", "", "Patellofemoral contact force", "PF contact force", "N",
     [](const RunResult& r, const std::string&, const std::string&) {
       const SeriesMatrix& f = r.patellofemoral.contact_force_N;  // [N × 3] N
       std::vector<double> out(static_cast<std::size_t>(f.rows()));
       for (Eigen::Index k = 0; k < f.rows(); ++k) out[static_cast<std::size_t>(k)] = f.row(k).norm();
       return out;
     }},
    {"peak_pressure_MPa", "patellofemoral/peak_pressure_MPa",
     "Peak patellofemoral contact pressure", "peak contact pressure", "MPa",
     [](const RunResult& r, const std::string&, const std::string&) {
       return copy_vector(r.patellofemoral.peak_pressure_MPa);
     }},
    {"mean_pressure_MPa", "patellofemoral/mean_pressure_MPa",
     "Mean patellofemoral contact pressure", "mean contact pressure", "MPa",
     [](const RunResult& r, const std::string&, const std::string&) {
       return copy_vector(r.patellofemoral.mean_pressure_MPa);
     }},
    {"contact_area_mm2", "patellofemoral/contact_area_mm2", "Patellofemoral contact area",
     "contact area", "mm^2",
     [](const RunResult& r, const std::string&, const std::string&) {
       return copy_vector(r.patellofemoral.contact_area_mm2);
     }},
    {"lateral_fraction", "patellofemoral/lateral_fraction",
     "Share of the PF contact force on the lateral facet", "lateral facet share", "1",
     [](const RunResult& r, const std::string&, const std::string&) {
       return copy_vector(r.patellofemoral.lateral_fraction);
     }},
    {"quadriceps_force_N", "patellofemoral/quadriceps_force_N", "Quadriceps force",
     "quadriceps force", "N",
     [](const RunResult& r, const std::string&, const std::string&) {
       return copy_vector(r.patellofemoral.quadriceps_force_N);
     }},
    {"patellar_tendon_force_N", "patellofemoral/patellar_tendon_force_N", "Patellar tendon force",
     "patellar tendon force", "N",
     [](const RunResult& r, const std::string&, const std::string&) {
       return copy_vector(r.patellofemoral.patellar_tendon_force_N);
     }},
    {"vgrf_bw", "", "Vertical ground reaction force", "vertical GRF", "BW",
     [](const RunResult& r, const std::string& signal, const std::string& where) {
       const double weight_N = get_body_mass_kg(r, signal, where) * kGravity_mps2;
       std::vector<double> out = copy_column(r.ground.force_N, 1);  // world y = up
       for (double& v : out) v /= weight_N;
       return out;
     }},
    {"knee_angle_deg", "", "Knee flexion", "knee flexion", "deg",
     [](const RunResult& r, const std::string& signal, const std::string& where) {
       const int j = find_knee_column(r.coordinates.names, "coordinates/values", signal, where);
       std::vector<double> out = copy_column(r.coordinates.values, j);  // rad
       for (double& v : out) v *= kDegPerRad;
       return out;
     }},
    {"knee_moment_Nm_per_kg", "", "Net knee moment (flexion positive)", "knee moment, flexion +",
     "N m/kg",
     [](const RunResult& r, const std::string& signal, const std::string& where) {
       const int j = find_knee_column(r.joints.names, "joints/moment_Nm", signal, where);
       const double mass_kg = get_body_mass_kg(r, signal, where);
       std::vector<double> out = copy_column(r.joints.moment_Nm, j);  // N m
       for (double& v : out) v /= mass_kg;
       return out;
     }},
    // The usual sign in running and stair studies: the extensors' moment drawn positive.
    {"knee_extension_moment_Nm_per_kg", "", "Net knee extension moment",
     "knee extension moment", "N m/kg",
     [](const RunResult& r, const std::string& signal, const std::string& where) {
       const int j = find_knee_column(r.joints.names, "joints/moment_Nm", signal, where);
       const double mass_kg = get_body_mass_kg(r, signal, where);
       std::vector<double> out = copy_column(r.joints.moment_Nm, j);  // N m, flexion positive
       for (double& v : out) v /= -mass_kg;
       return out;
     }},
}};

// An [N × columns] dataset of §6, addressed as "<path>/<column>".
struct ColumnDataset {
  const char* path;         // e.g. "muscles/force_N"
  const char* placeholder;  // how its columns are written in listings, e.g. "<muscle>"
  const char* label;        // fmt pattern, {} = the column, e.g. "{} tendon force"
  // Chart title pattern: starts with a capital word, so that the column, a name the user types,
  // keeps its spelling (a capitalised "Knee_angle_r" reads as a typo).
  const char* title;
  const char* unit;         // "" = the coordinate's own unit (rad or m), "/s" appended for speeds
  const SeriesMatrix& (*matrix)(const RunResult&);
  const std::vector<std::string>& (*columns)(const RunResult&);
};

const std::vector<std::string>& get_xyz(const RunResult&) {
  static const std::vector<std::string> kXyz = {"x", "y", "z"};  // world or femur frame axes
  return kXyz;
}
const std::vector<std::string>& get_along_normal(const RunResult&) {
  static const std::vector<std::string> kAlongNormal = {"along", "normal"};  // to the terrain
  return kAlongNormal;
}

const std::array<ColumnDataset, 12> kColumnDatasets = {{
    {"patellofemoral/contact_force_N", "{x,y,z}", "PF contact force {} (femur frame)",
     "PF contact force {} (femur frame)", "N",
     [](const RunResult& r) -> const SeriesMatrix& { return r.patellofemoral.contact_force_N; },
     get_xyz},
    {"ground/force_N", "{x,y,z}", "ground force {} (world frame)",
     "Ground force {} (world frame)", "N",
     [](const RunResult& r) -> const SeriesMatrix& { return r.ground.force_N; }, get_xyz},
    {"ground/force_terrain_N", "{along,normal}", "ground force {} (terrain)",
     "Ground force {} (terrain)", "N",
     [](const RunResult& r) -> const SeriesMatrix& { return r.ground.force_terrain_N; },
     get_along_normal},
    {"ground/cop_m", "{x,y,z}", "centre of pressure {} (world frame)",
     "Centre of pressure {} (world frame)", "m",
     [](const RunResult& r) -> const SeriesMatrix& { return r.ground.cop_m; }, get_xyz},
    {"coordinates/values", "<coordinate>", "{}", "Coordinate {}", "",
     [](const RunResult& r) -> const SeriesMatrix& { return r.coordinates.values; },
     [](const RunResult& r) -> const std::vector<std::string>& { return r.coordinates.names; }},
    {"coordinates/speeds", "<coordinate>", "{} speed", "Speed of coordinate {}", "",
     [](const RunResult& r) -> const SeriesMatrix& { return r.coordinates.speeds; },
     [](const RunResult& r) -> const std::vector<std::string>& { return r.coordinates.names; }},
    {"muscles/activation", "<muscle>", "{} activation", "Activation of muscle {}",
     "1", [](const RunResult& r) -> const SeriesMatrix& { return r.muscles.activation; },
     [](const RunResult& r) -> const std::vector<std::string>& { return r.muscles.names; }},
    {"muscles/force_N", "<muscle>", "{} tendon force", "Tendon force of muscle {}",
     "N", [](const RunResult& r) -> const SeriesMatrix& { return r.muscles.force_N; },
     [](const RunResult& r) -> const std::vector<std::string>& { return r.muscles.names; }},
    {"joints/moment_Nm", "<coordinate>", "{} net joint moment",
     "Net joint moment of {}", "N m",
     [](const RunResult& r) -> const SeriesMatrix& { return r.joints.moment_Nm; },
     [](const RunResult& r) -> const std::vector<std::string>& { return r.joints.names; }},
    {"control/residual_force_N", "<coordinate>", "{} residual force",
     "Residual force on {}", "N",
     [](const RunResult& r) -> const SeriesMatrix& { return r.control.residual_force_N; },
     [](const RunResult& r) -> const std::vector<std::string>& { return r.control.residual_names; }},
    {"control/reserve_moment_Nm", "<coordinate>", "{} reserve moment",
     "Reserve moment on {}", "N m",
     [](const RunResult& r) -> const SeriesMatrix& { return r.control.reserve_moment_Nm; },
     [](const RunResult& r) -> const std::vector<std::string>& { return r.control.reserve_names; }},
    {"control/tracking_error_rad", "<coordinate>", "{} tracking error",
     "Tracking error of {}", "rad",
     [](const RunResult& r) -> const SeriesMatrix& { return r.control.tracking_error_rad; },
     [](const RunResult& r) -> const std::vector<std::string>& { return r.control.tracking_names; }},
}};

std::string join(const std::vector<std::string>& words) { return fmt::format("{}", fmt::join(words, ", ")); }

std::string suggest(const std::string& word, const std::vector<std::string>& candidates) {
  const std::string nearest = calc_nearest_name(word, candidates);
  return nearest.empty() ? std::string() : fmt::format(" (did you mean '{}'?)", nearest);
}

RunSignal calc_column_signal(const RunResult& run, const ColumnDataset& dataset,
                             const std::string& name, const std::string& column,
                             const std::string& where) {
  const std::vector<std::string>& columns = dataset.columns(run);
  const int j = find_column(columns, column);
  if (j < 0)
    throw InputError(fmt::format("signal '{}': run '{}' has no column '{}' in {}{}; its columns: {}",
                                 name, where, column, dataset.path, suggest(column, columns),
                                 join(columns)));
  const SeriesMatrix& m = dataset.matrix(run);
  KNEELOAD_CHECK(j < m.cols(), "{} of run '{}' has {} names but {} columns", dataset.path, where,
                 columns.size(), m.cols());
  RunSignal signal;
  signal.name = name;
  signal.axis_label = fmt::format(fmt::runtime(dataset.label), column);
  signal.description = fmt::format(fmt::runtime(dataset.title), column);
  signal.unit = dataset.unit;
  if (signal.unit.empty()) {  // a coordinate: rad or m, per column
    const std::string& unit = run.coordinates.units.at(static_cast<std::size_t>(j));
    signal.unit = dataset.path == std::string("coordinates/speeds") ? unit + "/s" : unit;
  }
  signal.values = copy_column(m, j);
  return signal;
}

}  // namespace

std::vector<std::string> get_run_signal_names() {
  std::vector<std::string> names;
  for (const NamedSignal& s : kNamedSignals)
    if (*s.alias) names.emplace_back(s.alias);
  for (const NamedSignal& s : kNamedSignals)
    if (*s.dataset) names.emplace_back(s.dataset);
  for (const ColumnDataset& d : kColumnDatasets)
    names.push_back(fmt::format("{}/{}", d.path, d.placeholder));
  return names;
}

RunSignal calc_run_signal(const RunResult& run, const std::string& asked, const std::string& where) {
  const std::string name = !asked.empty() && asked[0] == '/' ? asked.substr(1) : asked;
  for (const NamedSignal& s : kNamedSignals)
    if (name == s.alias || name == s.dataset) {
      RunSignal signal{name, s.description, s.axis_label, s.unit, s.extract(run, name, where)};
      KNEELOAD_CHECK(signal.values.size() == static_cast<std::size_t>(run.time_s.size()),
                     "signal '{}' of run '{}' has {} samples, time has {}", name, where,
                     signal.values.size(), run.time_s.size());
      return signal;
    }
  for (const ColumnDataset& d : kColumnDatasets) {
    const std::string prefix = std::string(d.path) + "/";
    if (name == d.path)
      throw InputError(fmt::format("signal '{}' needs a column: {}{}", name, prefix, d.placeholder));
    if (name.size() > prefix.size() && name.compare(0, prefix.size(), prefix) == 0)
      return calc_column_signal(run, d, name, name.substr(prefix.size()), where);
  }
  const std::vector<std::string> valid = get_run_signal_names();
  throw InputError(
      fmt::format("unknown signal '{}'{}; valid signals: {}", asked, suggest(name, valid), join(valid)));
}

std::vector<double> calc_percent_stance(const Eigen::VectorXd& time_s, const std::string& where) {
  const Eigen::Index n = time_s.size();
  const std::vector<double> since_s = calc_time_from_contact_s(time_s, where);  // [N] s
  const double duration_s = since_s.back();
  if (!(duration_s > 0.0))
    throw InputError(fmt::format("run '{}' has no stance duration (time runs from {} s to {} s)",
                                 where, time_s[0], time_s[n - 1]));
  std::vector<double> percent(since_s.size());  // [N] %
  for (std::size_t k = 0; k < since_s.size(); ++k) percent[k] = 100.0 * since_s[k] / duration_s;
  percent.back() = 100.0;  // exactly, whatever the rounding
  return percent;
}

std::vector<double> calc_time_from_contact_s(const Eigen::VectorXd& time_s,
                                             const std::string& where) {
  const Eigen::Index n = time_s.size();
  if (n < 2)
    throw InputError(fmt::format("run '{}' has {} output sample{}: at least 2 are needed to plot "
                                 "a curve",
                                 where, n, n == 1 ? "" : "s"));
  std::vector<double> since_s(static_cast<std::size_t>(n));  // [N] s
  for (Eigen::Index k = 0; k < n; ++k) since_s[static_cast<std::size_t>(k)] = time_s[k] - time_s[0];
  return since_s;
}

}  // namespace kneeload::viz
