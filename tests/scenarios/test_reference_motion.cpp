// Reference motions and their adaptation (scenarios/reference_motion.hpp, docs/scenarios.md).
// Laws checked: the default parameters give the derived tables unchanged (a second, independent
// reading of the CSV files); running speed keeps the contact length (Weyand et al. 2000 J Appl
// Physiol 89:1991); walking speed keeps the walk ratio (Sekiya & Nagasaki 1998 Gait Posture
// 7:225); step rate changes the knee by the published amounts of Heiderscheit et al. 2011 Med Sci
// Sports Exerc 43:296, Table 3; the filtered level_walk reference is smooth.
#include "scenarios/reference_motion.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

#include "models/data_table.hpp"
#include "scenarios/reference_trajectory.hpp"
#include "solver/errors.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

using namespace kneeload;

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr int kTx = 0, kTy = 1, kKnee = 4;
const char* const kNames[6] = {"pelvis_tx",     "pelvis_ty",    "pelvis_tilt",
                               "hip_flexion_r", "knee_angle_r", "ankle_angle_r"};

double deg(double rad) { return rad * 180.0 / kPi; }

// The table as the scenario runner read it before this module existed: plain DataTable access.
struct PlainTable {
  Eigen::VectorXd time_s;  // [rows] s
  Eigen::MatrixXd value;   // [rows × 6]
  Eigen::MatrixXd speed;   // [rows × 6]
};
PlainTable read_plain(const std::string& file) {
  const DataTable t = DataTable::read(data_file_path("reference/" + file));
  PlainTable p;
  p.time_s.resize(t.rows());
  p.value.resize(t.rows(), 6);
  p.speed.resize(t.rows(), 6);
  for (int r = 0; r < t.rows(); ++r) {
    p.time_s[r] = t.number(r, "time_s");
    for (int c = 0; c < 6; ++c) {
      const std::string u = c < 2 ? "m" : "rad";
      p.value(r, c) = t.number(r, std::string(kNames[c]) + "_" + u);
      p.speed(r, c) = t.number(r, std::string(kNames[c]) + "_speed_" + u + "_per_s");
    }
  }
  return p;
}

Parameters defaults(const std::string& scenario) { return Parameters::make_defaults(scenario); }

double max_knee(const ReferenceMotion& m) { return m.value.col(kKnee).maxCoeff(); }
double stance_s(const ReferenceMotion& m) { return m.time_s[m.time_s.size() - 1] - m.time_s[0]; }

// A scratch file in the system's temporary folder, removed at scope exit.
struct ScratchFile {
  std::string path;
  explicit ScratchFile(const std::string& name, const std::string& text)
      : path((std::filesystem::temp_directory_path() /
              ("kneeload_test_" + std::to_string(::getpid()) + "_" + name))
                 .string()) {
    std::ofstream(path) << text;
  }
  ~ScratchFile() { std::filesystem::remove(path); }
};

std::string table_text(int rows, bool with_knee_speed, bool increasing = true) {
  std::string header = "time_s";
  for (int c = 0; c < 6; ++c) {
    const std::string u = c < 2 ? "m" : "rad";
    header += std::string(",") + kNames[c] + "_" + u;
    if (c != kKnee || with_knee_speed) header += std::string(",") + kNames[c] + "_speed_" + u + "_per_s";
  }
  header += ",grf_y_bw";
  std::string text = "# test table\n" + header + "\n";
  const int cols = with_knee_speed ? 13 : 12;
  for (int r = 0; r < rows; ++r) {
    text += std::to_string(increasing ? 0.01 * r : 0.01 * (rows - r));
    for (int c = 0; c < cols; ++c) text += ",0.1";
    text += "\n";
  }
  return text;
}

}  // namespace

TEST_CASE("reference motion: default parameters give the runner's tables exactly (second reading "
          "of the CSV files)", "[reference_motion]") {
  for (const char* scenario : {"level_run", "level_walk", "stair_ascent", "stair_descent"}) {
    INFO(scenario);
    const ReferenceMotion m = load_reference_motion(scenario, defaults(scenario));
    const PlainTable p = read_plain(std::string(scenario) + ".csv");
    CHECK(m.time_s == p.time_s);
    CHECK(m.value == p.value);
    CHECK(m.speed == p.speed);
    CHECK(!m.source.empty());
  }
  // downhill_run: level_run, knee + slope·δ(φ) and speed + slope·δ'(φ)/T from the warp table,
  // pelvis lowered along y = x·tan(slope) at the default −6 deg (the runner's former arithmetic).
  const ReferenceMotion m = load_reference_motion("downhill_run", defaults("downhill_run"));
  PlainTable p = read_plain("level_run.csv");
  const DataTable warp = DataTable::read(data_file_path("reference/downhill_run_knee_warp.csv"));
  const double slope_deg = -6.0;
  const int rows = static_cast<int>(p.time_s.size());
  const double T = p.time_s[rows - 1] - p.time_s[0];
  const double tan_slope = std::tan(slope_deg * kPi / 180.0);
  for (int r = 0; r < rows; ++r) {
    p.value(r, kKnee) += slope_deg * warp.number(r, "knee_delta_rad_per_deg");
    p.speed(r, kKnee) += slope_deg * warp.number(r, "knee_delta_dphase_rad_per_deg") / T;
    p.value(r, kTy) += p.value(r, kTx) * tan_slope;
    p.speed(r, kTy) += p.speed(r, kTx) * tan_slope;
  }
  CHECK(m.time_s == p.time_s);
  CHECK(m.value == p.value);
  CHECK(m.speed == p.speed);
  // The committed downhill_run.csv (the script's table at −6 deg) holds the same knee.
  const PlainTable committed = read_plain("downhill_run.csv");
  CHECK((m.value.col(kKnee) - committed.value.col(kKnee)).cwiseAbs().maxCoeff() < 1e-6);
}

TEST_CASE("reference motion: running speed keeps the contact length, stance time ∝ 1/v "
          "(Weyand et al. 2000 J Appl Physiol 89:1991)", "[reference_motion]") {
  const ReferenceMotion ref = load_reference_motion("level_run", defaults("level_run"));
  Parameters fast = defaults("level_run");
  fast.set_number("gait.speed_mps", 2.7 * 1.5);  // reference speed 2.7 m/s (registry default)
  const ReferenceMotion m = load_reference_motion("level_run", fast);
  const int last = static_cast<int>(m.time_s.size()) - 1;
  CHECK(stance_s(m) == Approx(stance_s(ref) / 1.5).epsilon(1e-12));
  CHECK(m.value(last, kTx) == Approx(ref.value(last, kTx)).epsilon(1e-12));  // same contact length
  CHECK(m.speed_mps == Approx(1.5 * ref.speed_mps).epsilon(1e-12));
  CHECK((m.value - ref.value).cwiseAbs().maxCoeff() == 0.0);  // same shape over % stance
  CHECK((m.speed - 1.5 * ref.speed).cwiseAbs().maxCoeff() < 1e-12);
}

TEST_CASE("reference motion: walking speed keeps the walk ratio, stance time and step length ∝ √v "
          "(Sekiya & Nagasaki 1998 Gait Posture 7:225)", "[reference_motion]") {
  const ReferenceMotion ref = load_reference_motion("level_walk", defaults("level_walk"));
  Parameters fast = defaults("level_walk");
  fast.set_number("gait.speed_mps", 1.3 * 1.21);  // reference speed 1.3 m/s (registry default)
  const ReferenceMotion m = load_reference_motion("level_walk", fast);
  const int last = static_cast<int>(m.time_s.size()) - 1;
  CHECK(stance_s(m) == Approx(stance_s(ref) / 1.1).epsilon(1e-12));
  CHECK(m.value(last, kTx) == Approx(1.1 * ref.value(last, kTx)).epsilon(1e-12));
  CHECK(m.speed_mps == Approx(1.21 * ref.speed_mps).epsilon(1e-12));
  CHECK(m.value(last, kKnee) == ref.value(last, kKnee));
  CHECK((m.speed.col(kKnee) - 1.1 * ref.speed.col(kKnee)).cwiseAbs().maxCoeff() < 1e-12);
  CHECK((m.speed.col(kTx) - 1.21 * ref.speed.col(kTx)).cwiseAbs().maxCoeff() < 1e-12);
}

TEST_CASE("reference motion: step rate changes the running knee by Heiderscheit et al. 2011 "
          "(Med Sci Sports Exerc 43:296, Table 3) and shortens stance", "[reference_motion]") {
  // Table 3, knee flexion at initial contact / peak, deg: −10 % 16.9/50.6, −5 % 17.0/48.0,
  // preferred 17.8/46.3, +5 % 18.7/44.1, +10 % 19.6/42.8.
  struct Case {
    double pct, contact_deg, peak_deg;
  };
  for (const Case c : {Case{10.0, 19.6 - 17.8, 42.8 - 46.3}, Case{5.0, 18.7 - 17.8, 44.1 - 46.3},
                       Case{-5.0, 17.0 - 17.8, 48.0 - 46.3}, Case{-10.0, 16.9 - 17.8, 50.6 - 46.3}}) {
    INFO("step rate " << c.pct << " %");
    const KneeFlexionChange k = calc_knee_change_for_step_rate(c.pct);
    CHECK(k.at_contact_deg == Approx(c.contact_deg).margin(1e-12));
    CHECK(k.at_peak_deg == Approx(c.peak_deg).margin(1e-12));
    for (const char* scenario : {"level_run", "downhill_run"}) {
      INFO(scenario);
      const ReferenceMotion ref = load_reference_motion(scenario, defaults(scenario));
      Parameters p = defaults(scenario);
      p.set_number("gait.step_rate_change_pct", c.pct);
      const ReferenceMotion m = load_reference_motion(scenario, p);
      CHECK(deg(m.value(0, kKnee) - ref.value(0, kKnee)) == Approx(c.contact_deg).margin(1e-9));
      CHECK(deg(max_knee(m) - max_knee(ref)) == Approx(c.peak_deg).margin(1e-9));
      CHECK(m.value(m.value.rows() - 1, kKnee) == Approx(ref.value(ref.value.rows() - 1, kKnee)));
      // Same speed, steps shorter by 1/(1 + Δ): stance time and forward travel likewise.
      CHECK(stance_s(m) == Approx(stance_s(ref) / (1.0 + c.pct / 100.0)).epsilon(1e-12));
      CHECK(m.speed_mps == Approx(ref.speed_mps).epsilon(1e-12));
    }
  }
  // Beyond ±10 % the outer segments continue: +20 % → contact +3.6 deg, peak −6.1 deg.
  CHECK(calc_knee_change_for_step_rate(20.0).at_contact_deg == Approx(3.6).margin(1e-9));
  CHECK(calc_knee_change_for_step_rate(20.0).at_peak_deg == Approx(-6.1).margin(1e-9));
}

// Newton's second law under the step-rate rule: the trial's ground force is kept over % stance, in
// body weights, so the body's vertical acceleration at each % of the stride is the trial's. Over a
// stride T times as long (T = 1/(1 + step rate), stance and flight alike) that motion is
// self-similar: the height change from touchdown is T^2 times the trial's and every vertical speed
// T times, the touchdown speed too (which is what the controller starts from).
TEST_CASE("reference motion: under a step-rate change the pelvis's vertical motion is the trial's "
          "under the same accelerations over a stride T times as long", "[reference_motion]") {
  for (const char* scenario : {"level_run", "level_walk"}) {
    for (const double pct : {-20.0, 10.0}) {
      INFO(scenario << ", step rate " << pct << " %");
      Parameters p = defaults(scenario);
      p.set_number("gait.step_rate_change_pct", pct);
      const ReferenceMotion ref = load_reference_motion(scenario, defaults(scenario));
      const ReferenceMotion m = load_reference_motion(scenario, p);
      const double T = 1.0 / (1.0 + pct / 100.0);
      REQUIRE(m.time_s.size() == ref.time_s.size());
      const Eigen::VectorXd rise = m.value.col(kTy).array() - m.value(0, kTy);
      const Eigen::VectorXd rise_ref = ref.value.col(kTy).array() - ref.value(0, kTy);
      CHECK(m.value(0, kTy) == ref.value(0, kTy));                     // m
      CHECK((rise - T * T * rise_ref).cwiseAbs().maxCoeff() < 1e-12);  // m
      CHECK((m.speed.col(kTy) - T * ref.speed.col(kTy)).cwiseAbs().maxCoeff() < 1e-12);  // m/s
      CHECK(std::abs(ref.speed(0, kTy)) > 0.05);  // m/s: the trial lands with a vertical speed
    }
  }
}

TEST_CASE("reference motion: the knee change keeps the knee speed the derivative of the knee "
          "angle (central differences on a smooth analytic stance)", "[reference_motion]") {
  // knee(t) = 0.3 + 0.5·sin(π t / T) rad with its exact speed: peak at mid-stance.
  const int rows = 401;
  const double T = 0.25;  // s
  ReferenceMotion m;
  m.source = "analytic";
  m.time_s = Eigen::VectorXd::LinSpaced(rows, 0.0, T);
  m.value = Eigen::MatrixXd::Zero(rows, 6);
  m.speed = Eigen::MatrixXd::Zero(rows, 6);
  for (int r = 0; r < rows; ++r) {
    m.value(r, kKnee) = 0.3 + 0.5 * std::sin(kPi * m.time_s[r] / T);
    m.speed(r, kKnee) = 0.5 * kPi / T * std::cos(kPi * m.time_s[r] / T);
  }
  apply_knee_change({3.0, -5.0}, m);
  CHECK(deg(m.value(0, kKnee) - 0.3) == Approx(3.0).margin(1e-9));
  CHECK(deg(m.value.col(kKnee).maxCoeff() - 0.8) == Approx(-5.0).margin(1e-9));
  CHECK(m.value(rows - 1, kKnee) == Approx(0.3).margin(1e-12));
  const double h = m.time_s[1] - m.time_s[0];  // s
  for (int r = 1; r + 1 < rows; ++r) {
    if (r == rows / 2) continue;  // the peak row joins two scale factors (C¹ there: speed 0)
    const double fd = (m.value(r + 1, kKnee) - m.value(r - 1, kKnee)) / (2 * h);
    CHECK(m.speed(r, kKnee) == Approx(fd).margin(1e-3));
  }
  // A motion without a peak inside stance cannot take the rule.
  ReferenceMotion flat = m;
  flat.value.col(kKnee).setConstant(0.2);
  CHECK_THROWS_AS(apply_knee_change({1.0, 1.0}, flat), InputError);
}

// The ground forces of each table (docs/scenarios.md): the stance foot's recorded peak, the other
// foot at zero in running (flight) and carrying load at both ends of a walking stance (double
// support), horizontal force only where the trial gives it.
TEST_CASE("reference motion: ground forces of the stance and the other foot", "[reference_motion]") {
  const ReferenceMotion run = load_reference_motion("level_run", defaults("level_run"));
  CHECK(run.has_horizontal_force);
  CHECK(run.stance_force_bw.col(1).maxCoeff() == Approx(2.55).margin(0.1));  // Hamner 2010
  CHECK(run.contralateral_force_bw.cwiseAbs().maxCoeff() < 0.02);
  for (const char* scenario : {"level_walk", "stair_ascent", "stair_descent"}) {
    INFO(scenario);
    const ReferenceMotion m = load_reference_motion(scenario, defaults(scenario));
    const int last = static_cast<int>(m.time_s.size()) - 1;
    CHECK(m.contralateral_force_bw(0, 1) > 0.3);     // the trailing foot still loaded at contact
    CHECK(m.contralateral_force_bw(last, 1) > 0.3);  // the leading foot loaded at toe-off
    CHECK(m.contralateral_force_bw(last / 2, 1) == Approx(0.0).margin(0.02));  // single support
    CHECK(m.has_horizontal_force == (std::string(scenario) == "level_walk"));
  }
}

// The other leg's swing (models/other_leg_load.hpp): recorded for running, the right leg half a
// stride away for walking, none on the stairs; a faster run swings it faster by the same time scale.
TEST_CASE("reference motion: the other leg's angles, and their speeds under a speed change",
          "[reference_motion]") {
  const ReferenceMotion run = load_reference_motion("level_run", defaults("level_run"));
  REQUIRE(run.other_leg_angle_rad.rows() == run.time_s.size());
  const int last = static_cast<int>(run.time_s.size()) - 1;
  CHECK(deg(run.other_leg_angle_rad(last, 0) - run.other_leg_angle_rad(0, 0)) > 20.0);  // swings forward
  CHECK(deg(run.other_leg_angle_rad.col(1).maxCoeff()) > 60.0);  // knee folded in swing
  CHECK(load_reference_motion("level_walk", defaults("level_walk")).other_leg_angle_rad.rows() > 0);
  CHECK(load_reference_motion("stair_ascent", defaults("stair_ascent")).other_leg_angle_rad.rows() == 0);
  Parameters fast = defaults("level_run");
  fast.set_number("gait.speed_mps", 2.7 * 1.5);
  const ReferenceMotion m = load_reference_motion("level_run", fast);
  CHECK((m.other_leg_angle_rad - run.other_leg_angle_rad).cwiseAbs().maxCoeff() == 0.0);
  CHECK((m.other_leg_speed_rad_per_s - 1.5 * run.other_leg_speed_rad_per_s).cwiseAbs().maxCoeff() < 1e-12);
}

TEST_CASE("reference motion: stairs read neither gait key (registry marks them ignored)",
          "[reference_motion]") {
  for (const char* scenario : {"stair_ascent", "stair_descent"}) {
    Parameters p = defaults(scenario);
    p.set_number("gait.step_rate_change_pct", 10.0);
    p.set_number("gait.speed_mps", 2.0);
    const ReferenceMotion m = load_reference_motion(scenario, p);
    const ReferenceMotion ref = load_reference_motion(scenario, defaults(scenario));
    CHECK(m.value == ref.value);
    CHECK(m.time_s == ref.time_s);
    CHECK(calc_scenario_spec(*get_parameter_registry().find("gait.step_rate_change_pct"), scenario)
              .ignored);
  }
}

TEST_CASE("reference motion: the trial's flat-foot pitch is the mean over its flattest 10 % of "
          "stance, and the ankle offset moves the ankle alone", "[reference_motion]") {
  // A made-up stance: the foot pitch (tilt + hip − knee + ankle) falls from +10° to −3° over
  // 0–30 %, drifts by 0.01° per % to −3.15° at 45 %, then falls to −40° by 75 % and stays there
  // (flatter still, but past the 60 % at which a window may start); the other angles cancel. The
  // flattest windows (0.1° each) start from 30 %; the first, 30–40 %, averages −3.05°.
  const auto pitch_deg_at = [](double percent) {
    if (percent < 30.0) return 10.0 - 13.0 * percent / 30.0;
    if (percent <= 45.0) return -3.0 - 0.01 * (percent - 30.0);
    return percent < 75.0 ? -3.15 - 36.85 * (percent - 45.0) / 30.0 : -40.0;
  };
  const auto make_stance = [&](const std::vector<double>& percents) {
    const Eigen::Index rows = Eigen::Index(percents.size());
    ReferenceMotion m;
    m.time_s.resize(rows);
    m.value.setZero(rows, 6);
    m.speed.setZero(rows, 6);
    for (Eigen::Index r = 0; r < rows; ++r) {
      m.time_s[r] = 0.005 * percents[size_t(r)];            // a 0.5 s stance
      m.value(r, 3) = 0.2;                                  // hip
      m.value(r, 4) = 0.5;                                  // knee
      m.value(r, 5) = 0.3 + pitch_deg_at(percents[size_t(r)]) * M_PI / 180.0;  // 0.2 − 0.5 + 0.3
    }
    return m;
  };
  std::vector<double> every_percent(101);
  for (int p = 0; p <= 100; ++p) every_percent[size_t(p)] = p;
  ReferenceMotion m = make_stance(every_percent);
  CHECK(calc_flat_foot_pitch_rad(m) == Approx(-3.05 * M_PI / 180.0).epsilon(1e-9));
  // Six uneven rows at the corners of the same curve: the same answer (the pitch is first put on
  // a 1 % grid of stance).
  CHECK(calc_flat_foot_pitch_rad(make_stance({0.0, 12.0, 30.0, 45.0, 75.0, 100.0})) ==
        Approx(-3.05 * M_PI / 180.0).epsilon(1e-9));
  const Eigen::MatrixXd before = m.value;
  apply_ankle_offset(-0.05, m);
  CHECK(m.value.col(5).isApprox((before.col(5).array() - 0.05).matrix()));
  CHECK(m.value.leftCols(5) == before.leftCols(5));
  // The tables as read carry theirs: the walking trial's foot frame lies level when flat.
  CHECK(load_reference_motion("level_walk", defaults("level_walk")).flat_foot_pitch_rad ==
        Approx(1.1 * M_PI / 180.0).margin(0.2 * M_PI / 180.0));
}

TEST_CASE("reference motion: a damaged table gives one clear InputError naming the file",
          "[reference_motion]") {
  using Catch::Matchers::Contains;
  const ScratchFile missing("missing_column.csv", table_text(5, false));
  CHECK_THROWS_WITH(read_reference_motion(missing.path, "test"),
                    Contains("missing_column.csv") && Contains("knee_angle_r_speed_rad_per_s"));
  const ScratchFile one_row("one_row.csv", table_text(1, true));
  CHECK_THROWS_AS(read_reference_motion(one_row.path, "test"), InputError);
  const ScratchFile backwards("backwards.csv", table_text(4, true, false));
  CHECK_THROWS_WITH(read_reference_motion(backwards.path, "test"), Contains("does not increase"));
  // A warp table with another row count than the motion (level_run has 101 rows).
  const ScratchFile good("good.csv", table_text(7, true));
  ReferenceMotion m = read_reference_motion(good.path, "test");
  CHECK_THROWS_WITH(
      apply_knee_warp_for_slope(data_file_path("reference/downhill_run_knee_warp.csv"), -6.0, m),
      Contains("downhill_run_knee_warp.csv") && Contains("101 rows") && Contains("has 7"));
}

namespace {
// RMS over stance of the knee acceleration the tracking controller sees: the clamped spline of
// scenarios/reference_trajectory.hpp through the rows, sampled every 1 ms. rad/s².
double calc_knee_acceleration_rms(const ReferenceMotion& m) {
  const int last = static_cast<int>(m.time_s.size()) - 1;
  const ReferenceTrajectory trajectory({kNames, kNames + 6}, m.time_s, m.value,
                                       m.speed.row(0).transpose(), m.speed.row(last).transpose());
  ReferenceSample s = make_reference_sample(trajectory);
  double sum_sq = 0.0;  // (rad/s²)²
  int n = 0;
  for (double t = m.time_s[0]; t <= m.time_s[last]; t += 1e-3, ++n) {
    trajectory.calc_sample(t, s);
    sum_sq += s.qdd[kKnee] * s.qdd[kKnee];
  }
  return std::sqrt(sum_sq / n);
}
}  // namespace

TEST_CASE("reference motion: the filtered level_walk reference is smooth, knee acceleration RMS "
          "over stance below 35 rad/s² (26 rad/s², the unfiltered IK gave 133 rad/s²)", "[reference_motion]") {
  const double rms = calc_knee_acceleration_rms(load_reference_motion("level_walk", defaults("level_walk")));
  INFO("knee acceleration RMS " << rms << " rad/s²");
  CHECK(rms < 35.0);
}
