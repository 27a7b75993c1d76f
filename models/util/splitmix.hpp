// splitmix64 (Steele, Lea, Flood 2014): the project's seeded generator where a
// result must be the same bits on every platform (std::*_distribution is not).
#pragma once
#include <cstdint>

namespace tpe {

inline uint64_t splitmix64(uint64_t& s) {
  uint64_t z = (s += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

// A uniform double in [0, 1) from the top 53 bits.
inline double splitmix_unit(uint64_t& s) { return double(splitmix64(s) >> 11) * 0x1.0p-53; }

}  // namespace tpe
