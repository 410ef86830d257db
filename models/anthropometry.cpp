// de Leva 1996 (J Biomech 29:1223) segment parameters scaled to a body.
#include "models/anthropometry.hpp"

#include "models/data_table.hpp"
#include "solver/errors.hpp"

#include <array>
#include <cmath>

namespace kneeload {

namespace {
enum Seg { head, upper_trunk, middle_trunk, lower_trunk, upper_arm, forearm, hand, thigh, shank,
           foot, n_seg };
const char* const kSegNames[n_seg] = {"head",      "upper_trunk", "middle_trunk", "lower_trunk",
                                      "upper_arm", "forearm",     "hand",         "thigh",
                                      "shank",     "foot"};

// A point mass with its own inertia, for the composite head-arms-trunk.
struct Part {
  double m = 0;           // kg
  Eigen::Vector2d c;      // m
  double I = 0;           // kg m^2 about its own COM
};

SegmentInertia combine(const Part* parts, int n, double length_m) {
  SegmentInertia s;
  s.length_m = length_m;
  for (int i = 0; i < n; ++i) {
    s.mass_kg += parts[i].m;
    s.com_m += parts[i].m * parts[i].c;
  }
  s.com_m /= s.mass_kg;
  for (int i = 0; i < n; ++i)  // parallel-axis theorem
    s.inertia_kgm2 += parts[i].I + parts[i].m * (parts[i].c - s.com_m).squaredNorm();
  return s;
}
}  // namespace

AnthropometryTable read_anthropometry_table(const std::string& path_in) {
  const std::string path =
      path_in.empty() ? data_file_path("anthropometry_deleva1996.csv") : path_in;
  const DataTable t = DataTable::read(path);
  AnthropometryTable out;
  bool found[n_seg] = {};
  const char* sex_suffix[2] = {"_male", "_female"};
  for (int r = 0; r < t.rows(); ++r) {
    const std::string& name = t.text(r, "segment");
    for (int s = 0; s < n_seg; ++s) {
      if (name != kSegNames[s]) continue;
      found[s] = true;
      for (int x = 0; x < 2; ++x) {
        const std::string suf = sex_suffix[x];
        DeLevaSegment& d = out.segment[x][s];
        d.mass_fraction = t.number(r, "mass_fraction" + suf);
        d.com_fraction = t.number(r, "com_fraction" + suf);
        d.rg_sagittal = t.number(r, "rg_sagittal" + suf);
        d.length_per_stature = t.number(r, "length_per_stature" + suf);
        if (!(d.mass_fraction > 0 && d.mass_fraction < 1 && d.com_fraction > 0 &&
              d.com_fraction < 1 && d.rg_sagittal > 0 && d.rg_sagittal < 1 &&
              d.length_per_stature > 0 && d.length_per_stature < 1))
          throw InputError(fmt::format("{}: segment '{}' has a fraction outside (0, 1)",
                                       t.where(r), name));
      }
    }
  }
  for (int s = 0; s < n_seg; ++s)
    if (!found[s]) throw InputError(fmt::format("{}: no row for segment '{}'", path, kSegNames[s]));
  return out;
}

LegAnthropometry calc_leg_anthropometry(const AnthropometryTable& table,
                                        const BodyDimensions& body) {
  KNEELOAD_CHECK(body.mass_kg > 0 && body.height_m > 0, "body mass {} kg, height {} m",
                 body.mass_kg, body.height_m);
  const DeLevaSegment* d = table.segment[body.sex == Sex::male ? 0 : 1];
  double m[n_seg], L[n_seg], I[n_seg];  // kg, m, kg m^2 about the segment COM
  for (int s = 0; s < n_seg; ++s) {
    m[s] = d[s].mass_fraction * body.mass_kg;
    L[s] = d[s].length_per_stature * body.height_m;
    I[s] = m[s] * std::pow(d[s].rg_sagittal * L[s], 2);
  }
  // Upright standing posture, origin at the mid-hip point (MIDH), X forward, Y up. Segments
  // listed top-down (head from the vertex, trunk parts from the top) hang from their first
  // endpoint; the de Leva COM fraction is measured from that endpoint.
  const double y_omph = L[lower_trunk];             // navel above MIDH
  const double y_xyph = y_omph + L[middle_trunk];   // xiphion
  const double y_supr = y_xyph + L[upper_trunk];    // suprasternale
  const double y_vert = y_supr + L[head];           // neck omitted: mid-gonion at suprasternale
  auto below = [&](double y_top, Seg s) { return Eigen::Vector2d(0, y_top - d[s].com_fraction * L[s]); };

  LegAnthropometry out;
  out.pelvis = combine(std::array<Part, 1>{{{m[lower_trunk], below(y_omph, lower_trunk),
                                               I[lower_trunk]}}}.data(), 1, L[lower_trunk]);

  // Arms hang at the sides from the shoulder centre, taken at suprasternale height.
  const double y_elbow = y_supr - L[upper_arm], y_wrist = y_elbow - L[forearm];
  // The other leg hangs below the hip with the foot flat, its heel kHeelBehindAnkleFraction of
  // foot length behind the ankle.
  const double y_knee = -L[thigh], y_ankle = y_knee - L[shank];
  const Eigen::Vector2d foot_com(-kHeelBehindAnkleFraction * L[foot] + d[foot].com_fraction * L[foot], y_ankle);
  const Part hat[] = {
      {m[head], below(y_vert, head), I[head]},
      {m[upper_trunk], below(y_supr, upper_trunk), I[upper_trunk]},
      {m[middle_trunk], below(y_xyph, middle_trunk), I[middle_trunk]},
      {2 * m[upper_arm], below(y_supr, upper_arm), 2 * I[upper_arm]},
      {2 * m[forearm], below(y_elbow, forearm), 2 * I[forearm]},
      {2 * m[hand], below(y_wrist, hand), 2 * I[hand]},
      {m[thigh], below(0.0, thigh), I[thigh]},
      {m[shank], below(y_knee, shank), I[shank]},
      {m[foot], foot_com, I[foot]},
  };
  out.hat = combine(hat, 9, y_vert);  // length: mid-hip to vertex

  out.thigh = {m[thigh], L[thigh], Eigen::Vector2d(0, -d[thigh].com_fraction * L[thigh]), I[thigh]};
  out.shank = {m[shank], L[shank], Eigen::Vector2d(0, -d[shank].com_fraction * L[shank]), I[shank]};
  out.foot = {m[foot], L[foot], Eigen::Vector2d(d[foot].com_fraction * L[foot], 0), I[foot]};
  return out;
}

}  // namespace kneeload
