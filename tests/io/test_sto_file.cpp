// OpenSim .sto tables of a run: the storage-file header of OpenSim (version=1, nRows, nColumns,
// inDegrees, endheader), tab-separated columns, and values that parse back.
#include "io/sto_file.hpp"
#include "run_result_fixture.hpp"
#include "solver/errors.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

using namespace kneeload;
using kneeload::testing::ScratchFolder;
using kneeload::testing::make_synthetic_result;

namespace {

constexpr double kPi = 3.14159265358979323846;

std::vector<std::string> read_lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace

TEST_CASE("sto: coordinates.sto has the OpenSim header and degrees for rotations", "[sto]") {
  ScratchFolder folder("kneeload_sto_coordinates");
  const RunResult run = make_synthetic_result(4);
  const std::vector<std::string> paths = write_sto_files(folder.path.string(), run);
  REQUIRE(paths.size() == 4);
  CHECK(folder.count_entries() == 4);  // no temporaries left

  const std::vector<std::string> lines = read_lines(folder.file("coordinates.sto"));
  REQUIRE(lines.size() == 7 + 4);
  CHECK(lines[0] == "coordinates");
  CHECK(lines[1] == "version=1");
  CHECK(lines[2] == "nRows=4");
  CHECK(lines[3] == "nColumns=7");  // time + 6 coordinates
  CHECK(lines[4] == "inDegrees=yes");
  CHECK(lines[5] == "endheader");
  CHECK(lines[6] ==
        "time\tpelvis_tx\tpelvis_ty\tpelvis_tilt\thip_flexion_r\tknee_angle_r\tankle_angle_r");

  const StoTable table = read_sto_file(folder.file("coordinates.sto"));
  CHECK(table.in_degrees);
  CHECK(table.column_labels == run.coordinates.names);
  CHECK(table.time_s == run.time_s);  // shortest round-trip text: exact
  for (int k = 0; k < 4; ++k) {
    CHECK(table.data(k, 0) == run.coordinates.values(k, 0));  // pelvis_tx stays in m
    CHECK(table.data(k, 1) == run.coordinates.values(k, 1));
    for (int j = 2; j < 6; ++j)  // rotations: deg = rad × 180 / pi
      CHECK(table.data(k, j) == Approx(run.coordinates.values(k, j) * 180.0 / kPi).epsilon(1e-14));
  }
}

TEST_CASE("sto: muscle forces, joint moments and PF outputs parse back exactly", "[sto]") {
  ScratchFolder folder("kneeload_sto_series");
  const RunResult run = make_synthetic_result(6);
  write_sto_files(folder.path.string(), run);

  const StoTable muscles = read_sto_file(folder.file("muscle_forces.sto"));
  CHECK_FALSE(muscles.in_degrees);
  CHECK(muscles.column_labels == run.muscles.names);
  CHECK(muscles.data == run.muscles.force_N);

  const StoTable moments = read_sto_file(folder.file("joint_moments.sto"));
  CHECK(moments.column_labels ==
        std::vector<std::string>{"hip_flexion_r_moment", "knee_angle_r_moment", "ankle_angle_r_moment"});
  CHECK(moments.data == run.joints.moment_Nm);

  const StoTable pf = read_sto_file(folder.file("patellofemoral.sto"));
  REQUIRE(pf.column_labels.size() == 10);
  CHECK(pf.column_labels[0] == "contact_force_x_N");
  CHECK(pf.column_labels[9] == "quadriceps_force_N");
  CHECK(pf.data.leftCols(3) == run.patellofemoral.contact_force_N);
  CHECK(pf.data.col(4) == run.patellofemoral.peak_pressure_MPa);
  CHECK(pf.data.col(9) == run.patellofemoral.quadriceps_force_N);
}

TEST_CASE("sto: a missing folder or a malformed table is an InputError naming it", "[sto]") {
  ScratchFolder folder("kneeload_sto_errors");
  CHECK_THROWS_WITH(write_sto_files(folder.file("nowhere"), make_synthetic_result()),
                    Catch::Matchers::Contains("nowhere"));
  std::ofstream(folder.file("bad.sto")) << "bad\nversion=1\nnRows=1\nnColumns=2\nendheader\n"
                                           "time\tx\n0.1\tabc\n";
  CHECK_THROWS_WITH(read_sto_file(folder.file("bad.sto")),
                    Catch::Matchers::Contains("bad.sto:7") && Catch::Matchers::Contains("'abc'"));
}
