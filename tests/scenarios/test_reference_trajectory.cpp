// Reference interpolation (scenarios/reference_trajectory.hpp): a clamped cubic spline reproduces
// any cubic exactly (de Boor 1978, ch. IV) and passes through every row of the reference tables.
#include "scenarios/reference_trajectory.hpp"

#include <catch2/catch.hpp>

#include "models/data_table.hpp"
#include "solver/errors.hpp"

using namespace kneeload;

namespace {
const std::vector<std::string> kLegCoordinates = {
    "pelvis_tx", "pelvis_ty", "pelvis_tilt", "hip_flexion_r", "knee_angle_r", "ankle_angle_r"};
}

TEST_CASE("reference trajectory: the clamped spline reproduces a cubic exactly, with its first "
          "and second derivatives", "[reference]") {
  // Two coordinates, uneven row spacing.
  const Eigen::Vector4d c0(0.3, -1.0, 2.0, -5.0), c1(-0.1, 0.5, 4.0, 1.5);  // polynomial coefficients
  auto poly = [](const Eigen::Vector4d& c, double t) {
    return c[0] + t * (c[1] + t * (c[2] + t * c[3]));
  };
  auto dpoly = [](const Eigen::Vector4d& c, double t) { return c[1] + t * (2 * c[2] + 3 * t * c[3]); };
  auto ddpoly = [](const Eigen::Vector4d& c, double t) { return 2 * c[2] + 6 * t * c[3]; };
  Eigen::VectorXd time_s(7);
  time_s << 0.0, 0.03, 0.05, 0.11, 0.12, 0.2, 0.31;
  Eigen::MatrixXd value(7, 2);
  for (int r = 0; r < 7; ++r) value.row(r) << poly(c0, time_s[r]), poly(c1, time_s[r]);
  const Eigen::Vector2d start(dpoly(c0, 0.0), dpoly(c1, 0.0));
  const Eigen::Vector2d end(dpoly(c0, 0.31), dpoly(c1, 0.31));
  const ReferenceTrajectory ref({"a", "b"}, time_s, value, start, end);
  ReferenceSample s = make_reference_sample(ref);
  for (double t = 0.0; t <= 0.31; t += 0.0037) {
    ref.calc_sample(t, s);
    INFO("t = " << t);
    CHECK(s.q[0] == Approx(poly(c0, t)).margin(1e-12));
    CHECK(s.q[1] == Approx(poly(c1, t)).margin(1e-12));
    CHECK(s.qd[0] == Approx(dpoly(c0, t)).margin(1e-10));
    CHECK(s.qd[1] == Approx(dpoly(c1, t)).margin(1e-10));
    CHECK(s.qdd[0] == Approx(ddpoly(c0, t)).margin(1e-8));
    CHECK(s.qdd[1] == Approx(ddpoly(c1, t)).margin(1e-8));
  }
  // Beyond the table: straight on at the end speed.
  ref.calc_sample(0.41, s);
  CHECK(s.q[0] == Approx(poly(c0, 0.31) + 0.1 * end[0]));
  CHECK(s.qd[1] == Approx(end[1]));
  CHECK(s.qdd[1] == 0.0);
}

TEST_CASE("reference trajectory: the interpolant passes through every row of each reference "
          "table and its slope matches the tabulated speeds", "[reference]") {
  // Speeds: the tables' own speeds are derivatives of other cubic interpolants (a natural spline
  // of the raw samples for the runs, C¹ monotone cubics for the stairs), so they agree within a
  // fraction of the speed range, not exactly. level_walk's speeds come from unfiltered IK
  // samples whose jitter is faster than the 1 % rows (ankle speed jumps of ~10 rad/s between
  // rows); there only the positions are compared.
  const std::vector<std::pair<const char*, double>> tables = {  // name, speed tolerance (1)
      {"level_run", 0.03}, {"downhill_run", 0.03}, {"stair_ascent", 0.10},
      {"stair_descent", 0.10}, {"level_walk", 1e9}};
  for (const auto& [name, speed_tolerance] : tables) {
    const DataTable table = DataTable::read(data_file_path(std::string("reference/") + name + ".csv"));
    const ReferenceTrajectory ref = ReferenceTrajectory::read(table, kLegCoordinates);
    ReferenceSample s = make_reference_sample(ref);
    for (int c = 0; c < 6; ++c) {
      const std::string& coord = kLegCoordinates[c];
      const bool linear = coord == "pelvis_tx" || coord == "pelvis_ty";
      const std::string q_col = coord + (linear ? "_m" : "_rad");
      const std::string qd_col = coord + (linear ? "_speed_m_per_s" : "_speed_rad_per_s");
      double speed_range = 0.0, worst_speed_error = 0.0;
      for (int r = 0; r < table.rows(); ++r)
        speed_range = std::max(speed_range, std::abs(table.number(r, qd_col)));
      for (int r = 0; r < table.rows(); ++r) {
        ref.calc_sample(table.number(r, "time_s"), s);
        INFO(name << " " << coord << " row " << r);
        CHECK(s.q[c] == Approx(table.number(r, q_col)).margin(1e-12));
        worst_speed_error = std::max(worst_speed_error, std::abs(s.qd[c] - table.number(r, qd_col)));
      }
      INFO(name << " " << coord << ": worst speed error " << worst_speed_error << " of "
                << speed_range);
      CHECK(worst_speed_error <= speed_tolerance * speed_range + 1e-9);
    }
  }
}

TEST_CASE("reference trajectory: a missing column is named with its file", "[reference]") {
  const DataTable table = DataTable::read(data_file_path("reference/level_run.csv"));
  CHECK_THROWS_WITH(ReferenceTrajectory::read(table, {"lumbar_extension"}),
                    Catch::Contains("level_run.csv") && Catch::Contains("lumbar_extension_rad"));
}
