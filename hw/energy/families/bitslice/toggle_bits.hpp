// Bit arithmetic the bit-slice toggle recorders share: words of a width,
// the bits that flip between two values, and the 3-bit digit code {neg,
// two, nz} the EN-T and MBE digit registers of the generated tops hold.
#pragma once
#include <bitset>
#include <cstdint>

namespace tpe::bitslice {

inline uint64_t low_bits(int bits) { return bits >= 64 ? ~uint64_t(0) : (uint64_t(1) << bits) - 1; }
inline uint64_t flips(uint64_t x, uint64_t y, int bits) { return std::bitset<64>((x ^ y) & low_bits(bits)).count(); }
inline uint64_t digit_code(int d) {
  return uint64_t(d != 0) | uint64_t(d == 2 || d == -2) << 1 | uint64_t(d < 0) << 2;
}

}  // namespace tpe::bitslice
