#pragma once
// Elastic-foundation contact pressure (Bei & Fregly 2004, Med Eng Phys 26:777; parameters of
// Lenhart et al. 2015: E = 10 MPa, nu = 0.45, 3 mm per cartilage layer):
//   p = K d / h,  K = E (1 - nu) / ((1 + nu)(1 - 2 nu)),  h = total thickness of the layers,
// d the penetration depth along the surface normal. Returns K/h in Pa per m of depth.
#include "models/patellofemoral_spec.hpp"

namespace kneeload::models {

double calc_foundation_stiffness_Pa_per_m(const ElasticFoundationSpec& spec);

}  // namespace kneeload::models
