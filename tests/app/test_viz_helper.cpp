// The drawing commands run in kneeload-viz (app/viz_helper.hpp): `kneeload` itself loads no VTK
// library, and without its helper a drawing command fails with one line naming it.
#include "tests/app/run_kneeload.hpp"

#include <catch2/catch.hpp>

#include <array>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <unistd.h>

namespace fs = std::filesystem;

namespace {

// What `ldd PATH` prints (the shared libraries the loader maps for PATH).
std::string list_shared_libraries(const std::string& path) {
  std::string text;
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(("ldd '" + path + "'").c_str(), "r"), pclose);
  REQUIRE(pipe);
  std::array<char, 512> buffer{};
  while (fgets(buffer.data(), buffer.size(), pipe.get())) text += buffer.data();
  return text;
}

}  // namespace

TEST_CASE("kneeload loads no VTK library, kneeload-viz beside it (a VTK build) does", "[cli]") {
  const std::string libraries = list_shared_libraries(KNEELOAD_BINARY);
  REQUIRE_THAT(libraries, Catch::Matchers::Contains("libc.so"));  // ldd worked
  CHECK_THAT(libraries, !Catch::Matchers::Contains("libvtk"));
  const fs::path helper = fs::path(KNEELOAD_BINARY).parent_path() / "kneeload-viz";
  if (fs::exists(helper))
    CHECK_THAT(list_shared_libraries(helper.string()), Catch::Matchers::Contains("libvtk"));
}

TEST_CASE("a drawing command without kneeload-viz: one line naming it, exit 1, nothing written",
          "[cli]") {
  const fs::path dir = fs::temp_directory_path() / ("kneeload_alone_" + std::to_string(getpid()));
  fs::create_directories(dir);
  const fs::path alone = dir / "kneeload";
  fs::copy_file(KNEELOAD_BINARY, alone, fs::copy_options::overwrite_existing);
  const fs::path frames = dir / "frames";
  const kneeload::test::CommandRun run =
      kneeload::test::run_kneeload("render run.h5 -o '" + frames.string() + "'", alone.string());
  INFO(run.err);
  CHECK(run.exit_status == 1);
  CHECK(kneeload::test::count_lines(run.err) == 1);
  // A VTK build names the missing helper; a build without VTK says that render needs VTK.
  const bool vtk_build = fs::exists(fs::path(KNEELOAD_BINARY).parent_path() / "kneeload-viz");
  CHECK_THAT(run.err, Catch::Matchers::Contains(vtk_build ? "kneeload-viz" : "VTK"));
  CHECK_FALSE(fs::exists(frames));
  fs::remove_all(dir);
}
