#pragma once
// Foot–ground contact by compliant spheres fixed in the foot (heel, first and fifth metatarsal
// heads, toe) pressed into the terrain. Per sphere, with penetration δ ≥ 0 and compression rate δ̇:
//   normal   F_n = k·δ^1.5·(1 + 1.5·c·δ̇), never pulling         (Hunt & Crossley 1975)
//   friction F_t = −μ·F_n·tanh(|v_t|/v_tr)·v_t/|v_t|              (smooth Coulomb)
// as in OpenSim's SmoothSphereHalfSpaceForce (Serrancolí et al. 2019, IEEE TNSRE 27:1144).
// The shoe (models/shoe.hpp) sets k, c and lowers the spheres by the sole thickness.
// The terrain is seen only through "the local plane under this point", so flat ground, slopes and
// stairs are all one interface. docs/model/foot_contact.md.
#include <Eigen/Core>
#include <Eigen/Geometry>  // cross products
#include <string>
#include <string_view>
#include <vector>

#include "models/shoe.hpp"

namespace kneeload {

// The terrain near a point: a plane through point_m with unit normal `normal` (out of the ground).
struct TerrainPlane {
  Eigen::Vector3d point_m = Eigen::Vector3d::Zero();
  Eigen::Vector3d normal = Eigen::Vector3d::UnitY();
};

class Terrain {
 public:
  virtual ~Terrain() = default;
  // The plane that supports a body at the world point p_m (for stairs: the tread beneath it).
  virtual TerrainPlane calcLocalPlane(const Eigen::Vector3d& p_m) const = 0;
};

// One infinite plane: flat ground (default, y = 0) or a constant slope.
class PlaneTerrain final : public Terrain {
 public:
  PlaneTerrain() = default;
  PlaneTerrain(const Eigen::Vector3d& point_m, const Eigen::Vector3d& normal);
  // Ground through the origin rising along +X at slope_rad (negative = downhill when walking +X).
  static PlaneTerrain makeSlope(double slope_rad);
  TerrainPlane calcLocalPlane(const Eigen::Vector3d&) const override { return plane_; }

 private:
  TerrainPlane plane_;
};

struct ContactSphereSpec {
  std::string name;
  Eigen::Vector3d center_in_foot_m = Eigen::Vector3d::Zero();  // barefoot centre, foot frame
  double radius_m = 0.0;
  double stiffness_share = 0.0;  // share of the sole's vertical stiffness (1); shares sum to 1
  bool under_rearfoot = false;   // lowered by the heel drop as well as the forefoot sole
  bool on_toes = false;          // carried by the toe segment (turns about the MTP joint)
};

// The toes as a massless segment hinged at the metatarsophalangeal (MTP) joint, held by a passive
// spring and damper: 25 N·m/rad and 2 N·m·s/rad, the joint of Falisse, Afschrift & De Groote 2022
// (PLoS ONE 17:e0256311; the spring after Sasaki, Neptune & Kautz 2009). Massless, its angle is a
// first-order state set by the toes' moment balance (models/toe_joint.hpp).
struct ToeJointSpec {
  bool articulated = true;  // false: the toe spheres are rigid with the foot
  // Joint centre in the generic calcaneus frame: Rajagopal et al. 2015's mtp_r, m.
  Eigen::Vector3d center_in_foot_m{0.1788, -0.002, 0.00108};
  double stiffness_Nm_per_rad = 25.0;
  double damping_Nms_per_rad = 2.0;
};

struct FootContactSpec {
  std::vector<ContactSphereSpec> spheres;
  // Static = dynamic = 0.8 and transition speed 0.2 m/s (Serrancolí et al. 2019, IEEE TBME
  // 66:3253), so one coefficient describes both.
  double friction_coefficient = 0.8;
  double friction_transition_speed_mps = 0.2;
  ToeJointSpec toes;
};

// Heel, first and fifth metatarsal heads and hallux of the generic (unscaled) right foot of
// Rajagopal et al. 2015, in the calcaneus frame (X forward, Y up, Z right); sphere bottoms 35 mm
// below the frame origin. Shares: rearfoot 0.5, forefoot 0.5 (met1 0.2, met5 0.15, toe 0.15).
FootContactSpec makeDefaultFootContactSpec();

// Where a sphere sits under the foot: heel (lowered by the shoe's drop), forefoot or toes.
enum class SoleRegion { rearfoot, forefoot, toes };

struct ContactSphere {
  Eigen::Vector3d center_in_foot_m;  // with the shoe's sole thickness applied
  double radius_m;
  double stiffness_N_per_m1p5;       // Hunt–Crossley k
  double damping_s_per_m;            // Hunt–Crossley c
  bool on_toes;                      // turns with the toes (false while they are rigid)
  SoleRegion region;                 // where it sits under the foot (its spec's flags)
};

// Compiled once from the spec and the shoe; never changed by an algorithm.
struct FootContactModel {
  std::vector<std::string> sphere_names;  // [n_spheres]
  std::vector<ContactSphere> spheres;     // [n_spheres]
  double friction_coefficient = 0.8;
  double friction_transition_speed_mps = 0.2;
  // The MTP joint (ToeJointSpec); with articulated == false the toe spheres stay rigid.
  bool toes_articulated = false;
  Eigen::Vector3d mtp_in_foot_m = Eigen::Vector3d::Zero();  // joint centre, foot frame, m
  double toe_stiffness_Nm_per_rad = 0.0;
  double toe_damping_Nms_per_rad = 0.0;

  int getNumSpheres() const { return static_cast<int>(spheres.size()); }
  // Index of the named sphere; throws InputError listing the names when there is none.
  int findSphere(std::string_view name) const;
};

// Validates (InputError naming the sphere or key) and applies the shoe.
FootContactModel compileFootContact(const FootContactSpec& spec, const ShoeSpec& shoe);

// Pose and velocity of the foot body, world frame.
struct FootMotion {
  Eigen::Matrix3d rotation = Eigen::Matrix3d::Identity();  // foot frame → world
  Eigen::Vector3d origin_m = Eigen::Vector3d::Zero();
  Eigen::Vector3d velocity_mps = Eigen::Vector3d::Zero();  // of the foot-frame origin
  Eigen::Vector3d angular_velocity_radps = Eigen::Vector3d::Zero();
  // The toes relative to the foot, about the foot's Z axis through the MTP joint: extension (toes
  // up) positive. Used only when the toes are articulated.
  double toe_angle_rad = 0.0;
  double toe_angle_rate_radps = 0.0;
};

// Results, preallocated by makeFootContactResult; filled without allocation.
struct FootContactResult {
  std::vector<Eigen::Vector3d> force_N;  // [n_spheres] on the foot, world frame
  std::vector<Eigen::Vector3d> point_m;  // [n_spheres] application point, world frame
  std::vector<double> penetration_m;     // [n_spheres] δ (0 when not touching)
  std::vector<double> normal_force_N;    // [n_spheres] F_n
  std::vector<Eigen::Vector3d> normal;   // [n_spheres] terrain normal under the sphere
  // [n_spheres] velocity of the application point, m/s: the foot's motion, plus (toe spheres)
  // the toes' rate times point_velocity_per_toe_rate_m, m per rad
  std::vector<Eigen::Vector3d> point_velocity_mps, point_velocity_per_toe_rate_m;
  std::vector<Eigen::Vector3d> force_per_toe_rate_Ns;  // [n_spheres] d(force_N)/d(toes' rate)
  Eigen::Vector3d mtp_m = Eigen::Vector3d::Zero();        // the MTP joint centre, world
  Eigen::Vector3d toe_axis = Eigen::Vector3d::UnitZ();    // the toes' axis (the foot's Z), world
  Eigen::Vector3d total_force_N = Eigen::Vector3d::Zero();
  Eigen::Vector3d total_moment_Nm = Eigen::Vector3d::Zero();  // about the world origin
  // Moment of the toe spheres' forces about the MTP joint, about the foot's Z axis, N m (0 when
  // the toes are not articulated): positive extends the toes.
  double toe_moment_Nm = 0.0;
  double toe_moment_per_toe_rate_Nms = 0.0;  // its derivative with the toes' rate, N m s/rad
  // Normal-force-weighted mean of the application points (NaN when nothing touches).
  Eigen::Vector3d center_of_pressure_m = Eigen::Vector3d::Zero();
};

FootContactResult makeFootContactResult(const FootContactModel& model);

// The foot frame's pitch (rad, positive toes up) when the sole rests flat on level ground: the
// line from the rearfoot spheres' lowest points to those of the forefoot's (toes left out), with
// the rearfoot lowered by `extra_heel_drop_m` beyond the model's own shoe (to ask about another).
double calcFlatSolePitchRad(const FootContactModel& model, double extra_heel_drop_m = 0.0);

void calcFootContactForces(const FootContactModel& model, const Terrain& terrain,
                           const FootMotion& foot, FootContactResult& result);
// The forces of a `result` filled by calcFootContactForces, at another toes' rate (rad/s): only
// the toe spheres' forces change (their poses do not depend on it), then the totals.
void updateToeContactForces(const FootContactModel& model, double toe_rate_radps,
                            FootContactResult& result);

// The force law of one sphere, exposed for tests and for other contact users.
// penetration δ (m), compression rate δ̇ (m/s, positive when pressing in) → F_n (N).
double calcHuntCrossleyNormalForce(double stiffness_N_per_m1p5, double damping_s_per_m,
                                   double penetration_m, double compression_rate_mps);
// Smooth Coulomb friction on a slip velocity v_t (world, tangential) → force opposing it.
Eigen::Vector3d calcSmoothCoulombFriction(double friction_coefficient, double transition_speed_mps,
                                          double normal_force_N, const Eigen::Vector3d& slip_mps);

}  // namespace kneeload
