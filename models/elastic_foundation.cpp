#include "models/elastic_foundation.hpp"

#include "solver/errors.hpp"

namespace kneeload::models {

double calc_full_compression_pressure_Pa(const ElasticFoundationSpec& spec) {
  if (!(spec.youngs_modulus_Pa > 0.0))
    throw InputError(fmt::format("contact.youngs_modulus_Pa = {} must be positive",
                                 spec.youngs_modulus_Pa));
  if (!(spec.poisson_ratio >= 0.0 && spec.poisson_ratio < 0.5))
    throw InputError(fmt::format("contact.poisson_ratio = {} is outside [0, 0.5)",
                                 spec.poisson_ratio));
  const double nu = spec.poisson_ratio;
  return spec.youngs_modulus_Pa * (1.0 - nu) / ((1.0 + nu) * (1.0 - 2.0 * nu));
}

double calc_foundation_stiffness_Pa_per_m(const ElasticFoundationSpec& spec) {
  if (!(spec.layer_thickness_m > 0.0 && spec.n_layers >= 1))
    throw InputError(fmt::format("contact: layer thickness {} m and {} layers must be positive",
                                 spec.layer_thickness_m, spec.n_layers));
  if (!(spec.bone_stiffness_ratio >= 1.0))
    throw InputError(fmt::format("contact.bone_stiffness_ratio = {} must be at least 1",
                                 spec.bone_stiffness_ratio));
  return calc_full_compression_pressure_Pa(spec) / (spec.layer_thickness_m * spec.n_layers);
}

}  // namespace kneeload::models
