#pragma once
// The assembled musculoskeletal right leg (DESIGN.md §1, §3): a planar multibody skeleton
// (pelvis + head-arms-trunk floating base, hip, knee, ankle; models/leg_skeleton.hpp) moved by
// 12 Hill-type muscles (Rajagopal et al. 2015, IEEE TBME 63:2068; De Groote et al. 2016, Ann
// Biomed Eng 44:2922) with first-order activation dynamics, standing on compliant foot-contact
// spheres (Hunt & Crossley 1975), with the quadriceps' knee moment coming from the quasi-static
// patellofemoral mechanism (Lenhart et al. 2015, Ann Biomed Eng 43:2675).
//
// A plain LegModelSpec is compiled once into a const LegModel; a LegWorkspace holds all scratch
// memory of one thread; LegControls hold what a controller sets per control interval. The state
// vector and its table are described in docs/model/leg_model.md; the right-hand side is in
// models/leg_dynamics.hpp.
#include "models/activation_dynamics.hpp"
#include "models/anthropometry.hpp"
#include "models/foot_contact.hpp"
#include "models/hill_muscle.hpp"
#include "models/leg_skeleton.hpp"
#include "models/muscle_path.hpp"
#include "models/patellofemoral_model.hpp"
#include "models/quadriceps_moment_table.hpp"
#include "models/shoe.hpp"
#include "solver/multibody_model.hpp"
#include "solver/multibody_workspace.hpp"
#include "solver/state_layout.hpp"

#include <Eigen/Core>

#include <array>
#include <string>
#include <vector>

namespace kneeload {

// Values of the six model coordinates (or their speeds, or generalised forces) in the order and
// signs of LegCoordinateMap::names (DESIGN §2): pelvis_tx, pelvis_ty (m), pelvis_tilt,
// hip_flexion_r, knee_angle_r (flexion positive), ankle_angle_r (rad).
using LegVector = Eigen::Matrix<double, 6, 1>;  // [6]
inline constexpr int kLegCoordinates = 6;
inline constexpr int kFirstJointCoordinate = 3;  // hip_flexion_r; the three before are the base

// muscle.strength.<group> factors (1), DESIGN §4. vastus_medialis multiplies vasmed on top of
// quadriceps.
struct MuscleStrengthSpec {
  double quadriceps = 1.0, vastus_medialis = 1.0, hamstrings = 1.0, gluteals = 1.0,
         hip_flexors = 1.0, plantarflexors = 1.0, dorsiflexors = 1.0;
};

// Everything that defines one leg, as plain values; the scenario layer fills it from Parameters.
struct LegModelSpec {
  BodyDimensions body;                 // body.sex, body.mass_kg, body.height_m
  MuscleStrengthSpec strength;
  TendonModel tendon = TendonModel::rigid;
  ActivationParameters activation;     // 10 ms activation, 40 ms deactivation
  double pronation_deg = 6.0;          // foot.pronation_deg, peak rearfoot eversion, deg
  double orthotic_wedge_deg = 0.0;     // foot.orthotic_wedge_deg, medial wedge, deg
  double q_angle_deg = 14.0;           // knee.q_angle_deg, deg (the scenario layer sets 17 female)
  double patellar_tendon_slack_scale = 1.0;  // patella alta (> 1) / baja (< 1), (1)
  double brace_medial_force_N = 0.0;   // brace.patellar_medial_force_N, N
  ShoeSpec shoe;
  // Spheres in the generic (unscaled) calcaneus frame; compile places them in the scaled foot.
  FootContactSpec foot_contact = makeDefaultFootContactSpec();
  // false: the muscles transmit no force at all (verification of skeleton and contact).
  bool muscle_forces_enabled = true;
  // true: the right-hand side takes the quadriceps' knee moment from the lever-arm table built at
  // compile (models/quadriceps_moment_table.hpp, within 1 % of the solve); false: it solves the PF
  // equilibrium in every call (the exact path, for verification). Outputs always solve.
  bool knee_moment_from_table = true;
};

struct LegModel {
  LegModelSpec spec;                       // the validated spec it was compiled from
  LegSkeleton skeleton;
  solver::MultibodyModel multibody;        // nq = nv = 6
  LegCoordinateMap coordinates;            // model coordinates <-> solver q, qd, tau
  int foot_body = -1;                      // multibody index of foot_r
  double body_weight_N = 0.0;              // mass x 9.80665, N

  MusclePathModel paths;                   // the muscles (data/muscles_rajagopal2015.csv)
  int n_muscles = 0;
  std::vector<std::string> muscle_names;   // [n_muscles] path order == state order
  std::vector<MuscleParameters> muscles;   // [n_muscles] lengths scaled, strength, tendon model
  std::vector<double> muscle_fiber_width_m;  // [n_muscles] calcFiberWidth of each muscle, m
  ActivationParameters activation;

  FootContactModel foot_contact;           // spheres in the foot_r frame, shoe applied
  // The long toe flexors in the lumped muscle toe_flexor_muscle (-1 with rigid toes) flex the toes
  // by toe_flexor_moment_arm_m (scaled with the foot) times its force (models/toe_joint.hpp).
  int toe_flexor_muscle = -1;
  double toe_flexor_moment_arm_m = 0.0;

  models::PatellofemoralModel patellofemoral;
  // [4] muscle index of each PF quadriceps muscle, in the PF order (vasmed, vaslat, vasint, recfem)
  std::array<int, models::kQuadricepsCount> quadriceps_muscle{};
  std::vector<char> knee_moment_from_patella;  // [n_muscles] 1 for the four quadriceps
  double femoral_internal_rotation_rad = 0.0;  // from pronation and wedge (knee_alignment.hpp), rad
  // [4] share of each PF quadriceps muscle (PF order) in a total force, from the leg's max
  // isometric forces x strength (1, sums to 1): the split the moment table was built with.
  std::array<double, models::kQuadricepsCount> quadriceps_force_share{};
  // Knee extension lever arm of the PF mechanism (this model's loading) over knee angle and total
  // quadriceps force; empty unless spec.knee_moment_from_table.
  models::QuadricepsMomentTable quadriceps_moment_table;

  // State x = [q (6); qd (6); activation (n_muscles); toes (1, articulated toes only: the MTP
  // angle, extension positive, rad); tendon_force (n_muscles, compliant only)].
  solver::StateLayout state;
  int q_offset = 0, qd_offset = 0, activation_offset = 0;
  int toe_offset = -1;                     // -1 with rigid toes
  int tendon_offset = -1;                  // -1 with rigid tendons
};

// Reads the data tables (data/), validates and compiles. InputError names the bad field.
LegModel compile_leg_model(const LegModelSpec& spec);

// What the controller sets, held over a control interval.
struct LegControls {
  explicit LegControls(const LegModel& model);
  Eigen::VectorXd excitation;  // [n_muscles] (1), clamped to [0.01, 1] by activation dynamics
  // Reserve (joints, N m) and residual (base: N, N, N m) generalised forces, model convention.
  LegVector generalized_force = LegVector::Zero();  // [6]
};

// Scratch memory of one thread, sized once for a model; the right-hand side allocates nothing.
struct LegWorkspace {
  explicit LegWorkspace(const LegModel& model);

  // Stage 1-2: positions and velocities.
  LegVector coordinates = LegVector::Zero();  // [6] model convention, m or rad
  LegVector speeds = LegVector::Zero();       // [6] m/s or rad/s
  Eigen::VectorXd q, qd;                      // [nq], [nv] solver convention
  solver::MultibodyWorkspace multibody;
  MusclePathWorkspace paths;                  // lengths, speeds, moment arms of all muscles
  double toe_angle_rad = 0.0;                 // MTP extension (0 with rigid toes), rad

  // Stage 3: forces.
  FootContactResult contact;                  // foot-ground forces, world frame
  double toe_angle_rate_radps = 0.0;          // from the toes' moment balance, rad/s
  std::vector<MuscleForceInfo> muscle;        // [n_muscles]
  Eigen::VectorXd muscle_force_N;             // [n_muscles] tendon force, N
  models::PatellofemoralWorkspace patellofemoral;
  models::PatellofemoralLoading pf_loading;
  models::PatellaPose patella_pose;           // warm start of the next solve, m and rad
  double patella_pose_knee_rad = 0.0;         // knee flexion at which patella_pose was found, rad
  models::PatellofemoralResult pf_result;     // the last solve (zero when the quadriceps are off)
  bool pf_loaded = false;                     // false: no quadriceps force, no solve
  // The quadriceps' knee extension moment the generalised forces use, N m: from the last PF solve
  // (calc_leg_patellofemoral) or from the table (calc_leg_quadriceps_knee_moment).
  double quadriceps_knee_extension_moment_Nm = 0.0;
  LegVector muscle_generalized_force = LegVector::Zero();  // [6] muscles + PF, model convention
  LegVector generalized_force = LegVector::Zero();  // [6] muscles + PF + controls

  // Stage 4: accelerations.
  Eigen::VectorXd tau, qdd;                   // [nv] solver convention
};

// A state vector [state.size] at these coordinates and speeds (model convention), every muscle at
// `activation` (1), the toes straight (MTP angle 0); compliant tendons start at the force
// equilibrium of calcEquilibriumNormTendonForce.
std::vector<double> make_leg_state(const LegModel& model, const LegVector& coordinates,
                                   const LegVector& speeds, double activation, LegWorkspace& ws);

}  // namespace kneeload
