// The display check turns "no X display" into one InputError saying how to render headless,
// instead of the segmentation fault VTK 9.1 gives at the first Render() without a display.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>

#include "solver/errors.hpp"
#include "viz/display_check.hpp"
#include "viz/line_chart.hpp"

namespace {

// Sets (or, with nullopt, removes) DISPLAY for one scope and restores it afterwards.
class ScopedDisplay {
 public:
  explicit ScopedDisplay(const std::optional<std::string>& value) {
    if (const char* old = std::getenv("DISPLAY")) old_ = old;
    if (value) setenv("DISPLAY", value->c_str(), 1);
    else unsetenv("DISPLAY");
  }
  ~ScopedDisplay() {
    if (old_) setenv("DISPLAY", old_->c_str(), 1);
    else unsetenv("DISPLAY");
  }

 private:
  std::optional<std::string> old_;
};

kneeload::viz::LineChart make_small_chart() {
  kneeload::viz::LineChart chart;
  chart.title = "small";
  chart.x_title = "time (s)";
  chart.y_title = "force (N)";
  chart.series.push_back({"a", {0.0, 1.0}, {0.0, 1.0}, false});
  return chart;
}

}  // namespace

TEST_CASE("display check: DISPLAY unset gives an InputError that names xvfb-run", "[viz]") {
  ScopedDisplay no_display(std::nullopt);
  CHECK_THAT(kneeload::viz::calc_display_problem(), Catch::Contains("DISPLAY is not set"));
  CHECK_THROWS_MATCHES(kneeload::viz::require_display(), kneeload::InputError,
                       Catch::Message("cannot render: no X display (DISPLAY is not set); run "
                                      "under a virtual display: xvfb-run -a kneeload ..."));
}

TEST_CASE("display check: a DISPLAY with no server behind it is reported, not crashed on", "[viz]") {
  ScopedDisplay dead_display(std::string(":4711"));  // no X server listens on display 4711
  CHECK_THAT(kneeload::viz::calc_display_problem(), Catch::Contains("':4711' cannot be opened"));
  CHECK_THROWS_AS(kneeload::viz::require_display(), kneeload::InputError);
}

TEST_CASE("display check: a chart without a display throws and leaves no file", "[viz]") {
  ScopedDisplay no_display(std::nullopt);
  const auto path = std::filesystem::temp_directory_path() /
                    ("kneeload_no_display_chart_" + std::to_string(::getpid()) + ".png");
  std::filesystem::remove(path);
  CHECK_THROWS_WITH(kneeload::viz::write_line_chart_png(make_small_chart(), path.string()),
                    Catch::Contains("xvfb-run -a"));
  CHECK_FALSE(std::filesystem::exists(path));
}
