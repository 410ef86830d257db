// `kneeload plot`: a signal of a run resolved by name returns the right column of the run file
// with its unit; runs written with write_run_file and plotted give a PNG with one curve per run
// in the series colours; an unknown signal is an InputError that lists the valid names.
#include <catch2/catch.hpp>
#include <vtkImageData.h>

#include <cmath>
#include <string>
#include <vector>

#include "io/config.hpp"
#include "io/run_file.hpp"
#include "solver/errors.hpp"
#include "tests/io/run_result_fixture.hpp"
#include "tests/viz/read_png.hpp"
#include "tests/viz/skip_without_display.hpp"
#include "viz/line_chart.hpp"
#include "viz/run_signal.hpp"
#include "viz/run_signal_chart.hpp"
#include "tests/viz/count_near_colour.hpp"

using kneeload::InputError;
using kneeload::RunResult;
using kneeload::testing::make_synthetic_result;
using kneeload::testing::ScratchFolder;
using kneeload::viz::calc_run_signal;

using kneeload::testing::count_near_colour;

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kGravity_mps2 = 9.80665;  // m/s^2
constexpr double kBodyMass_kg = 70.0;      // the fixture's config body.mass_kg

// A stance of 101 samples whose PF force is a half sine of the given peak (BW), as a run gives.
RunResult make_stance(const std::string& scenario, double peak_bw) {
  RunResult run = make_synthetic_result(101);
  run.meta.scenario = scenario;
  for (int k = 0; k <= 100; ++k) {
    run.time_s[k] = 0.057 + 0.0024 * k;  // s: a 0.24 s stance
    run.patellofemoral.contact_force_bw[k] = peak_bw * std::sin(kPi * k / 100.0);
  }
  return run;
}

}  // namespace

TEST_CASE("plot signal: aliases and dataset names return the run file's column and unit", "[viz]") {
  const RunResult run = make_synthetic_result(7);
  const int n = kneeload::get_sample_count(run);

  SECTION("pf_force_bw is /patellofemoral/contact_force_bw in BW, under both names") {
    for (const char* name : {"pf_force_bw", "patellofemoral/contact_force_bw",
                             "/patellofemoral/contact_force_bw"}) {
      const auto s = calc_run_signal(run, name, "a.h5");
      CHECK(s.unit == "BW");
      REQUIRE(s.values.size() == static_cast<std::size_t>(n));
      for (int k = 0; k < n; ++k) CHECK(s.values[k] == run.patellofemoral.contact_force_bw[k]);
    }
  }
  SECTION("pf_force_N is the norm of each row of contact_force_N (N)") {
    const auto s = calc_run_signal(run, "pf_force_N", "a.h5");
    CHECK(s.unit == "N");
    for (int k = 0; k < n; ++k)
      CHECK(s.values[k] == Approx(run.patellofemoral.contact_force_N.row(k).norm()).epsilon(1e-15));
  }
  SECTION("each [N] PF dataset, by alias, in its schema unit") {
    struct Expect { const char* alias; const Eigen::VectorXd* column; const char* unit; };
    const auto& pf = run.patellofemoral;
    for (const Expect& e : {Expect{"peak_pressure_MPa", &pf.peak_pressure_MPa, "MPa"},
                            Expect{"mean_pressure_MPa", &pf.mean_pressure_MPa, "MPa"},
                            Expect{"contact_area_mm2", &pf.contact_area_mm2, "mm^2"},
                            Expect{"lateral_fraction", &pf.lateral_fraction, "1"},
                            Expect{"quadriceps_force_N", &pf.quadriceps_force_N, "N"},
                            Expect{"patellar_tendon_force_N", &pf.patellar_tendon_force_N, "N"}}) {
      INFO(e.alias);
      const auto s = calc_run_signal(run, e.alias, "a.h5");
      CHECK(s.unit == e.unit);
      for (int k = 0; k < n; ++k) CHECK(s.values[k] == (*e.column)[k]);
      // The same series under its §6 dataset name.
      CHECK(calc_run_signal(run, std::string("patellofemoral/") + e.alias, "a.h5").values == s.values);
    }
  }
  SECTION("ground/force_N/y is the vertical column; vgrf_bw divides it by mass × g") {
    const auto y = calc_run_signal(run, "ground/force_N/y", "a.h5");
    const auto bw = calc_run_signal(run, "vgrf_bw", "a.h5");
    CHECK(y.unit == "N");
    CHECK(bw.unit == "BW");
    for (int k = 0; k < n; ++k) {
      CHECK(y.values[k] == run.ground.force_N(k, 1));
      CHECK(bw.values[k] == Approx(run.ground.force_N(k, 1) / (kBodyMass_kg * kGravity_mps2)));
    }
  }
  SECTION("knee_angle_deg is coordinate knee_angle_r (column 4) in degrees") {
    const auto deg = calc_run_signal(run, "knee_angle_deg", "a.h5");
    const auto rad = calc_run_signal(run, "coordinates/values/knee_angle_r", "a.h5");
    CHECK(deg.unit == "deg");
    CHECK(rad.unit == "rad");
    for (int k = 0; k < n; ++k) {
      CHECK(rad.values[k] == run.coordinates.values(k, 4));
      CHECK(deg.values[k] == Approx(run.coordinates.values(k, 4) * 180.0 / kPi));
    }
    CHECK(calc_run_signal(run, "coordinates/values/pelvis_ty", "a.h5").unit == "m");
    CHECK(calc_run_signal(run, "coordinates/speeds/pelvis_ty", "a.h5").unit == "m/s");
  }
  SECTION("knee moments per kg: joint knee_angle_r (column 1) / body mass, extension = minus") {
    const auto flex = calc_run_signal(run, "knee_moment_Nm_per_kg", "a.h5");
    const auto ext = calc_run_signal(run, "knee_extension_moment_Nm_per_kg", "a.h5");
    CHECK(flex.unit == "N m/kg");
    for (int k = 0; k < n; ++k) {
      CHECK(flex.values[k] == Approx(run.joints.moment_Nm(k, 1) / kBodyMass_kg));
      CHECK(ext.values[k] == -flex.values[k]);
    }
  }
  SECTION("a muscle's tendon force by name") {
    const auto s = calc_run_signal(run, "muscles/force_N/vasmed_r", "a.h5");  // column 5
    CHECK(s.unit == "N");
    for (int k = 0; k < n; ++k) CHECK(s.values[k] == run.muscles.force_N(k, 5));
  }
}

TEST_CASE("plot signal: an unknown name is an InputError listing the valid ones", "[viz]") {
  const RunResult run = make_synthetic_result(7);
  CHECK_THROWS_MATCHES(
      calc_run_signal(run, "pf_forse_bw", "a.h5"), InputError,
      Catch::Matchers::Predicate<std::exception>([](const std::exception& e) {
        const std::string m = e.what();
        return m.rfind("unknown signal 'pf_forse_bw' (did you mean 'pf_force_bw'?); valid signals: ", 0) == 0 &&
               m.find("vgrf_bw") != std::string::npos &&
               m.find("knee_angle_deg") != std::string::npos &&
               m.find("patellofemoral/peak_pressure_MPa") != std::string::npos &&
               m.find("ground/force_N/{x,y,z}") != std::string::npos &&
               m.find("muscles/force_N/<muscle>") != std::string::npos &&
               m.find('\n') == std::string::npos;
      }, "starts with the unknown name and lists the aliases and datasets on one line"));
  CHECK_THROWS_WITH(calc_run_signal(run, "muscles/force_N/vasmid_r", "a.h5"),
                    Catch::Contains("run 'a.h5' has no column 'vasmid_r' in muscles/force_N "
                                    "(did you mean 'vasmed_r'?)"));
  CHECK_THROWS_WITH(calc_run_signal(run, "ground/force_N/w", "a.h5"),
                    Catch::Contains("its columns: x, y, z"));
  CHECK_THROWS_WITH(calc_run_signal(run, "ground/force_N", "a.h5"),
                    Catch::Contains("needs a column: ground/force_N/{x,y,z}"));
}

TEST_CASE("plot signal: % stance is 0 at the first sample, 100 at the last, linear in time",
          "[viz]") {
  Eigen::VectorXd t(5);
  t << 0.057, 0.117, 0.177, 0.237, 0.297;  // s, equal steps
  const std::vector<double> p = kneeload::viz::calc_percent_stance(t, "a.h5");
  REQUIRE(p.size() == 5);
  for (int k = 0; k < 5; ++k) CHECK(p[k] == Approx(25.0 * k).margin(1e-12));
  CHECK_THROWS_WITH(kneeload::viz::calc_percent_stance(t.head(1), "a.h5"),
                    Catch::Contains("run 'a.h5' has 1 output sample"));
}

TEST_CASE("plot legend: scenario names, or file names where two runs share a scenario", "[viz]") {
  RunResult level = make_synthetic_result(3), again = level, downhill = level;
  downhill.meta.scenario = "downhill_run";
  again.summary.status = "failed";
  CHECK(kneeload::viz::calc_run_legend_labels({"x/a.h5", "y/b.h5"}, {level, downhill}) ==
        std::vector<std::string>{"level_run", "downhill_run"});
  CHECK(kneeload::viz::calc_run_legend_labels({"x/a.h5", "y/b.h5", "z/c.h5"},
                                              {level, again, downhill}) ==
        std::vector<std::string>{"level_run a.h5", "level_run b.h5 (failed at 0.002 s)",
                                 "downhill_run"});
  CHECK(kneeload::viz::calc_run_legend_labels({"x/a.h5", "y/a.h5"}, {level, level}) ==
        std::vector<std::string>{"x/a.h5", "y/a.h5"});
}

TEST_CASE("plot legend: runs of one scenario show the one or two keys in which they differ",
          "[viz]") {
  RunResult soft = make_synthetic_result(3), hard = soft, other = soft, downhill = soft;
  const auto config = [](const std::vector<std::string>& overrides) {
    return kneeload::format_parameters_toml(
        kneeload::resolve_parameters("level_run", "", overrides));
  };
  soft.meta.config_toml = config({"shoe.midsole_stiffness_kN_per_m=100"});
  hard.meta.config_toml = config({"shoe.midsole_stiffness_kN_per_m=300"});
  // The values with their units in the legend, the keys in the subtitle.
  CHECK(kneeload::viz::calc_run_legend_labels({"soft.h5", "hard.h5"}, {soft, hard}) ==
        std::vector<std::string>{"soft.h5 (100 kN/m)", "hard.h5 (300 kN/m)"});
  CHECK(kneeload::viz::make_run_signal_chart({"soft.h5", "hard.h5"}, {soft, hard}, "pf_force_bw")
            .subtitle == "level_run runs differ in shoe.midsole_stiffness_kN_per_m");
  // Beside another scenario, the shared one is named in front of the file names.
  downhill.meta.scenario = "downhill_run";
  CHECK(kneeload::viz::calc_run_legend_labels({"soft.h5", "hard.h5", "d.h5"},
                                              {soft, hard, downhill}) ==
        std::vector<std::string>{"level_run soft.h5 (100 kN/m)", "level_run hard.h5 (300 kN/m)",
                                 "downhill_run"});
  other.meta.config_toml = config({"shoe.midsole_stiffness_kN_per_m=300", "body.mass_kg=80"});
  CHECK(kneeload::viz::calc_run_legend_labels({"soft.h5", "other.h5"}, {soft, other}) ==
        std::vector<std::string>{"soft.h5 (70 kg, 100 kN/m)", "other.h5 (80 kg, 300 kN/m)"});
  // Three keys (the Q-angle follows the sex): too long for a legend, the file names alone.
  other.meta.config_toml = config({"shoe.midsole_stiffness_kN_per_m=300", "body.sex=female"});
  CHECK(kneeload::viz::calc_run_legend_labels({"soft.h5", "other.h5"}, {soft, other}) ==
        std::vector<std::string>{"soft.h5", "other.h5"});
  CHECK(kneeload::viz::make_run_signal_chart({"soft.h5", "other.h5"}, {soft, other}, "pf_force_bw")
            .subtitle.empty());
}

TEST_CASE("plot: a failed run is drawn dashed against time from contact, not over 0-100 % stance",
          "[viz]") {
  const RunResult ok = make_stance("level_run", 3.5);
  RunResult failed = make_stance("level_run", 5.6);
  failed.summary.status = "failed";
  const int kept = 31;  // samples before the failure: 0.072 s of the 0.24 s stance
  failed.time_s.conservativeResize(kept);
  failed.patellofemoral.contact_force_bw.conservativeResize(kept);
  const auto chart =
      kneeload::viz::make_run_signal_chart({"ok.h5", "f.h5"}, {ok, failed}, "pf_force_bw");
  CHECK(chart.x_title == "time from initial contact (s)");
  REQUIRE(chart.series.size() == 2);
  CHECK(chart.series[1].label == "f.h5 (failed at 0.072 s)");
  CHECK(chart.series[1].dashed);
  CHECK_FALSE(chart.series[0].dashed);
  CHECK(chart.series[0].x.back() == Approx(0.24));
  CHECK(chart.series[1].x.front() == 0.0);
  CHECK(chart.series[1].x.back() == Approx(0.072));
  // Without a failed run: % stance, as before.
  const auto all_ok = kneeload::viz::make_run_signal_chart({"ok.h5"}, {ok}, "pf_force_bw");
  CHECK(all_ok.x_title == "stance (%)");
  CHECK(all_ok.series[0].x.back() == 100.0);
}

TEST_CASE("plot signal: a column's title keeps the column's name as written", "[viz]") {
  const RunResult run = make_synthetic_result(3);
  const auto s = calc_run_signal(run, "coordinates/values/knee_angle_r", "a.h5");
  CHECK(s.description == "Coordinate knee_angle_r");
  CHECK(s.axis_label == "knee_angle_r");
  CHECK(calc_run_signal(run, "muscles/force_N/vasmed_r", "a.h5").description ==
        "Tendon force of muscle vasmed_r");
}

TEST_CASE("plot: two run files give a PNG with two curves in the two series colours", "[viz]") {
  kneeload::viz::testing::skip_without_display();
  const ScratchFolder folder("kneeload_plot_two_runs");
  const std::string level = folder.file("level.h5"), downhill = folder.file("downhill.h5");
  kneeload::write_run_file(level, make_stance("level_run", 3.5));
  kneeload::write_run_file(downhill, make_stance("downhill_run", 4.4));
  const std::string png = folder.file("pf_force.png");

  kneeload::viz::write_run_signal_png({level, downhill}, kneeload::viz::kDefaultPlotSignal, png);

  const vtkSmartPointer<vtkImageData> image = kneeload::testing::read_png(png);
  int dims[3];
  image->GetDimensions(dims);
  CHECK(dims[0] == 1280);
  CHECK(dims[1] == 720);
  REQUIRE(image->GetNumberOfScalarComponents() >= 3);
  const long first = count_near_colour(image, kneeload::viz::get_series_colour(0));
  const long second = count_near_colour(image, kneeload::viz::get_series_colour(1));
  INFO("series 0 colour " << first << " px, series 1 colour " << second << " px");
  // Each 4 px curve over ~1000 px of plot width shows its colour on thousands of pixels; a
  // missing curve would leave only its legend symbol (a few hundred).
  CHECK(first > 2000);
  CHECK(second > 2000);
  CHECK(folder.count_entries() == 3);  // two runs and the PNG: no temporary left behind
}

TEST_CASE("plot: a missing run file is an InputError naming it, and no PNG is written", "[viz]") {
  const ScratchFolder folder("kneeload_plot_missing");
  const std::string level = folder.file("level.h5");
  kneeload::write_run_file(level, make_stance("level_run", 3.5));
  const std::string png = folder.file("pf_force.png");
  CHECK_THROWS_WITH(
      kneeload::viz::write_run_signal_png({level, folder.file("missing.h5")}, "pf_force_bw", png),
      Catch::Contains("missing.h5"));
  CHECK(folder.count_entries() == 1);
}
