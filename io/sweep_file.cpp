// HDF5 sweep files (DESIGN.md §6, docs/hdf5_schema.md): the whole-file writer (temporary, then
// rename) and the strict reader of /sweep.
#include "io/sweep_file.hpp"

#include "io/hdf5_attributes.hpp"
#include "io/hdf5_input.hpp"
#include "io/hdf5_memory_file.hpp"

#include "scenarios/run_result.hpp"
#include "solver/errors.hpp"

#include <H5Cpp.h>
#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>
#include <unistd.h>

namespace kneeload {
namespace {

// A group that lists its members in creation order (h5py shows params in spec order).
H5::Group create_ordered_group(H5::Group& parent, const char* name) {
  const hid_t group_properties = H5Pcreate(H5P_GROUP_CREATE);
  H5Pset_link_creation_order(group_properties, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED);
  const hid_t id = H5Gcreate2(parent.getId(), name, H5P_DEFAULT, group_properties, H5P_DEFAULT);
  H5Pclose(group_properties);
  if (id < 0) throw H5::GroupIException("create_ordered_group", std::string("cannot create ") + name);
  H5Gclose(id);  // reopened through the C++ API, which then owns the only handle
  return parent.openGroup(name);
}

void write_int_attribute(H5::H5Object& object, const char* name, long long value) {
  object.createAttribute(name, H5::PredType::STD_I64LE, H5::DataSpace(H5S_SCALAR))
      .write(H5::PredType::NATIVE_LLONG, &value);
}

// A [n] float64 dataset with a `units` attribute.
void write_column(H5::Group& group, const std::string& name, const double* data, hsize_t n,
                  hsize_t stride, const std::string& units) {
  std::vector<double> column(n);  // [n]
  for (hsize_t i = 0; i < n; ++i) column[i] = data[i * stride];
  const hsize_t dims[1] = {n};
  H5::DataSet dataset =
      group.createDataSet(name, H5::PredType::IEEE_F64LE, H5::DataSpace(1, dims));
  if (n > 0) dataset.write(column.data(), H5::PredType::NATIVE_DOUBLE);
  write_string_attribute(dataset, "units", units);
}

// Copies the root of the run file `source` into `parent`/`name`.
void copy_run_file(const std::string& source, H5::Group& parent, const std::string& name) {
  const hid_t file = H5Fopen(source.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (file < 0) throw InputError(fmt::format("cannot open run series file '{}'", source));
  const herr_t status = H5Ocopy(file, "/", parent.getId(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT);
  H5Fclose(file);
  if (status < 0) throw InputError(fmt::format("cannot copy run series file '{}'", source));
}

// Reading with messages that name the file and the object.
struct Reader {
  const H5::H5File& file;
  const std::string& path;

  H5::DataSet open(const std::string& name) const {
    if (!file.nameExists(name))
      throw InputError(fmt::format("sweep file '{}' lacks {}", path, name));
    return file.openDataSet(name);
  }
  hsize_t get_length(const H5::DataSet& dataset, const std::string& name) const {
    const H5::DataSpace space = dataset.getSpace();
    if (space.getSimpleExtentNdims() != 1)
      throw InputError(fmt::format("sweep file '{}': {} is not one-dimensional", path, name));
    hsize_t n = 0;
    space.getSimpleExtentDims(&n);
    return n;
  }
  std::vector<double> read_doubles(const std::string& name, hsize_t n) const {
    const H5::DataSet dataset = open(name);
    if (get_length(dataset, name) != n)
      throw InputError(fmt::format("sweep file '{}': {} has {} entries, expected {}", path, name,
                                   get_length(dataset, name), n));
    std::vector<double> values(n);  // [n]
    if (n > 0) dataset.read(values.data(), H5::PredType::NATIVE_DOUBLE);
    return values;
  }
  std::string read_string_attribute(const H5::H5Object& object, const char* name) const {
    if (!object.attrExists(name))
      throw InputError(fmt::format("sweep file '{}': /sweep lacks attribute {}", path, name));
    const H5::Attribute attribute = object.openAttribute(name);
    std::string value;
    attribute.read(attribute.getStrType(), value);
    return value;
  }
  long long read_int_attribute(const H5::H5Object& object, const char* name) const {
    if (!object.attrExists(name))
      throw InputError(fmt::format("sweep file '{}': /sweep lacks attribute {}", path, name));
    long long value = 0;
    object.openAttribute(name).read(H5::PredType::NATIVE_LLONG, &value);
    return value;
  }
};

// Opens an existing HDF5 file read-only with one clear error otherwise, and calls read(file).
template <typename Read>
auto with_sweep_file(const std::string& path, Read&& read) {
  const H5::H5File file = open_hdf5_for_reading(path, "sweep file");
  try {
    if (!file.nameExists("sweep"))
      throw InputError(fmt::format("'{}' is not a sweep file (no /sweep group)", path));
    return read(file);
  } catch (const H5::Exception& e) {
    throw InputError(
        fmt::format("sweep file '{}' is truncated or corrupt ({})", path, e.getDetailMsg()));
  }
}

}  // namespace

SweepTable make_pending_sweep_table(const std::string& spec_toml, const std::string& method,
                                    int n_base, const std::vector<std::string>& param_keys,
                                    const Eigen::MatrixXd& points) {
  SweepTable table;
  table.spec_toml = spec_toml;
  table.method = method;
  table.n_base = n_base;
  table.param_keys = param_keys;
  table.params = points;
  for (const SummaryMetric& metric : get_summary_metrics()) table.metric_names.push_back(metric.name);
  const Eigen::Index n = points.rows();
  table.metrics = Eigen::MatrixXd::Constant(n, Eigen::Index(table.metric_names.size()),
                                            std::numeric_limits<double>::quiet_NaN());
  table.status = Eigen::VectorXi::Zero(n);
  table.failure_reason.assign(size_t(n), std::string());
  return table;
}

namespace {

// The /sweep group, and with `series_dir` every done run's series under /runs/<index>.
void write_sweep_contents(H5::H5File& file, const SweepTable& table, const SweepFileMeta& meta,
                          const std::string& series_dir) {
  const hsize_t n = hsize_t(table.params.rows());
  H5::Group sweep = file.createGroup("sweep");
  long long n_done = 0, n_failed = 0;
  for (hsize_t i = 0; i < n; ++i) {
    n_done += table.status[Eigen::Index(i)] != sweep_pending;
    n_failed += table.status[Eigen::Index(i)] == sweep_failed;
  }
  write_string_attribute(sweep, "spec_toml", table.spec_toml);
  write_int_attribute(sweep, "n_runs", (long long)n);
  write_int_attribute(sweep, "n_done", n_done);
  write_int_attribute(sweep, "n_failed", n_failed);
  write_string_attribute(sweep, "method", table.method);
  write_int_attribute(sweep, "n_base", table.n_base);
  write_string_attribute(sweep, "scenario", meta.scenario);
  write_string_attribute(sweep, "kneeload_version", meta.kneeload_version);
  write_string_attribute(sweep, "created_utc", meta.created_utc);
  write_string_attribute(sweep, "spec_fingerprint", meta.spec_fingerprint);
  write_int_attribute(sweep, "series_saved", meta.series_saved ? 1 : 0);

  // Column-major Eigen: column j of params starts at data() + j·n, stride 1.
  write_strings_attribute(sweep, "param_keys", table.param_keys);
  H5::Group params = create_ordered_group(sweep, "params");
  for (size_t j = 0; j < table.param_keys.size(); ++j)
    write_column(params, table.param_keys[j], table.params.data() + j * n, n, 1,
                 meta.param_units[j]);
  H5::Group metrics = sweep.createGroup("metrics");
  const std::vector<SummaryMetric>& summary_metrics = get_summary_metrics();
  for (size_t m = 0; m < summary_metrics.size(); ++m)
    write_column(metrics, summary_metrics[m].name, table.metrics.data() + m * n, n, 1,
                 summary_metrics[m].unit);

  const hsize_t dims[1] = {n};
  H5::DataSet status =
      sweep.createDataSet("status", H5::PredType::STD_I32LE, H5::DataSpace(1, dims));
  if (n > 0) status.write(table.status.data(), H5::PredType::NATIVE_INT);
  write_string_attribute(status, "meaning", "0 pending, 1 ok, 2 failed");
  write_string_attribute(status, "units", "1");  // a code: every numeric dataset has units
  const H5::StrType string_type = get_string_type();
  H5::DataSet reasons = sweep.createDataSet("failure_reason", string_type, H5::DataSpace(1, dims));
  std::vector<const char*> pointers;  // [n]
  pointers.reserve(n);
  for (const std::string& reason : table.failure_reason) pointers.push_back(reason.c_str());
  if (n > 0) reasons.write(pointers.data(), string_type);

  if (!series_dir.empty()) {
    H5::Group runs = file.createGroup("runs");
    for (hsize_t i = 0; i < n; ++i) {
      const std::string source = fmt::format("{}/{}.h5", series_dir, i);
      if (table.status[Eigen::Index(i)] != sweep_pending && std::filesystem::exists(source))
        copy_run_file(source, runs, std::to_string(i));
    }
  }
}

// With every run's series the file can outgrow memory, so HDF5 writes it to disk itself; its
// size is about the series files' together, checked against the free space first so that a full
// disk stops the sweep with its journal intact (HDF5 1.10 crashes when a close fails on a full
// disk) and `--resume` writes the file once space is freed.
void check_space_for_series(const std::string& path, const std::string& series_dir) {
  namespace fs = std::filesystem;
  std::error_code error;
  std::uintmax_t needed = 1 << 20;  // the table and HDF5's own structures, generously
  for (const fs::directory_entry& entry : fs::directory_iterator(series_dir, error))
    if (entry.is_regular_file(error)) needed += entry.file_size(error);
  fs::path folder = fs::path(path).parent_path();
  if (folder.empty()) folder = ".";
  const fs::space_info space = fs::space(folder, error);
  if (!error && space.available < needed)
    throw InputError(fmt::format("not enough space for sweep file '{}': it needs about {} MB with "
                                 "the runs' series, {} MB are free; free some and finish with "
                                 "--resume",
                                 path, needed >> 20, space.available >> 20));
}

}  // namespace

void write_sweep_file(const std::string& path, const SweepTable& table, const SweepFileMeta& meta,
                      const std::string& series_dir) {
  H5::Exception::dontPrint();
  const hsize_t n = hsize_t(table.params.rows());
  KNEELOAD_CHECK(table.metrics.rows() == Eigen::Index(n) && table.status.size() == Eigen::Index(n) &&
                     table.failure_reason.size() == n &&
                     table.params.cols() == Eigen::Index(table.param_keys.size()) &&
                     meta.param_units.size() == table.param_keys.size() &&
                     table.metrics.cols() == Eigen::Index(get_summary_metrics().size()),
                 "sweep table shapes disagree: params {}x{}, keys {}, units {}, metrics {}x{}, "
                 "status {}, reasons {}",
                 table.params.rows(), table.params.cols(), table.param_keys.size(),
                 meta.param_units.size(), table.metrics.rows(), table.metrics.cols(),
                 table.status.size(), table.failure_reason.size());
  if (series_dir.empty()) {
    write_hdf5_file(path, "sweep file",
                    [&](H5::H5File& file) { write_sweep_contents(file, table, meta, ""); });
    return;
  }
  check_space_for_series(path, series_dir);
  const std::string temporary = fmt::format("{}.tmp-{}", path, getpid());
  bool created = false;
  try {
    H5::H5File file(temporary, H5F_ACC_TRUNC);
    created = true;
    write_sweep_contents(file, table, meta, series_dir);
    file.close();
  } catch (const H5::Exception& e) {
    std::remove(temporary.c_str());
    if (!created)
      throw InputError(fmt::format("cannot create sweep file '{}' (is its folder there and "
                                   "writable?)",
                                   path));
    throw InputError(fmt::format("writing sweep file '{}' failed: {}", path, e.getDetailMsg()));
  } catch (...) {
    std::remove(temporary.c_str());
    throw;
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    const int error = errno;
    std::remove(temporary.c_str());
    throw InputError(fmt::format("cannot write sweep file '{}': {}", path, std::strerror(error)));
  }
}

SweepTable read_sweep_table(const std::string& path) {
  return with_sweep_file(path, [&](const H5::H5File& file) {
    const Reader in{file, path};
    const H5::Group sweep = file.openGroup("sweep");
    SweepTable table;
    table.spec_toml = in.read_string_attribute(sweep, "spec_toml");
    table.method = in.read_string_attribute(sweep, "method");
    const long long n_base = in.read_int_attribute(sweep, "n_base");
    const long long n_runs = in.read_int_attribute(sweep, "n_runs");
    if (n_runs < 0) throw InputError(fmt::format("sweep file '{}': n_runs < 0", path));
    if (n_base < 0 || n_base > n_runs)
      throw InputError(fmt::format("sweep file '{}': n_base {} is outside [0, n_runs = {}]", path,
                                   n_base, n_runs));
    table.n_base = int(n_base);
    const hsize_t n = hsize_t(n_runs);
    // Checked against the data before anything of that size is allocated (a damaged attribute).
    const H5::DataSet status = in.open("sweep/status");
    if (in.get_length(status, "/sweep/status") != n)
      throw InputError(fmt::format("sweep file '{}': /sweep/status has {} entries, n_runs says {}",
                                   path, in.get_length(status, "/sweep/status"), n));

    if (!file.nameExists("sweep/params"))
      throw InputError(fmt::format("sweep file '{}' lacks /sweep/params", path));
    // Spec order is the /sweep attribute param_keys (a group lists its names alphabetically).
    std::vector<std::string> names;  // [p]
    if (!sweep.attrExists("param_keys"))
      throw InputError(fmt::format("sweep file '{}': /sweep lacks attribute param_keys", path));
    {
      const H5::Attribute attribute = sweep.openAttribute("param_keys");
      const H5::DataSpace space = attribute.getSpace();
      hsize_t p = 0;
      if (space.getSimpleExtentNdims() == 1) space.getSimpleExtentDims(&p);
      std::vector<char*> pointers(p, nullptr);  // [p]
      const H5::StrType type = get_string_type();
      if (p > 0) attribute.read(type, pointers.data());
      for (char* text : pointers) names.emplace_back(text ? text : "");
      if (p > 0) H5Dvlen_reclaim(type.getId(), space.getId(), H5P_DEFAULT, pointers.data());
    }
    table.param_keys = names;
    table.params.resize(Eigen::Index(n), Eigen::Index(names.size()));
    for (size_t j = 0; j < names.size(); ++j) {
      const std::vector<double> column = in.read_doubles("sweep/params/" + names[j], n);
      for (hsize_t i = 0; i < n; ++i) table.params(Eigen::Index(i), Eigen::Index(j)) = column[i];
    }
    const std::vector<SummaryMetric>& summary_metrics = get_summary_metrics();
    table.metrics.resize(Eigen::Index(n), Eigen::Index(summary_metrics.size()));
    for (size_t m = 0; m < summary_metrics.size(); ++m) {
      table.metric_names.push_back(summary_metrics[m].name);
      const std::vector<double> column =
          in.read_doubles(std::string("sweep/metrics/") + summary_metrics[m].name, n);
      for (hsize_t i = 0; i < n; ++i) table.metrics(Eigen::Index(i), Eigen::Index(m)) = column[i];
    }
    table.status.resize(Eigen::Index(n));
    if (n > 0) status.read(table.status.data(), H5::PredType::NATIVE_INT);
    for (Eigen::Index i = 0; i < table.status.size(); ++i)
      if (table.status[i] != sweep_pending && table.status[i] != sweep_ok &&
          table.status[i] != sweep_failed)
        throw InputError(fmt::format("sweep file '{}': /sweep/status[{}] = {} is not 0 (pending), "
                                     "1 (ok) or 2 (failed)",
                                     path, i, table.status[i]));
    const H5::DataSet reasons = in.open("sweep/failure_reason");
    if (in.get_length(reasons, "/sweep/failure_reason") != n)
      throw InputError(fmt::format("sweep file '{}': /sweep/failure_reason has {} entries, "
                                   "expected {}",
                                   path, in.get_length(reasons, "/sweep/failure_reason"), n));
    std::vector<char*> pointers(n, nullptr);  // [n], freed below
    const H5::StrType string_type = get_string_type();
    if (n > 0) reasons.read(pointers.data(), string_type);
    for (char* p : pointers) table.failure_reason.emplace_back(p ? p : "");
    if (n > 0) {
      const hsize_t dims[1] = {n};
      H5::DataSpace space(1, dims);
      H5Dvlen_reclaim(string_type.getId(), space.getId(), H5P_DEFAULT, pointers.data());
    }
    return table;
  });
}

SweepFileMeta read_sweep_file_meta(const std::string& path) {
  return with_sweep_file(path, [&](const H5::H5File& file) {
    const Reader in{file, path};
    const H5::Group sweep = file.openGroup("sweep");
    SweepFileMeta meta;
    meta.scenario = in.read_string_attribute(sweep, "scenario");
    meta.kneeload_version = in.read_string_attribute(sweep, "kneeload_version");
    meta.created_utc = in.read_string_attribute(sweep, "created_utc");
    meta.spec_fingerprint = in.read_string_attribute(sweep, "spec_fingerprint");
    meta.series_saved = in.read_int_attribute(sweep, "series_saved") != 0;
    return meta;
  });
}

}  // namespace kneeload
