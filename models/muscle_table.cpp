#include "models/muscle_table.hpp"

#include "models/data_table.hpp"
#include "solver/errors.hpp"

namespace kneeload {

std::vector<MuscleTableRow> read_muscle_table(const std::string& path_in) {
  const std::string path = path_in.empty() ? data_file_path("muscles_rajagopal2015.csv") : path_in;
  const DataTable t = DataTable::read(path);
  std::vector<MuscleTableRow> rows;
  for (int r = 0; r < t.rows(); ++r) {
    MuscleTableRow row;
    row.name = t.text(r, "name");
    MuscleParameters& p = row.parameters;
    p.max_isometric_force_N = t.number(r, "max_isometric_force_N");
    p.optimal_fiber_length_m = t.number(r, "optimal_fiber_length_m");
    p.tendon_slack_length_m = t.number(r, "tendon_slack_length_m");
    p.pennation_at_optimal_rad = t.number(r, "pennation_angle_at_optimal_rad");
    p.max_contraction_velocity_per_s = t.number(r, "max_contraction_velocity");
    try {
      validateMuscleParameters(p, row.name);
    } catch (const InputError& e) {
      throw InputError(fmt::format("{}: {}", t.where(r), e.what()));
    }
    const std::string& groups = t.text(r, "strength_groups");  // separated by ';'
    std::size_t begin = 0;
    while (begin <= groups.size()) {
      const std::size_t end = std::min(groups.find(';', begin), groups.size());
      if (end > begin) row.strength_groups.push_back(groups.substr(begin, end - begin));
      begin = end + 1;
    }
    rows.push_back(std::move(row));
  }
  if (rows.empty()) throw InputError(fmt::format("{}: no muscles", path));
  return rows;
}

}  // namespace kneeload
