#pragma once
// Elastic-foundation contact pressure (Bei & Fregly 2004, Med Eng Phys 26:777; parameters of
// Lenhart et al. 2015: E = 10 MPa, nu = 0.45, 3 mm per cartilage layer):
//   p = K d / h,  K = E (1 - nu) / ((1 + nu)(1 - 2 nu)),  h = total thickness of the layers,
// d the penetration depth along the surface normal. The law holds while the cartilage is there to
// compress, d <= h. Deeper, the layers are used up and bone, rigid in this model as in Lenhart's,
// meets bone: there p = K (h + beta (d - h)) / h, the rigid limit as a penalty (beta = 100 by
// default, about subchondral bone's modulus over cartilage's; the solutions converge in beta,
// tested: x10 moves the contact force by < 0.1 %). Without it the linear law lets a patch pass
// through the bone, and a patella pulled laterally by a weak vastus medialis tilts off the
// trochlea (docs/model/patellofemoral.md, *Cartilage compressed through*).
#include "models/patellofemoral_spec.hpp"

namespace kneeload::models {

// K/h in Pa per m of depth.
double calc_foundation_stiffness_Pa_per_m(const ElasticFoundationSpec& spec);

// K: the pressure at which the cartilage is compressed through (d = h), Pa.
double calc_full_compression_pressure_Pa(const ElasticFoundationSpec& spec);

}  // namespace kneeload::models
