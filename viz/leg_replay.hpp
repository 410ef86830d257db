#pragma once
// Replay of a stored run (DESIGN.md §6 run file) as geometry to draw: no time integration. The
// leg model and terrain are rebuilt from the run's resolved config (meta.config_toml); each frame
// places the bodies by forward kinematics at the stored coordinates, the muscle path points
// through the model's paths, and re-solves the patellofemoral equilibrium at the stored knee
// angle and quadriceps forces (Lenhart et al. 2015, Ann Biomed Eng 43:2675) for the pressure on
// each cartilage patch. docs/viz.md, "What a frame replays".
#include "models/leg_model.hpp"
#include "scenarios/run_result.hpp"
#include "scenarios/terrain.hpp"
#include "solver/integrator.hpp"

#include <Eigen/Core>

#include <array>
#include <string>
#include <vector>

namespace kneeload::viz {

// Bodies drawn, in this order; multibody names pelvis, femur_r, tibia_r, foot_r, and the toes
// (not a multibody body: turned from the foot by the run's mtp_angle_r about the MTP joint).
enum class LegBody { pelvis = 0, femur = 1, tibia = 2, foot = 3, toes = 4 };
inline constexpr int kLegBodies = 5;

// Muscles are drawn this far lateral (+Z, toward a viewer on the right) of the bones' sagittal
// plane, so that a side view shows them over the bones, m.
inline constexpr double kMuscleDrawOffsetZ_m = 0.05;

// A run made ready to replay. Compiled once per run; const afterwards.
struct LegReplay {
  std::string scenario;
  LegModel model;
  TerrainSpec terrain;               // stairs placed at the touchdown foot as in the simulation
  std::array<int, kLegBodies> body{};  // [5] multibody index of each LegBody (-1: the toes)
  std::array<int, kLegCoordinates> coordinate_column{};  // [6] run column of each model coordinate
  int toe_column = -1;               // run column of mtp_angle_r; -1: none (rigid toes)
  std::vector<int> muscle_column;    // [n_muscles] run column of each model muscle
  double body_weight_N = 0;          // N
  double max_peak_pressure_MPa = 0;  // MPa, over the stored run (colour-map range)
  double full_compression_pressure_MPa = 0;  // MPa: above it a patch presses bone on bone
  // What the picture must warn of (make_run_warning): the run failed, or its control flags in a
  // few words; empty for a run without either.
  std::string warning;
  bool failed = false;  // the run stopped before toe-off: its samples are no whole stance
};

// The warning a picture of this run carries: "run failed before toe-off" and/or "flagged: " with
// the control flags in a few words (scenarios/control_flags.hpp); empty when the run is ok and
// unflagged.
std::string make_run_warning(const RunSummary& summary);

// Rebuilds the model and terrain; InputError naming the run when its config does not parse or
// its coordinate and muscle columns are not those of the model.
LegReplay make_leg_replay(const RunResult& run, const std::string& where);

// One frame in the world (X forward, Y up, Z right), m and N.
struct LegFrame {
  int sample = 0;
  double time_s = 0, stance_pct = 0;             // s; 0 at the first sample, 100 at the last
  std::array<Eigen::Vector2d, kLegBodies> body_origin_m;  // [5] world X-Y, m
  std::array<double, kLegBodies> body_angle_rad{};        // [5] from world X, counter-clockwise
  std::vector<Eigen::Vector3d> muscle_point_m;   // [n_points] model.paths order, world, m
  Eigen::VectorXd activation;                    // [n_muscles] (1)
  // Patella frame in the world: x_world = patella_rotation * x_patella + patella_origin_m.
  Eigen::Matrix3d patella_rotation = Eigen::Matrix3d::Identity();
  Eigen::Vector3d patella_origin_m = Eigen::Vector3d::Zero();  // m
  Eigen::VectorXd patch_pressure_MPa;            // [n_patches] MPa (0 out of contact)
  // Patellar tendon drawn as one line: mean of its bundles' patellar and tibial points, world, m.
  Eigen::Vector3d tendon_patella_m = Eigen::Vector3d::Zero(), tendon_tibia_m = Eigen::Vector3d::Zero();
  bool pf_loaded = false;                        // false: quadriceps slack, no PF solve
  Eigen::Vector3d pf_force_on_patella_N = Eigen::Vector3d::Zero();  // world, N
  Eigen::Vector3d pf_centre_of_pressure_m = Eigen::Vector3d::Zero();  // world, m
  double pf_force_N = 0, pf_force_bw = 0;        // stored series, N and BW
  double peak_pressure_MPa = 0, contact_area_mm2 = 0, lateral_fraction = 0;  // re-solved
  Eigen::Vector3d ground_force_N = Eigen::Vector3d::Zero();  // on the foot, world, N
  Eigen::Vector3d ground_cop_m = Eigen::Vector3d::Zero();    // world, m
};

// Scratch of the replay: one per thread. Keeps the last patella pose as the next warm start.
struct LegReplayWorkspace {
  explicit LegReplayWorkspace(const LegReplay& replay);
  LegWorkspace leg;
  solver::OdeState x;  // [state.size]
};

// A frame sized for the replay (vectors preallocated).
LegFrame make_leg_frame(const LegReplay& replay);

// Body poses and muscle points only (no PF solve): cheap, for camera framing.
void calc_leg_frame_kinematics(const LegReplay& replay, const RunResult& run, int sample,
                               LegReplayWorkspace& ws, LegFrame& frame);
// Everything: kinematics, forces, the PF equilibrium. NumericalError if the PF solve fails.
void calc_leg_frame(const LegReplay& replay, const RunResult& run, int sample,
                    LegReplayWorkspace& ws, LegFrame& frame);

// World position of a point fixed in a body (body frame X-Y, m) at this frame; z = 0.
Eigen::Vector3d calc_world_point(const LegFrame& frame, LegBody body, const Eigen::Vector2d& p_m);

// Sample of the largest PF contact force (the first one if tied).
int find_peak_pf_sample(const RunResult& run);

}  // namespace kneeload::viz
