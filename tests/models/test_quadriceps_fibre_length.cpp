// Normalised fibre lengths of the leg's muscles over the stance range of postures. Reference: the
// generic Rajagopal et al. 2015 model (IEEE TBME 63:2068) evaluated in 3-D the way OpenSim does
// (full walker-knee and patellofemoral joint transforms, KnExt_at_fem_r cylinder wrap, quadriceps
// paths on to the tibial tuberosity) by data/scripts/check_quadriceps_paths_3d.py.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "models/hill_muscle.hpp"
#include "models/leg_model.hpp"
#include "models/muscle_path.hpp"
#include "models/muscle_table.hpp"

using namespace kneeload;

namespace {
constexpr double kDeg = 3.14159265358979323846 / 180.0;

// Rigid-tendon normalised fibre length l_f / l_opt (1) at this muscle-tendon length (m).
double calc_norm_fibre_length(const MuscleParameters& p, double mtu_length_m) {
  return calcRigidTendonMuscle(p, kMinActivation, mtu_length_m, 0.0).norm_fiber_length;
}

const LegModel& default_leg() {
  static const LegModel model = compile_leg_model(LegModelSpec{});
  return model;
}
}  // namespace

// The generic (unscaled) geometry and Rajagopal's own parameters must give the fibre lengths of
// the 3-D OpenSim model. Tolerance 0.07: the sagittal projection keeps a constant out-of-plane
// offset, and the patellar ligament taken off the tendon slack length is its length at full
// extension (0.054 m) while in the osim it shortens by up to 4 mm at 100 deg of flexion.
TEST_CASE("quadriceps fibre lengths of the generic model equal the 3-D OpenSim reference",
          "[muscle_paths]") {
  const GenericSkeleton g = read_generic_skeleton();
  LegSkeleton s = calc_leg_skeleton({Sex::male, 70.0, 1.75}, read_anthropometry_table(), g);
  s.scale_pelvis = s.scale_femur = s.scale_tibia = s.scale_foot = 1.0;
  s.hip_in_pelvis_m = g.hip_in_pelvis_m;
  s.knee_in_femur_m = g.knee_in_femur_m;
  s.ankle_in_tibia_m = g.ankle_in_tibia_m;
  const MusclePathModel paths =
      compile_muscle_paths(read_muscle_path_geometry(), s, read_patella_coupling());
  MusclePathWorkspace ws(paths);
  const std::vector<MuscleTableRow> table = read_muscle_table();
  auto params = [&](const std::string& name) {
    for (const MuscleTableRow& r : table)
      if (r.name == name) return r.parameters;
    FAIL("no parameters for " << name);
    return MuscleParameters{};
  };
  const char* names[4] = {"recfem", "vasmed", "vaslat", "vasint"};
  // hip flexion, knee flexion (deg); recfem, vasmed, vaslat, vasint normalised fibre length (1),
  // from data/scripts/check_quadriceps_paths_3d.py (rigid tendon, Rajagopal's l_opt, l_ts, a0).
  const double reference[][6] = {
      {0, 0, 0.8647, 0.8339, 0.7961, 0.8072},   {0, 30, 1.1827, 1.0431, 1.0188, 1.0378},
      {0, 60, 1.4730, 1.2258, 1.2139, 1.2382},  {0, 90, 1.6895, 1.3587, 1.3471, 1.3879},
      {0, 100, 1.7367, 1.3888, 1.3808, 1.4221}, {30, 60, 1.1916, 1.2258, 1.2139, 1.2382},
      {60, 90, 1.0729, 1.3587, 1.3471, 1.3879}};
  for (const auto& row : reference) {
    calc_length(paths, LegAngles(row[0] * kDeg, row[1] * kDeg, 0.0), ws);
    for (int i = 0; i < 4; ++i) {
      const double nfl =
          calc_norm_fibre_length(params(names[i]), ws.length_m[paths.muscle_index(names[i])]);
      INFO(names[i] << " at hip " << row[0] << " deg, knee " << row[1] << " deg: " << nfl
                    << " vs 3-D " << row[2 + i]);
      CHECK(std::abs(nfl - row[2 + i]) < 0.07);
    }
  }
}

// Physiological range (Rajagopal's vasti reach 1.2-1.4 l_opt at 90-100 deg of knee flexion) on
// the scaled leg, over hip 0-60 deg, knee 0-100 deg, ankle -20..20 deg (rigid tendon). One-joint
// muscles: 0.4-1.5 l_opt, passive force below F_max. Two-joint muscles (recfem, hamstrings,
// gastrocnemii) go slack or stretched when both their joints move the same way (hip flexed with
// knee extended, knee flexed with ankle plantarflexed, the prone knee bend): the 3-D reference
// itself gives recfem 1.74 at hip 0, knee 100 deg, so their band is 0.15-1.85.
TEST_CASE("every muscle's normalised fibre length stays physiological over stance postures",
          "[muscle_paths]") {
  const LegModel& model = default_leg();
  MusclePathWorkspace ws(model.paths);
  auto is_biarticular = [&](const std::string& n) {
    return n == "recfem" || n == "hamstrings" || n == "gasmed" || n == "gaslat";
  };
  double max_vasti = 0.0;
  std::vector<double> lo(model.n_muscles, 10.0), hi(model.n_muscles, 0.0),
      max_passive(model.n_muscles, 0.0);  // [n_muscles] (1), (1), F_max
  for (double hip_deg = 0; hip_deg <= 60.01; hip_deg += 10)
    for (double knee_deg = 0; knee_deg <= 100.01; knee_deg += 10)
      for (double ankle_deg = -20; ankle_deg <= 20.01; ankle_deg += 20) {
        calc_length(model.paths, LegAngles(hip_deg, knee_deg, ankle_deg) * kDeg, ws);
        for (int k = 0; k < model.n_muscles; ++k) {
          const MuscleForceInfo f =
              calcRigidTendonMuscle(model.muscles[k], kMinActivation, ws.length_m[k], 0.0);
          const std::string& name = model.muscle_names[k];
          INFO(name << " at hip " << hip_deg << ", knee " << knee_deg << ", ankle " << ankle_deg
                    << " deg: l/l_opt " << f.norm_fiber_length << ", passive "
                    << f.passive_force_length << " F_max");
          if (is_biarticular(name)) {
            CHECK(f.norm_fiber_length > 0.15);
            CHECK(f.norm_fiber_length < 1.85);
          } else {
            CHECK(f.norm_fiber_length > 0.4);
            CHECK(f.norm_fiber_length < 1.5);
            CHECK(f.passive_force_length < 1.0);
          }
          lo[k] = std::min(lo[k], f.norm_fiber_length);
          hi[k] = std::max(hi[k], f.norm_fiber_length);
          max_passive[k] = std::max(max_passive[k], f.passive_force_length);
          if (name.rfind("vas", 0) == 0) max_vasti = std::max(max_vasti, f.norm_fiber_length);
        }
      }
  for (int k = 0; k < model.n_muscles; ++k)
    fmt::print("{:10s} l/l_opt {:.2f}-{:.2f}, max passive {:.2f} F_max\n", model.muscle_names[k],
               lo[k], hi[k], max_passive[k]);
  CHECK(max_vasti > 1.2);  // the vasti are stretched in deep flexion, as in the osim (1.39-1.42)
}
