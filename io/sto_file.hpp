#pragma once
// OpenSim storage (.sto) tables of a run's series, for OpenSim's GUI, its Python API and
// opensim.TimeSeriesTable: a header (name, version=1, nRows, nColumns, inDegrees, endheader), then
// a tab-separated column-label line starting with `time` and one line per sample.
#include "scenarios/run_result.hpp"

#include <string>
#include <vector>

namespace kneeload {

struct StoTable {
  std::string name;                        // first header line, e.g. "coordinates"
  bool in_degrees = false;                 // inDegrees=yes|no
  std::vector<std::string> column_labels;  // [c] without the leading "time"
  Eigen::VectorXd time_s;                  // [N] s
  SeriesMatrix data;                       // [N × c], row-major per sample
};

// Writes atomically (temporary file, then rename); InputError naming the path on failure.
void write_sto_file(const std::string& path, const StoTable& table);

// Reads a table written by write_sto_file or OpenSim; InputError naming the path and line.
StoTable read_sto_file(const std::string& path);

// The tables of a run, as OpenSim names them:
//   coordinates.sto     coordinate values, rotations in degrees, translations in m (inDegrees=yes)
//   muscle_forces.sto   muscle tendon forces, N
//   joint_moments.sto   net internal joint moments, N m, labels `<coordinate>_moment`
//   patellofemoral.sto  contact force x, y, z (N, femur frame) and the [N] PF series of §6
std::vector<StoTable> make_sto_tables(const RunResult& result);

// The paths the tables above take in `directory`, in that order.
std::vector<std::string> get_sto_file_paths(const std::string& directory);

// Writes make_sto_tables(result) into the existing folder `directory`, one file per table (names
// above); returns the paths written.
std::vector<std::string> write_sto_files(const std::string& directory, const RunResult& result);

}  // namespace kneeload
