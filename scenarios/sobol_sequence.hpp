#pragma once
// The Sobol low-discrepancy sequence in up to 128 dimensions (Sobol 1967; Gray-code construction
// of Antonov & Saltykov 1979 as in Bratley & Fox 1988, ACM TOMS 14:88), with the direction numbers
// of Joe & Kuo 2008 (SIAM J Sci Comput 30:2635, file "new-joe-kuo-6.21201"). Used to spread the
// runs of a parameter sweep evenly over the parameter box (docs/sensitivity.md).
#include <Eigen/Core>

#include <cstdint>
#include <vector>

namespace kneeload {

class SobolSequence {
 public:
  static constexpr int kMaxDimensions = 128;
  // Coordinates are 32-bit binary fractions: resolution 2^-32, at most 2^32 − 1 points.
  static constexpr int kBits = 32;

  // A sequence in `dims` dimensions (1..kMaxDimensions; InputError otherwise). seed 0 gives the
  // plain sequence; any other seed XORs every coordinate with a random 32-bit digital shift drawn
  // from std::mt19937_64(seed) (a random digital shift keeps each dimension's net structure).
  // The first point of the plain sequence, (0, ..., 0), is skipped: the first point drawn is
  // (0.5, ..., 0.5).
  explicit SobolSequence(int dims, std::uint64_t seed = 0);

  int getDimensions() const { return dims_; }
  // Index in the full sequence of the last point drawn (0 before the first draw).
  std::uint64_t getIndex() const { return index_; }

  // Writes the next point, coordinates in [0, 1), to point[0..dims-1]. No heap allocation.
  void calcNextPoint(double* point);
  // As above into a vector of size dims (checked; not resized).
  void calcNextPoint(Eigen::VectorXd& point);

 private:
  int dims_;
  std::vector<std::uint32_t> directions_;  // [dims × kBits] v_{d,k} as 32-bit fractions, by dim
  std::vector<std::uint32_t> shift_;       // [dims] digital shift (all 0 when unscrambled)
  std::vector<std::uint32_t> state_;       // [dims] unshifted coordinates of point `index_`
  std::uint64_t index_ = 0;
};

}  // namespace kneeload
