#include "models/patellofemoral_spec.hpp"

#include "solver/errors.hpp"

#include <fmt/format.h>

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

namespace kneeload::models {
namespace {

std::map<std::string, double> read_key_value_csv(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InputError(fmt::format("cannot open the knee geometry table '{}'", path));
  std::map<std::string, double> table;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#' || line.rfind("key,", 0) == 0) continue;
    std::istringstream row(line);
    std::string key, value;
    std::getline(row, key, ',');
    std::getline(row, value, ',');
    try {
      table[key] = std::stod(value);
    } catch (const std::exception&) {
      throw InputError(fmt::format("{}: key '{}' has a non-numeric value '{}'", path, key, value));
    }
  }
  return table;
}

}  // namespace

PatellofemoralSpec load_lenhart2015_patellofemoral_spec(const std::string& csv_path) {
  const auto table = read_key_value_csv(csv_path);
  auto get = [&](const std::string& key) {
    auto it = table.find(key);
    if (it == table.end())
      throw InputError(fmt::format("{}: key '{}' is missing", csv_path, key));
    return it->second;
  };
  auto get3 = [&](const std::string& prefix) {
    return Eigen::Vector3d(get(prefix + ".x"), get(prefix + ".y"), get(prefix + ".z"));
  };

  // The Blankevoort 1991 law of one tendon or ligament bundle, keys <k>.slack_length etc.
  auto read_line_law = [&](const std::string& k, auto& bundle) {
    bundle.slack_length_m = get(k + ".slack_length");
    bundle.linear_stiffness_N = get(k + ".linear_stiffness");
    bundle.transition_strain = get(k + ".transition_strain");
  };

  PatellofemoralSpec spec;
  for (int i = 1; i <= 6; ++i) {
    const std::string k = fmt::format("pt{}", i);
    TendonBundleSpec b;
    b.name = fmt::format("PT{}", i);
    b.patella_point_m = get3(k + ".patella");
    b.tibia_point_m = get3(k + ".tibia");
    read_line_law(k, b);
    spec.tendon_bundles.push_back(b);
  }
  // Patellofemoral ligaments, lateral then medial (Lenhart 2015: k = 150 N per unit strain each).
  for (const char* side : {"lPFL", "mPFL"}) {
    const int count = static_cast<int>(get(side[0] == 'l' ? "pfl.lateral_count" : "pfl.medial_count"));
    for (int i = 1; i <= count; ++i) {
      LigamentBundleSpec l;
      l.name = fmt::format("{}{}", side, i);
      const std::string k = fmt::format("{}pfl{}", side[0], i);
      l.femur_point_m = get3(k + ".femur");
      l.patella_point_m = get3(k + ".patella");
      read_line_law(k, l);
      spec.ligaments.push_back(l);
    }
  }
  for (const char* name : {"vasmed", "vaslat", "vasint", "recfem"}) {
    QuadricepsMuscleSpec m;
    m.name = name;
    m.via_point_m = get3(m.name + ".via");
    m.insertion_point_m = get3(m.name + ".insertion");
    m.max_isometric_force_N = get(m.name + ".max_isometric_force");
    m.wrap_centre_x_m = get(m.name + ".wrap_centre.x");
    m.wrap_centre_y_m = get(m.name + ".wrap_centre.y");
    m.wrap_radius_m = get(m.name + ".wrap_radius");
    spec.quadriceps.push_back(m);
  }
  spec.patella_rest_translation_m = get3("patella.rest_translation");
  spec.patella_mass_fraction = get("patella.mass_fraction");

  TrochleaSpec& t = spec.trochlea;
  t.centre_x_m = get("trochlea.centre.x");
  t.centre_y_m = get("trochlea.centre.y");
  t.groove_radius_m = get("trochlea.groove_radius");
  t.sulcus_z_m = get("trochlea.sulcus.z");
  // Curved facets fitted to the femur mesh (derive_knee_geometry.py): the inclines at the floor
  // set the sulcus angle and the asymmetry, the curvatures bend each facet.
  const double incline_lateral = std::atan(get("trochlea.facet_fit.lateral_slope"));   // rad
  const double incline_medial = std::atan(get("trochlea.facet_fit.medial_slope"));     // rad
  t.sulcus_angle_deg = 180.0 - (incline_lateral + incline_medial) * 180.0 / 3.14159265358979323846;
  t.lateral_incline_share = incline_lateral / (incline_lateral + incline_medial);
  t.lateral_facet_curvature_per_m = get("trochlea.facet_fit.lateral_curvature");
  t.medial_facet_curvature_per_m = get("trochlea.facet_fit.medial_curvature");

  PatellaSurfaceSpec& p = spec.patella;
  p.ridge_x_m = get("patella.facet_fit.ridge_x");
  p.ridge_radius_m = get("patella.facet_fit.ridge_radius");
  p.ridge_z_m = get("patella.ridge.z");
  p.centre_y_m = get("patella.centre.y");
  p.centre_z_m = get("patella.centre.z");
  p.width_m = get("patella.articular_width");
  p.height_m = get("patella.articular_height");
  // One second-order surface per facet fitted to the patellar cartilage mesh: slope at the
  // ridge, curvature and twist of each facet, sagittal slope and curvatures about the apex.
  p.lateral_facet_slope = get("patella.facet_fit.lateral_slope");
  p.medial_facet_slope = get("patella.facet_fit.medial_slope");
  p.lateral_facet_curvature_per_m = get("patella.facet_fit.lateral_curvature");
  p.medial_facet_curvature_per_m = get("patella.facet_fit.medial_curvature");
  p.apex_y_m = get("patella.ridge_apex.y");
  p.superior_curvature_per_m = get("patella.facet_fit.superior_curvature");
  p.inferior_curvature_per_m = get("patella.facet_fit.inferior_curvature");
  p.sagittal_slope = get("patella.facet_fit.sagittal_slope");
  p.lateral_facet_twist_per_m = get("patella.facet_fit.lateral_twist");
  p.medial_facet_twist_per_m = get("patella.facet_fit.medial_twist");
  return spec;
}

}  // namespace kneeload::models
