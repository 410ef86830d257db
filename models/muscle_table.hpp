#pragma once
// The muscle parameter table of the sagittal right leg, data/muscles_rajagopal2015.csv (made by
// data/scripts/derive_muscles.py from Rajagopal et al. 2015, IEEE TBME 63:2068): max isometric
// force, optimal fibre length, tendon slack length, pennation, max contraction velocity and the
// strength groups (DESIGN §4 muscle.strength.<group>) of each muscle. docs/model/muscle_paths.md.
#include "models/hill_muscle.hpp"

#include <string>
#include <vector>

namespace kneeload {

struct MuscleTableRow {
  std::string name;                          // e.g. "vasmed"
  MuscleParameters parameters;               // strength 1, rigid tendon
  std::vector<std::string> strength_groups;  // e.g. {"quadriceps", "vastus_medialis"}
};

// Reads the table (default path in data/); InputError names the file and the line on failure.
std::vector<MuscleTableRow> read_muscle_table(const std::string& path = "");

}  // namespace kneeload
