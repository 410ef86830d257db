// Multibody kinematics: the point Jacobian against central finite differences of point_position,
// J qd against point_velocity, poses against hand-computed values, and spec errors that name the
// body.
#include "solver/errors.hpp"
#include "solver/multibody_kinematics.hpp"
#include "tests/solver/multibody_test_models.hpp"

#include <catch2/catch.hpp>

using namespace kneeload::solver;

TEST_CASE("multibody: point Jacobian equals finite differences of point_position",
          "[multibody]") {
  const MultibodyModel model = compile(test::floating_chain_spec());
  MultibodyWorkspace ws(model);
  std::mt19937 rng(11);
  const double h = 1e-6;  // central-difference step, rad or m; error O(h^2) ~ 1e-12
  for (const char* name : {"trunk", "foot", "slider"}) {
    const int body = model.body_index(name);
    const Eigen::Vector2d point_m(0.05, -0.12);
    const Eigen::VectorXd q = test::random_vector(rng, model.nq, 1.5);
    Eigen::MatrixXd J(2, model.nv), J_fd(2, model.nv);
    update_positions(model, q, ws);
    point_jacobian(model, ws, body, point_m, J);
    for (int j = 0; j < model.nv; ++j) {
      Eigen::VectorXd qp = q, qm = q;
      qp(j) += h;
      qm(j) -= h;
      update_positions(model, qp, ws);
      const Eigen::Vector2d xp = point_position(model, ws, body, point_m);
      update_positions(model, qm, ws);
      const Eigen::Vector2d xm = point_position(model, ws, body, point_m);
      J_fd.col(j) = (xp - xm) / (2 * h);
    }
    INFO(name << "\nJ\n" << J << "\nJ_fd\n" << J_fd);
    CHECK((J - J_fd).cwiseAbs().maxCoeff() < 1e-8);
  }
}

TEST_CASE("multibody: J qd equals point_velocity", "[multibody]") {
  const MultibodyModel model = compile(test::floating_chain_spec());
  MultibodyWorkspace ws(model);
  std::mt19937 rng(5);
  for (int trial = 0; trial < 10; ++trial) {
    const Eigen::VectorXd q = test::random_vector(rng, model.nq, 1.5);
    const Eigen::VectorXd qd = test::random_vector(rng, model.nv, 3.0);
    update_kinematics(model, q, qd, ws);
    for (int body = 0; body < model.n_bodies; ++body) {
      const Eigen::Vector2d point_m(-0.07, 0.21);
      Eigen::MatrixXd J(2, model.nv);
      point_jacobian(model, ws, body, point_m, J);
      const Eigen::Vector2d v = point_velocity(model, ws, body, point_m);
      INFO("body " << model.body_names[body] << " J qd " << (J * qd).transpose() << " v "
                   << v.transpose());
      CHECK((J * qd - v).norm() < 1e-12 * (1.0 + v.norm()));
    }
  }
}

TEST_CASE("multibody: body poses of a two-link arm match trigonometry", "[multibody]") {
  // Link 1 from the origin, link 2 at 0.5 m along link 1's -Y axis; q = (30 deg, 45 deg).
  MultibodySpec spec;
  spec.bodies = {test::hanging_rod("upper", "", {0, 0}, 1.0, 0.5),
                 test::hanging_rod("lower", "upper", {0, -0.5}, 1.0, 0.4)};
  const MultibodyModel model = compile(spec);
  MultibodyWorkspace ws(model);
  const double a = M_PI / 6, b = M_PI / 4;
  update_positions(model, Eigen::Vector2d(a, b), ws);
  const BodyPose lower = body_pose(model, ws, model.body_index("lower"));
  CHECK(lower.angle_rad == Approx(a + b));
  CHECK(lower.position_m.x() == Approx(0.5 * std::sin(a)));
  CHECK(lower.position_m.y() == Approx(-0.5 * std::cos(a)));
  const Eigen::Vector2d tip = point_position(model, ws, 1, {0, -0.4});
  CHECK(tip.x() == Approx(0.5 * std::sin(a) + 0.4 * std::sin(a + b)));
  CHECK(tip.y() == Approx(-0.5 * std::cos(a) - 0.4 * std::cos(a + b)));
}

TEST_CASE("multibody: spec errors name the offending body", "[multibody]") {
  using Catch::Matchers::Contains;
  const MultibodySpec good = test::floating_chain_spec();

  MultibodySpec spec = good;
  spec.bodies[4].parent = "femur";  // shank's parent does not exist
  CHECK_THROWS_WITH(compile(spec), Contains("'shank'") && Contains("unknown parent 'femur'"));

  spec = good;
  spec.bodies[5].name = "thigh";
  CHECK_THROWS_WITH(compile(spec), Contains("'thigh'") && Contains("duplicate body name"));

  spec = good;
  std::swap(spec.bodies[3], spec.bodies[4]);  // shank before thigh
  CHECK_THROWS_WITH(compile(spec), Contains("'shank'") && Contains("listed after its child"));

  spec = good;
  spec.bodies[3].mass_kg = -1;
  CHECK_THROWS_WITH(compile(spec), Contains("'thigh'") && Contains("mass_kg"));

  spec = good;
  spec.bodies[6].joint.axis = Eigen::Vector2d::Zero();
  CHECK_THROWS_WITH(compile(spec), Contains("'slider'") && Contains("zero axis"));

  spec = good;
  spec.bodies[6].mass_kg = 0;
  spec.bodies[6].inertia_kgm2 = 0;
  CHECK_THROWS_WITH(compile(spec), Contains("'slider'") && Contains("no mass"));

  const MultibodyModel model = compile(good);
  CHECK_THROWS_AS(model.body_index("femur"), kneeload::InputError);
  CHECK_THROWS_WITH(model.joint_index("knee_angle_l"), Contains("'knee_angle_l'"));
}
