// Sweep spec reading and validation (docs/sweeps.md). Every value is checked where it is written,
// so messages carry file:line:col; then every point is resolved through io/config as the run will
// be, so no run starts from a spec that would fail part-way.
#include "io/sweep_spec.hpp"

#include "io/config.hpp"
#include "io/text_file.hpp"
#include "scenarios/sample_design.hpp"
#include "scenarios/scenario_names.hpp"
#include "solver/errors.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <tuple>
#include <utility>

namespace kneeload {
namespace {

// Runs one sweep may hold: every point is resolved, and its row kept, before the first run starts
// (≈ 0.2 kB each), so a spec far beyond a study's size would take minutes and gigabytes silently.
constexpr int64_t kMaxSweepRuns = 1000000;

std::string where(const std::string& source_name, const toml::node& node) {
  return fmt::format("{}:{}:{}", source_name, node.source().begin.line,
                     node.source().begin.column);
}

std::string join_key(const std::string& prefix, std::string_view name) {
  return prefix.empty() ? std::string(name) : prefix + "." + std::string(name);
}

std::optional<double> get_number(const toml::node& node) {
  if (node.is_integer()) return static_cast<double>(*node.value<int64_t>());
  if (node.is_floating_point()) return *node.value<double>();
  return std::nullopt;
}

// Text that io/config reads back to the same double (shortest round-trip form).
std::string format_exact(double value) { return format_number(value); }

// The registry spec of a swept key as it applies in `scenario`: a known number key the scenario
// reads. InputError at `at` otherwise.
ParameterSpec get_swept_spec(const std::string& key, const std::string& scenario,
                             const std::string& at) {
  const ParameterRegistry& registry = get_parameter_registry();
  const ParameterSpec* spec = registry.find(key);
  if (spec == nullptr) {
    try {
      registry.get(key);  // throws naming the nearest key
    } catch (const InputError& e) {
      throw InputError(fmt::format("{}: {}", at, e.what()));
    }
  }
  if (spec->kind != ParameterKind::number)
    throw InputError(fmt::format("{}: {} is a choice ({}); only number parameters can be swept "
                                 "(set it in [base])",
                                 at, key, format_allowed(*spec)));
  const ParameterSpec in_scenario = calc_scenario_spec(*spec, scenario);
  if (in_scenario.ignored)
    throw InputError(fmt::format("{}: {} is not used by scenario '{}'; sweeping it would repeat "
                                 "the same run",
                                 at, key, scenario));
  return in_scenario;
}

void check_in_range(const ParameterSpec& spec, double value, const std::string& at) {
  if (!(spec.min_value <= value && value <= spec.max_value))  // also rejects NaN
    throw InputError(fmt::format("{}: {} = {} is out of range {}", at, spec.key,
                                 format_exact(value), format_allowed(spec)));
}

using TomlLeaf = std::pair<std::string, const toml::node*>;  // dotted key, its value

// Every leaf under `table` (dotted keys and sub-tables flattened) into `leaves`. A table whose
// path is a registry key is a leaf (a grid's {from, to, steps}).
void collect_leaves(const toml::table& table, const std::string& prefix,
                    const std::string& source_name, const std::string& section,
                    std::vector<TomlLeaf>& leaves) {
  const ParameterRegistry& registry = get_parameter_registry();
  for (const auto& [name, node] : table) {
    const std::string key = join_key(prefix, name.str());
    const toml::table* sub = node.as_table();
    if (sub != nullptr && registry.find(key) == nullptr) {
      if (!registry.is_table_prefix(key)) {
        try {
          registry.get(key);
        } catch (const InputError& e) {
          throw InputError(fmt::format("{}: [{}] {}", where(source_name, node), section, e.what()));
        }
      }
      collect_leaves(*sub, key, source_name, section, leaves);
    } else {
      leaves.emplace_back(key, &node);
    }
  }
}

// Calls visit(key, node) for every leaf under `table`, in the order the file writes them: toml++
// keeps a table's keys sorted by name, but a grid's first key is the one that varies slowest.
template <typename Visit>
void visit_leaves(const toml::table& table, const std::string& prefix,
                  const std::string& source_name, const std::string& section, Visit&& visit) {
  std::vector<TomlLeaf> leaves;
  collect_leaves(table, prefix, source_name, section, leaves);
  std::stable_sort(leaves.begin(), leaves.end(), [](const TomlLeaf& a, const TomlLeaf& b) {
    const toml::source_position& pa = a.second->source().begin;
    const toml::source_position& pb = b.second->source().begin;
    return std::tie(pa.line, pa.column) < std::tie(pb.line, pb.column);
  });
  for (const auto& [key, node] : leaves) visit(key, *node);
}

// [base]: each leaf becomes a "key=value" override, checked alone so its error names its line.
void read_base(const toml::table& base, SweepSpec& spec) {
  visit_leaves(base, "", spec.source_name, "base", [&](const std::string& key, const toml::node& node) {
    const std::string at = where(spec.source_name, node);
    std::string text;
    if (node.is_integer()) text = std::to_string(*node.value<int64_t>());
    else if (node.is_floating_point()) text = format_exact(*node.value<double>());
    else if (node.is_string()) text = *node.value<std::string>();
    else if (node.is_boolean()) text = *node.value<bool>() ? "true" : "false";
    else
      throw InputError(fmt::format("{}: [base] {} must be a single value (a sweep over it belongs "
                                   "in [grid] or [sample])",
                                   at, key));
    const std::string override_text = key + "=" + text;
    try {
      resolve_parameters_toml(spec.scenario, "", spec.source_name, {override_text});
    } catch (const InputError& e) {
      std::string message = e.what();
      const std::string prefix = fmt::format("override '{}': ", override_text);
      if (message.rfind(prefix, 0) == 0) message = message.substr(prefix.size());
      throw InputError(fmt::format("{}: [base] {}", at, message));
    }
    spec.base_overrides.push_back(override_text);
  });
}

// A value listed twice on one axis would run the same points twice.
void check_distinct(const std::string& key, std::vector<double> values, const std::string& at) {
  std::sort(values.begin(), values.end());
  const auto twice = std::adjacent_find(values.begin(), values.end());
  if (twice != values.end())
    throw InputError(fmt::format("{}: [grid] {} holds {} twice: its runs would repeat", at, key,
                                 format_exact(*twice)));
}

// One grid axis: `[v1, v2, ...]` or `{from = a, to = b, steps = n}`.
std::vector<double> read_grid_axis(const std::string& key, const toml::node& node,
                                   const ParameterSpec& pspec, const std::string& source_name) {
  const std::string at = where(source_name, node);
  std::vector<double> values;
  if (const toml::array* list = node.as_array()) {
    if (list->empty()) throw InputError(fmt::format("{}: [grid] {} is an empty list", at, key));
    for (const toml::node& item : *list) {
      const std::optional<double> value = get_number(item);
      if (!value)
        throw InputError(fmt::format("{}: [grid] {}: every value must be a number in {}",
                                     where(source_name, item), key, format_allowed(pspec)));
      check_in_range(pspec, *value, where(source_name, item) + ": [grid]");
      values.push_back(*value);
    }
    check_distinct(key, values, at);
    return values;
  }
  if (const toml::table* range = node.as_table()) {
    std::optional<double> from, to;
    std::optional<int64_t> steps;
    for (const auto& [name, item] : *range) {
      const std::string item_at = where(source_name, item);
      if (name.str() == "from") from = get_number(item);
      else if (name.str() == "to") to = get_number(item);
      else if (name.str() == "steps" && item.is_integer()) steps = *item.value<int64_t>();
      else if (name.str() != "steps")
        throw InputError(fmt::format("{}: [grid] {}: unknown key '{}' (expected from, to, steps)",
                                     item_at, key, name.str()));
      if ((name.str() == "from" && !from) || (name.str() == "to" && !to) ||
          (name.str() == "steps" && !steps))
        throw InputError(fmt::format("{}: [grid] {}.{} must be {}", item_at, key, name.str(),
                                     name.str() == "steps" ? "an integer >= 1" : "a number"));
    }
    if (!from || !to || !steps)
      throw InputError(fmt::format("{}: [grid] {} needs from, to and steps", at, key));
    if (*steps < 1 || *steps > 1000000)
      throw InputError(fmt::format("{}: [grid] {}.steps = {} must be in [1, 1000000]", at, key,
                                   *steps));
    check_in_range(pspec, *from, at + ": [grid] from");
    check_in_range(pspec, *to, at + ": [grid] to");
    // Both ends are included, so one step can only be one value, and one value only one step.
    if ((*steps == 1) != (*from == *to))
      throw InputError(fmt::format(
          "{}: [grid] {} = {{from = {}, to = {}, steps = {}}}: {}", at, key, format_exact(*from),
          format_exact(*to), *steps,
          *steps == 1 ? "one step cannot include both ends (steps >= 2, or a list of one value)"
                      : "from equals to, so every step would repeat the same run (steps = 1)"));
    for (int64_t k = 0; k < *steps; ++k) {
      // Ends exactly at `from` and `to`; evenly spaced between.
      const double fraction = *steps == 1 ? 0.0 : double(k) / double(*steps - 1);
      values.push_back(k == *steps - 1 ? *to : *from + (*to - *from) * fraction);
    }
    check_distinct(key, values, at);
    return values;
  }
  throw InputError(fmt::format("{}: [grid] {} must be a list [v1, v2, ...] or "
                               "{{from = a, to = b, steps = n}}",
                               at, key));
}

// A swept key is swept once and not also fixed in [base] ([base] is read first): either would be
// ambiguous. `at` is the swept entry's file:line:col.
void check_swept_once(const std::string& key, const std::string& at, const SweepSpec& spec) {
  if (std::find(spec.param_keys.begin(), spec.param_keys.end(), key) != spec.param_keys.end())
    throw InputError(fmt::format("{}: {} is swept twice", at, key));
  for (const std::string& fixed : spec.base_overrides)
    if (fixed.compare(0, key.size() + 1, key + "=") == 0)
      throw InputError(fmt::format("{}: {} is both in [base] and swept", at, key));
}

void read_grid(const toml::table& grid, SweepSpec& spec) {
  std::vector<std::vector<double>> axes;  // [p][values of axis]
  visit_leaves(grid, "", spec.source_name, "grid", [&](const std::string& key, const toml::node& node) {
    const std::string at = where(spec.source_name, node);
    const ParameterSpec pspec = get_swept_spec(key, spec.scenario, at + ": [grid]");
    axes.push_back(read_grid_axis(key, node, pspec, spec.source_name));
    check_swept_once(key, at, spec);
    spec.param_keys.push_back(key);
    spec.param_units.push_back(pspec.unit);
  });
  if (axes.empty()) throw InputError(fmt::format("{}: [grid] lists no parameter", spec.source_name));
  int64_t n = 1;
  for (const auto& axis : axes) {
    n *= int64_t(axis.size());
    if (n > kMaxSweepRuns)
      throw InputError(fmt::format("{}: [grid] has more than {} points (split a larger study into "
                                   "several sweeps)",
                                   spec.source_name, kMaxSweepRuns));
  }
  const int p = int(axes.size());
  spec.points.resize(n, p);
  // Full factorial, first key slowest (row-major odometer).
  for (int64_t i = 0; i < n; ++i) {
    int64_t rest = i;
    for (int j = p - 1; j >= 0; --j) {
      const int64_t size = int64_t(axes[j].size());
      spec.points(i, j) = axes[j][rest % size];
      rest /= size;
    }
  }
}

void read_sample(const toml::table& sample, SweepSpec& spec) {
  const toml::table* ranges = nullptr;
  std::optional<int64_t> n;
  int64_t seed = 0;
  for (const auto& [name, node] : sample) {
    const std::string at = where(spec.source_name, node);
    const std::string_view key = name.str();
    if (key == "method") {
      const std::optional<std::string> method = node.value<std::string>();
      if (!node.is_string() || (*method != "lhs" && *method != "sobol"))
        throw InputError(fmt::format("{}: [sample] method must be \"lhs\" or \"sobol\"", at));
      spec.method = *method;
    } else if (key == "n") {
      if (!node.is_integer() || *node.value<int64_t>() < 1 ||
          *node.value<int64_t>() > kMaxSweepRuns)
        throw InputError(fmt::format("{}: [sample] n must be an integer in [1, {}]", at,
                                     kMaxSweepRuns));
      n = *node.value<int64_t>();
    } else if (key == "seed") {
      if (!node.is_integer() || *node.value<int64_t>() < 0)
        throw InputError(fmt::format("{}: [sample] seed must be an integer >= 0", at));
      seed = *node.value<int64_t>();
    } else if (key == "ranges") {
      ranges = node.as_table();
      if (ranges == nullptr)
        throw InputError(fmt::format("{}: [sample] ranges must be a table [sample.ranges]", at));
    } else {
      throw InputError(fmt::format("{}: [sample] unknown key '{}' (expected method, n, seed, "
                                   "[sample.ranges])",
                                   at, key));
    }
  }
  if (spec.method.empty())
    throw InputError(fmt::format("{}: [sample] needs method = \"lhs\" or \"sobol\"",
                                 spec.source_name));
  if (!n) throw InputError(fmt::format("{}: [sample] needs n", spec.source_name));
  if (ranges == nullptr)
    throw InputError(fmt::format("{}: [sample] needs a [sample.ranges] table", spec.source_name));
  std::vector<double> low, high;  // [p]
  visit_leaves(*ranges, "", spec.source_name, "sample.ranges",
               [&](const std::string& key, const toml::node& node) {
    const std::string at = where(spec.source_name, node);
    const ParameterSpec pspec = get_swept_spec(key, spec.scenario, at + ": [sample.ranges]");
    const toml::array* pair = node.as_array();
    std::optional<double> lo, hi;
    if (pair != nullptr && pair->size() == 2) {
      lo = get_number(*pair->get(0));
      hi = get_number(*pair->get(1));
    }
    if (!lo || !hi)
      throw InputError(fmt::format("{}: [sample.ranges] {} must be [low, high] (numbers in {})", at,
                                   key, format_allowed(pspec)));
    if (!(*lo < *hi))
      throw InputError(fmt::format("{}: [sample.ranges] {} = [{}, {}]: low must be below high", at,
                                   key, format_exact(*lo), format_exact(*hi)));
    check_in_range(pspec, *lo, at + ": [sample.ranges] low");
    check_in_range(pspec, *hi, at + ": [sample.ranges] high");
    check_swept_once(key, at, spec);
    spec.param_keys.push_back(key);
    spec.param_units.push_back(pspec.unit);
    low.push_back(*lo);
    high.push_back(*hi);
  });
  const int p = int(low.size());
  if (p == 0) throw InputError(fmt::format("{}: [sample.ranges] lists no parameter", spec.source_name));
  spec.seed = std::uint64_t(seed);
  if (spec.method == "lhs") {
    spec.points = make_latin_hypercube(int(*n), p, spec.seed);
  } else {
    if (*n < 2)  // the indices' variance needs two base rows (kneeload sensitivity)
      throw InputError(fmt::format("{}: [sample] n = {}: a sobol sample needs n >= 2 base rows, "
                                   "a power of two such as 64 (docs/sensitivity.md)",
                                   spec.source_name, *n));
    if (*n * (p + 2) > kMaxSweepRuns)
      throw InputError(fmt::format("{}: [sample] n·(p+2) = {} runs is more than {} (split a "
                                   "larger study into several sweeps)",
                                   spec.source_name, *n * (p + 2), kMaxSweepRuns));
    spec.n_base = int(*n);
    spec.points = make_saltelli_design(int(*n), p, spec.seed);
  }
  scale_to_ranges(Eigen::Map<const Eigen::VectorXd>(low.data(), p),
                  Eigen::Map<const Eigen::VectorXd>(high.data(), p), spec.points);
}

std::uint64_t calc_fnv1a(const std::string& text) {
  std::uint64_t hash = 14695981039346656037ull;  // FNV-1a 64-bit offset basis
  for (const unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ull;  // FNV prime
  }
  return hash;
}

}  // namespace

SweepSpec parse_sweep_spec(const std::string& toml_text, const std::string& source_name) {
  SweepSpec spec;
  spec.spec_toml = toml_text;
  spec.source_name = source_name;
  toml::table root;
  try {
    root = toml::parse(toml_text, source_name);
  } catch (const toml::parse_error& e) {
    throw InputError(fmt::format("{}:{}:{}: malformed TOML: {}", source_name,
                                 e.source().begin.line, e.source().begin.column, e.description()));
  }
  const toml::table *base = nullptr, *grid = nullptr, *sample = nullptr;
  const toml::node* scenario = nullptr;
  for (const auto& [name, node] : root) {
    const std::string at = where(source_name, node);
    const std::string_view key = name.str();
    const toml::table* table = node.as_table();
    if (key == "scenario") scenario = &node;
    else if (key == "base" && table) base = table;
    else if (key == "grid" && table) grid = table;
    else if (key == "sample" && table) sample = table;
    else if (key == "base" || key == "grid" || key == "sample")
      throw InputError(fmt::format("{}: '{}' must be a table [{}]", at, key, key));
    else
      throw InputError(fmt::format("{}: unknown key '{}' (a sweep spec has scenario, [base], "
                                   "[grid] or [sample])",
                                   at, key));
  }
  if (scenario == nullptr || !scenario->is_string())
    throw InputError(fmt::format("{}: needs scenario = \"NAME\" (see kneeload scenarios)",
                                 scenario ? where(source_name, *scenario) : source_name));
  spec.scenario = *scenario->value<std::string>();
  try {
    check_scenario_name(spec.scenario);
  } catch (const InputError& e) {
    throw InputError(fmt::format("{}: {}", where(source_name, *scenario), e.what()));
  }
  if ((grid != nullptr) == (sample != nullptr))
    throw InputError(fmt::format("{}: a sweep has exactly one of [grid] and [sample] ({})",
                                 source_name, grid ? "both given" : "neither given"));
  if (base != nullptr) read_base(*base, spec);
  if (grid != nullptr) {
    spec.method = "grid";
    read_grid(*grid, spec);
  } else {
    read_sample(*sample, spec);
  }
  // Every point, resolved as its run will be.
  for (int i = 0; i < spec.get_run_count(); ++i) {
    try {
      make_run_parameters(spec, i);
    } catch (const InputError& e) {
      throw InputError(fmt::format("{}: run {}: {}", source_name, i, e.what()));
    }
  }
  return spec;
}

SweepSpec read_sweep_spec(const std::string& path) {
  return parse_sweep_spec(read_text_file(path, "sweep spec"), path);
}

Parameters make_run_parameters(const SweepSpec& spec, int index) {
  KNEELOAD_CHECK(index >= 0 && index < spec.get_run_count(), "run index {} outside [0, {})", index,
                 spec.get_run_count());
  std::vector<std::string> overrides = spec.base_overrides;  // [b + p]
  for (size_t j = 0; j < spec.param_keys.size(); ++j)
    overrides.push_back(spec.param_keys[j] + "=" + format_exact(spec.points(index, Eigen::Index(j))));
  return resolve_parameters_toml(spec.scenario, "", spec.source_name, overrides);
}

std::string calc_sweep_fingerprint(const SweepSpec& spec) {
  std::string text = spec.scenario + "\n";
  for (const std::string& o : spec.base_overrides) text += o + "\n";
  for (const std::string& k : spec.param_keys) text += k + "\n";
  for (Eigen::Index i = 0; i < spec.points.rows(); ++i)
    for (Eigen::Index j = 0; j < spec.points.cols(); ++j)
      text += fmt::format("{:a} ", spec.points(i, j));  // hex float: exact
  return fmt::format("{:016x}", calc_fnv1a(text));
}

}  // namespace kneeload
