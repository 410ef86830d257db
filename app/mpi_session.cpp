// MPI world for sweeps (app/mpi_session.hpp). Without KNEELOAD_WITH_MPI: one rank.
#include "app/mpi_session.hpp"

#include <cstdlib>

#ifdef KNEELOAD_WITH_MPI
#define OMPI_SKIP_MPICXX 1  // the C API only: no link to the deprecated C++ bindings
#define MPICH_SKIP_MPICXX 1
#include <mpi.h>
#endif

namespace kneeload::app {
namespace {

bool is_started_by_mpi_launcher() {
  return std::getenv("OMPI_COMM_WORLD_SIZE") != nullptr || std::getenv("PMIX_RANK") != nullptr ||
         std::getenv("PMI_RANK") != nullptr;
}

int get_env_int(const char* name, int fallback) {
  const char* text = std::getenv(name);
  return text != nullptr && std::atoi(text) > 0 ? std::atoi(text) : fallback;
}

}  // namespace

MpiSession::MpiSession() {
#ifdef KNEELOAD_WITH_MPI
  if (!is_started_by_mpi_launcher()) return;
  int already = 0;
  MPI_Initialized(&already);
  if (!already) {
    MPI_Init(nullptr, nullptr);
    initialised_ = true;
  }
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
  local_size_ = get_env_int("OMPI_COMM_WORLD_LOCAL_SIZE", get_env_int("SLURM_NTASKS_PER_NODE", 1));
#else
  (void)is_started_by_mpi_launcher;
  (void)get_env_int;
#endif
}

MpiSession::~MpiSession() {
#ifdef KNEELOAD_WITH_MPI
  if (initialised_) MPI_Finalize();
#endif
}

bool MpiSession::get_all_agree(bool ok) const {
#ifdef KNEELOAD_WITH_MPI
  if (size_ > 1) {
    int mine = ok ? 1 : 0, all = 0;
    MPI_Allreduce(&mine, &all, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    return all == 1;
  }
#endif
  return ok;
}

}  // namespace kneeload::app
