// sweep_compare A.h5 B.h5: exit 0 when the two sweep files hold the same runs (params, status,
// reasons, every metric bit for bit, NaN equal to NaN); else print the first difference, exit 1.
// Used by the MPI sweep test (tests/app/mpi_sweep_check.cmake).
#include "io/sweep_file.hpp"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <exception>

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: sweep_compare A.h5 B.h5\n");
    return 2;
  }
  try {
    const kneeload::SweepTable a = kneeload::read_sweep_table(argv[1]);
    const kneeload::SweepTable b = kneeload::read_sweep_table(argv[2]);
    if (a.params != b.params || a.status != b.status || a.failure_reason != b.failure_reason ||
        a.metrics.rows() != b.metrics.rows() || a.param_keys != b.param_keys) {
      std::fprintf(stderr, "params, status or reasons differ\n");
      return 1;
    }
    for (Eigen::Index i = 0; i < a.metrics.rows(); ++i)
      for (Eigen::Index m = 0; m < a.metrics.cols(); ++m) {
        const double x = a.metrics(i, m), y = b.metrics(i, m);
        if (!(std::isnan(x) && std::isnan(y)) && std::memcmp(&x, &y, sizeof x) != 0) {
          std::fprintf(stderr, "run %ld metric %s: %.17g vs %.17g\n", long(i),
                       a.metric_names[size_t(m)].c_str(), x, y);
          return 1;
        }
      }
    std::printf("%ld runs identical (%ld ok)\n", long(a.status.size()),
                long((a.status.array() == 1).count()));
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "sweep_compare: %s\n", e.what());
    return 1;
  }
}
