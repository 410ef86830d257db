// `kneeload run` and `kneeload validate` as a user meets them (DESIGN.md §5, §6, §9): the HDF5
// layout of a run file, and bad input that exits non-zero with one line and leaves no file.
#include "io/run_file.hpp"
#include "io/sweep_file.hpp"
#include "tests/app/run_kneeload.hpp"
#include "tests/io/run_result_fixture.hpp"

#include <H5Cpp.h>
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <utility>

namespace {

using kneeload::test::count_lines;
using kneeload::test::run_kneeload;

std::string scratch_file(const std::string& name) {
  return "run_cmd_" + std::to_string(getpid()) + "_" + name;
}

bool link_exists(const H5::H5File& file, const std::string& path) {
  // Every level of the path must exist before the next can be asked for.
  std::string prefix;
  std::size_t start = 1;
  while (start <= path.size()) {
    const std::size_t end = path.find('/', start);
    prefix = path.substr(0, end);
    if (H5Lexists(file.getId(), prefix.c_str(), H5P_DEFAULT) <= 0) return false;
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return true;
}

}  // namespace

TEST_CASE("kneeload run level_run writes the DESIGN 6 layout", "[run_command]") {
  const std::string path = scratch_file("level_run.h5");
  const auto run = run_kneeload("run level_run -o " + path);
  INFO(run.err);
  REQUIRE(run.exit_status == 0);
  CHECK(run.out.find("peak PF force") != std::string::npos);
  {
    H5::H5File file(path, H5F_ACC_RDONLY);
    for (const char* dataset :
         {"/time", "/coordinates/values", "/coordinates/speeds", "/muscles/activation",
          "/muscles/force_N", "/joints/moment_Nm", "/ground/force_N", "/ground/force_terrain_N",
          "/ground/cop_m", "/patellofemoral/contact_force_N", "/patellofemoral/contact_force_bw",
          "/patellofemoral/peak_pressure_MPa", "/patellofemoral/mean_pressure_MPa",
          "/patellofemoral/contact_area_mm2", "/patellofemoral/lateral_fraction",
          "/patellofemoral/patellar_tendon_force_N", "/patellofemoral/quadriceps_force_N",
          "/control/residual_force_N", "/control/reserve_moment_Nm",
          "/control/tracking_error_rad", "/summary"}) {
      INFO(dataset);
      CHECK(link_exists(file, dataset));
    }
    for (const char* attribute : {"kneeload_version", "scenario", "created_utc", "config_toml"}) {
      INFO(attribute);
      CHECK(file.attrExists(attribute));
    }
    const H5::Group summary = file.openGroup("/summary");
    for (const char* attribute :
         {"status", "failure_reason", "peak_pf_force_N", "peak_pf_force_bw", "time_of_peak_pf_s",
          "pf_impulse_bw_s", "peak_pf_pressure_MPa", "peak_knee_flexion_deg",
          "peak_knee_extension_moment_Nm_per_kg", "peak_vgrf_bw", "peak_quadriceps_force_bw",
          "peak_patellar_tendon_force_bw", "peak_lateral_fraction", "stance_time_s",
          "max_tracking_error_deg", "max_residual_force_pct_bw"}) {
      INFO(attribute);
      CHECK(summary.attrExists(attribute));
    }
  }
  // Read back through the project's reader: the scenario and a sample count of a 0.246 s stance.
  const kneeload::RunResult back = kneeload::read_run_file(path);
  CHECK(back.meta.scenario == "level_run");
  CHECK(back.meta.config_toml.find("mass_kg = 70") != std::string::npos);
  CHECK(back.time_s.size() > 200);
  // The status line gives the flags in a few words, and each flag follows in full on its own line
  // (level_run at defaults: its ankle reserve, docs/validation.md).
  REQUIRE(back.summary.failure_reason.rfind("flagged: ", 0) == 0);
  CHECK(run.out.rfind("scenario level_run: status ok, flagged: ankle reserve\n", 0) == 0);
  CHECK(run.out.find("\n  flags (docs/model/scenario_runner.md):\n    " +
                     back.summary.failure_reason.substr(9) + "\n") != std::string::npos);
  std::remove(path.c_str());
}

TEST_CASE("kneeload run: bad input exits non-zero with one line and no file", "[run_command]") {
  const std::string config = scratch_file("bad.toml");
  {
    std::ofstream out(config);
    out << "[body\nmass_kg = 70\n";  // malformed TOML: unclosed table header
  }
  const std::string path = scratch_file("bad.h5");
  for (const std::string& args :
       {std::string("run levle_run -o ") + path,                       // misspelt scenario
        std::string("run level_run body.mass_kgg=70 -o ") + path,      // unknown key
        std::string("run level_run body.mass_kg=500 -o ") + path,      // out of range
        std::string("run level_run body.mass_kg=heavy -o ") + path,    // not a number
        std::string("run level_run -c ") + config + " -o " + path}) {  // malformed TOML
    const auto run = run_kneeload(args);
    INFO(args << "\nstderr: " << run.err);
    CHECK(run.exit_status != 0);
    CHECK(count_lines(run.err) == 1);
    CHECK_FALSE(std::filesystem::exists(path));
  }
  std::remove(config.c_str());
}

TEST_CASE("kneeload run --sto makes its folder, and a bad output path is one line and no file",
          "[run_command]") {
  namespace fs = std::filesystem;
  const std::string path = scratch_file("sto.h5");
  const fs::path folder = scratch_file("sto_out") + "/nested";
  const auto run = run_kneeload("run level_run solver.output_hz=100 -o " + path + " --sto " +
                                folder.string());
  INFO(run.err);
  CHECK(run.exit_status == 0);
  CHECK(fs::exists(folder / "coordinates.sto"));
  fs::remove_all(folder.parent_path());
  std::remove(path.c_str());

  const std::string blocker = scratch_file("sto_blocker");  // a file where the folder would go
  std::ofstream(blocker) << "not a folder\n";
  const auto bad = run_kneeload("run level_run -o " + path + " --sto " + blocker + "/sto");
  INFO(bad.err);
  CHECK(bad.exit_status != 0);
  CHECK(count_lines(bad.err) == 1);
  CHECK(bad.err.find("--sto") != std::string::npos);
  CHECK_FALSE(fs::exists(path));
  std::remove(blocker.c_str());

  // The tables may not take the results file's place, nor the folder the file's.
  const std::string tables = scratch_file("sto_tables"), same = scratch_file("sto_same");
  fs::create_directories(tables);
  for (const std::string& args : {"run level_run -o " + tables + "/coordinates.sto --sto " + tables,
                                  "run level_run -o " + same + " --sto " + same}) {
    const auto clash = run_kneeload(args);
    INFO(args << "\nstderr: " << clash.err);
    CHECK(clash.exit_status != 0);
    CHECK(count_lines(clash.err) == 1);
    CHECK(clash.err.find("--sto") != std::string::npos);
  }
  CHECK(fs::is_empty(tables));
  CHECK_FALSE(fs::exists(same));
  fs::remove(tables);

  // A results file in a missing folder is refused before the run, and no .sto folder is made.
  const std::string sto = scratch_file("sto_unused");
  const auto lost = run_kneeload("run level_run -o " + scratch_file("missing") + "/run.h5 --sto " +
                                 sto);
  INFO(lost.err);
  CHECK(lost.exit_status != 0);
  CHECK(count_lines(lost.err) == 1);
  CHECK(lost.err.find("does not exist") != std::string::npos);
  CHECK_FALSE(fs::exists(sto));
}

TEST_CASE("kneeload run: a results file that cannot be written leaves neither it nor a new .sto "
          "folder", "[run_command]") {
  namespace fs = std::filesystem;
  const std::string out = scratch_file("too_large.h5"), sto = scratch_file("too_large_sto");
  const std::string err = scratch_file("too_large_stderr.txt");
  // A file-size limit of 8 blocks (4 KiB in dash; the signal ignored, so writes fail with EFBIG)
  // stands for a full disk.
  const std::string command = "ulimit -f 8; trap '' XFSZ; '" + std::string(KNEELOAD_BINARY) +
                              "' run level_walk -o " + out + " --sto " + sto + " 2>" + err;
  const int status = std::system(("sh -c \"" + command + "\"").c_str());
  std::ifstream err_file(err);
  const std::string message((std::istreambuf_iterator<char>(err_file)), {});
  INFO(message);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 1);
  CHECK(message.find("File too large") != std::string::npos);
  CHECK_FALSE(fs::exists(out));
  CHECK_FALSE(fs::exists(sto));
  fs::remove(err);
}

TEST_CASE("kneeload run -o: a device, a symbolic link, its own config or a place that takes no "
          "file is refused before the run, and left as it was",
          "[run_command]") {
  namespace fs = std::filesystem;
  const std::string config = scratch_file("own.toml");
  std::ofstream(config) << "scenario = \"level_run\"\n";
  const std::string target = scratch_file("target.h5");
  std::ofstream(target) << "kept\n";
  const std::string link = scratch_file("link.h5");
  fs::remove(link);
  fs::create_symlink(target, link);
  for (const auto& [output, expected] : std::initializer_list<std::pair<std::string, const char*>>{
           {"/dev/null", "a device"}, {link, "a symbolic link"}, {config, "also an input"},
           {"/proc/run.h5", "cannot create a file there"}}) {
    const auto run = run_kneeload("run level_run -c " + config + " -o " + output);
    INFO(output << "\nstderr: " << run.err);
    CHECK(run.exit_status != 0);
    CHECK(count_lines(run.err) == 1);
    CHECK(run.err.find(expected) != std::string::npos);
  }
  CHECK(fs::is_character_file("/dev/null"));
  CHECK(fs::is_symlink(link));
  std::ifstream kept(config);
  std::string first_line;
  std::getline(kept, first_line);
  CHECK(first_line == "scenario = \"level_run\"");
  fs::remove(link);
  fs::remove(target);
  fs::remove(config);
}

TEST_CASE("kneeload run -o leaves a sweep's results file or any other file as it was, and "
          "replaces an earlier run's",
          "[run_command]") {
  const std::string sweep = scratch_file("sweep.h5");
  Eigen::MatrixXd points(2, 1);
  points << 60, 80;
  kneeload::SweepTable table = kneeload::make_pending_sweep_table(
      "scenario = \"level_run\"", "grid", 0, {"body.mass_kg"}, points);
  kneeload::SweepFileMeta meta;
  meta.scenario = "level_run";
  meta.param_units = {"kg"};
  kneeload::write_sweep_file(sweep, table, meta);
  const auto run = run_kneeload("run level_run -o " + sweep);
  INFO(run.err);
  CHECK(run.exit_status != 0);
  CHECK(count_lines(run.err) == 1);
  CHECK(run.err.find("holds a sweep's results") != std::string::npos);
  CHECK(kneeload::read_sweep_table(sweep).status.size() == 2);
  std::remove(sweep.c_str());

  // Nor a data table named by mistake; an earlier run's file is replaced.
  const std::string table_file = scratch_file("subjects.csv");
  std::ofstream(table_file) << "subject,mass\n1,70\n";
  const auto refused = run_kneeload("run level_run -o " + table_file);
  INFO(refused.err);
  CHECK(refused.exit_status != 0);
  CHECK(count_lines(refused.err) == 1);
  CHECK(refused.err.find("exists and is no run file") != std::string::npos);
  std::ifstream kept(table_file);
  std::string first_line;
  std::getline(kept, first_line);
  CHECK(first_line == "subject,mass");
  std::remove(table_file.c_str());

  // An empty file (a name reserved by mktemp) is taken.
  const std::string reserved = scratch_file("reserved.h5");
  std::ofstream(reserved).close();
  const auto into_empty = run_kneeload("run level_walk -o " + reserved);
  INFO(into_empty.err);
  CHECK(into_empty.exit_status == 0);
  CHECK(kneeload::read_run_file(reserved).meta.scenario == "level_walk");
  std::remove(reserved.c_str());

  const std::string earlier = scratch_file("earlier.h5");
  kneeload::write_run_file(earlier, kneeload::testing::make_synthetic_result());
  const auto replaced = run_kneeload("run level_walk -o " + earlier);
  INFO(replaced.err);
  CHECK(replaced.exit_status == 0);
  CHECK(kneeload::read_run_file(earlier).meta.scenario == "level_walk");
  std::remove(earlier.c_str());
}

TEST_CASE("kneeload run: a key the scenario does not read runs, with a note naming it",
          "[run_command]") {
  const std::string path = scratch_file("no_effect.h5");
  const auto run = run_kneeload("run level_run terrain.slope_deg=-5 -o " + path);
  INFO(run.err);
  CHECK(run.exit_status == 0);
  CHECK(run.err == "note: terrain.slope_deg has no effect in level_run (see kneeload params "
                   "level_run)\n");
  std::remove(path.c_str());
  // With a bad output path the error stays the only line.
  const auto bad = run_kneeload("run level_run terrain.slope_deg=-5 -o /nonexistent/x.h5");
  CHECK(bad.exit_status != 0);
  CHECK(count_lines(bad.err) == 1);
}

TEST_CASE("kneeload validate prints a PASS/MISS table", "[run_command]") {
  // Exit status: 0 only if every evaluated band passes (DESIGN §7); the table is printed either
  // way, one row per band of data/validation/published_values.csv (13 rows).
  const auto run = run_kneeload("validate");
  CHECK(run.out.find("level_run_peak_pf_force") != std::string::npos);
  CHECK(run.out.find("downhill_vs_level_peak_pf_force") != std::string::npos);
  const bool any_miss = run.out.find(" MISS ") != std::string::npos;
  CHECK((run.exit_status != 0) == any_miss);
}
