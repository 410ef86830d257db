#pragma once
// The shoe as the foot-contact model sees it: how stiff and how damped the sole is, how thick it is
// and how much higher the heel stands than the forefoot. docs/model/foot_contact.md.
// Defaults describe a conventional cushioned running shoe:
//  - heel-region stiffness ≈ 120 kN/m: secant stiffness at the cushioning optimum of conventional
//    running shoes (≈ 1.6 kN at ≈ 13 mm; Fuss, Scharl & Nagengast 2025, Bioengineering 12:467);
//    the whole sole (rearfoot + forefoot in parallel) is taken as twice that, 240 kN/m;
//  - heel-to-toe drop 10 mm, the "standard" drop of Malisoux et al. 2016 (Am J Sports Med
//    44:2933); forefoot sole 20 mm;
//  - damping 2 s/m, the Hunt–Crossley dissipation of the foot–ground spheres of Serrancolí et al.
//    2019 (IEEE TNSRE 27:1144) and Falisse et al. 2019 (J R Soc Interface 16:20190402).

namespace kneeload {

struct ShoeSpec {
  // Vertical stiffness of the whole sole, all spheres loaded together (secant at the nominal
  // compression). User key shoe.midsole_stiffness_kN_per_m = this / 1000.
  double midsole_stiffness_N_per_m = 240e3;
  // Compression of each sphere at which its secant stiffness equals its share of the sole's.
  double nominal_compression_m = 0.010;
  // Hunt–Crossley dissipation c of F = k·δ^1.5·(1 + 1.5·c·δ̇).
  double damping_s_per_m = 2.0;
  double forefoot_sole_thickness_m = 0.020;
  // Heel sole thickness − forefoot sole thickness. User key shoe.heel_drop_mm = this × 1000.
  double heel_drop_m = 0.010;
};

// Throws InputError naming the key (shoe.<field>), the value and the allowed range.
void validateShoeSpec(const ShoeSpec& shoe);

// Hunt–Crossley exponent for a sphere on a plane (Hertz; Hunt & Crossley 1975).
inline constexpr double kHuntCrossleyExponent = 1.5;

// Hunt–Crossley stiffness k (N/m^1.5) of a sphere carrying `stiffness_share` (1) of the sole:
// k·δ0^1.5 = share·K·δ0, i.e. k = share·K / √δ0 with δ0 the nominal compression.
double calcSphereStiffness(const ShoeSpec& shoe, double stiffness_share);

// How far the sole lowers a sphere below its barefoot position: the forefoot thickness, plus the
// heel drop under the rearfoot.
double calcSoleThickness(const ShoeSpec& shoe, bool under_rearfoot);

}  // namespace kneeload
