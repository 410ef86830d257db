// `kneeload plot` as a user meets it (DESIGN.md §5, §9): a missing or corrupt run file or an
// unknown signal gives a non-zero exit, one stderr line naming the problem, and no figure.
// (Drawing needs an X display and is checked in tests/viz/test_plot.cpp.)
#include "io/run_file.hpp"
#include "tests/app/run_kneeload.hpp"
#include "tests/io/run_result_fixture.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <string>

using kneeload::test::count_lines;
using kneeload::test::run_kneeload;
using kneeload::testing::ScratchFolder;

TEST_CASE("kneeload plot missing.h5 -o x.png: exit != 0, one stderr line, no x.png", "[cli]") {
  const ScratchFolder folder("kneeload_plot_missing_cli");
  const std::string png = folder.file("x.png");
  const auto run = run_kneeload("plot '" + folder.file("missing.h5") + "' -o '" + png + "'");
  CHECK(run.exit_status != 0);
  CHECK(count_lines(run.err) == 1);
  CHECK_THAT(run.err, Catch::Matchers::Contains("missing.h5"));
  CHECK_FALSE(std::filesystem::exists(png));
  CHECK(folder.count_entries() == 0);
}

TEST_CASE("kneeload plot: a corrupt run file or an unknown signal is one line and no figure",
          "[cli]") {
  const ScratchFolder folder("kneeload_plot_bad_cli");
  const std::string good = folder.file("good.h5"), corrupt = folder.file("corrupt.h5");
  kneeload::write_run_file(good, kneeload::testing::make_synthetic_result());
  {
    std::FILE* f = std::fopen(corrupt.c_str(), "w");
    REQUIRE(f != nullptr);
    std::fputs("not an HDF5 file\n", f);
    std::fclose(f);
  }
  const std::string png = folder.file("x.png");
  const auto bad_file = run_kneeload("plot '" + good + "' '" + corrupt + "' -o '" + png + "'");
  CHECK(bad_file.exit_status != 0);
  CHECK(count_lines(bad_file.err) == 1);
  CHECK_THAT(bad_file.err, Catch::Matchers::Contains("corrupt.h5"));

  const auto bad_signal = run_kneeload("plot '" + good + "' -o '" + png + "' --signal pf_forse_bw");
  CHECK(bad_signal.exit_status != 0);
  CHECK(count_lines(bad_signal.err) == 1);
  CHECK_THAT(bad_signal.err, Catch::Matchers::Contains("unknown signal 'pf_forse_bw'") &&
                                 Catch::Matchers::Contains("pf_force_bw"));
  CHECK_FALSE(std::filesystem::exists(png));
  CHECK(folder.count_entries() == 2);
}

TEST_CASE("kneeload plot a.h5 a.h5: one line naming the file given twice, and no figure",
          "[cli]") {
  const ScratchFolder folder("kneeload_plot_twice_cli");
  const std::string run_file = folder.file("a.h5");
  kneeload::write_run_file(run_file, kneeload::testing::make_synthetic_result());
  const std::string png = folder.file("x.png");
  const auto twice = run_kneeload("plot '" + run_file + "' '" + run_file + "' -o '" + png + "'");
  CHECK(twice.exit_status != 0);
  CHECK(count_lines(twice.err) == 1);
  CHECK_THAT(twice.err, Catch::Matchers::Contains("'" + run_file + "' is named twice"));
  // Another path to the same file is the same file.
  const std::string other = folder.file(".") + "/a.h5";
  const auto same = run_kneeload("plot '" + run_file + "' '" + other + "' -o '" + png + "'");
  CHECK(same.exit_status != 0);
  CHECK(count_lines(same.err) == 1);
  CHECK_THAT(same.err, Catch::Matchers::Contains("are the same file"));
  CHECK_FALSE(std::filesystem::exists(png));
  CHECK(folder.count_entries() == 1);
}
