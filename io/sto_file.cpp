// OpenSim .sto tables (storage file version 1) of a run's series.
#include "io/sto_file.hpp"

#include "io/atomic_file.hpp"

#include "solver/errors.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace kneeload {
namespace {

constexpr double kDegPerRad = 180.0 / 3.14159265358979323846;  // deg/rad

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> fields;
  std::size_t start = 0;
  for (;;) {
    const std::size_t tab = line.find('\t', start);
    fields.push_back(line.substr(start, tab - start));
    if (tab == std::string::npos) return fields;
    start = tab + 1;
  }
}

}  // namespace

void write_sto_file(const std::string& path, const StoTable& table) {
  KNEELOAD_CHECK(table.data.rows() == table.time_s.size() &&
                     table.data.cols() == Eigen::Index(table.column_labels.size()),
                 "table {} is {} x {} for {} samples and {} labels", table.name, table.data.rows(),
                 table.data.cols(), table.time_s.size(), table.column_labels.size());
  std::string text = fmt::format("{}\nversion=1\nnRows={}\nnColumns={}\ninDegrees={}\nendheader\ntime",
                                 table.name, table.data.rows(), table.data.cols() + 1,
                                 table.in_degrees ? "yes" : "no");
  for (const std::string& label : table.column_labels) text += "\t" + label;
  text += '\n';
  for (Eigen::Index k = 0; k < table.data.rows(); ++k) {
    text += fmt::format("{}", table.time_s[k]);  // shortest text that reads back exactly
    for (Eigen::Index j = 0; j < table.data.cols(); ++j) text += fmt::format("\t{}", table.data(k, j));
    text += '\n';
  }
  write_file_atomically(path, "table", text.data(), text.size());
}

StoTable read_sto_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InputError(fmt::format("cannot open .sto file '{}'", path));
  const auto fail = [&](int line, const std::string& what) {
    throw InputError(fmt::format("{}:{}: {}", path, line, what));
  };
  StoTable table;
  std::string line;
  int line_number = 0;
  long rows = -1, columns = -1;
  bool ended = false;
  while (std::getline(in, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line == "endheader") {
      ended = true;
      break;
    }
    const std::size_t equals = line.find('=');
    if (line_number == 1 && equals == std::string::npos) table.name = line;
    if (equals == std::string::npos) continue;
    const std::string key = line.substr(0, equals), value = line.substr(equals + 1);
    if (key == "nRows") rows = std::strtol(value.c_str(), nullptr, 10);
    if (key == "nColumns") columns = std::strtol(value.c_str(), nullptr, 10);
    if (key == "inDegrees") table.in_degrees = value == "yes";
  }
  if (!ended) fail(line_number, "no 'endheader' line");
  if (!std::getline(in, line)) fail(line_number, "no column labels after 'endheader'");
  ++line_number;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  std::vector<std::string> labels = split_tabs(line);
  if (labels.empty() || labels.front() != "time") fail(line_number, "first column is not 'time'");
  labels.erase(labels.begin());
  if (columns >= 0 && long(labels.size()) + 1 != columns)
    fail(line_number, fmt::format("{} labels but nColumns={}", labels.size() + 1, columns));
  table.column_labels = labels;

  std::vector<std::vector<double>> samples;  // [N][c + 1]
  while (std::getline(in, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const std::vector<std::string> fields = split_tabs(line);
    if (fields.size() != labels.size() + 1)
      fail(line_number, fmt::format("{} values, expected {}", fields.size(), labels.size() + 1));
    std::vector<double> values;
    for (const std::string& field : fields) {
      char* end = nullptr;
      values.push_back(std::strtod(field.c_str(), &end));
      if (end == field.c_str() || *end != '\0') fail(line_number, fmt::format("'{}' is not a number", field));
    }
    samples.push_back(std::move(values));
  }
  if (rows >= 0 && long(samples.size()) != rows)
    fail(line_number, fmt::format("{} rows but nRows={}", samples.size(), rows));
  table.time_s.resize(Eigen::Index(samples.size()));
  table.data.resize(Eigen::Index(samples.size()), Eigen::Index(labels.size()));
  for (std::size_t k = 0; k < samples.size(); ++k) {
    table.time_s[Eigen::Index(k)] = samples[k][0];
    for (std::size_t j = 0; j < labels.size(); ++j) table.data(Eigen::Index(k), Eigen::Index(j)) = samples[k][j + 1];
  }
  return table;
}

std::vector<StoTable> make_sto_tables(const RunResult& r) {
  check_run_result_shapes(r);
  const Eigen::Index n = r.time_s.size();
  std::vector<StoTable> tables;

  StoTable coordinates{"coordinates", true, r.coordinates.names, r.time_s, r.coordinates.values};
  for (std::size_t j = 0; j < r.coordinates.units.size(); ++j) {
    const std::string& unit = r.coordinates.units[j];
    KNEELOAD_CHECK(unit == "rad" || unit == "m", "coordinate {} has unit '{}', not rad or m",
                   r.coordinates.names[j], unit);
    if (unit == "rad") coordinates.data.col(Eigen::Index(j)) *= kDegPerRad;
  }
  tables.push_back(std::move(coordinates));

  tables.push_back({"muscle_forces", false, r.muscles.names, r.time_s, r.muscles.force_N});

  StoTable moments{"joint_moments", false, {}, r.time_s, r.joints.moment_Nm};
  for (const std::string& name : r.joints.names) moments.column_labels.push_back(name + "_moment");
  tables.push_back(std::move(moments));

  const PatellofemoralSeries& pf = r.patellofemoral;
  StoTable patellofemoral{"patellofemoral", false,
                          {"contact_force_x_N", "contact_force_y_N", "contact_force_z_N",
                           "contact_force_bw", "peak_pressure_MPa", "mean_pressure_MPa",
                           "contact_area_mm2", "lateral_fraction", "patellar_tendon_force_N",
                           "quadriceps_force_N"},
                          r.time_s, SeriesMatrix(n, 10)};
  patellofemoral.data.leftCols(3) = pf.contact_force_N;
  patellofemoral.data.col(3) = pf.contact_force_bw;
  patellofemoral.data.col(4) = pf.peak_pressure_MPa;
  patellofemoral.data.col(5) = pf.mean_pressure_MPa;
  patellofemoral.data.col(6) = pf.contact_area_mm2;
  patellofemoral.data.col(7) = pf.lateral_fraction;
  patellofemoral.data.col(8) = pf.patellar_tendon_force_N;
  patellofemoral.data.col(9) = pf.quadriceps_force_N;
  tables.push_back(std::move(patellofemoral));
  return tables;
}

std::vector<std::string> get_sto_file_paths(const std::string& directory) {
  std::vector<std::string> paths;
  for (const char* name : {"coordinates", "muscle_forces", "joint_moments", "patellofemoral"})
    paths.push_back((std::filesystem::path(directory) / (std::string(name) + ".sto")).string());
  return paths;
}

std::vector<std::string> write_sto_files(const std::string& directory, const RunResult& result) {
  std::error_code error;
  if (!std::filesystem::is_directory(directory, error))
    throw InputError(fmt::format("--sto folder '{}' does not exist", directory));
  const std::vector<StoTable> tables = make_sto_tables(result);
  const std::vector<std::string> paths = get_sto_file_paths(directory);
  KNEELOAD_CHECK(tables.size() == paths.size(), "{} tables for {} paths", tables.size(),
                 paths.size());
  for (std::size_t i = 0; i < tables.size(); ++i) {
    KNEELOAD_CHECK(paths[i].find(tables[i].name + ".sto") != std::string::npos,
                   "table '{}' at '{}'", tables[i].name, paths[i]);
    write_sto_file(paths[i], tables[i]);
  }
  return paths;
}

}  // namespace kneeload
