#pragma once
// A synthetic RunResult with every series filled by distinct values, and a scratch folder per
// test process, for the results-file tests (no simulation needed).
#include "scenarios/run_result.hpp"

#include <filesystem>
#include <string>
#include <unistd.h>

namespace kneeload::testing {

// Value of series `series` at sample k, column j: distinct, non-round doubles.
inline double make_value(int series, int k, int j) {
  return 0.001 * series + 1.0 / (3.0 + k) + 0.1 * j + 1e-9 * k * j;
}

inline SeriesMatrix make_matrix(int series, int samples, int columns) {
  SeriesMatrix m(samples, columns);
  for (int k = 0; k < samples; ++k)
    for (int j = 0; j < columns; ++j) m(k, j) = make_value(series, k, j);
  return m;
}

inline Eigen::VectorXd make_vector(int series, int samples) {
  return make_matrix(series, samples, 1).col(0);
}

inline RunResult make_synthetic_result(int samples = 7) {
  RunResult r;
  r.meta = {"level_run", "0.1.0", "2026-11-24T03:40:00Z", "scenario = \"level_run\"\n[body]\nmass_kg = 70\n"};
  r.time_s.resize(samples);
  for (int k = 0; k < samples; ++k) r.time_s[k] = 0.057 + 0.001 * k;  // s
  r.coordinates.names = {"pelvis_tx", "pelvis_ty", "pelvis_tilt", "hip_flexion_r", "knee_angle_r",
                         "ankle_angle_r"};
  r.coordinates.units = {"m", "m", "rad", "rad", "rad", "rad"};
  r.coordinates.values = make_matrix(1, samples, 6);
  r.coordinates.speeds = make_matrix(2, samples, 6);
  r.muscles.names = {"glmax_r", "iliopsoas_r", "hamstrings_r", "bfsh_r", "recfem_r", "vasmed_r",
                     "vaslat_r", "vasint_r", "gasmed_r", "soleus_r", "tibant_r"};
  r.muscles.activation = make_matrix(3, samples, 11);
  r.muscles.force_N = make_matrix(4, samples, 11);
  r.joints.names = {"hip_flexion_r", "knee_angle_r", "ankle_angle_r"};
  r.joints.moment_Nm = make_matrix(5, samples, 3);
  r.ground.force_N = make_matrix(6, samples, 3);
  r.ground.force_terrain_N = make_matrix(7, samples, 2);
  r.ground.cop_m = make_matrix(8, samples, 3);
  auto& pf = r.patellofemoral;
  pf.contact_force_N = make_matrix(9, samples, 3);
  pf.contact_force_bw = make_vector(10, samples);
  pf.peak_pressure_MPa = make_vector(11, samples);
  pf.mean_pressure_MPa = make_vector(12, samples);
  pf.contact_area_mm2 = make_vector(13, samples);
  pf.lateral_fraction = make_vector(14, samples);
  pf.patellar_tendon_force_N = make_vector(15, samples);
  pf.quadriceps_force_N = make_vector(16, samples);
  r.control.residual_names = {"pelvis_tx", "pelvis_ty"};
  r.control.residual_force_N = make_matrix(17, samples, 2);
  r.control.reserve_names = r.joints.names;
  r.control.reserve_moment_Nm = make_matrix(18, samples, 3);
  r.control.tracking_names = {"pelvis_tilt", "hip_flexion_r", "knee_angle_r", "ankle_angle_r"};
  r.control.tracking_error_rad = make_matrix(19, samples, 4);
  r.summary = calc_run_summary(r, 70.0);
  return r;
}

// A fresh folder for this test process, removed with its contents at scope exit.
struct ScratchFolder {
  std::filesystem::path path;
  explicit ScratchFolder(const std::string& stem)
      : path(std::filesystem::temp_directory_path() /
             (stem + "_" + std::to_string(getpid()))) {
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~ScratchFolder() {
    std::error_code error;
    std::filesystem::remove_all(path, error);
  }
  std::string file(const std::string& name) const { return (path / name).string(); }
  int count_entries() const {
    int count = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(path)) ++count;
    return count;
  }
};

}  // namespace kneeload::testing
