// HDF5 run files (DESIGN.md §6 contract, §9 reliability) and the summary metrics of a run.
#include "io/run_file.hpp"
#include "run_result_fixture.hpp"
#include "solver/errors.hpp"
#include "tests/file_size_limit.hpp"
#include "tests/input_error_of.hpp"

#include <H5Cpp.h>
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <set>

using namespace kneeload;
using kneeload::testing::FileSizeLimit;
using kneeload::testing::ScratchFolder;
using kneeload::testing::make_synthetic_result;
using Catch::Matchers::Contains;

using kneeload::testing::input_error_of;

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kGravity_m_per_s2 = 9.80665;  // m/s^2

bool same_double(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }

// Every object path below the root, by the HDF5 C API (not through read_run_file).
std::set<std::string> list_object_paths(const std::string& path) {
  std::set<std::string> paths;
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  REQUIRE(file >= 0);
  H5Ovisit(
      file, H5_INDEX_NAME, H5_ITER_NATIVE,
      [](hid_t, const char* name, const H5O_info_t*, void* data) -> herr_t {
        if (std::string(name) != ".") static_cast<std::set<std::string>*>(data)->insert(name);
        return 0;
      },
      &paths);
  H5Fclose(file);
  return paths;
}

std::set<std::string> list_attributes(const std::string& path, const std::string& object) {
  std::set<std::string> names;
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  REQUIRE(file >= 0);
  H5Aiterate_by_name(
      file, object.c_str(), H5_INDEX_NAME, H5_ITER_NATIVE, nullptr,
      [](hid_t, const char* name, const H5A_info_t*, void* data) -> herr_t {
        static_cast<std::set<std::string>*>(data)->insert(name);
        return 0;
      },
      &names, H5P_DEFAULT);
  H5Fclose(file);
  return names;
}

// The scalar string attribute `name` of `object`, by the HDF5 C API.
std::string read_string_attribute(const std::string& path, const std::string& object,
                                  const std::string& name) {
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  REQUIRE(file >= 0);
  const hid_t attribute = H5Aopen_by_name(file, object.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT);
  REQUIRE(attribute >= 0);
  const hid_t type = H5Tcopy(H5T_C_S1);
  H5Tset_size(type, H5T_VARIABLE);
  H5Tset_cset(type, H5T_CSET_UTF8);  // as written: variable-length UTF-8
  char* text = nullptr;
  REQUIRE(H5Aread(attribute, type, &text) >= 0);
  const std::string value = text ? text : "";
  H5free_memory(text);
  H5Tclose(type);
  H5Aclose(attribute);
  H5Fclose(file);
  return value;
}

}  // namespace

TEST_CASE("run file: write then read gives back every value exactly", "[run_file]") {
  ScratchFolder folder("kneeload_run_file_roundtrip");
  RunResult written = make_synthetic_result();
  written.summary.status = "failed";
  written.summary.failure_reason = "step size underflow (at t = 0.2 s)";
  written.summary.max_tracking_error_deg = std::numeric_limits<double>::quiet_NaN();
  write_run_file(folder.file("run.h5"), written);
  const RunResult read = read_run_file(folder.file("run.h5"));

  CHECK(read.meta.scenario == written.meta.scenario);
  CHECK(read.meta.kneeload_version == written.meta.kneeload_version);
  CHECK(read.meta.created_utc == written.meta.created_utc);
  CHECK(read.meta.config_toml == written.meta.config_toml);
  CHECK(read.time_s == written.time_s);
  CHECK(read.coordinates.names == written.coordinates.names);
  CHECK(read.coordinates.units == written.coordinates.units);
  CHECK(read.coordinates.values == written.coordinates.values);
  CHECK(read.coordinates.speeds == written.coordinates.speeds);
  CHECK(read.muscles.names == written.muscles.names);
  CHECK(read.muscles.activation == written.muscles.activation);
  CHECK(read.muscles.force_N == written.muscles.force_N);
  CHECK(read.joints.names == written.joints.names);
  CHECK(read.joints.moment_Nm == written.joints.moment_Nm);
  CHECK(read.ground.force_N == written.ground.force_N);
  CHECK(read.ground.force_terrain_N == written.ground.force_terrain_N);
  CHECK(read.ground.cop_m == written.ground.cop_m);
  const auto& a = read.patellofemoral;
  const auto& b = written.patellofemoral;
  CHECK(a.contact_force_N == b.contact_force_N);
  CHECK(a.contact_force_bw == b.contact_force_bw);
  CHECK(a.peak_pressure_MPa == b.peak_pressure_MPa);
  CHECK(a.mean_pressure_MPa == b.mean_pressure_MPa);
  CHECK(a.contact_area_mm2 == b.contact_area_mm2);
  CHECK(a.lateral_fraction == b.lateral_fraction);
  CHECK(a.patellar_tendon_force_N == b.patellar_tendon_force_N);
  CHECK(a.quadriceps_force_N == b.quadriceps_force_N);
  CHECK(read.control.residual_names == written.control.residual_names);
  CHECK(read.control.residual_force_N == written.control.residual_force_N);
  CHECK(read.control.reserve_names == written.control.reserve_names);
  CHECK(read.control.reserve_moment_Nm == written.control.reserve_moment_Nm);
  CHECK(read.control.tracking_names == written.control.tracking_names);
  CHECK(read.control.tracking_error_rad == written.control.tracking_error_rad);
  CHECK(read.summary.status == "failed");
  CHECK(read.summary.failure_reason == written.summary.failure_reason);
  for (const SummaryMetric& metric : get_summary_metrics()) {
    INFO(metric.name);
    CHECK(same_double(read.summary.*metric.member, written.summary.*metric.member));
  }
}

TEST_CASE("run file: a run with no samples and no muscles round-trips", "[run_file]") {
  ScratchFolder folder("kneeload_run_file_empty");
  RunResult written = make_synthetic_result(0);
  written.muscles = {};
  written.summary = calc_run_summary(written, 70.0);
  write_run_file(folder.file("empty.h5"), written);
  const RunResult read = read_run_file(folder.file("empty.h5"));
  CHECK(read.time_s.size() == 0);
  CHECK(read.coordinates.names == written.coordinates.names);
  CHECK(read.muscles.names.empty());
  CHECK(read.muscles.force_N.cols() == 0);
  CHECK(std::isnan(read.summary.peak_pf_force_N));
}

TEST_CASE("run file: exactly the DESIGN.md §6 paths and attributes, read by the HDF5 API",
          "[run_file]") {
  ScratchFolder folder("kneeload_run_file_layout");
  const std::string path = folder.file("run.h5");
  write_run_file(path, make_synthetic_result(5));

  // The contract, written out here rather than taken from the writer.
  const std::set<std::string> vectors = {
      "time", "patellofemoral/contact_force_bw", "patellofemoral/peak_pressure_MPa",
      "patellofemoral/mean_pressure_MPa", "patellofemoral/contact_area_mm2",
      "patellofemoral/lateral_fraction", "patellofemoral/patellar_tendon_force_N",
      "patellofemoral/quadriceps_force_N"};
  const std::set<std::string> named = {"coordinates/values", "coordinates/speeds",
                                       "muscles/activation", "muscles/force_N", "joints/moment_Nm",
                                       "control/residual_force_N", "control/reserve_moment_Nm",
                                       "control/tracking_error_rad"};
  const std::set<std::string> unnamed = {"ground/force_N", "ground/force_terrain_N", "ground/cop_m",
                                         "patellofemoral/contact_force_N"};
  const std::set<std::string> groups = {"coordinates", "muscles", "joints", "ground",
                                        "patellofemoral", "control", "summary"};
  std::set<std::string> expected = groups;
  for (const auto* set : {&vectors, &named, &unnamed}) expected.insert(set->begin(), set->end());
  CHECK(list_object_paths(path) == expected);

  CHECK(list_attributes(path, "/") ==
        std::set<std::string>{"kneeload_version", "scenario", "created_utc", "config_toml"});
  CHECK(read_string_attribute(path, "/", "scenario") == "level_run");
  for (const auto& dataset : vectors) CHECK(list_attributes(path, dataset) == std::set<std::string>{"units"});
  for (const auto& dataset : unnamed) CHECK(list_attributes(path, dataset) == std::set<std::string>{"units"});
  for (const auto& dataset : named)
    CHECK(list_attributes(path, dataset) == std::set<std::string>{"names", "units"});
  CHECK(list_attributes(path, "summary") ==
        std::set<std::string>{"status", "failure_reason", "peak_pf_force_N", "peak_pf_force_bw",
                              "time_of_peak_pf_s", "pf_impulse_bw_s", "peak_pf_pressure_MPa",
                              "peak_knee_flexion_deg", "peak_knee_extension_moment_Nm_per_kg",
                              "peak_vgrf_bw", "peak_quadriceps_force_bw",
                              "peak_patellar_tendon_force_bw", "peak_lateral_fraction",
                              "stance_time_s", "max_tracking_error_deg",
                              "max_residual_force_pct_bw"});
  CHECK(read_string_attribute(path, "summary", "status") == "ok");

  // Units and shapes of a few datasets.
  const H5::H5File file(path, H5F_ACC_RDONLY);
  CHECK(read_string_attribute(path, "time", "units") == "s");
  CHECK(read_string_attribute(path, "patellofemoral/contact_force_N", "units") == "N");
  CHECK(read_string_attribute(path, "patellofemoral/peak_pressure_MPa", "units") == "MPa");
  CHECK(read_string_attribute(path, "patellofemoral/contact_area_mm2", "units") == "mm^2");
  CHECK(read_string_attribute(path, "ground/cop_m", "units") == "m");
  CHECK(read_string_attribute(path, "joints/moment_Nm", "units") == "N m");
  hsize_t dims[2] = {0, 0};
  CHECK(file.openDataSet("ground/force_terrain_N").getSpace().getSimpleExtentDims(dims) == 2);
  CHECK((dims[0] == 5 && dims[1] == 2));
  CHECK(file.openDataSet("patellofemoral/lateral_fraction").getSpace().getSimpleExtentDims(dims) == 1);
  CHECK(dims[0] == 5);
  // Coordinate units are one string per column (rad or m).
  const H5::Attribute units = file.openDataSet("coordinates/values").openAttribute("units");
  CHECK(units.getSpace().getSimpleExtentNpoints() == 6);
}

TEST_CASE("read_run_file: a missing file is one InputError naming it", "[run_file]") {
  CHECK_THAT(input_error_of([] { read_run_file("no_such_run.h5"); }),
             Contains("'no_such_run.h5'") && Contains("does not exist"));
}

TEST_CASE("read_run_file: a text file renamed .h5 is 'not an HDF5 file'", "[run_file]") {
  ScratchFolder folder("kneeload_run_file_text");
  std::ofstream(folder.file("notes.h5")) << "time,force\n0,1\n";
  CHECK_THAT(input_error_of([&] { read_run_file(folder.file("notes.h5")); }),
             Contains("notes.h5") && Contains("not an HDF5 file"));
}

TEST_CASE("read_run_file: a truncated file is 'truncated or corrupt'", "[run_file]") {
  ScratchFolder folder("kneeload_run_file_truncated");
  write_run_file(folder.file("full.h5"), make_synthetic_result(200));
  std::ifstream in(folder.file("full.h5"), std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::ofstream(folder.file("cut.h5"), std::ios::binary) << bytes.substr(0, bytes.size() / 2);
  const std::string message = input_error_of([&] { read_run_file(folder.file("cut.h5")); });
  CHECK_THAT(message, Contains("cut.h5") && Contains("truncated or corrupt"));
  CHECK(message.find('\n') == std::string::npos);  // one line
}

TEST_CASE("read_run_file: an HDF5 file lacking /time names the dataset", "[run_file]") {
  ScratchFolder folder("kneeload_run_file_no_time");
  const std::string path = folder.file("no_time.h5");
  write_run_file(path, make_synthetic_result());
  {
    H5::H5File file(path, H5F_ACC_RDWR);
    file.unlink("time");
  }
  CHECK_THAT(input_error_of([&] { read_run_file(path); }),
             Contains("no_time.h5") && Contains("missing dataset /time"));
  // A lost summary attribute is named too.
  write_run_file(path, make_synthetic_result());
  {
    H5::H5File file(path, H5F_ACC_RDWR);
    file.openGroup("summary").removeAttr("peak_vgrf_bw");
  }
  CHECK_THAT(input_error_of([&] { read_run_file(path); }),
             Contains("/summary lacks attribute peak_vgrf_bw"));
  // A /time of another length: the series are named with the rows they have and should have.
  write_run_file(path, make_synthetic_result());
  {
    H5::H5File file(path, H5F_ACC_RDWR);
    file.unlink("time");
    const hsize_t rows = 2;
    const double two[2] = {0.0, 0.001};
    H5::DataSet time =
        file.createDataSet("time", H5::PredType::NATIVE_DOUBLE, H5::DataSpace(1, &rows));
    time.write(two, H5::PredType::NATIVE_DOUBLE);
    time.createAttribute("units", H5::StrType(H5::PredType::C_S1, 1), H5::DataSpace(H5S_SCALAR))
        .write(H5::StrType(H5::PredType::C_S1, 1), "s");
  }
  CHECK_THAT(input_error_of([&] { read_run_file(path); }),
             Contains("rows, expected 2 (one per sample of /time)"));
}

TEST_CASE("write_run_file: a failed write leaves no file, not even the temporary", "[run_file]") {
  ScratchFolder folder("kneeload_run_file_failed_write");
  const std::string path = folder.file("run.h5");

  // Fails part-way: /time and /coordinates are written before the bad muscle series.
  RunResult bad = make_synthetic_result();
  bad.muscles.names.pop_back();
  CHECK_THROWS_AS(write_run_file(path, bad), InvariantError);
  CHECK_FALSE(std::filesystem::exists(path));
  CHECK(folder.count_entries() == 0);

  // A folder that is not there: InputError naming the path, nothing created.
  const std::string nowhere = folder.file("missing_folder/run.h5");
  CHECK_THAT(input_error_of([&] { write_run_file(nowhere, make_synthetic_result()); }),
             Contains("missing_folder/run.h5"));
  CHECK(folder.count_entries() == 0);

  // A failed overwrite keeps the earlier file intact.
  const RunResult good = make_synthetic_result();
  write_run_file(path, good);
  CHECK_THROWS(write_run_file(path, bad));
  CHECK(read_run_file(path).patellofemoral.contact_force_N == good.patellofemoral.contact_force_N);
  CHECK(folder.count_entries() == 1);
}

TEST_CASE("write_run_file: a disk that fills up is one InputError with the system's reason, and no "
          "file",
          "[run_file]") {
  ScratchFolder folder("kneeload_run_file_disk_full");
  const std::string path = folder.file("run.h5");
  std::string message;
  {
    const FileSizeLimit limit(4096);  // bytes: far below a run file
    message = input_error_of([&] { write_run_file(path, make_synthetic_result()); });
  }
  CHECK_THAT(message, Contains("run.h5") && Contains("File too large"));
  CHECK(folder.count_entries() == 0);
  // And with room the same call writes the file.
  write_run_file(path, make_synthetic_result());
  CHECK(read_run_file(path).time_s == make_synthetic_result().time_s);
}

// Law: for F(t) = A sin(pi t / T) on [0, T], the peak is A at T/2 and the impulse is 2 A T / pi;
// the trapezoid rule converges to it with order 2 (halving the step quarters the error).
TEST_CASE("calc_run_summary: half-sine PF force has peak A at T/2 and impulse 2AT/pi",
          "[run_file][summary]") {
  const double mass_kg = 70.0, body_weight_N = mass_kg * kGravity_m_per_s2;
  const double amplitude_N = 4.0 * body_weight_N, stance_s = 0.24;
  const auto summary_with = [&](int samples) {
    RunResult r = make_synthetic_result(samples);
    for (int k = 0; k < samples; ++k) {
      const double t = stance_s * k / (samples - 1);
      r.time_s[k] = t;
      const double force_N = amplitude_N * std::sin(kPi * t / stance_s);
      r.patellofemoral.contact_force_N.row(k) << 0.6 * force_N, -0.8 * force_N, 0.0;  // |.| = F
    }
    return calc_run_summary(r, mass_kg);
  };
  const RunSummary coarse = summary_with(101), fine = summary_with(201);
  CHECK(fine.peak_pf_force_N == Approx(amplitude_N).epsilon(1e-12));
  CHECK(fine.peak_pf_force_bw == Approx(4.0).epsilon(1e-12));
  CHECK(fine.time_of_peak_pf_s == Approx(stance_s / 2).epsilon(1e-12));
  CHECK(fine.stance_time_s == Approx(stance_s).epsilon(1e-12));
  const double exact_bw_s = 2.0 * 4.0 * stance_s / kPi;  // BW s
  CHECK(fine.pf_impulse_bw_s == Approx(exact_bw_s).epsilon(1e-4));
  const double ratio = (coarse.pf_impulse_bw_s - exact_bw_s) / (fine.pf_impulse_bw_s - exact_bw_s);
  CHECK(ratio == Approx(4.0).epsilon(0.01));
}

// Law: the trapezoid rule is exact for a linear ramp F = c t: impulse c T^2 / 2 (a rectangle rule
// would not be; on the half-sine both agree because it vanishes at both ends).
TEST_CASE("calc_run_summary: PF impulse of a linear ramp is exact", "[run_file][summary]") {
  const double mass_kg = 70.0, body_weight_N = mass_kg * kGravity_m_per_s2;
  const double slope_N_per_s = 20000.0, stance_s = 0.3;
  RunResult r = make_synthetic_result(31);
  r.patellofemoral.contact_force_N.setZero();
  for (int k = 0; k < 31; ++k) {
    r.time_s[k] = stance_s * k / 30;
    r.patellofemoral.contact_force_N(k, 1) = slope_N_per_s * r.time_s[k];
  }
  const RunSummary s = calc_run_summary(r, mass_kg);
  CHECK(s.pf_impulse_bw_s ==
        Approx(0.5 * slope_N_per_s * stance_s * stance_s / body_weight_N).epsilon(1e-12));
  CHECK(s.time_of_peak_pf_s == Approx(stance_s).epsilon(1e-12));
}

// Law: each metric is the definition in run_result.hpp applied to series with a known maximum.
TEST_CASE("calc_run_summary: knee, ground, tendon, lateral share, tracking and residual peaks",
          "[run_file][summary]") {
  const double mass_kg = 80.0, body_weight_N = mass_kg * kGravity_m_per_s2;
  RunResult r = make_synthetic_result(5);
  r.coordinates.values.col(4) << 0.3, 0.5, 0.75, 0.6, 0.4;        // knee_angle_r, rad
  r.joints.moment_Nm.col(1) << 10, -50, -136, -80, 5;             // knee, N m (flexion +)
  r.ground.force_N.col(1) << 100, 2000, 1500, 900, 0;             // vertical, N
  r.patellofemoral.quadriceps_force_N << 0, 3000, 4000, 3500, 0;  // N
  r.patellofemoral.patellar_tendon_force_N << 0, 2500, 3200, 3000, 0;
  r.patellofemoral.lateral_fraction << 0.9, 0.8, 0.6, 0.65, 0.95;
  r.patellofemoral.contact_force_N.setZero();
  r.patellofemoral.contact_force_N.col(0) << 0, 4, 20, 10, 0;     // no contact at the ends
  r.control.tracking_error_rad.setZero();
  r.control.tracking_error_rad(3, 2) = -0.02;                     // rad
  r.control.residual_force_N.setZero();
  r.control.residual_force_N.row(1) << 30, 40;                    // |.| = 50 N
  const RunSummary s = calc_run_summary(r, mass_kg);
  CHECK(s.peak_knee_flexion_deg == Approx(0.75 * 180 / kPi));
  CHECK(s.peak_knee_extension_moment_Nm_per_kg == Approx(136.0 / mass_kg));
  CHECK(s.peak_vgrf_bw == Approx(2000 / body_weight_N));
  CHECK(s.peak_quadriceps_force_bw == Approx(4000 / body_weight_N));
  CHECK(s.peak_patellar_tendon_force_bw == Approx(3200 / body_weight_N));
  CHECK(s.peak_lateral_fraction == Approx(0.65));  // not the unloaded ends, nor 4 N of 20 N
  CHECK(s.max_tracking_error_deg == Approx(0.02 * 180 / kPi));
  CHECK(s.max_residual_force_pct_bw == Approx(100 * 50 / body_weight_N));
  CHECK(s.status == "ok");

  // Without the knee columns those metrics are NaN, not an error.
  r.coordinates.names[4] = "other";
  r.joints.names[1] = "other";
  r.control.reserve_names[1] = "other";
  const RunSummary without_knee = calc_run_summary(r, mass_kg);
  CHECK(std::isnan(without_knee.peak_knee_flexion_deg));
  CHECK(std::isnan(without_knee.peak_knee_extension_moment_Nm_per_kg));
}
