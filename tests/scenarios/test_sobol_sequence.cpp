// Sobol sequence (scenarios/sobol_sequence.hpp): published points, the per-dimension (0, k, 1)-net
// property of base-2 digital sequences, equidistribution, a second implementation, and the
// digital-shift scramble.
#include "scenarios/sobol_sequence.hpp"

#include "solver/errors.hpp"
#include "tests/heap_allocation_counter.hpp"

#include <boost/random/sobol.hpp>
#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

using kneeload::SobolSequence;

namespace {

// The first `count` points (origin skipped), row by row: [count × dims].
std::vector<std::vector<double>> draw_points(int dims, int count, std::uint64_t seed = 0) {
  SobolSequence sequence(dims, seed);
  std::vector<std::vector<double>> points(count, std::vector<double>(dims));
  for (auto& point : points) sequence.calcNextPoint(point.data());
  return points;
}

// True if values [2^k] put exactly one point in each dyadic interval [m/2^k, (m+1)/2^k).
bool has_one_point_per_dyadic_interval(const std::vector<double>& values, int k) {
  std::vector<int> count(std::size_t{1} << k, 0);
  for (const double value : values) {
    if (!(value >= 0 && value < 1)) return false;
    ++count[static_cast<std::size_t>(value * static_cast<double>(count.size()))];
  }
  for (const int c : count)
    if (c != 1) return false;
  return true;
}

}  // namespace

TEST_CASE("Sobol: the first points of dimensions 1-3 equal the published sequence",
          "[sobol]") {
  // Joe & Kuo 2008 direction numbers (new-joe-kuo-6.21201) in Gray-code order, origin skipped;
  // the same values are printed by Joe & Kuo's reference program sobol.cc and by
  // scipy.stats.qmc.Sobol(d=3, scramble=False) after its first row.
  const double published[7][3] = {{0.5, 0.5, 0.5},       {0.75, 0.25, 0.25},
                                  {0.25, 0.75, 0.75},    {0.375, 0.375, 0.625},
                                  {0.875, 0.875, 0.125}, {0.625, 0.125, 0.875},
                                  {0.125, 0.625, 0.375}};
  const auto points = draw_points(3, 7);
  for (int n = 0; n < 7; ++n)
    for (int d = 0; d < 3; ++d) {
      INFO("point " << n + 1 << ", dimension " << d + 1);
      CHECK(points[n][d] == published[n][d]);
    }
}

TEST_CASE("Sobol: each dimension of the first 2^k points of the sequence is a (0,k,1)-net "
          "(one point per dyadic interval of length 2^-k)", "[sobol]") {
  // The net is the points of index 0 .. 2^k − 1, i.e. the skipped origin and the first 2^k − 1
  // points drawn; each aligned block of indices j·2^k .. (j+1)·2^k − 1 is a net too (Sobol 1967),
  // which the drawn points 2^k .. 2^(k+1) − 1 show without the origin.
  const int dims = SobolSequence::kMaxDimensions;
  for (const int k : {1, 2, 5, 10, 12}) {
    const int size = 1 << k;
    const auto points = draw_points(dims, 2 * size);
    for (int d = 0; d < dims; ++d) {
      std::vector<double> first_block{0.0};  // index 0, the skipped origin
      std::vector<double> second_block;
      for (int n = 1; n < size; ++n) first_block.push_back(points[n - 1][d]);
      for (int n = size; n < 2 * size; ++n) second_block.push_back(points[n - 1][d]);
      INFO("k = " << k << ", dimension " << d + 1);
      CHECK(has_one_point_per_dyadic_interval(first_block, k));
      CHECK(has_one_point_per_dyadic_interval(second_block, k));
    }
  }
}

TEST_CASE("Sobol: the mean of 1024 points is within 1e-3 of 0.5 in every dimension "
          "(equidistribution)", "[sobol]") {
  // Plain: the net of indices 0..1023 is {k/1024} (mean 0.5 − 0.5/1024) and point 1024 replaces
  // the origin (+ at most 1/1024). Shifted: the net's low bits add at most 1/1024 more, so the
  // bound there is 1.5/1024.
  const int dims = SobolSequence::kMaxDimensions;
  for (const std::uint64_t seed : {std::uint64_t{0}, std::uint64_t{42}}) {
    const auto points = draw_points(dims, 1024, seed);
    const double margin = seed == 0 ? 1e-3 : 1.5 / 1024;
    for (int d = 0; d < dims; ++d) {
      double sum = 0;
      for (const auto& point : points) sum += point[d];
      INFO("seed " << seed << ", dimension " << d + 1);
      CHECK(sum / 1024 == Approx(0.5).margin(margin));
    }
  }
}

TEST_CASE("Sobol: all 128 dimensions agree bit for bit with Boost.Random's sobol_engine (a "
          "second implementation of the Joe-Kuo sequence)", "[sobol]") {
  // Boost's table is derived from the same new-joe-kuo-6.21201 file; this checks the recurrence and
  // the Gray-code order of every dimension over 4096 points.
  const int dims = SobolSequence::kMaxDimensions, count = 4096;
  boost::random::sobol_engine<std::uint32_t, 32> boost_sequence(dims);
  const auto points = draw_points(dims, count);
  int mismatches = 0;
  for (int n = 0; n < count; ++n)
    for (int d = 0; d < dims; ++d)
      if (points[n][d] != boost_sequence() / 4294967296.0) ++mismatches;
  CHECK(mismatches == 0);
}

TEST_CASE("Sobol: a seed applies one digital shift per dimension, deterministic, and seed 0 is "
          "the plain sequence", "[sobol]") {
  const auto plain = draw_points(5, 64, 0);
  const auto shifted = draw_points(5, 64, 7);
  CHECK(draw_points(5, 64, 7) == shifted);
  CHECK(draw_points(5, 64, 8) != shifted);
  for (int d = 0; d < 5; ++d) {
    // XOR by a constant: plain ⊕ shifted is the same 32-bit word for every point.
    const auto word = [](double x) { return static_cast<std::uint32_t>(x * 4294967296.0); };
    const std::uint32_t shift = word(plain[0][d]) ^ word(shifted[0][d]);
    CHECK(shift != 0);
    for (int n = 0; n < 64; ++n) CHECK((word(plain[n][d]) ^ word(shifted[n][d])) == shift);
  }
  // The shift keeps the net: the origin's shifted image plus the first 63 points.
  std::vector<double> net{(static_cast<std::uint32_t>(plain[0][0] * 4294967296.0) ^
                           static_cast<std::uint32_t>(shifted[0][0] * 4294967296.0)) /
                          4294967296.0};
  for (int n = 0; n < 63; ++n) net.push_back(shifted[n][0]);
  CHECK(has_one_point_per_dyadic_interval(net, 6));
}

TEST_CASE("Sobol: drawing a point allocates no heap memory and bad dimensions are an InputError",
          "[sobol]") {
  SobolSequence sequence(40, 3);
  std::vector<double> point(40);
  const long before = kneeload::test::get_heap_allocation_count();
  for (int n = 0; n < 1000; ++n) sequence.calcNextPoint(point.data());
  CHECK(kneeload::test::get_heap_allocation_count() - before == 0);
  CHECK(sequence.getIndex() == 1000);
  CHECK_THROWS_AS(SobolSequence(0), kneeload::InputError);
  CHECK_THROWS_AS(SobolSequence(SobolSequence::kMaxDimensions + 1), kneeload::InputError);
}
