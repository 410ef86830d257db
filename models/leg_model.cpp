#include "models/leg_model.hpp"

#include "models/knee_alignment.hpp"
#include "models/muscle_table.hpp"
#include "models/toe_joint.hpp"
#include "models/patellofemoral_equilibrium.hpp"
#include "models/quadriceps_moment_table_cache.hpp"
#include "solver/errors.hpp"

#include <cmath>

namespace kneeload {
namespace {

constexpr double kStandardGravity_mps2 = 9.80665;

// The factor of one strength group (DESIGN §4 muscle.strength.<group>).
double get_group_strength(const MuscleStrengthSpec& s, const std::string& group,
                          const std::string& muscle) {
  if (group == "quadriceps") return s.quadriceps;
  if (group == "vastus_medialis") return s.vastus_medialis;
  if (group == "hamstrings") return s.hamstrings;
  if (group == "gluteals") return s.gluteals;
  if (group == "hip_flexors") return s.hip_flexors;
  if (group == "plantarflexors") return s.plantarflexors;
  if (group == "dorsiflexors") return s.dorsiflexors;
  throw InputError(fmt::format("muscle '{}': unknown strength group '{}'", muscle, group));
}

void check_range(const char* key, double value, double lo, double hi, const char* unit) {
  if (!(value >= lo && value <= hi))
    throw InputError(fmt::format("{} = {} {} is outside {}-{} {}", key, value, unit, lo, hi, unit));
}

void validate_spec(const LegModelSpec& s) {
  check_range("body.mass_kg", s.body.mass_kg, 30.0, 200.0, "kg");
  check_range("body.height_m", s.body.height_m, 1.2, 2.2, "m");
  check_range("foot.pronation_deg", s.pronation_deg, -5.0, 25.0, "deg");
  check_range("foot.orthotic_wedge_deg", s.orthotic_wedge_deg, 0.0, 15.0, "deg");
  check_range("knee.q_angle_deg", s.q_angle_deg, 0.0, 35.0, "deg");
  check_range("brace.patellar_medial_force_N", s.brace_medial_force_N, 0.0, 150.0, "N");
  const MuscleStrengthSpec& g = s.strength;
  const std::pair<const char*, double> groups[] = {
      {"quadriceps", g.quadriceps},         {"vastus_medialis", g.vastus_medialis},
      {"hamstrings", g.hamstrings},         {"gluteals", g.gluteals},
      {"hip_flexors", g.hip_flexors},       {"plantarflexors", g.plantarflexors},
      {"dorsiflexors", g.dorsiflexors}};
  for (const auto& [name, value] : groups)
    check_range(fmt::format("muscle.strength.{}", name).c_str(), value, 0.2, 2.0, "x");
  validateActivationParameters(s.activation);
}

// The skeleton with the generic model's own landmarks and unit scale factors.
LegSkeleton make_unscaled_skeleton(const LegSkeleton& scaled, const GenericSkeleton& g) {
  LegSkeleton s = scaled;
  s.scale_pelvis = s.scale_femur = s.scale_tibia = s.scale_foot = 1.0;
  s.hip_in_pelvis_m = g.hip_in_pelvis_m;
  s.knee_in_femur_m = g.knee_in_femur_m;
  s.ankle_in_tibia_m = g.ankle_in_tibia_m;
  s.heel_in_foot_m = g.heel_in_foot_m;
  s.mtp_in_foot_m = g.mtp_in_foot_m;
  return s;
}

// [n_muscles] scaled / generic muscle-tendon length at zero joint angles (1). Optimal fibre and
// tendon slack lengths are multiplied by it, which keeps each muscle's normalised fibre length of
// the generic model (the rule of OpenSim's scale tool: Delp et al. 2007, IEEE TBME 54:1940).
Eigen::VectorXd calc_muscle_length_scale(const MusclePathModel& scaled,
                                         const MusclePathModel& unscaled) {
  MusclePathWorkspace ws_scaled(scaled), ws_unscaled(unscaled);
  calc_length(scaled, LegAngles::Zero(), ws_scaled);
  calc_length(unscaled, LegAngles::Zero(), ws_unscaled);
  return ws_scaled.length_m.cwiseQuotient(ws_unscaled.length_m);
}

}  // namespace

LegModel compile_leg_model(const LegModelSpec& spec) {
  validate_spec(spec);
  LegModel m;
  m.spec = spec;

  // Skeleton: de Leva 1996 segments on Rajagopal 2015 joint centres.
  const GenericSkeleton generic = read_generic_skeleton();
  m.skeleton = calc_leg_skeleton(spec.body, read_anthropometry_table(), generic);
  m.multibody = solver::compile(make_leg_multibody_spec(m.skeleton));
  KNEELOAD_CHECK(m.multibody.nq == kLegCoordinates && m.multibody.nv == kLegCoordinates,
                 "leg multibody has nq {} nv {}, expected 6", m.multibody.nq, m.multibody.nv);
  m.coordinates = make_leg_coordinate_map(m.multibody);
  m.foot_body = m.multibody.body_index("foot_r");
  m.body_weight_N = spec.body.mass_kg * kStandardGravity_mps2;

  // Muscles: Rajagopal 2015 paths and parameters, strength by group.
  const MusclePathGeometry geometry = read_muscle_path_geometry();
  const PatellaCoupling coupling = read_patella_coupling();
  m.paths = compile_muscle_paths(geometry, m.skeleton, coupling);
  const Eigen::VectorXd length_scale = calc_muscle_length_scale(
      m.paths,
      compile_muscle_paths(geometry, make_unscaled_skeleton(m.skeleton, generic), coupling));
  m.n_muscles = m.paths.n_muscles;
  m.muscle_names = m.paths.names;
  const std::vector<MuscleTableRow> table = read_muscle_table();
  for (const std::string& name : m.muscle_names) {
    const MuscleTableRow* row = nullptr;
    for (const MuscleTableRow& r : table)
      if (r.name == name) row = &r;
    if (!row) throw InputError(fmt::format("muscle '{}' has a path but no parameters in "
                                           "muscles_rajagopal2015.csv", name));
    MuscleParameters p = row->parameters;
    const double scale = length_scale[static_cast<int>(m.muscles.size())];
    p.optimal_fiber_length_m *= scale;
    p.tendon_slack_length_m *= scale;
    for (const std::string& group : row->strength_groups)
      p.strength *= get_group_strength(spec.strength, group, name);
    p.tendon = spec.tendon;
    validateMuscleParameters(p, name);
    m.muscles.push_back(p);
    m.muscle_fiber_width_m.push_back(calcFiberWidth(p));
  }
  m.activation = spec.activation;

  // Foot contact: the generic calcaneus-frame spheres placed in the scaled foot_r frame (origin at
  // the ankle; the calcaneus origin is the heel landmark), positions scaled with the foot.
  FootContactSpec contact = spec.foot_contact;
  for (ContactSphereSpec& s : contact.spheres)
    s.center_in_foot_m = m.skeleton.heel_in_foot_m + m.skeleton.scale_foot * s.center_in_foot_m;
  contact.toes.center_in_foot_m =
      m.skeleton.heel_in_foot_m + m.skeleton.scale_foot * contact.toes.center_in_foot_m;
  m.foot_contact = compileFootContact(contact, spec.shoe);
  if (m.foot_contact.toes_articulated) {
    const ToeFlexorArm flexors = read_toe_flexor_arm();
    m.toe_flexor_muscle = m.paths.muscle_index(flexors.lumped_in);
    m.toe_flexor_moment_arm_m = m.skeleton.scale_foot * flexors.moment_arm_m;
  }

  // Patellofemoral mechanism (Lenhart 2015 knee, unscaled) and how the quadriceps drive it.
  models::PatellofemoralSpec pf = models::load_lenhart2015_patellofemoral_spec();
  pf.q_angle_deg = spec.q_angle_deg;
  pf.tendon_slack_scale = spec.patellar_tendon_slack_scale;
  m.patellofemoral = models::compile_patellofemoral_model(pf);
  m.knee_moment_from_patella.assign(m.n_muscles, 0);
  for (int i = 0; i < models::kQuadricepsCount; ++i) {
    m.quadriceps_muscle[i] = m.paths.muscle_index(m.patellofemoral.muscle_names[i]);
    m.knee_moment_from_patella[m.quadriceps_muscle[i]] = 1;
  }
  m.femoral_internal_rotation_rad =
      models::calc_femoral_internal_rotation_rad(spec.pronation_deg, spec.orthotic_wedge_deg);
  double quadriceps_max_N = 0.0;  // N
  for (int i = 0; i < models::kQuadricepsCount; ++i) {
    const MuscleParameters& p = m.muscles[m.quadriceps_muscle[i]];
    m.quadriceps_force_share[i] = p.max_isometric_force_N * p.strength;
    quadriceps_max_N += m.quadriceps_force_share[i];
  }
  for (double& share : m.quadriceps_force_share) share /= quadriceps_max_N;
  if (spec.knee_moment_from_table) {
    models::PatellofemoralLoading loading;  // the loading every RHS solve would use
    loading.femoral_internal_rotation_rad = m.femoral_internal_rotation_rad;
    loading.brace_medial_force_N = spec.brace_medial_force_N;
    models::QuadricepsMomentTableKey key;
    key.q_angle_deg = spec.q_angle_deg;
    key.tendon_slack_scale = spec.patellar_tendon_slack_scale;
    key.femoral_internal_rotation_rad = loading.femoral_internal_rotation_rad;
    key.brace_medial_force_N = loading.brace_medial_force_N;
    key.force_share = m.quadriceps_force_share;
    m.quadriceps_moment_table = models::get_shared_quadriceps_moment_table(key, [&] {
      return models::build_quadriceps_moment_table(m.patellofemoral, loading,
                                                   m.quadriceps_force_share);
    });
  }

  // The state table.
  std::vector<std::string> coordinate_names, q_units, qd_units;
  for (int i = 0; i < kLegCoordinates; ++i) {
    coordinate_names.emplace_back(m.coordinates.names[i]);
    const bool translation = i < 2;  // pelvis_tx, pelvis_ty
    q_units.emplace_back(translation ? "m" : "rad");
    qd_units.emplace_back(translation ? "m/s" : "rad/s");
  }
  std::vector<solver::StateBlockSpec> blocks = {
      {"q", "m or rad", coordinate_names, q_units},
      {"qd", "m/s or rad/s", coordinate_names, qd_units},
      {"activation", "1", m.muscle_names, {}}};
  if (m.foot_contact.toes_articulated) blocks.push_back({"toes", "rad", {"mtp_angle_r"}, {}});
  if (spec.tendon == TendonModel::compliant)
    blocks.push_back({"tendon_force", "1 (normalised by max isometric force)", m.muscle_names, {}});
  m.state = solver::compile_state_layout(blocks);
  m.q_offset = m.state.get_offset("q");
  m.qd_offset = m.state.get_offset("qd");
  m.activation_offset = m.state.get_offset("activation");
  m.tendon_offset = m.state.has_block("tendon_force") ? m.state.get_offset("tendon_force") : -1;
  m.toe_offset = m.state.has_block("toes") ? m.state.get_offset("toes") : -1;
  return m;
}

LegControls::LegControls(const LegModel& model)
    : excitation(Eigen::VectorXd::Constant(model.n_muscles, kMinActivation)) {}

LegWorkspace::LegWorkspace(const LegModel& model)
    : q(Eigen::VectorXd::Zero(model.multibody.nq)),
      qd(Eigen::VectorXd::Zero(model.multibody.nv)),
      multibody(model.multibody),
      paths(model.paths),
      contact(makeFootContactResult(model.foot_contact)),
      muscle(model.n_muscles),
      muscle_force_N(Eigen::VectorXd::Zero(model.n_muscles)),
      patellofemoral(model.patellofemoral),
      patella_pose(models::calc_initial_patella_pose(model.patellofemoral, 0.0)),
      tau(Eigen::VectorXd::Zero(model.multibody.nv)),
      qdd(Eigen::VectorXd::Zero(model.multibody.nv)) {
  pf_loading.femoral_internal_rotation_rad = model.femoral_internal_rotation_rad;
  pf_loading.brace_medial_force_N = model.spec.brace_medial_force_N;
}

std::vector<double> make_leg_state(const LegModel& model, const LegVector& coordinates,
                                   const LegVector& speeds, double activation, LegWorkspace& ws) {
  KNEELOAD_CHECK(coordinates.allFinite() && speeds.allFinite() && std::isfinite(activation),
                 "initial state is not finite (activation {})", activation);
  std::vector<double> x(model.state.size, 0.0);
  for (int i = 0; i < kLegCoordinates; ++i) {
    x[model.q_offset + i] = coordinates[i];
    x[model.qd_offset + i] = speeds[i];
  }
  for (int k = 0; k < model.n_muscles; ++k) x[model.activation_offset + k] = activation;
  if (model.tendon_offset >= 0) {
    const LegAngles angles = coordinates.tail<3>(), rates = speeds.tail<3>();
    calc_lengthening_speed(model.paths, angles, rates, ws.paths);
    for (int k = 0; k < model.n_muscles; ++k)
      x[model.tendon_offset + k] = calcEquilibriumNormTendonForce(
          model.muscles[k], activation, ws.paths.length_m[k], ws.paths.lengthening_speed_mps[k]);
  }
  return x;
}

}  // namespace kneeload
