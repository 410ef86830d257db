#pragma once
// Configs: resolve a scenario's Parameters from (a) the registry defaults, (b) an optional TOML
// file, (c) command-line KEY=VALUE overrides; later sources win (DESIGN.md §4, §5).
// Strict: every problem is an InputError of one line naming the key path, the bad value and what
// is allowed (an unknown key, a wrong type, a value out of range, a malformed file).
// knee.q_angle_deg follows body.sex (14 deg male, 17 deg female) unless the user sets it.
#include "scenarios/parameter_values.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace kneeload {

// `config_path` empty = no file. `overrides` are "key=value" strings, applied in order. When
// `notes` is given, sentences for the caller to show are appended to it: a key set away from its
// default that the scenario does not read (terrain.slope_deg in level_run; valid, but without
// effect), and a sex-dependent key the file fixes while an override changes body.sex.
Parameters resolve_parameters(std::string_view scenario, const std::string& config_path,
                              const std::vector<std::string>& overrides,
                              std::vector<std::string>* notes = nullptr);

// As resolve_parameters, with the TOML given as text; `source_name` prefixes messages.
Parameters resolve_parameters_toml(std::string_view scenario, std::string_view toml_text,
                                   std::string_view source_name,
                                   const std::vector<std::string>& overrides,
                                   std::vector<std::string>* notes = nullptr);

// The resolved config as TOML (stored as config_toml in results): a `scenario` line, then one
// table per key prefix, every key with its value. Numbers are written in the shortest text that
// reads back to the same double, so parse_resolved_toml(format_parameters_toml(p)) == p.
std::string format_parameters_toml(const Parameters& parameters);

// A config file to start from: `scenario = "..."` and every key at the scenario's default, each
// under a comment with its range and meaning. Keys whose default follows another key (the
// Q-angle follows body.sex) and keys the scenario does not read are written commented out, so
// the file resolves to exactly the scenario's defaults.
std::string format_config_template(std::string_view scenario);

// Reads a resolved config back; the scenario comes from its `scenario` line (required).
Parameters parse_resolved_toml(std::string_view toml_text, std::string_view source_name);

}  // namespace kneeload
