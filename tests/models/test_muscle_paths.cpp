// Muscle paths (Rajagopal et al. 2015 geometry on the de Leva-scaled leg): analytic moment arms
// against central finite differences of length (r = -dl/dq), lengthening speed against the time
// derivative of length, anatomical signs (published facts), published moment-arm magnitudes,
// the patella coupling spline, and no heap allocation per evaluation.
#include <catch2/catch.hpp>

#include <cmath>

#include "models/muscle_path.hpp"
#include "solver/errors.hpp"
#include "solver/multibody_kinematics.hpp"
#include "tests/heap_allocation_counter.hpp"

using namespace kneeload;

namespace {
constexpr double kDeg = 3.14159265358979323846 / 180.0;

MusclePathModel make_model(Sex sex = Sex::male, double mass_kg = 70.0, double height_m = 1.75) {
  const LegSkeleton s = calc_leg_skeleton({sex, mass_kg, height_m}, read_anthropometry_table(),
                                          read_generic_skeleton());
  return compile_muscle_paths(read_muscle_path_geometry(), s, read_patella_coupling());
}

// Postures (hip flexion, knee flexion, ankle dorsiflexion), degrees: stance, swing, deep squat.
const double kPostures_deg[][3] = {{0, 0, 0},    {20, 10, 5},   {-15, 40, -20}, {45, 70, 15},
                                   {30, 90, -30}, {80, 120, 20}, {-10, 5, 10},   {60, 25, -10}};

LegAngles posture(int i) {
  return LegAngles(kPostures_deg[i][0], kPostures_deg[i][1], kPostures_deg[i][2]) * kDeg;
}
}  // namespace

TEST_CASE("moment arms r = -dl/dq equal central finite differences of path length", "[muscle_paths]") {
  const MusclePathModel model = make_model();
  MusclePathWorkspace ws(model), ws_fd(model);
  const double h = 1e-6;  // rad
  int wrapped = 0;
  for (int p = 0; p < 8; ++p) {
    const LegAngles q = posture(p);
    calc_moment_arms(model, q, ws);
    for (int j = 0; j < kPathCoordinates; ++j) {
      LegAngles qp = q, qm = q;
      qp[j] += h;
      qm[j] -= h;
      calc_length(model, qp, ws_fd);
      const Eigen::VectorXd lp = ws_fd.length_m;
      calc_length(model, qm, ws_fd);
      const Eigen::VectorXd fd = -(lp - ws_fd.length_m) / (2 * h);
      for (int k = 0; k < model.n_muscles; ++k) {
        INFO("muscle " << model.names[k] << ", posture " << p << ", coordinate " << j);
        CHECK(ws.moment_arm_m(k, j) == Approx(fd[k]).margin(1e-6));
      }
    }
  }
  // Wrapping active somewhere: the gastrocnemius wraps over the condyles near full extension.
  const int gm = model.muscle_index("gasmed");
  calc_length(model, LegAngles(0, 0, 0), ws);
  double straight = model.length_offset_m[gm];
  for (int i = model.first_point[gm]; i + 1 < model.first_point[gm + 1]; ++i)
    straight += (ws.point_position_m[i + 1] - ws.point_position_m[i]).norm();
  wrapped += ws.length_m[gm] > straight + 1e-6;
  CHECK(wrapped == 1);
}

TEST_CASE("lengthening speed equals the time derivative of length along a motion", "[muscle_paths]") {
  const MusclePathModel model = make_model(Sex::female, 60.0, 1.62);
  MusclePathWorkspace ws(model), ws_fd(model);
  // q(t) = q0 + qdot t; dl/dt by central differences in time.
  const LegAngles q0 = posture(3), qdot(2.0, -5.0, 3.0);  // rad/s
  const double dt = 1e-6;                                 // s
  calc_lengthening_speed(model, q0, qdot, ws);
  calc_length(model, q0 + qdot * dt, ws_fd);
  const Eigen::VectorXd lp = ws_fd.length_m;
  calc_length(model, q0 - qdot * dt, ws_fd);
  for (int k = 0; k < model.n_muscles; ++k) {
    INFO("muscle " << model.names[k]);
    CHECK(ws.lengthening_speed_mps[k] == Approx((lp[k] - ws_fd.length_m[k]) / (2 * dt)).margin(1e-5));
  }
}

TEST_CASE("moment-arm signs have their anatomical meaning", "[muscle_paths]") {
  // Knee flexion positive, hip flexion positive, ankle dorsiflexion positive: a flexor of a joint
  // has a positive moment arm about it. Functions from any anatomy text (e.g. Gray's Anatomy).
  const MusclePathModel model = make_model();
  MusclePathWorkspace ws(model);
  auto r = [&](const char* m, int j) { return ws.moment_arm_m(model.muscle_index(m), j); };
  for (int p = 0; p < 8; ++p) {
    if (kPostures_deg[p][1] > 100) continue;  // beyond 100 deg the wrap-free paths are not trusted
    calc_moment_arms(model, posture(p), ws);
    INFO("posture " << p);
    CHECK(r("hamstrings", 0) < 0);  // hamstrings extend the hip ...
    CHECK(r("hamstrings", 1) > 0);  // ... and flex the knee
    CHECK(r("bfsh", 1) > 0);
    CHECK(r("glmax", 0) < 0);       // gluteus maximus extends the hip
    CHECK(r("iliopsoas", 0) > 0);   // iliopsoas flexes the hip
    CHECK(r("recfem", 0) > 0);      // rectus femoris flexes the hip ...
    for (const char* q : {"recfem", "vasmed", "vaslat", "vasint"}) {
      INFO(q);
      CHECK(r(q, 1) < 0);           // ... and, with the vasti, extends the knee
    }
    CHECK(r("gasmed", 1) > 0);      // gastrocnemius flexes the knee ...
    CHECK(r("gasmed", 2) < 0);      // ... and plantarflexes the ankle
    CHECK(r("soleus", 2) < 0);      // soleus plantarflexes
    CHECK(r("deep_plantarflexors", 2) < 0);  // so do the muscles behind the malleoli,
    CHECK(r("deep_plantarflexors", 2) > r("soleus", 2));  // with a shorter arm than the Achilles'
    CHECK(r("deep_plantarflexors", 1) == Approx(0.0).margin(1e-12));  // and they miss the knee
    CHECK(r("tibant", 2) > 0);      // tibialis anterior dorsiflexes
    CHECK(r("sartorius", 0) > 0);   // sartorius flexes the hip ...
    CHECK(r("sartorius", 1) > 0);   // ... and the knee
    CHECK(r("tfl", 0) > 0);         // tensor fasciae latae flexes the hip
    // The short adductors flex the hip from extension to about 60 deg of flexion (Dostal,
    // Soderberg & Andrews 1986, Phys Ther 66:351, "Actions of hip muscles").
    if (kPostures_deg[p][0] <= 60) CHECK(r("adductors", 0) > 0);
    CHECK(r("adductors", 1) == Approx(0.0).margin(1e-12));  // and do not reach the knee
    CHECK(r("soleus", 1) == Approx(0.0).margin(1e-12));  // one-joint muscles: no moment about
                                                          // the joints they do not cross
    CHECK(r("vaslat", 0) == Approx(0.0).margin(1e-12));
  }
}

TEST_CASE("moment-arm magnitudes match published in-vivo values", "[muscle_paths]") {
  const MusclePathModel model = make_model(Sex::male, 75.0, 1.78);
  MusclePathWorkspace ws(model);
  // Achilles tendon (soleus) at neutral ankle, rest: about 4-5 cm, Maganaris et al. 1998
  // (J Physiol 510:977, MRI); band 3.8-5.8 cm for the model's scaling.
  calc_moment_arms(model, LegAngles(0, 0, 0), ws);
  CHECK(-ws.moment_arm_m(model.muscle_index("soleus"), 2) == Approx(0.048).margin(0.01));
  // Tibialis anterior tendon at neutral ankle, rest: about 4 cm, Maganaris et al. 1999 (Clin
  // Biomech 14:661, MRI); band 2.5-5.5 cm.
  CHECK(ws.moment_arm_m(model.muscle_index("tibant"), 2) == Approx(0.04).margin(0.015));
  // Hamstrings knee-flexion moment arm peaks near 50-90 deg at about 4-5 cm (semimembranosus,
  // Buford et al. 1997, IEEE TRE 5:367; Herzog & Read 1993, J Anat 182:213): band 2.5-6.5 cm.
  calc_moment_arms(model, LegAngles(0, 60 * kDeg, 0), ws);
  CHECK(ws.moment_arm_m(model.muscle_index("hamstrings"), 1) == Approx(0.045).margin(0.02));
}

TEST_CASE("patella coupling spline reproduces the Rajagopal knots and its derivative", "[muscle_paths]") {
  const PatellaCoupling c = read_patella_coupling();
  // Knots of the osim spline pass through exactly (interpolation property).
  CHECK(c.origin_x_m.calc_value(0.0) == Approx(0.04431));
  CHECK(c.origin_y_m.calc_value(1.0472) == Approx(-0.44876));
  CHECK(c.angle_rad.calc_value(1.5708) == Approx(-1.26379));
  // Derivative against central differences, inside and between knots.
  for (double q : {0.05, 0.4, 0.9, 1.6, 2.0}) {
    const double h = 1e-6;
    CHECK(c.angle_rad.calc_derivative(q) ==
          Approx((c.angle_rad.calc_value(q + h) - c.angle_rad.calc_value(q - h)) / (2 * h)).epsilon(1e-6));
  }
  // The combined call is the two calls with one interval search: the same numbers, bit for bit,
  // inside, on and beyond the knots (linear continuation).
  for (double q : {-0.3, 0.0, 0.05, 0.4, 1.0472, 1.6, 2.0, 2.5}) {
    double y = 0.0, dydq = 0.0;
    c.angle_rad.calc_value_and_derivative(q, y, dydq);
    CHECK(y == c.angle_rad.calc_value(q));
    CHECK(dydq == c.angle_rad.calc_derivative(q));
  }
  // A cubic is reproduced exactly by the FMM end conditions (third derivatives matched at ends).
  std::vector<double> x{0, 0.3, 0.7, 1.0, 1.6, 2.0}, y;
  for (double v : x) y.push_back(1 - 2 * v + 0.5 * v * v - 0.25 * v * v * v);
  const SimmSpline cubic(x, y);
  for (double v : {0.1, 0.5, 1.3, 1.9})
    CHECK(cubic.calc_value(v) == Approx(1 - 2 * v + 0.5 * v * v - 0.25 * v * v * v).margin(1e-12));
}

TEST_CASE("path evaluation allocates no heap memory", "[muscle_paths]") {
  const MusclePathModel model = make_model();
  MusclePathWorkspace ws(model);
  const long before = test::get_heap_allocation_count();
  for (int p = 0; p < 8; ++p) calc_lengthening_speed(model, posture(p), LegAngles(1, 2, 3), ws);
  CHECK(test::get_heap_allocation_count() == before);
}

TEST_CASE("path table errors name the file and the line", "[muscle_paths]") {
  CHECK_THROWS_WITH(read_muscle_path_geometry("/nonexistent/paths.csv"),
                    Catch::Contains("/nonexistent/paths.csv"));
  const MusclePathModel model = make_model();
  CHECK_THROWS_WITH(model.muscle_index("vastus_maximus"), Catch::Contains("vastus_maximus"));
}

TEST_CASE("path points agree with the multibody solver's kinematics through the coordinate map", "[muscle_paths]") {
  // Second formulation: the solver's tree (with the knee joint = -knee_angle_r) must place every
  // muscle point fixed in pelvis, femur, tibia or foot where the path code's own chain does.
  const LegSkeleton s = calc_leg_skeleton({Sex::male, 70.0, 1.75}, read_anthropometry_table(),
                                          read_generic_skeleton());
  const MusclePathModel paths = compile_muscle_paths(read_muscle_path_geometry(), s, read_patella_coupling());
  const solver::MultibodyModel model = solver::compile(make_leg_multibody_spec(s));
  const LegCoordinateMap map = make_leg_coordinate_map(model);
  solver::MultibodyWorkspace mb(model);
  MusclePathWorkspace ws(paths);
  const char* body_name[] = {"pelvis", "femur_r", "tibia_r", "foot_r"};
  for (int p = 0; p < 8; ++p) {
    const LegAngles q = posture(p);
    Eigen::Matrix<double, 6, 1> coords;
    coords << 0, 0, 0, q[0], q[1], q[2];  // pelvis at the world origin: world = pelvis frame
    Eigen::VectorXd q_solver = Eigen::VectorXd::Zero(model.nq);
    set_leg_coordinates(map, coords, q_solver);
    CHECK(get_leg_coordinates(map, q_solver).isApprox(coords));
    solver::update_positions(model, q_solver, mb);
    calc_length(paths, q, ws);
    for (int i = 0; i < paths.n_points; ++i) {
      if (paths.point_body[i] == PathBody::patella) continue;
      const int b = model.body_index(body_name[int(paths.point_body[i])]);
      const Eigen::Vector2d x = solver::point_position(model, mb, b, paths.point_m[i]);
      INFO("posture " << p << ", point " << i);
      CHECK((x - ws.point_position_m[i]).norm() < 1e-12);
    }
  }
  // Knee flexion moves the ankle behind the knee (a published convention, DESIGN §2).
  Eigen::Matrix<double, 6, 1> bent;
  bent << 0, 0, 0, 0, 60 * kDeg, 0;
  Eigen::VectorXd q_solver = Eigen::VectorXd::Zero(model.nq);
  set_leg_coordinates(map, bent, q_solver);
  solver::update_positions(model, q_solver, mb);
  CHECK(body_pose(model, mb, model.body_index("foot_r")).position_m.x() <
        body_pose(model, mb, model.body_index("tibia_r")).position_m.x() - 0.2);
}
