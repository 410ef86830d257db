#include "io/config.hpp"

#include "io/text_file.hpp"

#include "scenarios/scenario_names.hpp"
#include "solver/errors.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <tuple>

namespace kneeload {
namespace {

// Tracks which keys the user set, so that sex-dependent defaults apply only to the others.
struct Resolution {
  Parameters parameters;
  std::set<std::string> user_set_keys;  // by the file or an override
  std::set<std::string> override_keys;  // by an override
};

std::string where_in_file(std::string_view source_name, const toml::source_region& region) {
  return fmt::format("{}:{}:{}", source_name, region.begin.line, region.begin.column);
}

// "string \"heavy\"", "boolean true", "array", ...: the wrong value as the user wrote it.
std::string describe_node(const toml::node& node) {
  std::ostringstream text;
  switch (node.type()) {
    case toml::node_type::string: text << "string \"" << *node.value<std::string>() << '"'; break;
    case toml::node_type::integer: text << "integer " << *node.value<int64_t>(); break;
    case toml::node_type::floating_point: text << "float " << *node.value<double>(); break;
    case toml::node_type::boolean: text << "boolean " << (*node.value<bool>() ? "true" : "false"); break;
    case toml::node_type::array: text << "an array"; break;
    case toml::node_type::table: text << "a table"; break;
    case toml::node_type::date: text << "a date"; break;
    case toml::node_type::time: text << "a time"; break;
    case toml::node_type::date_time: text << "a date-time"; break;
    default: text << "nothing"; break;
  }
  return text.str();
}

const ParameterSpec& get_spec_or_throw(std::string_view key, std::string_view where) {
  const ParameterRegistry& registry = get_parameter_registry();
  if (const ParameterSpec* spec = registry.find(key)) return *spec;
  try {
    registry.get(key);  // throws with the nearest key
  } catch (const InputError& e) {
    throw InputError(fmt::format("{}: {}", where, e.what()));
  }
  throw InputError(fmt::format("{}: unknown parameter '{}'", where, key));  // not reached
}

std::string expected_text(const ParameterSpec& spec) {
  if (spec.kind == ParameterKind::number)
    return fmt::format("a number in {}", format_allowed(spec));
  return fmt::format("one of {}", format_allowed(spec));
}

// Range and choice checks against the scenario's spec; `where` names the source.
void set_number_checked(Resolution& r, const ParameterSpec& base, double value,
                        std::string_view text, std::string_view where) {
  const ParameterSpec spec = calc_scenario_spec(base, r.parameters.get_scenario());
  if (!(spec.min_value <= value && value <= spec.max_value))  // also rejects NaN
    throw InputError(fmt::format("{}: {} = {} is out of range {}", where, spec.key, text,
                                 format_allowed(spec)));
  r.parameters.set_number(spec.key, value);
  r.user_set_keys.insert(spec.key);
}

void set_choice_checked(Resolution& r, const ParameterSpec& spec, const std::string& value,
                        std::string_view where) {
  bool allowed = false;
  for (const std::string& c : spec.choices) allowed = allowed || c == value;
  if (!allowed)
    throw InputError(fmt::format("{}: {} = \"{}\" is not allowed; expected {}", where, spec.key,
                                 value, expected_text(spec)));
  r.parameters.set_choice(spec.key, value);
  r.user_set_keys.insert(spec.key);
}

void apply_toml_value(Resolution& r, const std::string& key, const toml::node& node,
                      std::string_view source_name) {
  const std::string where = where_in_file(source_name, node.source());
  const ParameterSpec& spec = get_spec_or_throw(key, where);
  if (spec.kind == ParameterKind::number) {
    std::optional<double> value;
    if (node.is_integer()) value = static_cast<double>(*node.value<int64_t>());
    if (node.is_floating_point()) value = *node.value<double>();
    if (!value)
      throw InputError(fmt::format("{}: {} must be {}, got {}", where, key, expected_text(spec),
                                   describe_node(node)));
    set_number_checked(r, spec, *value, format_number(*value), where);
  } else {
    if (!node.is_string())
      throw InputError(fmt::format("{}: {} must be {} (a quoted string), got {}", where, key,
                                   expected_text(spec), describe_node(node)));
    set_choice_checked(r, spec, *node.value<std::string>(), where);
  }
}

// Walks nested tables (`[body]` + `mass_kg = 80`, or `body.mass_kg = 80`) to dotted key paths.
void apply_toml_table(Resolution& r, const toml::table& table, const std::string& prefix,
                      std::string_view source_name) {
  const ParameterRegistry& registry = get_parameter_registry();
  for (const auto& [name, node] : table) {
    const std::string key = prefix.empty() ? std::string(name.str())
                                           : prefix + "." + std::string(name.str());
    if (prefix.empty() && key == "scenario") continue;  // handled by the caller
    if (const toml::table* sub = node.as_table()) {
      if (registry.find(key) != nullptr) {
        apply_toml_value(r, key, node, source_name);  // a table where a value belongs: type error
      } else if (!registry.is_table_prefix(key)) {
        // Unknown: named by the full key of its first entry in the file ([bodyy] mass_kg ->
        // 'bodyy.mass_kg', which the suggestion can match to body.mass_kg), or by the table's
        // name when it is empty.
        std::string full_key = key;
        const toml::node* at = &node;
        while (const toml::table* t = at->as_table()) {
          if (t->empty()) break;
          auto first = t->begin();
          for (auto it = t->begin(); it != t->end(); ++it) {
            const toml::source_position& p = it->second.source().begin;
            const toml::source_position& q = first->second.source().begin;
            if (std::tie(p.line, p.column) < std::tie(q.line, q.column)) first = it;
          }
          full_key += "." + std::string(first->first.str());
          at = &first->second;
        }
        get_spec_or_throw(full_key, where_in_file(source_name, at->source()));  // throws
      }
      apply_toml_table(r, *sub, key, source_name);
    } else {
      apply_toml_value(r, key, node, source_name);
    }
  }
}

std::string trim(std::string_view s) {
  const char* space = " \t\r\n";
  const size_t first = s.find_first_not_of(space);
  if (first == std::string_view::npos) return {};
  const size_t last = s.find_last_not_of(space);
  return std::string(s.substr(first, last - first + 1));
}

void apply_override(Resolution& r, const std::string& override_text) {
  const std::string where = fmt::format("override '{}'", override_text);
  const size_t eq = override_text.find('=');
  if (eq == std::string::npos)
    throw InputError(fmt::format("{}: expected KEY=VALUE, e.g. body.mass_kg=80", where));
  const std::string key = trim(std::string_view(override_text).substr(0, eq));
  std::string value = trim(std::string_view(override_text).substr(eq + 1));
  const ParameterSpec& spec = get_spec_or_throw(key, where);
  r.override_keys.insert(key);
  if (spec.kind == ParameterKind::number) {
    char* end = nullptr;
    errno = 0;
    const double number = value.empty() ? 0.0 : std::strtod(value.c_str(), &end);
    // Decimal only: strtod also reads hexadecimal (0x46 = 70), which no user means here.
    const bool hexadecimal = value.find_first_of("xX") != std::string::npos;
    if (value.empty() || end != value.c_str() + value.size() || hexadecimal)
      throw InputError(fmt::format("{}: {} must be {}, got '{}'", where, key, expected_text(spec),
                                   value));
    set_number_checked(r, spec, number, value, where);
  } else {
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
      value = value.substr(1, value.size() - 2);  // accept key="value" as in TOML
    set_choice_checked(r, spec, value, where);
  }
}

// The default of a key with a sex-dependent default (spec.default_if_female set).
double calc_sex_default(const ParameterSpec& spec, std::string_view scenario, bool female) {
  return female ? *spec.default_if_female : calc_scenario_spec(spec, scenario).default_value;
}

// Defaults that depend on other parameters, for the keys the user left alone.
void resolve_dependent_defaults(Resolution& r) {
  const bool female = r.parameters.get_choice("body.sex") == "female";
  for (const ParameterSpec& spec : get_parameter_registry().get_specs())
    if (spec.default_if_female && r.user_set_keys.count(spec.key) == 0)
      r.parameters.set_number(spec.key,
                              calc_sex_default(spec, r.parameters.get_scenario(), female));
}

// Sentences for the user about a resolved config: keys set away from their default that the
// scenario does not read, and sex-dependent keys a file fixed while an override changed the sex.
void collect_notes(const Resolution& r, std::string_view source_name,
                   std::string_view sex_before_overrides, std::vector<std::string>& notes) {
  const std::string name = r.parameters.get_scenario();
  // A key at its default changes nothing either way (a stored config lists every key). The
  // registry defaults suffice: the one sex-dependent default, the Q-angle, is read everywhere.
  const Parameters defaults = Parameters::make_defaults(name);
  for (const std::string& key : r.user_set_keys) {
    const ParameterSpec& spec = *get_parameter_registry().find(key);
    const bool at_default = spec.kind == ParameterKind::number
                                ? r.parameters.get_number(key) == defaults.get_number(key)
                                : r.parameters.get_choice(key) == defaults.get_choice(key);
    if (calc_scenario_spec(spec, name).ignored && !at_default)
      notes.push_back(fmt::format("{} has no effect in {} (see kneeload params {})", key, name,
                                  name));
  }
  // A file that fixes a sex-dependent key (a stored config fixes every key) keeps it when an
  // override changes the sex: explicit wins, but the user likely meant the new sex's default.
  const std::string sex = r.parameters.get_choice("body.sex");
  if (sex == sex_before_overrides) return;
  for (const ParameterSpec& spec : get_parameter_registry().get_specs()) {
    if (!spec.default_if_female || r.user_set_keys.count(spec.key) == 0 ||
        r.override_keys.count(spec.key) != 0)
      continue;
    const double own_default = calc_sex_default(spec, name, sex == "female");
    const double value = r.parameters.get_number(spec.key);
    if (value != own_default)
      notes.push_back(fmt::format("{} = {} {} comes from {}, so body.sex = {} leaves it (the "
                                  "default for {}: {} {}; remove the line to use it)",
                                  spec.key, format_number(value), spec.unit, source_name, sex, sex,
                                  format_number(own_default), spec.unit));
  }
}

toml::table parse_toml_text(std::string_view toml_text, std::string_view source_name) {
  constexpr std::string_view kHdf5Signature = "\x89HDF\r\n\x1a\n";
  if (toml_text.substr(0, kHdf5Signature.size()) == kHdf5Signature)
    throw InputError(fmt::format("{}: is an HDF5 file, not a TOML config (a run's resolved config "
                                 "is its root attribute config_toml; kneeload params SCENARIO "
                                 "--toml writes one to edit)",
                                 source_name));
  try {
    return toml::parse(toml_text, source_name);
  } catch (const toml::parse_error& e) {
    throw InputError(fmt::format("{}: malformed TOML: {}", where_in_file(source_name, e.source()),
                                 e.description()));
  }
}

// The file's optional top-level `scenario = "..."`, checked; empty if absent.
std::string read_scenario_line(const toml::table& table, std::string_view source_name) {
  const toml::node* node = table.get("scenario");
  if (node == nullptr) return {};
  const std::string where = where_in_file(source_name, node->source());
  if (!node->is_string())
    throw InputError(fmt::format("{}: scenario must be a quoted scenario name, got {}", where,
                                 describe_node(*node)));
  const std::string name = *node->value<std::string>();
  try {
    check_scenario_name(name);
  } catch (const InputError& e) {
    throw InputError(fmt::format("{}: {}", where, e.what()));
  }
  return name;
}

Parameters resolve(std::string_view scenario, const toml::table* table,
                   std::string_view source_name, const std::vector<std::string>& overrides,
                   std::vector<std::string>* notes = nullptr) {
  std::string name(scenario);
  if (table != nullptr && (table->contains("grid") || table->contains("sample")))
    throw InputError(fmt::format("{}: is a sweep spec ([grid] or [sample]), not a run config; run "
                                 "it with kneeload sweep {} -o OUT.h5",
                                 source_name, source_name));
  if (table != nullptr) {
    const std::string in_file = read_scenario_line(*table, source_name);
    if (name.empty()) name = in_file;
    if (!in_file.empty() && in_file != name)
      throw InputError(fmt::format("{}: scenario = \"{}\" in the file, but the scenario asked for "
                                   "is '{}'",
                                   source_name, in_file, name));
  }
  if (name.empty())
    throw InputError(fmt::format("{}: no scenario = \"...\" line", source_name));
  Resolution r{Parameters::make_defaults(name), {}, {}};
  if (table != nullptr) apply_toml_table(r, *table, "", source_name);
  const std::string sex_before_overrides = r.parameters.get_choice("body.sex");
  for (const std::string& o : overrides) apply_override(r, o);
  resolve_dependent_defaults(r);
  if (notes != nullptr) collect_notes(r, source_name, sex_before_overrides, *notes);
  return r.parameters;
}

std::string format_toml_number(double value) {
  std::string text = format_number(value);
  if (text.find_first_of(".eEn") == std::string::npos) text += ".0";  // keep it a TOML float
  return text;
}

}  // namespace

Parameters resolve_parameters_toml(std::string_view scenario, std::string_view toml_text,
                                   std::string_view source_name,
                                   const std::vector<std::string>& overrides,
                                   std::vector<std::string>* notes) {
  check_scenario_name(scenario);
  const toml::table table = parse_toml_text(toml_text, source_name);
  return resolve(scenario, &table, source_name, overrides, notes);
}

Parameters resolve_parameters(std::string_view scenario, const std::string& config_path,
                              const std::vector<std::string>& overrides,
                              std::vector<std::string>* notes) {
  check_scenario_name(scenario);
  if (config_path.empty()) return resolve(scenario, nullptr, "", overrides, notes);
  return resolve_parameters_toml(scenario, read_text_file(config_path, "config file"),
                                 config_path, overrides, notes);
}

namespace {

// Writes dotted keys as TOML tables: `[body]` once, then `mass_kg = ...` lines.
class TomlTableWriter {
 public:
  explicit TomlTableWriter(std::string& out) : out_(out) {}
  // Opens the table of `key` if it is not the current one; returns the key's last part.
  std::string open_table_of(const std::string& key) {
    const size_t dot = key.rfind('.');
    const std::string table = dot == std::string::npos ? "" : key.substr(0, dot);
    if (table != current_table_) {
      out_ += fmt::format("\n[{}]\n", table);
      current_table_ = table;
    }
    return dot == std::string::npos ? key : key.substr(dot + 1);
  }

 private:
  std::string& out_;
  std::string current_table_;
};

}  // namespace

std::string format_parameters_toml(const Parameters& parameters) {
  std::string out = "# kneeload resolved configuration: every parameter with its value\n";
  out += fmt::format("scenario = \"{}\"\n", parameters.get_scenario());
  TomlTableWriter writer(out);
  for (const Parameters::Entry& e : parameters.get_entries()) {
    const std::string leaf = writer.open_table_of(e.key);
    if (e.kind == ParameterKind::number)
      out += fmt::format("{} = {}\n", leaf, format_toml_number(e.number));
    else
      out += fmt::format("{} = \"{}\"\n", leaf, e.choice);
  }
  return out;
}

std::string format_config_template(std::string_view scenario) {
  check_scenario_name(scenario);
  std::string out = fmt::format(
      "# kneeload configuration of {0}: every parameter at its default, each with its unit,\n"
      "# range and meaning. Edit values, delete lines to keep defaults, then run\n"
      "#   kneeload run {0} -c THIS.toml -o OUT.h5\n"
      "scenario = \"{0}\"\n",
      scenario);
  TomlTableWriter writer(out);
  for (const ParameterSpec& base : get_parameter_registry().get_specs()) {
    const ParameterSpec spec = calc_scenario_spec(base, scenario);
    const std::string leaf = writer.open_table_of(spec.key);
    out += fmt::format("# {}: {}\n", format_allowed(spec), spec.meaning);
    // A line left commented keeps what the key's default does: follow body.sex, or nothing.
    std::string prefix;
    if (spec.ignored) {
      out += fmt::format("# (without effect in {})\n", scenario);
      prefix = "# ";
    } else if (spec.default_if_female) {
      out += fmt::format("# (default {} male, {} female: follows body.sex; uncomment to fix it)\n",
                         format_number(spec.default_value), format_number(*spec.default_if_female));
      prefix = "# ";
    }
    if (spec.kind == ParameterKind::number)
      out += fmt::format("{}{} = {}\n", prefix, leaf, format_toml_number(spec.default_value));
    else
      out += fmt::format("{}{} = \"{}\"\n", prefix, leaf, spec.default_choice);
  }
  return out;
}

Parameters parse_resolved_toml(std::string_view toml_text, std::string_view source_name) {
  const toml::table table = parse_toml_text(toml_text, source_name);
  return resolve("", &table, source_name, {});
}

}  // namespace kneeload
