#pragma once
// How foot pronation, an orthotic wedge and muscle strength enter the patellofemoral mechanism
// (DESIGN.md §3.5; docs/model/patellofemoral.md):
//  1. peak rearfoot eversion E = foot.pronation_deg - 0.33 x foot.orthotic_wedge_deg (a medial
//     wedge reduces eversion; ~2 deg for a typical ~6 deg posting, meta-analysis of Mills et al.
//     2010, Br J Sports Med 44:1035);
//  2. eversion couples to tibial internal rotation 0.68 x E (cadaver coupling coefficient
//     0.68 +- 0.15, Fischer et al. 2018, J Anat 233:64; PMC5987802);
//  3. in stance the femur follows the tibia (closed chain, Tiberio 1987 J Orthop Sports Phys Ther
//     9:160), so the femur turns internally by the same angle under the quadriceps line, which is
//     anchored proximally: the trochlea turns medially under the patella and the effective
//     Q-angle rises.
#include "models/patellofemoral_model.hpp"

#include <array>

namespace kneeload::models {

constexpr double kEversionToTibialRotation = 0.68;  // deg tibial internal rotation per deg eversion
constexpr double kWedgeEversionReduction = 0.33;    // deg eversion removed per deg of medial wedge

// Peak rearfoot eversion with the wedge applied, deg.
double calc_effective_eversion_deg(double pronation_deg, double orthotic_wedge_deg);

// Femoral internal rotation under the quadriceps line from pronation and wedge, rad.
double calc_femoral_internal_rotation_rad(double pronation_deg, double orthotic_wedge_deg);

// Each quadriceps muscle's share of a total quadriceps force: proportional to its max isometric
// force (Lenhart 2015) times its strength factor; vastus_medialis multiplies vasmed only.
std::array<double, kQuadricepsCount> calc_quadriceps_shares(const PatellofemoralModel& model,
                                                            double strength_quadriceps,
                                                            double strength_vastus_medialis);

}  // namespace kneeload::models
