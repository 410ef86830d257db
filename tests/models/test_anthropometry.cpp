// Anthropometry (de Leva 1996, J Biomech 29:1223) and the sagittal leg skeleton: mass
// conservation, scaling laws, the published reference lengths, and table error messages.
#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>

#include "models/anthropometry.hpp"
#include "models/leg_skeleton.hpp"
#include "solver/errors.hpp"
#include "solver/multibody_dynamics.hpp"
#include "solver/multibody_model.hpp"
#include "solver/multibody_workspace.hpp"

using namespace kneeload;

namespace {
double total_mass(const LegAnthropometry& a) {
  return a.hat.mass_kg + a.pelvis.mass_kg + a.thigh.mass_kg + a.shank.mass_kg + a.foot.mass_kg;
}
}  // namespace

TEST_CASE("segment masses sum to body mass (de Leva fractions sum to 1) for both sexes", "[anthropometry]") {
  const AnthropometryTable table = read_anthropometry_table();
  for (Sex sex : {Sex::male, Sex::female})
    for (double mass : {45.0, 70.0, 120.0, 200.0}) {
      const LegAnthropometry a = calc_leg_anthropometry(table, {sex, mass, 1.75});
      // de Leva's female fractions sum to 0.9999: 1e-3 relative covers the table's rounding.
      CHECK(total_mass(a) == Approx(mass).epsilon(1e-3));
    }
}

TEST_CASE("de Leva reference lengths at the reference statures (Table 4)", "[anthropometry]") {
  const AnthropometryTable table = read_anthropometry_table();
  const LegAnthropometry m = calc_leg_anthropometry(table, {Sex::male, 73.0, 1.741});
  CHECK(m.thigh.length_m == Approx(0.4222).margin(1e-4));
  CHECK(m.shank.length_m == Approx(0.4340).margin(1e-4));
  CHECK(m.foot.length_m == Approx(0.2581).margin(1e-4));
  const LegAnthropometry f = calc_leg_anthropometry(table, {Sex::female, 61.9, 1.735});
  CHECK(f.thigh.length_m == Approx(0.3685).margin(1e-4));
  CHECK(f.shank.length_m == Approx(0.4323).margin(1e-4));
  // Thigh mass 14.16 % (male) of body mass, COM 40.95 % from the hip.
  CHECK(m.thigh.mass_kg == Approx(0.1416 * 73.0));
  CHECK(-m.thigh.com_m.y() == Approx(0.4095 * 0.4222).margin(1e-4));
}

TEST_CASE("lengths scale with height and masses with mass so inertia scales with mass times height squared", "[anthropometry]") {
  const AnthropometryTable table = read_anthropometry_table();
  const LegAnthropometry a = calc_leg_anthropometry(table, {Sex::male, 70.0, 1.60});
  const LegAnthropometry b = calc_leg_anthropometry(table, {Sex::male, 70.0, 2.00});
  const LegAnthropometry c = calc_leg_anthropometry(table, {Sex::male, 105.0, 1.60});
  const double k = 2.00 / 1.60;
  for (auto seg : {&LegAnthropometry::hat, &LegAnthropometry::pelvis, &LegAnthropometry::thigh,
                   &LegAnthropometry::shank, &LegAnthropometry::foot}) {
    CHECK((b.*seg).length_m == Approx(k * (a.*seg).length_m));
    CHECK((b.*seg).com_m.norm() == Approx(k * (a.*seg).com_m.norm()));
    CHECK((b.*seg).mass_kg == Approx((a.*seg).mass_kg));
    CHECK((c.*seg).length_m == Approx((a.*seg).length_m));
    CHECK((c.*seg).mass_kg == Approx(1.5 * (a.*seg).mass_kg));
    CHECK((b.*seg).inertia_kgm2 == Approx(k * k * (a.*seg).inertia_kgm2));
    CHECK((c.*seg).inertia_kgm2 == Approx(1.5 * (a.*seg).inertia_kgm2));
  }
  // The lumped head-arms-trunk (with the other leg) has its COM above the hips.
  CHECK(a.hat.com_m.y() > 0.0);
}

TEST_CASE("anthropometry table errors name the file and the line", "[anthropometry]") {
  CHECK_THROWS_WITH(read_anthropometry_table("/nonexistent/deleva.csv"),
                    Catch::Contains("/nonexistent/deleva.csv"));
  const std::string path = "bad_deleva_table.csv";
  {
    std::ifstream in(std::string(KNEELOAD_SOURCE_DIR) + "/data/anthropometry_deleva1996.csv");
    std::ofstream out(path);
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
      if (++n == 9) {  // third cell (male mass fraction) of the 3rd data row made non-numeric
        const size_t p1 = line.find(','), p2 = line.find(',', p1 + 1), p3 = line.find(',', p2 + 1);
        line = line.substr(0, p2 + 1) + "zero" + line.substr(p3);
      }
      out << line << "\n";
    }
  }
  CHECK_THROWS_AS(read_anthropometry_table(path), InputError);
  CHECK_THROWS_WITH(read_anthropometry_table(path), Catch::Contains(path + ":9"));
  std::remove(path.c_str());
}

TEST_CASE("leg multibody spec conserves body mass and spaces joints by the de Leva lengths", "[skeleton]") {
  const AnthropometryTable table = read_anthropometry_table();
  const GenericSkeleton generic = read_generic_skeleton();
  for (Sex sex : {Sex::male, Sex::female}) {
    const BodyDimensions body{sex, 82.0, 1.83};
    const LegSkeleton s = calc_leg_skeleton(body, table, generic);
    const solver::MultibodyModel model = solver::compile(make_leg_multibody_spec(s));
    CHECK(model.total_mass_kg() == Approx(82.0).epsilon(1e-3));
    CHECK(model.nq == 6);
    CHECK(model.joint_index(kKneeSolverJoint) >= 0);
    CHECK(s.knee_in_femur_m.norm() == Approx(s.segments.thigh.length_m));
    CHECK(s.ankle_in_tibia_m.norm() == Approx(s.segments.shank.length_m));
    // The thigh COM lies on the hip-knee line at de Leva's fraction of its length.
    CHECK(s.femur_com_m.norm() / s.knee_in_femur_m.norm() ==
          Approx(sex == Sex::male ? 0.4095 : 0.3612));
  }
}

TEST_CASE("leg mass matrix at zero angles equals parallel-axis sums of the de Leva segments", "[skeleton]") {
  const LegSkeleton s = calc_leg_skeleton({Sex::female, 64.0, 1.68}, read_anthropometry_table(),
                                          read_generic_skeleton());
  const solver::MultibodyModel model = solver::compile(make_leg_multibody_spec(s));
  solver::MultibodyWorkspace ws(model);
  Eigen::MatrixXd M(model.nv, model.nv);
  solver::mass_matrix_crba(model, Eigen::VectorXd::Zero(model.nq), ws, M);
  const LegAnthropometry& a = s.segments;
  // COMs in the pelvis frame at zero angles (bodies parallel).
  const Eigen::Vector2d hip = s.hip_in_pelvis_m.head<2>();
  const Eigen::Vector2d knee = hip + s.knee_in_femur_m.head<2>();
  const Eigen::Vector2d ankle = knee + s.ankle_in_tibia_m.head<2>();
  const Eigen::Vector2d c_thigh = hip + s.femur_com_m, c_shank = knee + s.tibia_com_m,
                        c_foot = ankle + s.foot_com_m;
  const int tx = model.joint_index("pelvis_tx"), tilt = model.joint_index("pelvis_tilt"),
            knee_j = model.joint_index(kKneeSolverJoint);
  // Translation: the whole body mass.
  CHECK(M(model.v_index[tx], model.v_index[tx]) == Approx(64.0).epsilon(1e-3));
  // Pelvis tilt: every body's inertia about the pelvis origin.
  const double I_tilt = s.pelvis_inertia_kgm2 + s.pelvis_mass_kg * s.pelvis_com_m.squaredNorm() +
                        a.thigh.inertia_kgm2 + a.thigh.mass_kg * c_thigh.squaredNorm() +
                        a.shank.inertia_kgm2 + a.shank.mass_kg * c_shank.squaredNorm() +
                        a.foot.inertia_kgm2 + a.foot.mass_kg * c_foot.squaredNorm();
  CHECK(M(model.v_index[tilt], model.v_index[tilt]) == Approx(I_tilt).epsilon(1e-9));
  // Knee: shank and foot about the knee centre.
  const double I_knee = a.shank.inertia_kgm2 + a.shank.mass_kg * (c_shank - knee).squaredNorm() +
                        a.foot.inertia_kgm2 + a.foot.mass_kg * (c_foot - knee).squaredNorm();
  CHECK(M(model.v_index[knee_j], model.v_index[knee_j]) == Approx(I_knee).epsilon(1e-9));
}
