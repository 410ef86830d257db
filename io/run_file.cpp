// HDF5 run files (DESIGN.md §6): the writer with its temporary-then-rename protocol and the strict
// reader. Layout and units: docs/hdf5_schema.md.
#include "io/run_file.hpp"

#include "io/hdf5_attributes.hpp"
#include "io/hdf5_input.hpp"
#include "io/hdf5_memory_file.hpp"

#include "solver/errors.hpp"

#include <H5Cpp.h>
#include <fmt/format.h>

#include <cstring>
#include <ctime>
#include <filesystem>
#include <limits>

namespace kneeload {
namespace {

void write_double_attribute(H5::H5Object& object, const char* name, double value) {
  H5::Attribute attribute =
      object.createAttribute(name, H5::PredType::IEEE_F64LE, H5::DataSpace(H5S_SCALAR));
  attribute.write(H5::PredType::NATIVE_DOUBLE, &value);
}

// A [rows] (columns < 0) or [rows × columns] double dataset from contiguous row-major data.
H5::DataSet write_dataset(H5::Group& group, const char* name, const double* data,
                          Eigen::Index rows, Eigen::Index columns) {
  const hsize_t dims[2] = {hsize_t(rows), hsize_t(columns < 0 ? 0 : columns)};
  H5::DataSet dataset = group.createDataSet(name, H5::PredType::IEEE_F64LE,
                                            H5::DataSpace(columns < 0 ? 1 : 2, dims));
  if (rows > 0 && columns != 0) dataset.write(data, H5::PredType::NATIVE_DOUBLE);
  return dataset;
}

// Each write checks its series' shape first, so a bad result fails part-way (and the caller
// removes the temporary file).
void write_vector(H5::Group& group, const char* name, const Eigen::VectorXd& values,
                  Eigen::Index samples, const char* units) {
  KNEELOAD_CHECK(values.size() == samples, "{} has {} samples, time has {}", name, values.size(),
                 samples);
  H5::DataSet dataset = write_dataset(group, name, values.data(), values.size(), -1);
  write_string_attribute(dataset, "units", units);
}

H5::DataSet write_matrix(H5::Group& group, const char* name, const SeriesMatrix& values,
                         Eigen::Index samples, Eigen::Index columns, const char* units) {
  KNEELOAD_CHECK(values.rows() == samples && values.cols() == columns,
                 "{} is {} x {}, needs {} x {}", name, values.rows(), values.cols(), samples,
                 columns);
  H5::DataSet dataset = write_dataset(group, name, values.data(), values.rows(), values.cols());
  if (units) write_string_attribute(dataset, "units", units);
  return dataset;
}

void write_named_matrix(H5::Group& group, const char* name, const SeriesMatrix& values,
                        Eigen::Index samples, const std::vector<std::string>& names,
                        const char* units) {
  H5::DataSet dataset =
      write_matrix(group, name, values, samples, Eigen::Index(names.size()), units);
  write_strings_attribute(dataset, "names", names);
}

// ---- reading ----

// Reads fail with a message naming the file and the object; one line.
struct Reader {
  const H5::Group& root;
  std::string where;   // the file path, for messages
  std::string prefix;  // the group's path inside the file, "/" or "/runs/3/"

  [[noreturn]] void fail(const std::string& what) const {
    throw InputError(fmt::format("results file '{}': {}", where, what));
  }

  bool exists(const std::string& path) const {
    std::string partial;
    for (std::size_t start = 0; start <= path.size();) {
      const std::size_t slash = std::min(path.find('/', start), path.size());
      partial = path.substr(0, slash);
      if (H5Lexists(root.getId(), partial.c_str(), H5P_DEFAULT) <= 0) return false;
      start = slash + 1;
    }
    return true;
  }

  H5::DataSet open_dataset(const std::string& path, int rank, hsize_t rows, hsize_t columns,
                           bool check_columns) const {
    if (!exists(path)) fail(fmt::format("missing dataset {}{}", prefix, path));
    H5::DataSet dataset = root.openDataSet(path);
    const H5::DataSpace space = dataset.getSpace();
    hsize_t dims[2] = {0, 0};
    if (space.getSimpleExtentNdims() != rank) {
      fail(fmt::format("dataset {}{} has rank {}, expected {}", prefix, path,
                       space.getSimpleExtentNdims(), rank));
    }
    space.getSimpleExtentDims(dims);
    if (dims[0] != rows)
      fail(fmt::format("dataset {}{} has {} rows, expected {} (one per sample of /time)", prefix,
                       path, dims[0], rows));
    if (rank == 2 && check_columns && dims[1] != columns)
      fail(fmt::format("dataset {}{} has shape [{} x {}], expected [{} x {}]", prefix, path,
                       dims[0], dims[1], rows, columns));
    if (dataset.getTypeClass() != H5T_FLOAT) fail(fmt::format("dataset {}{} is not floating point", prefix, path));
    if (!dataset.attrExists("units")) fail(fmt::format("dataset {}{} lacks its units attribute", prefix, path));
    return dataset;
  }

  Eigen::VectorXd read_vector(const std::string& path, Eigen::Index samples) const {
    H5::DataSet dataset = open_dataset(path, 1, hsize_t(samples), 0, false);
    Eigen::VectorXd values(samples);
    if (samples > 0) dataset.read(values.data(), H5::PredType::NATIVE_DOUBLE);
    return values;
  }

  // Columns: from `expected` when >= 0, else whatever the file holds.
  SeriesMatrix read_matrix(const std::string& path, Eigen::Index samples,
                           Eigen::Index expected) const {
    H5::DataSet dataset = open_dataset(path, 2, hsize_t(samples), hsize_t(std::max<Eigen::Index>(expected, 0)), expected >= 0);
    hsize_t dims[2] = {0, 0};
    dataset.getSpace().getSimpleExtentDims(dims);
    SeriesMatrix values(samples, Eigen::Index(dims[1]));
    if (values.size() > 0) dataset.read(values.data(), H5::PredType::NATIVE_DOUBLE);
    return values;
  }

  std::vector<std::string> read_names(const std::string& path) const {
    H5::DataSet dataset = root.openDataSet(path);
    if (!dataset.attrExists("names")) fail(fmt::format("dataset {}{} lacks its names attribute", prefix, path));
    return read_strings(dataset.openAttribute("names"), path + " names");
  }

  std::vector<std::string> read_strings(const H5::Attribute& attribute,
                                        const std::string& what) const {
    const H5::DataType type = attribute.getDataType();
    const H5::DataSpace space = attribute.getSpace();
    if (type.getClass() != H5T_STRING || space.getSimpleExtentNdims() != 1)
      fail(fmt::format("attribute {}{} is not a list of strings", prefix, what));
    hsize_t count = 0;
    space.getSimpleExtentDims(&count);
    std::vector<std::string> values;
    if (count == 0) return values;
    const H5::StrType string_type = get_string_type();
    if (!attribute.getStrType().isVariableStr())
      fail(fmt::format("attribute {}{} is not variable-length strings", prefix, what));
    std::vector<char*> pointers(count, nullptr);  // [count], freed below
    attribute.read(string_type, pointers.data());
    for (char* text : pointers) values.emplace_back(text ? text : "");
    H5Dvlen_reclaim(string_type.getId(), space.getId(), H5P_DEFAULT, pointers.data());
    return values;
  }

  std::string read_string_attribute(const H5::H5Object& object, const std::string& object_path,
                                    const char* name) const {
    if (!object.attrExists(name)) fail(fmt::format("{} lacks attribute {}", object_path, name));
    H5::Attribute attribute = object.openAttribute(name);
    if (attribute.getTypeClass() != H5T_STRING) fail(fmt::format("attribute {} of {} is not a string", name, object_path));
    std::string value;
    attribute.read(attribute.getStrType(), value);
    return value;
  }

  double read_double_attribute(const H5::H5Object& object, const std::string& object_path,
                               const char* name) const {
    if (!object.attrExists(name)) fail(fmt::format("{} lacks attribute {}", object_path, name));
    H5::Attribute attribute = object.openAttribute(name);
    if (attribute.getTypeClass() != H5T_FLOAT) fail(fmt::format("attribute {} of {} is not a number", name, object_path));
    double value = 0;
    attribute.read(H5::PredType::NATIVE_DOUBLE, &value);
    return value;
  }
};

}  // namespace

void write_run_group(H5::Group& group, const RunResult& r) {
  H5::Exception::dontPrint();
  const Eigen::Index n = r.time_s.size();
  write_string_attribute(group, "kneeload_version", r.meta.kneeload_version);
  write_string_attribute(group, "scenario", r.meta.scenario);
  write_string_attribute(group, "created_utc", r.meta.created_utc);
  write_string_attribute(group, "config_toml", r.meta.config_toml);
  write_vector(group, "time", r.time_s, n, "s");

  const CoordinateSeries& c = r.coordinates;
  KNEELOAD_CHECK(c.units.size() == c.names.size(), "coordinates have {} names and {} units",
                 c.names.size(), c.units.size());
  std::vector<std::string> speed_units;  // [n_coordinates]
  for (const std::string& unit : c.units) speed_units.push_back(unit + "/s");
  H5::Group coordinates = group.createGroup("coordinates");
  const auto write_coordinates = [&](const char* name, const SeriesMatrix& values,
                                     const std::vector<std::string>& units) {
    H5::DataSet dataset =
        write_matrix(coordinates, name, values, n, Eigen::Index(c.names.size()), nullptr);
    write_strings_attribute(dataset, "names", c.names);
    write_strings_attribute(dataset, "units", units);  // one unit per column
  };
  write_coordinates("values", c.values, c.units);
  write_coordinates("speeds", c.speeds, speed_units);

  H5::Group muscles = group.createGroup("muscles");
  write_named_matrix(muscles, "activation", r.muscles.activation, n, r.muscles.names, "1");
  write_named_matrix(muscles, "force_N", r.muscles.force_N, n, r.muscles.names, "N");

  H5::Group joints = group.createGroup("joints");
  write_named_matrix(joints, "moment_Nm", r.joints.moment_Nm, n, r.joints.names, "N m");

  H5::Group ground = group.createGroup("ground");
  write_matrix(ground, "force_N", r.ground.force_N, n, 3, "N");
  write_matrix(ground, "force_terrain_N", r.ground.force_terrain_N, n, 2, "N");
  write_matrix(ground, "cop_m", r.ground.cop_m, n, 3, "m");

  const PatellofemoralSeries& pf = r.patellofemoral;
  H5::Group patellofemoral = group.createGroup("patellofemoral");
  write_matrix(patellofemoral, "contact_force_N", pf.contact_force_N, n, 3, "N");
  write_vector(patellofemoral, "contact_force_bw", pf.contact_force_bw, n, "BW");
  write_vector(patellofemoral, "peak_pressure_MPa", pf.peak_pressure_MPa, n, "MPa");
  write_vector(patellofemoral, "mean_pressure_MPa", pf.mean_pressure_MPa, n, "MPa");
  write_vector(patellofemoral, "contact_area_mm2", pf.contact_area_mm2, n, "mm^2");
  write_vector(patellofemoral, "lateral_fraction", pf.lateral_fraction, n, "1");
  write_vector(patellofemoral, "patellar_tendon_force_N", pf.patellar_tendon_force_N, n, "N");
  write_vector(patellofemoral, "quadriceps_force_N", pf.quadriceps_force_N, n, "N");

  const ControlSeries& ctl = r.control;
  H5::Group control = group.createGroup("control");
  write_named_matrix(control, "residual_force_N", ctl.residual_force_N, n, ctl.residual_names, "N");
  write_named_matrix(control, "reserve_moment_Nm", ctl.reserve_moment_Nm, n, ctl.reserve_names,
                     "N m");
  write_named_matrix(control, "tracking_error_rad", ctl.tracking_error_rad, n, ctl.tracking_names,
                     "rad");

  H5::Group summary = group.createGroup("summary");
  write_string_attribute(summary, "status", r.summary.status);
  write_string_attribute(summary, "failure_reason", r.summary.failure_reason);
  for (const SummaryMetric& metric : get_summary_metrics())
    write_double_attribute(summary, metric.name, r.summary.*metric.member);
}

RunResult read_run_group(const H5::Group& group, const std::string& where) {
  H5::Exception::dontPrint();
  std::string prefix = group.getObjName();
  if (prefix.empty() || prefix.back() != '/') prefix += '/';
  const Reader in{group, where, prefix};
  RunResult r;
  const std::string root_name = prefix == "/" ? "/" : prefix.substr(0, prefix.size() - 1);
  r.meta.kneeload_version = in.read_string_attribute(group, root_name, "kneeload_version");
  r.meta.scenario = in.read_string_attribute(group, root_name, "scenario");
  r.meta.created_utc = in.read_string_attribute(group, root_name, "created_utc");
  r.meta.config_toml = in.read_string_attribute(group, root_name, "config_toml");

  if (!in.exists("time")) in.fail(fmt::format("missing dataset {}time", prefix));
  hsize_t samples = 0;
  {
    const H5::DataSpace space = group.openDataSet("time").getSpace();
    if (space.getSimpleExtentNdims() != 1) in.fail(fmt::format("dataset {}time is not 1-D", prefix));
    space.getSimpleExtentDims(&samples);
  }
  const Eigen::Index n = Eigen::Index(samples);
  r.time_s = in.read_vector("time", n);

  CoordinateSeries& c = r.coordinates;
  c.values = in.read_matrix("coordinates/values", n, -1);
  c.names = in.read_names("coordinates/values");
  if (Eigen::Index(c.names.size()) != c.values.cols())
    in.fail(fmt::format("{}coordinates/values has {} columns but {} names", prefix,
                        c.values.cols(), c.names.size()));
  c.units = in.read_strings(group.openDataSet("coordinates/values").openAttribute("units"),
                            "coordinates/values units");
  if (c.units.size() != c.names.size())
    in.fail(fmt::format("{}coordinates/values has {} names but {} units", prefix, c.names.size(),
                        c.units.size()));
  c.speeds = in.read_matrix("coordinates/speeds", n, Eigen::Index(c.names.size()));

  r.muscles.activation = in.read_matrix("muscles/activation", n, -1);
  r.muscles.names = in.read_names("muscles/activation");
  r.muscles.force_N = in.read_matrix("muscles/force_N", n, r.muscles.activation.cols());
  if (Eigen::Index(r.muscles.names.size()) != r.muscles.activation.cols())
    in.fail(fmt::format("{}muscles/activation has {} columns but {} names", prefix,
                        r.muscles.activation.cols(), r.muscles.names.size()));

  r.joints.moment_Nm = in.read_matrix("joints/moment_Nm", n, -1);
  r.joints.names = in.read_names("joints/moment_Nm");

  r.ground.force_N = in.read_matrix("ground/force_N", n, 3);
  r.ground.force_terrain_N = in.read_matrix("ground/force_terrain_N", n, 2);
  r.ground.cop_m = in.read_matrix("ground/cop_m", n, 3);

  PatellofemoralSeries& pf = r.patellofemoral;
  pf.contact_force_N = in.read_matrix("patellofemoral/contact_force_N", n, 3);
  pf.contact_force_bw = in.read_vector("patellofemoral/contact_force_bw", n);
  pf.peak_pressure_MPa = in.read_vector("patellofemoral/peak_pressure_MPa", n);
  pf.mean_pressure_MPa = in.read_vector("patellofemoral/mean_pressure_MPa", n);
  pf.contact_area_mm2 = in.read_vector("patellofemoral/contact_area_mm2", n);
  pf.lateral_fraction = in.read_vector("patellofemoral/lateral_fraction", n);
  pf.patellar_tendon_force_N = in.read_vector("patellofemoral/patellar_tendon_force_N", n);
  pf.quadriceps_force_N = in.read_vector("patellofemoral/quadriceps_force_N", n);

  ControlSeries& ctl = r.control;
  ctl.residual_force_N = in.read_matrix("control/residual_force_N", n, -1);
  ctl.residual_names = in.read_names("control/residual_force_N");
  ctl.reserve_moment_Nm = in.read_matrix("control/reserve_moment_Nm", n, -1);
  ctl.reserve_names = in.read_names("control/reserve_moment_Nm");
  ctl.tracking_error_rad = in.read_matrix("control/tracking_error_rad", n, -1);
  ctl.tracking_names = in.read_names("control/tracking_error_rad");
  for (auto [path, columns, names] :
       {std::tuple{"joints/moment_Nm", r.joints.moment_Nm.cols(), r.joints.names.size()},
        std::tuple{"control/residual_force_N", ctl.residual_force_N.cols(), ctl.residual_names.size()},
        std::tuple{"control/reserve_moment_Nm", ctl.reserve_moment_Nm.cols(), ctl.reserve_names.size()},
        std::tuple{"control/tracking_error_rad", ctl.tracking_error_rad.cols(), ctl.tracking_names.size()}}) {
    if (Eigen::Index(names) != columns)
      in.fail(fmt::format("{}{} has {} columns but {} names", prefix, path, columns, names));
  }

  if (!in.exists("summary")) in.fail(fmt::format("missing group {}summary", prefix));
  const H5::Group summary = group.openGroup("summary");
  const std::string summary_path = prefix + "summary";
  r.summary.status = in.read_string_attribute(summary, summary_path, "status");
  r.summary.failure_reason = in.read_string_attribute(summary, summary_path, "failure_reason");
  for (const SummaryMetric& metric : get_summary_metrics())
    r.summary.*metric.member = in.read_double_attribute(summary, summary_path, metric.name);
  return r;
}

void write_run_file(const std::string& path, const RunResult& result) {
  write_hdf5_file(path, "results file", [&](H5::H5File& file) { write_run_group(file, result); });
}

RunResult read_run_file(const std::string& path) {
  const H5::H5File file = open_hdf5_for_reading(path, "results file");
  try {
    // A sweep file holds many runs' summaries, not one run: say so rather than name an attribute.
    if (file.nameExists("sweep") && !file.attrExists("kneeload_version"))
      throw InputError(fmt::format(
          "'{}' is a sweep file, not a run's results file (its runs' metrics are in "
          "/sweep/metrics: `kneeload plot {} -o FIGURE.png` charts them)",
          path, path));
    return read_run_group(file, path);
  } catch (const H5::Exception& e) {
    throw InputError(fmt::format("results file '{}' is truncated or corrupt ({})", path,
                                 e.getDetailMsg()));
  }
}

std::string get_current_utc_iso8601() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];  // "YYYY-MM-DDTHH:MM:SSZ" + NUL
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

}  // namespace kneeload
