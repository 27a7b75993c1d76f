// A stable 64-bit content hash (FNV-1a) for cache keys: not cryptographic,
// only needs to change whenever the hashed text changes.
#pragma once
#include <cstdint>
#include <string>

#include <fmt/format.h>

namespace tpe {

inline uint64_t fnv1a64(const std::string& text, uint64_t h = 1469598103934665603ull) {
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

inline std::string hash_hex(const std::string& text) { return fmt::format("{:016x}", fnv1a64(text)); }

}  // namespace tpe
