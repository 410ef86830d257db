#pragma once
// The reference motion of a scenario: the stance table of data/reference/ adapted to the user's
// terrain.slope_deg, gait.speed_mps and gait.step_rate_change_pct (docs/scenarios.md, "Adapting
// a reference"). Each rule cites its source:
//   slope      knee warp of DESIGN §3.7 (level vs 9 % downhill treadmill study), pelvis along the plane;
//   speed      running: constant contact length, Weyand et al. 2000 J Appl Physiol 89:1991;
//              walking: constant walk ratio, Sekiya & Nagasaki 1998 Gait Posture 7:225;
//   step rate  running knee at contact and peak: Heiderscheit et al. 2011 Med Sci Sports Exerc
//              43:296, Table 3; stance time at a constant stance share of the step (assumption).
// Stairs follow their published ensemble timing and read neither gait key; their other foot stands
// one terrain.step_tread_m behind the stance foot in the first double support and one ahead in
// the last.
#include "scenarios/parameter_values.hpp"

#include <Eigen/Core>

#include <string>

namespace kneeload {

// One scenario's reference, model coordinate order (LegCoordinateMap: pelvis_tx, pelvis_ty,
// pelvis_tilt, hip_flexion_r, knee_angle_r, ankle_angle_r).
struct ReferenceMotion {
  Eigen::VectorXd time_s;  // [rows] s, from 0 at initial contact
  Eigen::MatrixXd value;   // [rows × 6] m or rad
  Eigen::MatrixXd speed;   // [rows × 6] m/s or rad/s
  // Ground forces of the trial, body weights (x forward, y up): on the stance foot and on the
  // other foot (double support; zero in running). Their sum gives the trial's centre-of-mass
  // acceleration (scenarios/stance_inverse_dynamics.hpp). The stair curves publish no
  // horizontal force: then has_horizontal_force is false and the x columns are zero.
  Eigen::MatrixXd stance_force_bw;         // [rows × 2] BW
  Eigen::MatrixXd contralateral_force_bw;  // [rows × 2] BW
  Eigen::VectorXd contralateral_cop_dx_m;  // [rows] other foot's centre of pressure ahead of the stance foot's, m
  bool has_horizontal_force = false;
  // The other (left) leg's angles relative to the pelvis (hip_flexion_l, knee_angle_l,
  // ankle_angle_l) when the trial recorded them (models/other_leg_load.hpp); 0 rows otherwise.
  Eigen::MatrixXd other_leg_angle_rad;        // [rows × 3] or [0 × 3], rad
  Eigen::MatrixXd other_leg_speed_rad_per_s;  // [rows × 3] or [0 × 3], rad/s
  double speed_mps = 0;    // forward speed of this motion: mean pelvis_tx speed over stance, m/s
  std::string source;      // one line: where it comes from (cited)
  // The trial's foot pitch while its sole lay flat on the ground (calc_flat_foot_pitch_rad of the
  // table as read, before any rule), rad, positive toes up: how its foot frame sat on its shoe.
  double flat_foot_pitch_rad = 0;
};

// The reference of `scenario` (a contract name) with every rule above applied. Default parameters
// give the tables unchanged (downhill_run: level_run warped to the default slope).
// Throws InputError naming the file when a table is missing, lacks a column or has the wrong
// number of rows.
ReferenceMotion load_reference_motion(const std::string& scenario, const Parameters& params);

// ---- The steps of load_reference_motion, public so that tests and users adapting their own
// ---- tables can apply them one at a time.

// A reference table as it is (columns <coordinate>_<m|rad> and <coordinate>_speed_<m|rad>_per_s,
// time_s strictly increasing, at least 2 rows; grf_y_bw, and optionally grf_x_bw,
// contralateral_grf_x_bw, contralateral_grf_y_bw, contralateral_cop_dx_m and, all or none,
// hip_flexion_l, knee_angle_l, ankle_angle_l as <name>_rad and <name>_speed_rad_per_s).
ReferenceMotion read_reference_motion(const std::string& path, const std::string& source);

// Downhill: knee += slope_deg · δ(φ) from the warp table (one row per motion row), knee speed
// accordingly; pelvis lowered along the plane y = x·tan(slope). The ground forces stay as on
// level ground in the world frame: the centre of mass then moves as in level running at the same
// speed (steady downhill running), and the slope's along-surface share of them is the braking
// that holds the speed (an assumption; docs/scenarios.md).
void apply_knee_warp_for_slope(const std::string& warp_table_path, double slope_deg,
                               ReferenceMotion& motion);
void apply_pelvis_descent_for_slope(double slope_deg, ReferenceMotion& motion);

// Heiderscheit et al. 2011 (Table 3): change of knee flexion at initial contact and of peak stance
// knee flexion (deg) for a step-rate change (%) at constant speed, interpolated linearly between
// the published −10, −5, 0, +5, +10 % conditions and extended linearly beyond them.
struct KneeFlexionChange {
  double at_contact_deg = 0;
  double at_peak_deg = 0;
};
KneeFlexionChange calc_knee_change_for_step_rate(double step_rate_change_pct);

// Moves the knee at contact and at peak stance flexion by `change`, toe-off unchanged: an
// increasing affine map of the knee angle before the peak row and another after it, so the peak
// keeps its row and takes exactly the new value; knee speeds scale by the same factors.
// InputError if the knee has no peak inside stance.
void apply_knee_change(const KneeFlexionChange& change, ReferenceMotion& motion);

// The foot's pitch in the sagittal plane (pelvis_tilt + hip − knee + ankle, rad, positive toes
// up) averaged over the flattest 10 % of stance that starts within the first 60 %: the window
// where it varies least, the foot flat on the ground (level_run 5–15 %, level_walk 36–46 %). The
// pitch is first interpolated on a 1 % grid of stance, so windows do not depend on the sampling.
double calc_flat_foot_pitch_rad(const ReferenceMotion& motion);

// Adds `offset_rad` to the ankle angle of every row, the other leg's too when the table has it
// (speeds unchanged).
void apply_ankle_offset(double offset_rad, ReferenceMotion& motion);

// Time scaling: time × time_scale, pelvis_tx × forward_scale, every speed ÷ time_scale and
// pelvis_tx speed × forward_scale (both > 0).
void scale_stance(double time_scale, double forward_scale, ReferenceMotion& motion);

// pelvis_ty's change from its touchdown value, and its speed, × factor (> 0).
void scale_vertical_motion(double factor, ReferenceMotion& motion);

}  // namespace kneeload
