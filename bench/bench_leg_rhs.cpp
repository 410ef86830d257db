// Time of one right-hand side of the assembled leg (models/leg_dynamics): 6 coordinates, 12 Hill
// muscles with rigid tendons, 4 foot-contact spheres and the patellofemoral equilibrium solve,
// and the split by stage: multibody (kinematics + ABA), muscles + paths, contact, PF solve.
// The full RHS takes the quadriceps' knee moment from the table (LegModelSpec::
// knee_moment_from_table); the PF solve row is what the exact path adds.
// State: mid-stance of a run (hip 20 deg, knee 40 deg, ankle 10 deg, sole compressed 5 mm,
// moving), activations 0.3; the knee angle wobbles by +-0.01 deg between calls, as between the
// stages of an integrator step, so the PF solve is warm-started as in a run.
// Measures only; record results in bench/RESULTS.md. Design target: 2.5 us per RHS (a 0.24 s
// stance in 10 ms with ~4000 calls).
#include "bench/median_timing.hpp"
#include "models/leg_dynamics.hpp"
#include "solver/multibody_dynamics.hpp"
#include "solver/multibody_kinematics.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <vector>

using namespace kneeload;

namespace {

constexpr double kDeg = 3.14159265358979323846 / 180.0;


}  // namespace

int main() {
  const LegModel model = compile_leg_model(LegModelSpec{});
  LegWorkspace ws(model);
  LegControls controls(model);
  controls.excitation.setConstant(0.3);
  const PlaneTerrain ground;

  LegVector q, qd;
  q << 0.1, 0.0, 0.05, 20 * kDeg, 40 * kDeg, 10 * kDeg;
  qd << 2.5, -0.3, 0.2, -1.0, 2.0, -1.5;
  // Put the lowest sphere 5 mm into the ground.
  solver::OdeState x = make_leg_state(model, q, qd, 0.3, ws);
  calc_leg_kinematics(model, x, ws);
  double lowest_m = 1e9;
  for (const ContactSphere& s : model.foot_contact.spheres)
    lowest_m = std::min(lowest_m, solver::point_position(model.multibody, ws.multibody,
                                                         model.foot_body,
                                                         s.center_in_foot_m.head<2>()).y() -
                                      s.radius_m);
  q[1] = -0.005 - lowest_m;
  x = make_leg_state(model, q, qd, 0.3, ws);
  solver::OdeState dxdt(x.size());
  const int knee = model.q_offset + 4;
  const double knee0 = x[knee];
  auto wobble = [&](int k) { x[knee] = knee0 + ((k & 1) ? 0.01 : -0.01) * kDeg; };

  const int calls = 20000, reps = 9;
  calc_state_derivative(model, controls, ground, x, dxdt, 0.0, ws);  // warm up
  const kneeload::bench::Timing full = kneeload::bench::median_us_per_call(
      [&](int k) {
        wobble(k);
        calc_state_derivative(model, controls, ground, x, dxdt, 0.0, ws);
      },
      calls, reps);
  const kneeload::bench::Timing multibody = kneeload::bench::median_us_per_call(
      [&](int k) {
        wobble(k);
        ws.q[model.coordinates.solver_index[4]] = -x[knee];
        solver::update_kinematics(model.multibody, ws.q, ws.qd, ws.multibody);
        solver::forward_dynamics_aba(model.multibody, ws.tau, ws.multibody, ws.qdd);
      },
      calls, reps);
  const kneeload::bench::Timing muscles = kneeload::bench::median_us_per_call(
      [&](int k) {
        wobble(k);
        ws.coordinates[4] = x[knee];
        const LegAngles angles = ws.coordinates.tail<3>(), rates = ws.speeds.tail<3>();
        calc_lengthening_speed(model.paths, angles, rates, ws.paths);
        calc_leg_muscle_forces(model, x, ws);
      },
      calls, reps);
  calc_leg_kinematics(model, x, ws);
  const kneeload::bench::Timing contact = kneeload::bench::median_us_per_call(
      [&](int) { calc_leg_contact_forces(model, ground, ws); }, calls, reps);
  calc_leg_muscle_forces(model, x, ws);
  const kneeload::bench::Timing pf = kneeload::bench::median_us_per_call(
      [&](int k) {
        wobble(k);
        ws.coordinates[4] = x[knee];
        calc_leg_patellofemoral(model, 0.0, ws);
      },
      calls, reps);
  // The right-hand side's knee moment: the lever-arm table (models/quadriceps_moment_table.hpp).
  const kneeload::bench::Timing table = kneeload::bench::median_us_per_call(
      [&](int k) {
        wobble(k);
        ws.coordinates[4] = x[knee];
        calc_leg_quadriceps_knee_moment(model, ws);
      },
      calls, reps);
  fmt::print("knee moment table: built in {:.2f} ms at compile_leg_model\n",
             model.quadriceps_moment_table.build_time_ms);

  fmt::print("state: knee {:.0f} deg, quadriceps force {:.0f} N, ground force {:.0f} N, "
             "PF Newton iterations {}\n",
             q[4] / kDeg, ws.pf_result.quadriceps_force_N, ws.contact.total_force_N.y(),
             ws.pf_result.iterations);
  fmt::print("{:<28} {:>10} {:>10}\n", "stage (median per call)", "wall us", "CPU us");
  const std::pair<const char*, kneeload::bench::Timing> rows[] = {{"full RHS", full},
                                                 {"multibody (kinematics+ABA)", multibody},
                                                 {"muscles + paths", muscles},
                                                 {"foot contact", contact},
                                                 {"PF equilibrium solve", pf},
                                                 {"knee moment table (RHS)", table}};
  for (const auto& [name, t] : rows) fmt::print("{:<28} {:>10.2f} {:>10.2f}\n", name, t.wall_us, t.cpu_us);
  fmt::print("ratio to the 2.5 us target (CPU): {:.1f}\n", full.cpu_us / 2.5);
  return 0;
}
