#include "scenarios/pf_curve.hpp"

#include "models/classic_patellofemoral.hpp"
#include "models/knee_alignment.hpp"
#include "models/patellofemoral_equilibrium.hpp"
#include "scenarios/parameter_values.hpp"
#include "solver/errors.hpp"

#include <cmath>

namespace kneeload {
namespace {

constexpr double kPi = 3.14159265358979323846;

template <typename Published>
PfCurveDeviation calc_worst_deviation(const std::vector<PfCurveRow>& rows, int from_deg, int to_deg,
                                      double (*model_value)(const models::PatellofemoralResult&),
                                      Published published) {
  PfCurveDeviation worst;
  bool any = false;
  for (const PfCurveRow& row : rows) {
    if (row.knee_flexion_deg < from_deg || row.knee_flexion_deg > to_deg) continue;
    const double reference = published(static_cast<double>(row.knee_flexion_deg));
    const double pct = 100.0 * (model_value(row.result) / reference - 1.0);
    if (!any || std::abs(pct) > std::abs(worst.worst_pct)) worst = {pct, row.knee_flexion_deg};
    any = true;
  }
  KNEELOAD_CHECK(any, "no pf-curve row within {}-{} deg", from_deg, to_deg);
  return worst;
}

}  // namespace

const std::vector<std::string>& get_pf_curve_keys() {
  static const std::vector<std::string> keys{
      "body.sex", "knee.q_angle_deg", "foot.pronation_deg", "foot.orthotic_wedge_deg",
      "brace.patellar_medial_force_N", "muscle.strength.quadriceps",
      "muscle.strength.vastus_medialis"};
  return keys;
}

std::vector<PfCurveRow> calc_pf_curve(const Parameters& params, double quad_force_N) {
  models::PatellofemoralSpec spec = models::load_lenhart2015_patellofemoral_spec();
  spec.q_angle_deg = params.get_number("knee.q_angle_deg");
  return calc_pf_curve(models::compile_patellofemoral_model(spec), params, quad_force_N);
}

std::vector<PfCurveRow> calc_pf_curve(const models::PatellofemoralModel& model,
                                      const Parameters& params, double quad_force_N) {
  models::PatellofemoralWorkspace ws(model);
  models::PatellofemoralLoading loading;
  loading.femoral_internal_rotation_rad = models::calc_femoral_internal_rotation_rad(
      params.get_number("foot.pronation_deg"), params.get_number("foot.orthotic_wedge_deg"));
  loading.brace_medial_force_N = params.get_number("brace.patellar_medial_force_N");
  const auto shares = models::calc_quadriceps_shares(
      model, params.get_number("muscle.strength.quadriceps"),
      params.get_number("muscle.strength.vastus_medialis"));
  for (int i = 0; i < models::kQuadricepsCount; ++i)
    loading.muscle_force_N[i] = shares[i] * quad_force_N;

  std::vector<PfCurveRow> rows;
  rows.reserve(121);
  models::PatellaPose pose = models::calc_initial_patella_pose(model, 0.0);
  for (int deg = 0; deg <= 120; ++deg) {
    loading.knee_flexion_rad = deg * kPi / 180.0;
    PfCurveRow row{deg, {}};
    models::solve_patellofemoral_equilibrium(model, loading, pose, ws, row.result);  // warm-started
    rows.push_back(row);
  }
  return rows;
}

PfCurveDeviation calc_pf_to_quad_ratio_deviation(const std::vector<PfCurveRow>& rows, int from_deg,
                                                 int to_deg) {
  return calc_worst_deviation(
      rows, from_deg, to_deg,
      [](const models::PatellofemoralResult& r) {
        return r.contact_force_magnitude_N / r.quadriceps_force_N;
      },
      models::calc_classic_pf_to_quad_ratio);
}

PfCurveDeviation calc_quad_lever_arm_deviation(const std::vector<PfCurveRow>& rows, int from_deg,
                                               int to_deg) {
  return calc_worst_deviation(
      rows, from_deg, to_deg,
      [](const models::PatellofemoralResult& r) { return r.quadriceps_lever_arm_m; },
      models::calc_classic_quad_lever_arm_m);
}

double calc_patella_flexion_slope(const std::vector<PfCurveRow>& rows, int from_deg, int to_deg) {
  double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (const PfCurveRow& row : rows) {
    if (row.knee_flexion_deg < from_deg || row.knee_flexion_deg > to_deg) continue;
    const double x = row.knee_flexion_deg;                          // deg
    const double y = row.result.patella_flexion_rad * 180.0 / kPi;  // deg
    n += 1;
    sx += x;
    sy += y;
    sxx += x * x;
    sxy += x * y;
  }
  KNEELOAD_CHECK(n >= 2, "fewer than two pf-curve rows within {}-{} deg", from_deg, to_deg);
  return (n * sxy - sx * sy) / (n * sxx - sx * sx);
}

}  // namespace kneeload
