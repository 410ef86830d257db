#include "viz/run_signal_chart.hpp"

#include "io/config.hpp"
#include "io/run_file.hpp"
#include "solver/errors.hpp"
#include "viz/run_signal.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <filesystem>

namespace kneeload::viz {
namespace {

// The unit as typeset on an axis: the run file's ASCII units with their proper symbols.
std::string typeset_unit(const std::string& unit) {
  if (unit == "mm^2") return "mm\u00b2";
  if (unit == "N m") return "N\u00b7m";
  if (unit == "N m/kg") return "N\u00b7m/kg";
  return unit;
}

bool has_failed(const RunResult& run) { return run.summary.status != "ok"; }

// " (failed at 0.073 s)": where the series stops, in s from the first sample.
std::string describe_failure(const Eigen::VectorXd& time_s) {
  if (time_s.size() == 0) return " (failed)";
  return fmt::format(" (failed at {:.3f} s)", time_s[time_s.size() - 1] - time_s[0]);
}

// The keys in which the configs of runs of one scenario differ (registry order) and, per run,
// their values as typed on the command line; no keys when more than two differ (too long for a
// legend) or a config does not read.
struct DifferingKeys {
  std::vector<std::string> keys;
  std::vector<std::vector<std::string>> values;  // [runs][keys]
};

DifferingKeys find_differing_keys(const std::vector<const RunResult*>& group) {
  constexpr std::size_t kMaxKeys = 2;
  std::vector<Parameters> configs;  // [group]
  try {
    for (const RunResult* run : group)
      configs.push_back(parse_resolved_toml(run->meta.config_toml, run->meta.scenario));
  } catch (const InputError&) {
    return {};
  }
  std::vector<std::size_t> differing;  // entry indices, registry order
  const std::vector<Parameters::Entry>& first = configs.front().get_entries();
  for (std::size_t e = 0; e < first.size(); ++e)
    if (std::any_of(configs.begin(), configs.end(),
                    [&](const Parameters& c) { return !(c.get_entries()[e] == first[e]); }))
      differing.push_back(e);
  if (differing.size() > kMaxKeys) return {};
  DifferingKeys d;
  for (std::size_t e : differing) d.keys.push_back(first[e].key);
  for (const Parameters& c : configs) {
    d.values.emplace_back();
    for (std::size_t e : differing)
      d.values.back().push_back(format_value_with_unit(c.get_entries()[e]));
  }
  return d;
}

// The runs of one scenario (indices into the runs, in order) and the keys in which they differ.
struct ScenarioGroup {
  std::string scenario;
  std::vector<std::size_t> members;
  DifferingKeys differing;  // empty for a scenario of one run
};

// The groups in the order their scenarios first appear; each group's configs compared once.
std::vector<ScenarioGroup> group_by_scenario(const std::vector<RunResult>& runs) {
  std::vector<ScenarioGroup> groups;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    auto it = std::find_if(groups.begin(), groups.end(), [&](const ScenarioGroup& g) {
      return g.scenario == runs[i].meta.scenario;
    });
    if (it == groups.end()) it = groups.insert(groups.end(), {runs[i].meta.scenario, {}, {}});
    it->members.push_back(i);
  }
  for (ScenarioGroup& g : groups) {
    if (g.members.size() < 2) continue;
    std::vector<const RunResult*> members;  // [members]
    for (std::size_t i : g.members) members.push_back(&runs[i]);
    g.differing = find_differing_keys(members);
  }
  return groups;
}

std::vector<std::string> make_legend_labels(const std::vector<std::string>& paths,
                                            const std::vector<RunResult>& runs,
                                            const std::vector<ScenarioGroup>& groups) {
  KNEELOAD_CHECK(paths.size() == runs.size(), "{} paths for {} runs", paths.size(), runs.size());
  std::vector<std::string> file_names;  // [runs]
  for (const std::string& path : paths)
    file_names.push_back(std::filesystem::path(path).filename().string());
  std::vector<std::string> labels(runs.size());  // [runs]
  for (const ScenarioGroup& g : groups)
    for (std::size_t place = 0; place < g.members.size(); ++place) {
      const std::size_t i = g.members[place];
      std::string& label = labels[i];
      label = g.scenario;
      if (g.members.size() > 1) {
        label = std::count(file_names.begin(), file_names.end(), file_names[i]) > 1
                    ? paths[i]
                    : file_names[i];
        if (groups.size() > 1) label = g.scenario + " " + label;
        // What tells this run from the others of its scenario ("(100 kN/m, 80 kg)"); the keys are
        // in the subtitle (make_run_signal_chart).
        if (!g.differing.keys.empty())
          label += fmt::format(" ({})", fmt::join(g.differing.values[place], ", "));
      }
      if (has_failed(runs[i])) label += describe_failure(runs[i].time_s);
    }
  return labels;
}

}  // namespace

std::vector<std::string> calc_run_legend_labels(const std::vector<std::string>& paths,
                                                const std::vector<RunResult>& runs) {
  return make_legend_labels(paths, runs, group_by_scenario(runs));
}

LineChart make_run_signal_chart(const std::vector<std::string>& paths,
                                const std::vector<RunResult>& runs, const std::string& signal) {
  KNEELOAD_CHECK(paths.size() == runs.size(), "{} paths for {} runs", paths.size(), runs.size());
  if (runs.empty()) throw InputError("no run file to plot");
  const std::vector<ScenarioGroup> groups = group_by_scenario(runs);
  const std::vector<std::string> labels = make_legend_labels(paths, runs, groups);
  // A failed run's last sample is the failure, not toe-off: on % stance it would look like a whole
  // stance. With one failed run, every run is drawn against time from initial contact instead.
  const bool time_axis = std::any_of(runs.begin(), runs.end(), has_failed);
  LineChart chart;
  chart.x_title = time_axis ? "time from initial contact (s)" : "stance (%)";
  std::vector<std::string> differences;  // per scenario whose runs differ
  for (const ScenarioGroup& g : groups)
    if (!g.differing.keys.empty())
      differences.push_back(
          fmt::format("{} runs differ in {}", g.scenario, fmt::join(g.differing.keys, ", ")));
  chart.subtitle = fmt::format("{}", fmt::join(differences, "; "));
  std::string first_unit;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    RunSignal s = calc_run_signal(runs[i], signal, paths[i]);
    if (i == 0) {
      chart.title = s.description;
      chart.y_title = fmt::format("{} ({})", s.axis_label, typeset_unit(s.unit));
      first_unit = s.unit;
    } else if (s.unit != first_unit) {  // a column with another unit: one axis cannot show both
      throw InputError(fmt::format("signal '{}' is in {} in run '{}' but in {} in run '{}'", signal,
                                   s.unit, paths[i], first_unit, paths[0]));
    }
    std::vector<double> x = time_axis ? calc_time_from_contact_s(runs[i].time_s, paths[i])
                                      : calc_percent_stance(runs[i].time_s, paths[i]);
    // Dashed: the curve of a failed run stops short, and not at toe-off.
    chart.series.push_back({labels[i], std::move(x), std::move(s.values), has_failed(runs[i])});
  }
  return chart;
}

void write_run_signal_png(const std::vector<std::string>& run_paths, const std::string& signal,
                          const std::string& png_path) {
  std::vector<RunResult> runs;  // [runs]
  for (const std::string& path : run_paths) runs.push_back(read_run_file(path));
  write_line_chart_png(make_run_signal_chart(run_paths, runs, signal), png_path);
}

}  // namespace kneeload::viz
