// `kneeload pf-curve` as a user meets it (DESIGN.md §5): CSV with the contract header, one row per
// degree 0-120, and one clear error line naming a bad key.
#include "tests/app/run_kneeload.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>

#include <unistd.h>

namespace {

kneeload::test::CommandRun run_pf_curve(const std::string& args) {
  return kneeload::test::run_kneeload("pf-curve " + args);
}

}  // namespace

TEST_CASE("pf-curve prints the contract CSV header and 121 rows (0-120 deg)", "[pf-curve]") {
  const kneeload::test::CommandRun run = run_pf_curve("--quad-force-N 800 knee.q_angle_deg=18");
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

// A key the curve does not read (body mass: the patella's weight is neglected) is noted, as
// `kneeload run` notes keys its scenario does not read; a key it reads is not.
TEST_CASE("pf-curve notes a key that has no effect on it", "[pf-curve]") {
  const kneeload::test::CommandRun run =
      run_pf_curve("body.mass_kg=150 knee.q_angle_deg=10 'body.height_m\t= 1.9' body.mass_kg=140");
  CHECK(run.exit_status == 0);
  CHECK(kneeload::test::count_lines(run.err) == 1);
  CHECK_THAT(run.err, Catch::Matchers::StartsWith("note: body.mass_kg, body.height_m have no "
                                                  "effect on pf-curve"));
  // At its default a key changes nothing either way: no note.
  CHECK(run_pf_curve("body.mass_kg=70").err.empty());
}

TEST_CASE("pf-curve rejects an unknown or out-of-range key with one line naming it", "[pf-curve]") {
  const kneeload::test::CommandRun unknown = run_pf_curve("knee.q_angel_deg=10");
  CHECK(unknown.exit_status != 0);
  CHECK(unknown.err.find("knee.q_angel_deg") != std::string::npos);
  CHECK(unknown.out.empty());
  const kneeload::test::CommandRun range = run_pf_curve("brace.patellar_medial_force_N=400");
  CHECK(range.exit_status != 0);
  CHECK(range.err.find("brace.patellar_medial_force_N") != std::string::npos);
  const kneeload::test::CommandRun force = run_pf_curve("--quad-force-N -5");
  CHECK(force.exit_status != 0);
}

TEST_CASE("pf-curve --plot: a file where the folder would go, or a folder that takes no files, is "
          "one error line",
          "[pf-curve]") {
  kneeload::test::skip_without_display();  // the charts
  const std::string file = "pf_curve_plot_" + std::to_string(getpid()) + ".txt";
  std::ofstream(file) << "a file\n";
  for (const auto& [folder, expected] : std::initializer_list<std::pair<std::string, const char*>>{
           {file, "exists and is not a folder"}, {"/proc/sys", "cannot write into this folder"}}) {
    const kneeload::test::CommandRun run = run_pf_curve("--plot " + folder);
    INFO(run.err);
    CHECK(run.exit_status != 0);
    CHECK(kneeload::test::count_lines(run.err) == 1);
    CHECK(run.err.find("--plot " + folder + ": " + expected) != std::string::npos);
    CHECK(run.out.empty());  // checked before the table is printed
  }
  std::remove(file.c_str());
}
