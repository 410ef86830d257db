// `kneeload pf-curve [KEY=VALUE ...] [--quad-force-N F] [--table] [--plot DIR]` (DESIGN.md §5):
// the patellofemoral mechanism solved at every degree of knee flexion 0-120 for a fixed total
// quadriceps force. CSV on stdout; `--table` prints a summary every 10 deg beside the classic
// model's values instead; `--plot DIR` also draws four charts, two of them beside a published
// curve (docs/viz.md). Keys are the registry's (body.*, knee.q_angle_deg, foot.*, brace.*,
// muscle.strength.*), resolved by io/config with the level_run defaults.
#include "app/commands.hpp"
#include "app/note.hpp"
#include "io/config.hpp"
#include "io/output_folder.hpp"
#include "models/classic_patellofemoral.hpp"
#include "scenarios/pf_curve.hpp"
#include "scenarios/pf_curve_label.hpp"
#include "solver/errors.hpp"
#ifdef KNEELOAD_WITH_VTK
#include "viz/display_check.hpp"
#include "viz/pf_curve_charts.hpp"
#endif

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

namespace kneeload::app {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kDegPerRad = 180.0 / kPi;

struct PfCurveOptions {
  std::vector<std::string> overrides;
  double quad_force_N = kPfCurveDefaultQuadForceN;  // N
  bool table = false;
  std::string plot_directory;  // empty: no charts
};

void print_csv(const std::vector<PfCurveRow>& rows) {
  fmt::print(
      "knee_flexion_deg,quad_force_N,pf_force_N,pf_to_quad_ratio,quad_lever_arm_m,"
      "contact_area_mm2,peak_pressure_MPa,mean_pressure_MPa,lateral_fraction,patella_flexion_deg,"
      "patella_shift_mm,patella_tilt_deg,patellar_tendon_force_N,knee_extension_moment_Nm,"
      "effective_q_angle_deg\n");
  for (const PfCurveRow& row : rows) {
    const models::PatellofemoralResult& r = row.result;
    fmt::print("{},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},"
               "{:.6g},{:.6g},{:.6g}\n",
               row.knee_flexion_deg, r.quadriceps_force_N, r.contact_force_magnitude_N,
               r.contact_force_magnitude_N / r.quadriceps_force_N, r.quadriceps_lever_arm_m,
               r.contact_area_mm2, r.peak_pressure_MPa, r.mean_pressure_MPa, r.lateral_fraction,
               r.patella_flexion_rad * kDegPerRad, r.patella_shift_m * 1e3,
               r.patella_tilt_rad * kDegPerRad, r.tendon_force_N, r.knee_extension_moment_Nm,
               r.effective_q_angle_rad * kDegPerRad);
  }
}

// Every 10 deg: the mechanism beside the classic model it is checked against (DESIGN §3.4).
void print_table(const std::vector<PfCurveRow>& rows) {
  fmt::print("{:>5} {:>9} {:>8} {:>10} {:>8} {:>10} {:>9} {:>9} {:>8} {:>9}\n", "knee", "PF force",
             "PF/quad", "van Eijden", "lever", "published", "area", "peak p", "lateral",
             "patella");
  fmt::print("{:>5} {:>9} {:>8} {:>10} {:>8} {:>10} {:>9} {:>9} {:>8} {:>9}\n", "(deg)", "(N)",
             "(1)", "k (1)", "arm (mm)", "arm (mm)", "(mm2)", "(MPa)", "share", "flex (deg)");
  for (const PfCurveRow& row : rows) {
    if (row.knee_flexion_deg % 10 != 0) continue;
    const models::PatellofemoralResult& r = row.result;
    const double deg = row.knee_flexion_deg;
    fmt::print("{:>5} {:>9.0f} {:>8.2f} {:>10.2f} {:>8.1f} {:>10.1f} {:>9.0f} {:>9.2f} {:>8.2f} "
               "{:>9.1f}\n",
               row.knee_flexion_deg, r.contact_force_magnitude_N,
               r.contact_force_magnitude_N / r.quadriceps_force_N,
               models::calc_classic_pf_to_quad_ratio(deg), r.quadriceps_lever_arm_m * 1e3,
               models::calc_classic_quad_lever_arm_m(deg) * 1e3, r.contact_area_mm2,
               r.peak_pressure_MPa, r.lateral_fraction, r.patella_flexion_rad * kDegPerRad);
  }
}

// Whether the charts can be drawn, checked before the table is printed: a bad --plot then
// prints nothing but its error.
void check_plot_possible(const std::string& directory) {
#ifdef KNEELOAD_WITH_VTK
  const viz::DisplayConnection display = viz::require_display();
  prepare_output_folder(directory, "--plot");
#else
  (void)directory;
  throw InputError("--plot needs a build with VTK (cmake -DKNEELOAD_WITH_VTK=ON)");
#endif
}

void plot(const std::vector<PfCurveRow>& rows, const Parameters& params,
          const Parameters& defaults, double quad_force_N, const std::string& directory) {
#ifdef KNEELOAD_WITH_VTK
  viz::PfCurve curve;
  const PfCurveLabel label = make_pf_curve_label(params, defaults, quad_force_N);
  curve.label = label.legend;
  for (const PfCurveRow& row : rows) {
    const models::PatellofemoralResult& r = row.result;
    curve.samples.push_back({static_cast<double>(row.knee_flexion_deg),
                             r.contact_force_magnitude_N / r.quadriceps_force_N,
                             r.quadriceps_lever_arm_m, r.peak_pressure_MPa, r.lateral_fraction,
                             r.patella_flexion_rad * kDegPerRad});
  }
  for (const std::string& path : viz::write_pf_curve_charts({curve}, label.subtitle, directory))
    print_note(stderr, fmt::format("wrote {}\n", path));
#else
  (void)rows, (void)params, (void)defaults, (void)quad_force_N, (void)directory;
  throw InputError("--plot needs a build with VTK (cmake -DKNEELOAD_WITH_VTK=ON)");
#endif
}

void run_pf_curve(const PfCurveOptions& options) {
  if (!(options.quad_force_N > 0.0 && options.quad_force_N <= 20000.0))
    throw InputError(
        fmt::format("--quad-force-N = {} is outside (0, 20000] N", options.quad_force_N));
  const Parameters params = resolve_parameters("level_run", "", options.overrides);
  if (!options.plot_directory.empty()) check_plot_possible(options.plot_directory);
  // After the checks, so that an error stays the only line: the keys set away from their
  // defaults that the curve does not read, in one note.
  const Parameters defaults = resolve_parameters("level_run", "", {});
  const std::vector<std::string>& read = get_pf_curve_keys();
  std::vector<std::string> unread;
  for (const Parameters::Entry& entry : list_changed_entries(params, defaults))
    if (std::find(read.begin(), read.end(), entry.key) == read.end()) unread.push_back(entry.key);
  if (!unread.empty())
    print_note(stderr, fmt::format("note: {} {} no effect on pf-curve (it reads {})\n",
                                   fmt::join(unread, ", "), unread.size() == 1 ? "has" : "have",
                                   fmt::join(read, ", ")));
  const std::vector<PfCurveRow> rows = calc_pf_curve(params, options.quad_force_N);
  if (options.table)
    print_table(rows);
  else
    print_csv(rows);
  std::fflush(stdout);  // the table before the chart messages on stderr
  if (!options.plot_directory.empty())
    plot(rows, params, defaults, options.quad_force_N, options.plot_directory);
}

}  // namespace

void add_pf_curve_command(CLI::App& cli) {
  auto* cmd = cli.add_subcommand(
      "pf-curve", "Patellofemoral mechanism vs knee flexion 0-120 deg at a fixed quadriceps force, "
                  "as CSV on stdout");
  auto options = std::make_shared<PfCurveOptions>();
  cmd->add_option("overrides", options->overrides,
                  "KEY=VALUE parameter overrides (see `kneeload params`)");
  cmd->add_option("--quad-force-N", options->quad_force_N,
                  "total quadriceps force, N (default 1000)");
  cmd->add_flag("--table", options->table,
                "print a table every 10 deg beside the classic model instead of CSV");
  cmd->add_option("--plot", options->plot_directory,
                  "also write 4 PNG charts into this directory (PF/quadriceps ratio and lever arm "
                  "beside their published curves; peak pressure, lateral fraction)")
      ->check(kNotEmpty);
  cmd->callback([options] { run_pf_curve(*options); });
}

}  // namespace kneeload::app
