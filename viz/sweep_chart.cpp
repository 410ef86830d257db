#include "viz/sweep_chart.hpp"

#include "scenarios/nearest_name.hpp"
#include "scenarios/parameter_registry.hpp"
#include "scenarios/run_result.hpp"
#include "solver/errors.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace kneeload::viz {
namespace {

// The unit as typeset on an axis or in a legend: the files' ASCII units with their symbols.
std::string typeset_unit(const std::string& unit) {
  if (unit == "N m/kg") return "N\u00b7m/kg";
  if (unit == "BW s") return "BW\u00b7s";
  if (unit == "x") return "\u00d7 nominal";  // registry: a multiple of the nominal value
  return unit;
}

// "key (unit)", or the key alone when its unit is unknown.
std::string with_unit(const std::string& name, const std::string& unit) {
  return unit.empty() ? name : fmt::format("{} ({})", name, typeset_unit(unit));
}

std::string get_param_unit(const std::string& key) {
  const ParameterSpec* spec = get_parameter_registry().find(key);
  return spec ? spec->unit : std::string();
}

std::string get_metric_unit(const std::string& metric) {
  for (const SummaryMetric& m : get_summary_metrics())
    if (metric == m.name) return m.unit;
  return {};
}

// " (did you mean 'x'?)" or nothing.
std::string suggest(const std::string& word, const std::vector<std::string>& names) {
  const std::string nearest = calc_nearest_name(word, names);
  return nearest.empty() ? std::string() : fmt::format(" (did you mean '{}'?)", nearest);
}

// Column of `name` in `names`, or -1.
int find_index(const std::vector<std::string>& names, const std::string& name) {
  const auto it = std::find(names.begin(), names.end(), name);
  return it == names.end() ? -1 : static_cast<int>(it - names.begin());
}

int resolve_param(const SweepTable& table, const std::string& key, const char* option,
                  const std::string& path) {
  const int index = find_index(table.param_keys, key);
  if (index < 0)
    throw InputError(fmt::format("{} '{}': sweep '{}' has no such parameter{}; its parameters: {}",
                                 option, key, path, suggest(key, table.param_keys),
                                 fmt::join(table.param_keys, ", ")));
  return index;
}

}  // namespace

LineChart make_sweep_chart(const SweepTable& table, const SweepChartOptions& options,
                           const std::string& path) {
  const Eigen::Index n = table.params.rows();
  const int p = static_cast<int>(table.param_keys.size());
  KNEELOAD_CHECK(table.params.cols() == p && table.metrics.rows() == n &&
                     table.metrics.cols() == Eigen::Index(table.metric_names.size()) &&
                     table.status.size() == n,
                 "sweep table shapes: params {}x{}, keys {}, metrics {}x{} for {} names, status {}",
                 table.params.rows(), table.params.cols(), p, table.metrics.rows(),
                 table.metrics.cols(), table.metric_names.size(), table.status.size());

  const int metric = find_index(table.metric_names, options.metric);
  if (metric < 0)
    throw InputError(fmt::format("unknown metric '{}'{}; metrics: {}", options.metric,
                                 suggest(options.metric, table.metric_names),
                                 fmt::join(table.metric_names, ", ")));
  if (p == 0) throw InputError(fmt::format("sweep '{}' has no parameters to plot against", path));
  const int x_key = options.param.empty() ? 0 : resolve_param(table, options.param, "--param", path);

  // The grouping key: only a grid has lines; a sample's points have no order to join them in.
  const bool grid = table.method == "grid";
  int by_key = -1;
  if (!options.by.empty()) {
    if (!grid)
      throw InputError(fmt::format("--by '{}': sweep '{}' is a sample ({}), drawn as points without "
                                   "lines; --by groups the runs of a grid",
                                   options.by, path, table.method));
    by_key = resolve_param(table, options.by, "--by", path);
    if (by_key == x_key)
      throw InputError(fmt::format("--by '{}' is the x axis parameter too; choose another key of "
                                   "sweep '{}': {}",
                                   options.by, path, fmt::join(table.param_keys, ", ")));
  } else if (grid && p >= 2) {
    by_key = x_key == 0 ? 1 : 0;  // the second key, or the first when that is the x axis
  }

  // The runs drawn: done, with a finite metric. The others are counted for the title.
  std::vector<Eigen::Index> shown;  // [runs drawn] row indices
  int failed = 0, pending = 0, no_value = 0;
  for (Eigen::Index i = 0; i < n; ++i) {
    if (table.status[i] == sweep_failed) ++failed;
    else if (table.status[i] != sweep_ok) ++pending;
    else if (!std::isfinite(table.metrics(i, metric)) || !std::isfinite(table.params(i, x_key)))
      ++no_value;
    else shown.push_back(i);
  }
  std::string left_out;  // ", 2 failed, 1 pending"
  if (failed > 0) left_out += fmt::format(", {} failed", failed);
  if (pending > 0) left_out += fmt::format(", {} pending", pending);
  if (no_value > 0) left_out += fmt::format(", {} without a value", no_value);
  if (shown.empty())
    throw InputError(fmt::format("sweep '{}' has no completed run with a value of {} to plot "
                                 "({} runs{})",
                                 path, options.metric, n, left_out));

  // Keys other than x and by that take more than one value among the drawn runs: a line through
  // such runs would join unrelated points, so the chart then shows points only and says why.
  std::vector<std::string> also_varying;  // [keys]
  if (grid)
    for (int j = 0; j < p; ++j) {
      if (j == x_key || j == by_key) continue;
      const double first = table.params(shown.front(), j);
      if (std::any_of(shown.begin(), shown.end(),
                      [&](Eigen::Index i) { return table.params(i, j) != first; }))
        also_varying.push_back(table.param_keys[j]);
    }

  LineChart chart;
  const std::string& x_name = table.param_keys[x_key];
  chart.x_title = with_unit(x_name, get_param_unit(x_name));
  chart.y_title = with_unit(options.metric, get_metric_unit(options.metric));
  chart.title = fmt::format("{} vs {} ({}, {} of {} runs{}{})", options.metric, x_name,
                            table.method, shown.size(), n, left_out,
                            also_varying.empty()
                                ? std::string()
                                : fmt::format("; {} also vary", fmt::join(also_varying, ", ")));

  // A line through a grid's runs breaks where a run of its group is not drawn (failed, pending or
  // without a value): a line across it would show values the sweep does not have. Such a run
  // belongs to the line when its other keys have the drawn runs' values.
  std::vector<bool> is_shown(static_cast<std::size_t>(n), false);  // [runs]
  for (Eigen::Index i : shown) is_shown[static_cast<std::size_t>(i)] = true;
  auto on_the_lines = [&](Eigen::Index i) {
    if (is_shown[static_cast<std::size_t>(i)]) return true;
    for (int j = 0; j < p; ++j)
      if (j != x_key && j != by_key && table.params(i, j) != table.params(shown.front(), j))
        return false;
    return true;
  };
  auto add_series = [&](std::string label, std::vector<Eigen::Index> rows, bool markers_only) {
    std::stable_sort(rows.begin(), rows.end(), [&](Eigen::Index a, Eigen::Index b) {
      return table.params(a, x_key) < table.params(b, x_key);
    });
    LineSeries s;
    s.label = std::move(label);
    for (Eigen::Index i : rows) {
      const bool drawn = is_shown[static_cast<std::size_t>(i)];
      if (!drawn && markers_only) continue;
      s.x.push_back(table.params(i, x_key));
      s.y.push_back(drawn ? table.metrics(i, metric) : std::numeric_limits<double>::quiet_NaN());
    }
    s.markers = true;  // each dot is one run
    s.markers_only = markers_only;
    chart.series.push_back(std::move(s));
  };

  if (!grid) {
    add_series(fmt::format("{} {} samples", shown.size(), table.method), shown, true);
  } else if (by_key < 0) {
    std::vector<Eigen::Index> rows;  // [runs on the line, drawn or not]
    for (Eigen::Index i = 0; i < n; ++i)
      if (on_the_lines(i)) rows.push_back(i);
    add_series(options.metric, std::move(rows), !also_varying.empty());
  } else {
    std::vector<double> by_values;  // [groups] distinct values of the --by key, ascending
    for (Eigen::Index i : shown) by_values.push_back(table.params(i, by_key));
    std::sort(by_values.begin(), by_values.end());
    by_values.erase(std::unique(by_values.begin(), by_values.end()), by_values.end());
    const std::string& by_name = table.param_keys[by_key];
    const std::string by_unit = typeset_unit(get_param_unit(by_name));
    // The fewest significant digits (at least 3, and all of the integer part: 1000, not 1e+03)
    // that keep the groups apart: a grid step of 20/9 reads 2.22, not 2.2222222222222223.
    double largest = 0.0;
    for (double value : by_values) largest = std::max(largest, std::abs(value));
    int digits = std::max(3, largest >= 1.0 ? int(std::floor(std::log10(largest))) + 1 : 1);
    for (; digits < 17; ++digits) {
      std::vector<std::string> texts;
      for (double value : by_values) texts.push_back(fmt::format("{:.{}g}", value, digits));
      if (std::unique(texts.begin(), texts.end()) == texts.end()) break;
    }
    for (double value : by_values) {
      std::vector<Eigen::Index> rows;  // [runs in this group, drawn or not]
      for (Eigen::Index i = 0; i < n; ++i)
        if (table.params(i, by_key) == value && on_the_lines(i)) rows.push_back(i);
      std::string label = fmt::format("{} = {:.{}g}", by_name, value, digits);
      if (!by_unit.empty() && by_unit != "1") label += " " + by_unit;
      add_series(std::move(label), std::move(rows), !also_varying.empty());
    }
  }
  return chart;
}

void write_sweep_png(const std::string& sweep_path, const SweepChartOptions& options,
                     const std::string& png_path) {
  const SweepTable table = read_sweep_table(sweep_path);
  write_line_chart_png(make_sweep_chart(table, options, sweep_path), png_path);
}

}  // namespace kneeload::viz
