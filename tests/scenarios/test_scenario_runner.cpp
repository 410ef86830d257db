// The scenario runner (scenarios/scenario_runner.hpp): a whole stance of level_run through the
// CMC-style loop, its bookkeeping and its determinism.
#include "models/data_table.hpp"
#include "models/elastic_foundation.hpp"
#include "scenarios/parameter_registry.hpp"
#include "scenarios/parameter_values.hpp"
#include "scenarios/reference_motion.hpp"
#include "scenarios/scenario_runner.hpp"
#include "solver/errors.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <utility>

using namespace kneeload;

namespace {

const RunResult& get_level_run() {
  static const RunResult run =
      run_scenario("level_run", Parameters::make_defaults("level_run"));
  return run;
}

bool same_bytes(const SeriesMatrix& a, const SeriesMatrix& b) {
  return a.rows() == b.rows() && a.cols() == b.cols() &&
         std::equal(a.data(), a.data() + a.size(), b.data(), [](double x, double y) {
           return std::memcmp(&x, &y, sizeof(double)) == 0;
         });
}

}  // namespace

TEST_CASE("level_run runs its whole reference stance with status ok", "[scenario_runner]") {
  const RunResult& run = get_level_run();
  INFO(run.summary.failure_reason);
  CHECK(run.summary.status == "ok");
  check_run_result_shapes(run);
  // Reference stance 0.246 s (Hamner et al. 2010 stride, data/reference/level_run.csv) sampled
  // at solver.output_hz = 1000 Hz: 247 samples from touchdown to the end or toe-off.
  CHECK(run.summary.stance_time_s == Approx(0.246).margin(0.03));
  CHECK(run.time_s[1] - run.time_s[0] == Approx(1e-3).margin(1e-9));
  CHECK(run.coordinates.values.allFinite());
  CHECK(run.patellofemoral.contact_force_bw.allFinite());
  // Touchdown: the runner starts on the ground with little force (the deepest sphere 1 mm in).
  CHECK(run.ground.force_N(0, 1) < 0.5 * 70 * 9.80665);
  // The knee loads the patella in stance: a contact force well above zero.
  CHECK(run.summary.peak_pf_force_bw > 1.0);
}

TEST_CASE("level_run tracks the reference knee within the tracking bound", "[scenario_runner]") {
  // Tracking law (Thelen et al. 2003): the error obeys ë + 2ζωė + ω²e = 0 while the plant follows;
  // residual errors come from muscle saturation and the controls held over each interval.
  // Current bound (docs/model/scenario_runner.md): 15 deg at the knee, the joint the PF load
  // depends on (the ankle departs further near toe-off; the summary reports that).
  const RunResult& run = get_level_run();
  const double knee_error_deg =
      run.control.tracking_error_rad.col(2).cwiseAbs().maxCoeff() * 180.0 / 3.14159265358979323846;
  CHECK(knee_error_deg < 15.0);
  // The knee error at touchdown is zero: the state starts on the reference.
  CHECK(std::abs(run.control.tracking_error_rad(0, 2)) < 1e-9);
}

// Angular momentum of the whole body: the trial's ground force and joint angles balance it only
// with the other leg's swing on the pelvis (models/other_leg_load.hpp). Without that load the
// trunk turned 11.9 deg off its reference by toe-off; with it, 2.2 deg.
TEST_CASE("level_run: the trunk follows its reference when the other leg's swing loads the pelvis",
          "[scenario_runner]") {
  const RunResult& run = get_level_run();
  REQUIRE(run.control.tracking_names[0] == "pelvis_tilt");
  const double tilt_error_deg =
      run.control.tracking_error_rad.col(0).cwiseAbs().maxCoeff() * 180.0 / 3.14159265358979323846;
  CHECK(tilt_error_deg < 4.0);
}

// Newton's second law through the stance inverse dynamics: the whole-body centre of mass follows
// the acceleration of the trial's recorded ground forces, so the model's peak vertical ground
// force stays at the trial's (Hamner et al. 2010: 2.55 BW; DESIGN §7 band 2.2–3.0 BW) whatever the
// body mass or the foot's pronation, and the knee keeps tracking (DESIGN §3.6 sweep ranges).
TEST_CASE("level_run over body mass 50-120 kg and pronation 0-20 deg: ground force in the "
          "Hamner band, knee tracked", "[scenario_runner]") {
  for (const char* override_text : {"body.mass_kg=50", "body.mass_kg=120", "foot.pronation_deg=0",
                                     "foot.pronation_deg=20"}) {
    INFO(override_text);
    Parameters p = Parameters::make_defaults("level_run");
    const std::string text = override_text;
    const std::string key = text.substr(0, text.find('='));
    p.set_number(key, std::stod(text.substr(text.find('=') + 1)));
    const RunResult run = run_scenario("level_run", p);
    INFO(run.summary.failure_reason);
    REQUIRE(run.summary.status == "ok");
    CHECK(run.summary.peak_vgrf_bw > 2.2);
    CHECK(run.summary.peak_vgrf_bw < 3.0);
    const double knee_error_deg = run.control.tracking_error_rad.col(2).cwiseAbs().maxCoeff() *
                                  180.0 / 3.14159265358979323846;
    CHECK(knee_error_deg < 15.0);
  }
}

// OpenSim's CMC finds the initial muscle states by tracking the first 30 ms and restarting
// (Thelen & Anderson 2006): the touchdown activations of a run equal the activations that a run
// starting at the activation floor has 30 ms into stance.
TEST_CASE("level_run starts with the muscle activations found over the first 30 ms",
          "[scenario_runner]") {
  const RunResult& run = get_level_run();
  RunnerOptions from_floor;
  from_floor.initial_state_window_s = 0.0;
  const RunResult floor_run =
      run_scenario("level_run", Parameters::make_defaults("level_run"), from_floor);
  REQUIRE(RunnerOptions{}.initial_state_window_s == 0.030);
  REQUIRE(floor_run.time_s[30] == Approx(run.time_s[0] + 0.030).margin(1e-9));
  const Eigen::Index n_muscles = run.muscles.activation.cols();
  for (Eigen::Index k = 0; k < n_muscles; ++k) {
    INFO(run.muscles.names[k]);
    CHECK(floor_run.muscles.activation(0, k) == Approx(0.01));  // the floor
    CHECK(run.muscles.activation(0, k) == Approx(floor_run.muscles.activation(30, k)).margin(1e-9));
  }
}

TEST_CASE("level_run with the Rosenbrock-W stepper agrees with Dopri5 (two integrators)",
          "[scenario_runner]") {
  // The same stance integrated by a second method: ROS34PW2, implicit in the joint speeds, at
  // rtol 1e-4 (at 1e-3 the peak knee moment sat right at the bound, 0.100 %). The summaries must
  // agree with Dopri5 at the default 1e-6 to well inside the model's own uncertainty (0.1 %): a
  // wrong coefficient or a wrong stiff block shows here as a different stance.
  Parameters params = Parameters::make_defaults("level_run");
  params.set_choice("solver.stepper", "ros34pw2");
  params.set_number("solver.rtol", 1e-4);
  params.set_number("solver.atol", 1e-6);
  const RunResult rosw = run_scenario("level_run", params);
  const RunSummary& a = get_level_run().summary;
  const RunSummary& b = rosw.summary;
  REQUIRE(b.status == "ok");
  CHECK(b.peak_pf_force_bw == Approx(a.peak_pf_force_bw).epsilon(1e-3));
  CHECK(b.peak_vgrf_bw == Approx(a.peak_vgrf_bw).epsilon(1e-3));
  CHECK(b.peak_knee_extension_moment_Nm_per_kg ==
        Approx(a.peak_knee_extension_moment_Nm_per_kg).epsilon(1e-3));
  CHECK(b.max_tracking_error_deg == Approx(a.max_tracking_error_deg).epsilon(1e-3));
  CHECK(b.stance_time_s == Approx(a.stance_time_s).margin(1e-9));
}

TEST_CASE("a repeated run gives byte-identical results (determinism)", "[scenario_runner]") {
  const RunResult& first = get_level_run();
  const RunResult second = run_scenario("level_run", Parameters::make_defaults("level_run"));
  CHECK(same_bytes(first.coordinates.values, second.coordinates.values));
  CHECK(same_bytes(first.muscles.force_N, second.muscles.force_N));
  CHECK(same_bytes(first.patellofemoral.contact_force_N, second.patellofemoral.contact_force_N));
  CHECK(same_bytes(first.control.reserve_moment_Nm, second.control.reserve_moment_Nm));
  CHECK(first.summary.peak_pf_force_N == second.summary.peak_pf_force_N);
}

TEST_CASE("a terrain or gait key the registry marks as without effect leaves the run unchanged, "
          "and one it does not changes it",
          "[scenario_runner]") {
  // The registry's `ignored` variants decide what a sweep refuses and what `params` says; this
  // holds them to what the runner really does with each key.
  const std::pair<const char*, int> expected_ignored[] = {
      {"level_run", 3}, {"downhill_run", 2}, {"level_walk", 3}, {"stair_ascent", 5},
      {"stair_descent", 5}};
  for (const auto& [scenario, expected] : expected_ignored) {
    const RunResult base = run_scenario(scenario, Parameters::make_defaults(scenario));
    int ignored = 0;
    for (const ParameterSpec& registered : get_parameter_registry().get_specs()) {
      if (registered.key.rfind("terrain.", 0) != 0 && registered.key.rfind("gait.", 0) != 0)
        continue;
      const ParameterSpec spec = calc_scenario_spec(registered, scenario);
      Parameters p = Parameters::make_defaults(scenario);
      // The range end farther from the default: a value any reader of the key would notice.
      const bool to_max = spec.max_value - spec.default_value > spec.default_value - spec.min_value;
      p.set_number(spec.key, to_max ? spec.max_value : spec.min_value);
      const RunResult run = run_scenario(scenario, p);
      INFO(scenario << ": " << spec.key << (spec.ignored ? " (marked without effect)" : ""));
      CHECK(same_bytes(run.patellofemoral.contact_force_N, base.patellofemoral.contact_force_N) ==
            spec.ignored);
      ignored += spec.ignored;
    }
    CHECK(ignored == expected);
  }
}

TEST_CASE("the summary flags residuals and reserves beyond DESIGN 3.6 limits",
          "[scenario_runner]") {
  // §3.6: residual force > 5 % of peak ground force, or reserve > 10 % of the joint moment, is
  // flagged. Recompute the reserve criterion from the series and compare with the summary, with
  // how long in all, from when and when at its peak each flagged reserve is over its limit
  // (sample-and-hold).
  const RunResult& run = get_level_run();
  bool reserve_over = false;
  for (int j = 0; j < 3; ++j) {
    const double moment_Nm = run.joints.moment_Nm.col(j).cwiseAbs().maxCoeff();
    const auto reserve_Nm = run.control.reserve_moment_Nm.col(1 + j).cwiseAbs();
    if (!(reserve_Nm.maxCoeff() > 0.10 * moment_Nm)) continue;
    reserve_over = true;
    double first_s = -1.0, over_s = 0.0;
    for (int k = 0; k + 1 < run.time_s.size(); ++k)
      if (reserve_Nm[k] > 0.10 * moment_Nm) {
        if (first_s < 0.0) first_s = run.time_s[k];
        over_s += run.time_s[k + 1] - run.time_s[k];
      }
    Eigen::Index peak = 0;
    reserve_Nm.maxCoeff(&peak);
    CAPTURE(j, run.summary.failure_reason);
    CHECK(run.summary.failure_reason.find(fmt::format(
              "{} reserve {:.1f} N m > 10 % of joint moment {:.1f} N m (for {:.0f} ms in all "
              "from {:.3f} s, peak at {:.3f} s)",
              run.joints.names[j], reserve_Nm.maxCoeff(), moment_Nm, 1e3 * over_s, first_s,
              run.time_s[peak])) != std::string::npos);
  }
  const bool flagged = run.summary.failure_reason.find("reserve") != std::string::npos;
  CHECK(flagged == reserve_over);
  CHECK(reserve_over);  // level_run's plantarflexors saturate (docs/validation.md): the case
}

TEST_CASE("a stance foot that leaves the ground the trial stands on is flagged",
          "[scenario_runner]") {
  // The trial loads its foot (over 0.5 BW) where the model's carries under a tenth of that:
  // stair_ascent's foot leaves the step (docs/validation.md), level_run's stays planted. Recompute
  // the unloaded time from the series, with the reference's own vertical force.
  const RunResult ascent =
      run_scenario("stair_ascent", Parameters::make_defaults("stair_ascent"));
  const ReferenceMotion reference =
      load_reference_motion("stair_ascent", Parameters::make_defaults("stair_ascent"));
  const double body_weight_N = 70.0 * 9.80665;
  double unloaded_s = 0.0;
  for (int k = 0; k + 1 < ascent.time_s.size(); ++k) {
    const double t_s = ascent.time_s[k];
    int i = 0;
    while (i + 2 < reference.time_s.size() && reference.time_s[i + 1] <= t_s) ++i;
    const double w = (t_s - reference.time_s[i]) / (reference.time_s[i + 1] - reference.time_s[i]);
    const double trial_N = body_weight_N * ((1 - w) * reference.stance_force_bw(i, 1) +
                                            w * reference.stance_force_bw(i + 1, 1));
    if (trial_N > 0.5 * body_weight_N && ascent.ground.force_N(k, 1) < 0.1 * trial_N)
      unloaded_s += ascent.time_s[k + 1] - t_s;
  }
  CAPTURE(unloaded_s, ascent.summary.failure_reason);
  REQUIRE(unloaded_s > 0.010);
  CHECK(ascent.summary.failure_reason.find(
            fmt::format("stance foot unloaded for {:.0f} ms", 1e3 * unloaded_s)) !=
        std::string::npos);
  CHECK(get_level_run().summary.failure_reason.find("unloaded") == std::string::npos);
}

TEST_CASE("level_run's peak ankle moment is the trial's within 10 % (Hamner 2010 inverse dynamics)",
          "[scenario_runner]") {
  // Published value: the Hamner, Seth & Delp 2010 stride's inverse dynamics, resampled over stance
  // in data/reference/level_run.csv (219 N·m of plantarflexion). The model's ankle moment comes
  // from its own muscles and ground force; where the ground pushes (the foot's centre of
  // pressure) sets it. With the hallux rigid with the foot it was 273 N·m (+25 %), with the toe
  // segment 226 N·m (docs/model/foot_contact.md, *Toes*).
  const DataTable trial = DataTable::read(data_file_path("reference/level_run.csv"));
  double trial_Nm = 0.0;
  for (int r = 0; r < trial.rows(); ++r)
    trial_Nm = std::max(trial_Nm, -trial.number(r, "ankle_angle_r_moment_Nm"));
  const RunResult& run = get_level_run();
  const double model_Nm = -run.joints.moment_Nm.col(2).minCoeff();  // plantarflexion: negative
  CAPTURE(trial_Nm, model_Nm);
  CHECK(trial_Nm == Approx(219.5).margin(1.0));
  CHECK(model_Nm == Approx(trial_Nm).epsilon(0.10));
}

TEST_CASE("a vertical ground force far above the trial's peak is flagged with its size and "
          "duration", "[scenario_runner]") {
  // level_run at 6 m/s lands 2.2 times faster than the trial's force can stop
  // (docs/model/reference_motion.md): an impact of ≈ 7.5 BW where Keller et al. 1996 (Clin
  // Biomech 11:253) measured ≈ 2.5 BW at that speed. Recompute the time above 1.5 × the trial's
  // peak.
  Parameters fast = Parameters::make_defaults("level_run");
  fast.set_number("gait.speed_mps", 6.0);
  const RunResult run = run_scenario("level_run", fast);
  const double trial_peak_bw =
      load_reference_motion("level_run", fast).stance_force_bw.col(1).maxCoeff();
  const double body_weight_N = 70.0 * 9.80665;
  double high_s = 0.0, from_s = -1.0;
  for (int k = 0; k + 1 < run.time_s.size(); ++k) {
    if (!(run.ground.force_N(k, 1) > 1.5 * trial_peak_bw * body_weight_N)) continue;
    if (from_s < 0.0) from_s = run.time_s[k];
    high_s += run.time_s[k + 1] - run.time_s[k];
  }
  Eigen::Index peak = 0;
  run.ground.force_N.col(1).maxCoeff(&peak);
  CAPTURE(high_s, run.summary.failure_reason);
  REQUIRE(from_s >= 0.0);
  CHECK(run.summary.failure_reason.find(fmt::format(
            "vertical ground force {:.2f} BW > 1.5 times the trial's peak {:.2f} BW (for {:.0f} ms "
            "in all from {:.3f} s, peak at {:.3f} s)",
            run.summary.peak_vgrf_bw, trial_peak_bw, 1e3 * high_s, from_s, run.time_s[peak])) !=
        std::string::npos);
  CHECK(get_level_run().summary.failure_reason.find("ground force") == std::string::npos);
}

TEST_CASE("a weak vastus medialis in downhill running presses the patellar cartilage through to "
          "the bone: the run completes and its flag gives how long",
          "[scenario_runner]") {
  // With vastus medialis at 0.3 the vastus lateralis pulls the patella's lateral facet through its
  // cartilage at ≈ 0.08 s (models/elastic_foundation.hpp); the linear foundation alone ended the
  // equilibrium there (status failed). The flag's time is recomputed from the pressure series:
  // samples above the full-compression pressure K.
  Parameters params = Parameters::make_defaults("downhill_run");
  params.set_number("muscle.strength.vastus_medialis", 0.3);
  const RunResult weak = run_scenario("downhill_run", params);
  const double full_MPa =
      1e-6 * models::calc_full_compression_pressure_Pa(models::ElasticFoundationSpec{});
  double through_s = 0.0;
  for (int k = 0; k + 1 < weak.time_s.size(); ++k)
    if (weak.patellofemoral.peak_pressure_MPa[k] > full_MPa)
      through_s += weak.time_s[k + 1] - weak.time_s[k];
  CAPTURE(weak.summary.failure_reason);
  CHECK(weak.summary.status == "ok");
  REQUIRE(through_s > 0.0);
  CHECK(weak.summary.failure_reason.find(fmt::format(
            "patellar cartilage compressed through for {:.0f} ms", 1e3 * through_s)) !=
        std::string::npos);
  CHECK(get_level_run().summary.failure_reason.find("cartilage") == std::string::npos);
}

TEST_CASE("a misspelt scenario is an InputError naming it", "[scenario_runner]") {
  CHECK_THROWS_AS(run_scenario("levle_run", Parameters::make_defaults("level_run")), InputError);
}

TEST_CASE("a run that fails part-way reports its reason and time and keeps finite series",
          "[scenario_runner]") {
  // DESIGN §9: a numerical failure is reported (status, reason, time), not thrown. A straight
  // quadriceps pull with a weak vastus medialis (Q-angle 0 deg, vastus medialis x 0.3) finds no
  // patella equilibrium part-way through level_run's stance (docs/validation.md, *A weak vastus
  // medialis*): the run keeps the series up to its last good sample and summarises them.
  Parameters params = Parameters::make_defaults("level_run");
  params.set_number("knee.q_angle_deg", 0.0);
  params.set_number("muscle.strength.vastus_medialis", 0.3);
  RunResult run;
  REQUIRE_NOTHROW(run = run_scenario("level_run", params));
  check_run_result_shapes(run);
  INFO(run.summary.failure_reason);
  REQUIRE(run.summary.status == "failed");
  const auto at = run.summary.failure_reason.find("(at t = ");
  REQUIRE(at != std::string::npos);
  const double failed_at_s = std::stod(run.summary.failure_reason.substr(at + 8));
  const double last_s = run.time_s[get_sample_count(run) - 1];
  // The series end at the last output sample before the failure (1 ms apart), nothing after it.
  CHECK(last_s <= failed_at_s);
  CHECK(failed_at_s - last_s <= 0.0011);
  for (int k = 1; k < get_sample_count(run); ++k) CHECK(run.time_s[k] > run.time_s[k - 1]);
  CHECK(last_s < get_level_run().time_s[get_sample_count(get_level_run()) - 1]);  // part-way
  CHECK(run.coordinates.values.allFinite());
  CHECK(run.patellofemoral.contact_force_N.allFinite());
  CHECK(run.summary.stance_time_s == Approx(last_s - run.time_s[0]));
  CHECK(std::isfinite(run.summary.peak_pf_force_bw));
  CHECK(run.summary.peak_pf_force_bw > 1.0);
}

TEST_CASE("a step-size underflow at tolerances finer than double precision names them",
          "[scenario_runner]") {
  const std::string underflow = "step-size underflow: dt = 7.78e-13 s < min_dt_s = 1e-12 s";
  CHECK(explain_numerical_failure(underflow, 1e-12, 1e-14) ==
        underflow + " (solver.rtol = 1e-12 and solver.atol = 1e-14 may ask for more than double "
                    "precision gives here: try looser)");
  CHECK(explain_numerical_failure(underflow, 1e-6, 1e-12) != underflow);  // atol alone too fine
  // At ordinary tolerances the step underflow is the model's, and other failures pass unchanged.
  CHECK(explain_numerical_failure(underflow, 1e-6, 1e-8) == underflow);
  CHECK(explain_numerical_failure("NaN in the state", 1e-12, 1e-14) == "NaN in the state");
}
