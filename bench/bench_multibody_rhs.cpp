// Time of one ODE right-hand side of a 9-DOF planar gait model (floating base + two 3-joint legs),
// by ABA and by CRBA + Cholesky. Measures, never asserts; record results in bench/RESULTS.md.
// Segment parameters: de Leva 1996, J Biomech 29:1223 (male table), 70 kg, 1.75 m.
#include "bench/median_timing.hpp"
#include "solver/multibody_system.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <cstdio>
#include <string>
#include <vector>

using namespace kneeload::solver;

namespace {

constexpr double body_mass_kg = 70.0, stature_m = 1.75, de_leva_stature_m = 1.741;

struct Segment {
  const char* name;
  double mass_fraction, length_m, com_fraction, gyration_fraction;  // de Leva male
};
// Thigh HJC-KJC, shank KJC-AJC, foot HEEL-TTIP (lengths of the de Leva male mean, scaled).
const Segment thigh{"thigh", 0.1416, 0.4222, 0.4095, 0.329};
const Segment shank{"shank", 0.0433, 0.4340, 0.4395, 0.251};
const Segment foot{"foot", 0.0137, 0.2581, 0.4415, 0.257};

BodySpec segment_body(const Segment& s, const std::string& side, const std::string& parent,
                      const std::string& joint, const Eigen::Vector2d& origin_m) {
  const double length_m = s.length_m * stature_m / de_leva_stature_m;
  const double mass_kg = s.mass_fraction * body_mass_kg;
  BodySpec b;
  b.name = std::string(s.name) + "_" + side;
  b.parent = parent;
  b.joint = {joint + "_" + side, JointType::Revolute, {1, 0}};
  b.joint_origin_m = origin_m;
  b.mass_kg = mass_kg;
  b.com_m = {0, -s.com_fraction * length_m};  // thigh and shank hang along -Y from the joint
  b.inertia_kgm2 = mass_kg * std::pow(s.gyration_fraction * length_m, 2);
  return b;
}

MultibodySpec gait_model_spec() {
  MultibodySpec spec;
  const double legs_kg = 2 * (thigh.mass_fraction + shank.mass_fraction + foot.mass_fraction);
  const double hat_kg = body_mass_kg * (1 - legs_kg);  // head, arms, trunk and pelvis
  spec.bodies.push_back({"pelvis_x", "", {"pelvis_tx", JointType::Prismatic, {1, 0}}, {0, 0}, 0,
                         {0, 0}, 0});
  spec.bodies.push_back({"pelvis_y", "pelvis_x", {"pelvis_ty", JointType::Prismatic, {0, 1}},
                         {0, 0}, 0, {0, 0}, 0});
  spec.bodies.push_back({"hat", "pelvis_y", {"pelvis_tilt", JointType::Revolute, {1, 0}}, {0, 0},
                         hat_kg, {0, 0.32}, hat_kg * 0.3 * 0.3});
  const double shank_m = shank.length_m * stature_m / de_leva_stature_m;
  const double thigh_m = thigh.length_m * stature_m / de_leva_stature_m;
  for (const std::string side : {"r", "l"}) {
    spec.bodies.push_back(segment_body(thigh, side, "hat", "hip_flexion", {0, 0}));
    spec.bodies.push_back(segment_body(shank, side, "thigh_" + side, "knee_angle", {0, -thigh_m}));
    spec.bodies.push_back(segment_body(foot, side, "shank_" + side, "ankle_angle", {0, -shank_m}));
    // The foot lies forward along +X from the heel, 0.05 m behind and 0.06 m below the ankle.
    const double foot_m = foot.length_m * stature_m / de_leva_stature_m;
    spec.bodies.back().com_m = {foot.com_fraction * foot_m - 0.05, -0.06};
  }
  return spec;
}


}  // namespace

int main() {
  const MultibodyModel model = compile(gait_model_spec());
  MultibodyWorkspace ws(model);
  const int foot_r = model.body_index("foot_r");
  // PD joint moments on the six leg joints and one ground force under the right heel: the kind of
  // work the musculoskeletal model's force stage will do, without allocating.
  const JointForceCallback forces = [foot_r](double, ConstVectorRef q, ConstVectorRef qd,
                                             const MultibodyModel& m, MultibodyWorkspace& w,
                                             VectorRef tau) {
    tau.tail(6) = -50.0 * q.tail(6) - 2.0 * qd.tail(6);
    add_point_force(m, w, foot_r, {-0.05, -0.06}, {40.0, 900.0});
  };
  std::vector<double> x(model.nq + model.nv), dxdt(x.size());
  const double q0[9] = {0.1, 0.95, 0.05, 0.4, -0.3, 0.1, -0.2, -0.6, 0.05};
  for (int i = 0; i < 9; ++i) {
    x[i] = q0[i];
    x[9 + i] = 0.3 * (i - 4);
  }
  const int calls = 200000, reps = 9;
  std::printf("9-DOF planar gait model, %d bodies, median of %d x %d evaluations\n",
              model.n_bodies, reps, calls);
  for (const auto method : {ForwardDynamicsMethod::Aba, ForwardDynamicsMethod::Crba}) {
    const MultibodySystem system(model, ws, forces, method);
    double sink = 0;
    const kneeload::bench::Timing t = kneeload::bench::median_us_per_call(
        [&](int k) {
          x[0] = 1e-9 * k;  // a new state each call
          system(x, dxdt, 0.0);
          sink += dxdt[17];
        },
        calls, reps);
    std::printf("%-5s RHS: %.3f us wall, %.3f us CPU per evaluation (CPU / 2 us target: %.2f)"
                "  [check %.3g]\n",
                method == ForwardDynamicsMethod::Aba ? "ABA" : "CRBA", t.wall_us, t.cpu_us,
                t.cpu_us / 2.0, sink);
  }
  return 0;
}
