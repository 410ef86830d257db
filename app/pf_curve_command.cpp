// `kneeload pf-curve [KEY=VALUE ...] [--quad-force-N F]` (DESIGN.md §5): the patellofemoral
// mechanism solved at every degree of knee flexion 0-120 for a fixed total quadriceps force, as
// CSV on stdout. Keys are the registry's (body.*, knee.q_angle_deg, foot.*, brace.*,
// muscle.strength.*), resolved by io/config with the level_run defaults.
#include "app/commands.hpp"
#include "io/config.hpp"
#include "models/knee_alignment.hpp"
#include "models/patellofemoral_equilibrium.hpp"
#include "solver/errors.hpp"

#include <fmt/format.h>

#include <memory>
#include <string>
#include <vector>

namespace kneeload::app {
namespace {

constexpr double kDefaultQuadForceN = 1000.0;  // N: a moderate effort, ~1.5 BW for 70 kg
constexpr double kPi = 3.14159265358979323846;

void run_pf_curve(const std::vector<std::string>& overrides, double quad_force_N) {
  if (!(quad_force_N > 0.0 && quad_force_N <= 20000.0))
    throw InputError(fmt::format("--quad-force-N = {} is outside (0, 20000] N", quad_force_N));
  const Parameters params = resolve_parameters("level_run", "", overrides);

  models::PatellofemoralSpec spec = models::load_lenhart2015_patellofemoral_spec();
  spec.q_angle_deg = params.get_number("knee.q_angle_deg");
  const models::PatellofemoralModel model = models::compile_patellofemoral_model(spec);
  models::PatellofemoralWorkspace ws(model);

  models::PatellofemoralLoading loading;
  loading.femoral_internal_rotation_rad = models::calc_femoral_internal_rotation_rad(
      params.get_number("foot.pronation_deg"), params.get_number("foot.orthotic_wedge_deg"));
  loading.brace_medial_force_N = params.get_number("brace.patellar_medial_force_N");
  const auto shares = models::calc_quadriceps_shares(
      model, params.get_number("muscle.strength.quadriceps"),
      params.get_number("muscle.strength.vastus_medialis"));
  for (int i = 0; i < models::kQuadricepsCount; ++i) loading.muscle_force_N[i] = shares[i] * quad_force_N;

  fmt::print(
      "knee_flexion_deg,quad_force_N,pf_force_N,pf_to_quad_ratio,quad_lever_arm_m,"
      "contact_area_mm2,peak_pressure_MPa,mean_pressure_MPa,lateral_fraction,patella_flexion_deg,"
      "patella_shift_mm,patella_tilt_deg,patellar_tendon_force_N,knee_extension_moment_Nm,"
      "effective_q_angle_deg\n");
  models::PatellaPose pose = models::calc_initial_patella_pose(model, 0.0);
  models::PatellofemoralResult r;
  for (int deg = 0; deg <= 120; ++deg) {
    loading.knee_flexion_rad = deg * kPi / 180.0;
    models::solve_patellofemoral_equilibrium(model, loading, pose, ws, r);  // warm-started
    fmt::print("{},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},"
               "{:.6g},{:.6g}\n",
               deg, r.quadriceps_force_N, r.contact_force_magnitude_N,
               r.contact_force_magnitude_N / r.quadriceps_force_N, r.quadriceps_lever_arm_m,
               r.contact_area_mm2, r.peak_pressure_MPa, r.mean_pressure_MPa, r.lateral_fraction,
               r.patella_flexion_rad * 180.0 / kPi, r.patella_shift_m * 1e3,
               r.patella_tilt_rad * 180.0 / kPi, r.tendon_force_N, r.knee_extension_moment_Nm,
               r.effective_q_angle_rad * 180.0 / kPi);
  }
}

}  // namespace

void add_pf_curve_command(CLI::App& cli) {
  auto* cmd = cli.add_subcommand(
      "pf-curve", "Patellofemoral mechanism vs knee flexion 0-120 deg at a fixed quadriceps force, "
                  "as CSV on stdout");
  auto overrides = std::make_shared<std::vector<std::string>>();
  auto quad_force_N = std::make_shared<double>(kDefaultQuadForceN);
  cmd->add_option("overrides", *overrides, "KEY=VALUE parameter overrides (see `kneeload params`)");
  cmd->add_option("--quad-force-N", *quad_force_N, "total quadriceps force, N (default 1000)");
  cmd->callback([overrides, quad_force_N] { run_pf_curve(*overrides, *quad_force_N); });
}

}  // namespace kneeload::app
