#pragma once
// The terrain of each scenario (DESIGN §3.7): flat ground, a plane at terrain.slope_deg (the
// terrain is tilted, not gravity), or stairs of terrain.step_rise_m × terrain.step_tread_m going
// up or down along +X. All implement the Terrain interface of models/foot_contact.hpp: the
// local plane under a contact sphere's centre. Stairs have real step edges: the plane is that of
// the surface feature nearest to the centre (tread top, riser face, or the nosing edge, whose
// plane is normal to the line from the edge to the centre), so that a sphere's penetration
// r − n·(c − p) is its true overlap with the step. docs/scenarios.md, "Terrain".
#include <Eigen/Core>
#include <memory>
#include <vector>

#include "models/foot_contact.hpp"

namespace kneeload {

class Parameters;

enum class TerrainKind { flat, slope, stairs_up, stairs_down };

struct TerrainSpec {
  TerrainKind kind = TerrainKind::flat;
  double slope_rad = 0.0;        // slope only; negative = downhill along +X (−20°…0°)
  double step_rise_m = 0.17;     // stairs only (0.10–0.25 m)
  double step_tread_m = 0.28;    // stairs only (0.20–0.40 m)
  double first_riser_x_m = 0.0;  // stairs: X of the first riser; flat ground y = 0 before it
  int num_steps = 8;             // stairs: steps before the landing (≥ 1)
};

// The terrain of a scenario from its resolved parameters: level_run and level_walk flat,
// downhill_run a slope at terrain.slope_deg, stair_ascent / stair_descent stairs up / down.
TerrainSpec make_terrain_spec(const Parameters& params);

// Validates (InputError naming the terrain key and its range) and builds the terrain.
std::unique_ptr<Terrain> make_terrain(const TerrainSpec& spec);

// Stairs along +X, extruded along Z. Step k = 1..num_steps has its riser at
// x_k = first_riser_x + (k − 1)·tread and its tread top at y_k = ±k·rise over [x_k, x_k + tread)
// (+ ascending, − descending); ground y = 0 before the first riser and a landing at
// ±num_steps·rise after the last tread, each 100 m long.
class StairsTerrain final : public Terrain {
 public:
  StairsTerrain(double step_rise_m, double step_tread_m, bool ascending, double first_riser_x_m,
                int num_steps);

  TerrainPlane calcLocalPlane(const Eigen::Vector3d& p_m) const override;

  // Height of the tread surface at x (m): the step-function profile.
  double calc_height_m(double x_m) const;
  // X of the riser of step k (1…num_steps), m.
  double get_riser_x_m(int step) const { return edge_x_m_[step]; }
  // Height of tread k (0 = ground before the stairs, num_steps = landing), m.
  double get_tread_height_m(int step) const { return tread_y_m_[step]; }

 private:
  // Profile: tread i spans [edge_x_m_[i], edge_x_m_[i + 1]) at height tread_y_m_[i];
  // riser i (i ≥ 1) is the vertical segment at edge_x_m_[i] between tread i − 1 and tread i.
  std::vector<double> edge_x_m_;   // [num_steps + 2] (first and last: the far ends)
  std::vector<double> tread_y_m_;  // [num_steps + 1]
};

}  // namespace kneeload
