#include "viz/pf_curve_charts.hpp"

#include "io/output_folder.hpp"
#include "models/classic_patellofemoral.hpp"
#include "viz/display_check.hpp"
#include "viz/line_chart.hpp"

#include <filesystem>
#include <functional>

namespace kneeload::viz {
namespace {

using SampleValue = std::function<double(const PfCurveSample&)>;

LineChart make_chart(const std::vector<PfCurve>& curves, const std::string& title,
                     const std::string& y_title, const SampleValue& value) {
  LineChart chart;
  chart.title = title;
  chart.x_title = "knee flexion (deg)";
  chart.y_title = y_title;
  for (const PfCurve& curve : curves) {
    LineSeries series{curve.label, {}, {}, false};
    for (const PfCurveSample& s : curve.samples) {
      series.x.push_back(s.knee_flexion_deg);
      series.y.push_back(value(s));
    }
    chart.series.push_back(std::move(series));
  }
  return chart;
}

// A published curve over 0 to `max_deg` of knee flexion, drawn dashed.
LineSeries make_published_series(const std::string& label, int max_deg,
                                 const std::function<double(double)>& f) {
  LineSeries series{label, {}, {}, true};
  for (int deg = 0; deg <= max_deg; ++deg) {
    series.x.push_back(deg);
    series.y.push_back(f(deg));
  }
  return series;
}

}  // namespace

std::vector<std::string> write_pf_curve_charts(const std::vector<PfCurve>& curves,
                                               const std::string& subtitle,
                                               const std::string& directory) {
  // The display first: without one nothing is made, not even the folder.
  const DisplayConnection display = require_display();
  prepare_output_folder(directory, "--plot");
  std::vector<std::pair<LineChart, std::string>> charts;

  LineChart ratio = make_chart(curves, "Kneecap load per unit of quadriceps pull",
                               "PF force / quadriceps force (1)",
                               [](const PfCurveSample& s) { return s.pf_to_quad_ratio; });
  ratio.series.push_back(make_published_series("van Eijden 1986", 120, [](double deg) {
    return models::calc_classic_pf_to_quad_ratio(deg);
  }));
  charts.emplace_back(std::move(ratio), "pf_to_quad_ratio.png");

  LineChart lever = make_chart(curves, "Quadriceps lever arm (emerges from the mechanism)",
                               "lever arm (mm)",
                               [](const PfCurveSample& s) { return s.quad_lever_arm_m * 1e3; });
  // The cubic of DESIGN §3.4 describes 0–90° (its band, 10–90°); past its minimum at 96° it
  // rises again, a fit's artefact that a reader would take for data.
  const auto published_lever_arm_mm = [](double deg) {
    return models::calc_classic_quad_lever_arm_m(deg) * 1e3;
  };
  lever.series.push_back(make_published_series("van Eijden 1986, Nunes 2018 (0-90 deg)", 90,
                                               published_lever_arm_mm));
  charts.emplace_back(std::move(lever), "quad_lever_arm.png");

  // From zero: the peak over the cartilage patches ripples by ±5 % as the contact crosses the
  // patch grid (docs/model/patellofemoral.md), which a cut axis would magnify.
  LineChart pressure = make_chart(curves, "Peak cartilage contact pressure",
                                  "peak cartilage pressure (MPa)",
                                  [](const PfCurveSample& s) { return s.peak_pressure_MPa; });
  pressure.y_from_zero = true;
  charts.emplace_back(std::move(pressure), "peak_pressure.png");
  LineChart lateral = make_chart(curves, "Share of the load on the lateral facet",
                                 "lateral facet's share of the PF force (1)",
                                 [](const PfCurveSample& s) { return s.lateral_fraction; });
  lateral.y_from_zero = true;
  charts.emplace_back(std::move(lateral), "lateral_fraction.png");

  std::vector<std::string> paths;
  for (auto& [chart, name] : charts) {
    chart.subtitle = subtitle;
    const std::string path = (std::filesystem::path(directory) / name).string();
    write_line_chart_png(chart, path);
    paths.push_back(path);
  }
  return paths;
}

}  // namespace kneeload::viz
