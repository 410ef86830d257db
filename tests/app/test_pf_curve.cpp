// `kneeload pf-curve` as a user meets it (DESIGN.md §5): CSV with the contract header, one row per
// degree 0-120, and one clear error line naming a bad key.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace {

struct PfRun {
  int exit_status = -1;
  std::string out, err;
};

PfRun run_pf_curve(const std::string& args) {
  static int call = 0;
  const std::string stem = "pf_curve_" + std::to_string(getpid()) + "_" + std::to_string(++call);
  const std::string command = std::string("'") + KNEELOAD_BINARY + "' pf-curve " + args + " >" +
                              stem + "_out.txt 2>" + stem + "_err.txt";
  const int status = std::system(command.c_str());
  PfRun run;
  run.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  for (auto [path, text] : {std::pair{stem + "_out.txt", &run.out}, std::pair{stem + "_err.txt", &run.err}}) {
    std::ifstream in(path);
    std::ostringstream s;
    s << in.rdbuf();
    *text = s.str();
    std::remove(path.c_str());
  }
  return run;
}

}  // namespace

TEST_CASE("pf-curve prints the contract CSV header and 121 rows (0-120 deg)", "[pf-curve]") {
  const PfRun run = run_pf_curve("--quad-force-N 800 knee.q_angle_deg=18");
  REQUIRE(run.exit_status == 0);
  std::istringstream lines(run.out);
  std::string header;
  std::getline(lines, header);
  for (const char* column :
       {"knee_flexion_deg", "quad_force_N", "pf_force_N", "pf_to_quad_ratio", "quad_lever_arm_m",
        "contact_area_mm2", "peak_pressure_MPa", "lateral_fraction", "patella_flexion_deg",
        "patella_shift_mm", "patella_tilt_deg"})
    CHECK(header.find(column) != std::string::npos);
  int rows = 0;
  std::string line, last;
  while (std::getline(lines, line)) {
    ++rows;
    last = line;
  }
  CHECK(rows == 121);
  CHECK(last.rfind("120,800,", 0) == 0);
}

TEST_CASE("pf-curve rejects an unknown or out-of-range key with one line naming it", "[pf-curve]") {
  const PfRun unknown = run_pf_curve("knee.q_angel_deg=10");
  CHECK(unknown.exit_status != 0);
  CHECK(unknown.err.find("knee.q_angel_deg") != std::string::npos);
  CHECK(unknown.out.empty());
  const PfRun range = run_pf_curve("brace.patellar_medial_force_N=400");
  CHECK(range.exit_status != 0);
  CHECK(range.err.find("brace.patellar_medial_force_N") != std::string::npos);
  const PfRun force = run_pf_curve("--quad-force-N -5");
  CHECK(force.exit_status != 0);
}
