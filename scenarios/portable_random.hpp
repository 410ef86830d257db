#pragma once
// Random draws that give the same numbers with every standard library: std::mt19937_64 is fully
// specified by the C++ standard, but std::uniform_*_distribution is not (libstdc++, libc++ and
// MSVC differ), so sample designs and bootstraps convert the raw 64-bit words here themselves.
#include <cstdint>
#include <random>

namespace kneeload {

// A uniform double in [0, 1) from the top 53 bits of one 64-bit word (every value a multiple of
// 2^-53, so 1.0 is never returned).
inline double draw_unit_uniform(std::mt19937_64& rng) {
  return static_cast<double>(rng() >> 11) * 0x1.0p-53;
}

// A uniform integer in [0, bound), bound ≥ 1, without modulo bias: words below 2^64 mod bound
// are rejected so that every residue is equally likely (at most half the words when bound > 2^63).
inline std::uint64_t draw_index_below(std::mt19937_64& rng, std::uint64_t bound) {
  const std::uint64_t threshold = (0 - bound) % bound;  // = 2^64 mod bound
  for (;;) {
    const std::uint64_t word = rng();
    if (word >= threshold) return word % bound;
  }
}

}  // namespace kneeload
