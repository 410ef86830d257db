// PD tracking law of Computed Muscle Control (Thelen, Anderson & Delp 2003, J Biomech 36:321).
#include "scenarios/tracking_law.hpp"

#include <cmath>
#include <fmt/format.h>

#include "scenarios/reference_trajectory.hpp"
#include "solver/errors.hpp"

namespace kneeload {

TrackingLaw make_tracking_law(int num_coordinates, const TrackingGainsSpec& spec) {
  if (num_coordinates < 1)
    throw InputError(fmt::format("tracking law: {} coordinates, need at least 1", num_coordinates));
  if (!(spec.natural_frequency_hz > 0.0 && std::isfinite(spec.natural_frequency_hz)))
    throw InputError(fmt::format("tracking law: natural_frequency_hz = {} Hz must be positive",
                                 spec.natural_frequency_hz));
  if (!(spec.damping_ratio >= 0.0 && std::isfinite(spec.damping_ratio)))
    throw InputError(fmt::format("tracking law: damping_ratio = {} must be ≥ 0",
                                 spec.damping_ratio));
  const double omega_radps = 2.0 * M_PI * spec.natural_frequency_hz;
  TrackingLaw law;
  law.position_gain_per_s2.setConstant(num_coordinates, omega_radps * omega_radps);
  law.velocity_gain_per_s.setConstant(num_coordinates, 2.0 * spec.damping_ratio * omega_radps);
  return law;
}

void calc_desired_accelerations(const TrackingLaw& law, const ReferenceSample& ref,
                                const Eigen::Ref<const Eigen::VectorXd>& q,
                                const Eigen::Ref<const Eigen::VectorXd>& qd,
                                Eigen::Ref<Eigen::VectorXd> qdd_des) {
  const Eigen::Index n = law.get_num_coordinates();
  KNEELOAD_CHECK(ref.q.size() == n && q.size() == n && qd.size() == n && qdd_des.size() == n,
                 "tracking law has {} coordinates; reference {}, q {}, qd {}, qdd_des {}", n,
                 ref.q.size(), q.size(), qd.size(), qdd_des.size());
  qdd_des = ref.qdd + law.position_gain_per_s2.cwiseProduct(ref.q - q) +
            law.velocity_gain_per_s.cwiseProduct(ref.qd - qd);
}

}  // namespace kneeload
