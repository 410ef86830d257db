#pragma once
// The MPI world of `mpirun -n R kneeload sweep ...` (docs/sweeps.md, "MPI"). MPI is initialised
// only when the process was started by an MPI launcher (mpirun/mpiexec/srun set OMPI_COMM_WORLD_SIZE,
// PMIX_RANK or PMI_RANK); otherwise, and in a build without KNEELOAD_WITH_MPI, it is a world of one
// rank and every call is trivial. Finalised when the session ends.
namespace kneeload::app {

class MpiSession {
 public:
  MpiSession();
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;

  int get_rank() const { return rank_; }
  int get_size() const { return size_; }
  bool is_root() const { return rank_ == 0; }
  // Ranks of this world on this machine (to share its cores among them).
  int get_local_size() const { return local_size_; }

  // Collective: true when every rank passes true. Doubles as a barrier.
  bool get_all_agree(bool ok) const;

 private:
  int rank_ = 0;
  int size_ = 1;
  int local_size_ = 1;
  bool initialised_ = false;
};

}  // namespace kneeload::app
