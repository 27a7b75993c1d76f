// Little-endian packing of operand and result elements as they lie in
// platform memory (sizes in sim/tlm/register_map.hpp). Shared by the engine
// and by software-side code (testbenches, the example platform's CPU).
#pragma once
#include <cstdint>
#include <cstring>

namespace tpe::tlm_regs {

inline void store_le(unsigned char* p, int64_t v, unsigned bytes) {
  const uint64_t u = uint64_t(v);
  for (unsigned i = 0; i < bytes; ++i) p[i] = static_cast<unsigned char>(u >> (8 * i));
}

// Reads `bytes` little-endian bytes, sign-extended when `is_signed`.
inline int64_t load_le(const unsigned char* p, unsigned bytes, bool is_signed) {
  uint64_t u = 0;
  for (unsigned i = 0; i < bytes; ++i) u |= uint64_t(p[i]) << (8 * i);
  if (is_signed && bytes < 8 && (u >> (8 * bytes - 1)) & 1) u |= ~uint64_t(0) << (8 * bytes);
  return int64_t(u);
}

}  // namespace tpe::tlm_regs
