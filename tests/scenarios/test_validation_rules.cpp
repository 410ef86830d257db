// How `kneeload validate` judges a band (scenarios/validation_bands.hpp), on made-up runs: the
// rules, not the model.
#include "scenarios/validation_bands.hpp"

#include "scenarios/run_result.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <string>

using namespace kneeload;

namespace {

RunResult make_run(const std::string& status, double peak_pf_force_bw, double body_weight_N) {
  RunResult run;
  run.summary.status = status;
  if (status != "ok") run.summary.failure_reason = "made up: stopped at t = 0.1 s";
  run.summary.peak_pf_force_bw = peak_pf_force_bw;
  run.summary.peak_pf_force_N = peak_pf_force_bw * body_weight_N;
  return run;
}

ValidationCheck evaluate(const std::string& id, std::map<std::string, RunResult> runs) {
  for (const ValidationBand& band : read_validation_bands())
    if (band.id == id) return run_validation({band}, runs).front();
  FAIL("no band " << id);
  return {};
}

}  // namespace

// A band compares finished runs: a run that stopped part-way has a partial peak, which neither
// meets nor misses a band by its value. With both runs complete the same numbers pass.
TEST_CASE("validate: a comparison band is not met when one of its runs failed",
          "[validation_rules]") {
  for (const std::string failed : {"downhill_run", "level_run"}) {
    std::map<std::string, RunResult> runs{{"downhill_run", make_run("ok", 9.0, 700.0)},
                                          {"level_run", make_run("ok", 6.0, 700.0)}};
    CHECK(evaluate("downhill_vs_level_peak_pf_force", runs).pass);
    runs[failed] = make_run("failed", failed == "level_run" ? 6.0 : 9.0, 700.0);
    const ValidationCheck c = evaluate("downhill_vs_level_peak_pf_force", runs);
    INFO(c.note);
    CHECK_FALSE(c.pass);
    CHECK(c.note.find("failed") != std::string::npos);
  }
  for (const std::string id : {"mass_x1.5_pf_force_N", "mass_x1.5_pf_force_bw"}) {
    std::map<std::string, RunResult> runs{{"level_run", make_run("ok", 6.0, 700.0)},
                                          {"level_run mass x1.5", make_run("ok", 6.0, 1050.0)}};
    CHECK(evaluate(id, runs).pass);
    runs["level_run mass x1.5"] = make_run("failed", 6.0, 1050.0);
    CHECK_FALSE(evaluate(id, runs).pass);
    runs["level_run mass x1.5"] = make_run("ok", 6.0, 1050.0);
    runs["level_run"] = make_run("failed", 6.0, 700.0);
    CHECK_FALSE(evaluate(id, runs).pass);
  }
}

// The vertical-force band's note says when in stance the peak falls (an impact just after
// touchdown reads differently from a mid-stance peak): here 0.05 s into a 0.2 s stance.
TEST_CASE("validate: the vertical ground force band's note gives the time of the peak",
          "[validation_rules]") {
  RunResult run = make_run("ok", 6.0, 700.0);
  run.time_s = Eigen::VectorXd::LinSpaced(5, 0.1, 0.3);  // s
  run.ground.force_N = SeriesMatrix::Zero(5, 3);
  run.ground.force_N.col(1) << 100.0, 1800.0, 1500.0, 1700.0, 0.0;  // N
  run.summary.peak_vgrf_bw = 1800.0 / 700.0;
  const ValidationCheck c = evaluate("level_run_peak_vgrf", {{"level_run", run}});
  INFO(c.note);
  CHECK(c.note.find("peak at 0.050 s (25 % of stance)") != std::string::npos);
  // A failed run's series ends early: the time, not a share of a stance it did not finish.
  run.summary.status = "failed";
  run.summary.failure_reason = "made up: stopped at t = 0.3 s";
  const ValidationCheck failed = evaluate("level_run_peak_vgrf", {{"level_run", run}});
  INFO(failed.note);
  CHECK(failed.note.find("peak at 0.050 s [run failed") != std::string::npos);
  CHECK_FALSE(failed.pass);
}
