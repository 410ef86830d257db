// `kneeload render` as a user meets it (DESIGN.md §5, §9): a real run renders its peak frame; a
// missing or corrupt run file or a bad option gives a non-zero exit, one stderr line naming the
// problem, and no output folder.
#include "tests/app/run_kneeload.hpp"
#include "tests/io/run_result_fixture.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

using kneeload::test::count_lines;
using kneeload::test::run_kneeload;
using kneeload::testing::ScratchFolder;
namespace fs = std::filesystem;

TEST_CASE("kneeload render: missing or corrupt run file, bad option: one line, exit != 0, no "
          "output folder", "[cli]") {
  const ScratchFolder folder("kneeload_render_bad_cli");
  const std::string out = folder.file("frames");
  const auto missing = run_kneeload("render '" + folder.file("missing.h5") + "' -o '" + out + "'");
  CHECK(missing.exit_status != 0);
  CHECK(count_lines(missing.err) == 1);
  CHECK_THAT(missing.err, Catch::Matchers::Contains("missing.h5"));
  CHECK_FALSE(fs::exists(out));

  const std::string corrupt = folder.file("corrupt.h5");
  std::ofstream(corrupt) << "not an HDF5 file\n";
  const auto bad = run_kneeload("render '" + corrupt + "' -o '" + out + "' --format pvd");
  CHECK(bad.exit_status != 0);
  CHECK(count_lines(bad.err) == 1);
  CHECK_THAT(bad.err, Catch::Matchers::Contains("corrupt.h5"));
  CHECK_FALSE(fs::exists(out));

  const auto format = run_kneeload("render '" + corrupt + "' -o '" + out + "' --format gif");
  CHECK(format.exit_status != 0);
  CHECK(count_lines(format.err) == 1);
  CHECK_THAT(format.err, Catch::Matchers::Contains("gif"));
  CHECK_FALSE(fs::exists(out));

  // A one-frame movie is not what anyone asks for.
  const auto one_frame_movie =
      run_kneeload("render '" + corrupt + "' -o '" + out + "' --format ogv --frame peak");
  CHECK(one_frame_movie.exit_status != 0);
  CHECK(count_lines(one_frame_movie.err) == 1);
  CHECK_THAT(one_frame_movie.err, Catch::Matchers::Contains("a movie of one frame"));
  CHECK_FALSE(fs::exists(out));
}

TEST_CASE("kneeload run level_run, then render --frame peak: one PNG frame", "[cli]") {
  const ScratchFolder folder("kneeload_render_cli");
  const std::string run_file = folder.file("level_run.h5"), out = folder.file("frames");
  // A run that fails numerically still writes its file (status "failed"): it renders all the same.
  run_kneeload("run level_run -o '" + run_file + "'");
  REQUIRE(fs::exists(run_file));
  // pvd needs no display: the series of every sample and its index.
  const auto pvd = run_kneeload("render '" + run_file + "' -o '" + out + "' --format pvd");
  CHECK(pvd.exit_status == 0);
  CHECK(fs::exists(fs::path(out) / "level_run.pvd"));
  CHECK(fs::exists(fs::path(out) / "level_run_0000.vtp"));
  // Long work shows its progress (stderr is not a terminal here: a line per further 10 %), and
  // the last line says what was written.
  INFO(pvd.err);
  CHECK(pvd.err.find(" frames, ") != std::string::npos);
  CHECK(pvd.err.rfind("render: ", 0) == 0);
  CHECK(pvd.err.find("\nwrote ") != std::string::npos);
  CHECK(pvd.err.find("note:") == std::string::npos);
  // An option that does not apply to the format is said to be ignored.
  const auto fps = run_kneeload("render '" + run_file + "' -o '" + folder.file("fps") +
                                "' --format pvd --frame peak --fps 10");
  CHECK(fps.exit_status == 0);
  CHECK(fps.err.find("note: --fps applies to --format ogv only; ignored\n") != std::string::npos);
  // An ignored --fps is not checked; a movie's is, before anything is drawn.
  const auto zero = run_kneeload("render '" + run_file + "' -o '" + folder.file("fps0") +
                                 "' --format pvd --frame peak --fps 0");
  CHECK(zero.exit_status == 0);
  const auto movie = run_kneeload("render '" + run_file + "' -o '" + folder.file("fps0_ogv") +
                                  "' --format ogv --fps 0");
  CHECK(movie.exit_status == 1);
  CHECK_THAT(movie.err, Catch::Matchers::Contains("--fps 0 is outside 1-120"));
  CHECK_FALSE(fs::exists(folder.file("fps0_ogv")));
  if (std::getenv("DISPLAY") == nullptr) return;  // png needs an X display (xvfb-run -a ctest)
  const std::string png_dir = folder.file("peak");
  const auto png = run_kneeload("render '" + run_file + "' -o '" + png_dir + "' --frame peak --size 640x360");
  INFO(png.err);
  CHECK(png.exit_status == 0);
  const fs::path frame = fs::path(png_dir) / "frame_0000.png";
  REQUIRE(fs::exists(frame));
  CHECK(fs::file_size(frame) > 20000);
  CHECK_FALSE(fs::exists(fs::path(png_dir) / "frame_0001.png"));
}

TEST_CASE("kneeload render: a folder that takes no files, or a movie cut short by a full disk, is "
          "one error line and no output",
          "[cli]") {
  const ScratchFolder folder("kneeload_render_full");
  const std::string run_file = folder.file("level_run.h5");
  run_kneeload("run level_run solver.output_hz=100 -o '" + run_file + "'");
  REQUIRE(fs::exists(run_file));
  const auto proc = run_kneeload("render '" + run_file + "' -o /proc/sys --format pvd");
  CHECK(proc.exit_status != 0);
  CHECK(count_lines(proc.err) == 1);
  CHECK(proc.err.find("-o /proc/sys: cannot write into this folder") != std::string::npos);
  // A run file lying in the output folder under the index's name is not replaced.
  const std::string in_folder = folder.file("series");
  fs::create_directories(in_folder);
  fs::copy_file(run_file, in_folder + "/run.pvd");
  const auto clash = run_kneeload("render '" + in_folder + "/run.pvd' -o '" + in_folder +
                                  "' --format pvd");
  CHECK(clash.exit_status != 0);
  CHECK(clash.err.find("would replace the run file being drawn") != std::string::npos);
  CHECK(fs::file_size(in_folder + "/run.pvd") == fs::file_size(run_file));
  if (std::getenv("DISPLAY") == nullptr) return;  // ogv needs an X display (xvfb-run -a ctest)
  // A file-size limit of 100 blocks stands in for the full disk (SIGXFSZ ignored: writes fail).
  const std::string limited = folder.file("limited.sh");
  std::ofstream(limited) << "#!/bin/sh\ntrap '' XFSZ\nulimit -f 100\nexec \"$@\"\n";
  fs::permissions(limited, fs::perms::owner_all);
  const std::string out = folder.file("movie");
  const auto cut = run_kneeload(std::string("'") + KNEELOAD_BINARY + "' render '" + run_file +
                                    "' -o '" + out + "' --format ogv",
                                limited);
  INFO(cut.err);
  CHECK(cut.exit_status != 0);
  CHECK(cut.err.find("could not write") != std::string::npos);
  CHECK(cut.err.find("to its end") != std::string::npos);
  CHECK_FALSE(fs::exists(out));
}

TEST_CASE("kneeload render: Ctrl-C (SIGINT) mid-way stops with status 130 and removes the frames "
          "written so far",
          "[cli]") {
  kneeload::test::skip_without_display();  // png
  const ScratchFolder folder("kneeload_render_interrupt");
  const std::string run_file = folder.file("level_run.h5"), out = folder.file("frames");
  run_kneeload("run level_run -o '" + run_file + "'");
  REQUIRE(fs::exists(run_file));
  const auto stopped = run_kneeload(
      std::string("--preserve-status -s INT 2 '") + KNEELOAD_BINARY + "' render '" + run_file +
          "' -o '" + out + "'",
      "timeout");
  INFO(stopped.err);
  CHECK(stopped.exit_status == 130);
  CHECK(stopped.err.find("interrupted; the partial output was removed") != std::string::npos);
  CHECK_FALSE(fs::exists(out));
}
