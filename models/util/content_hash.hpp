// The one content hash of tpe, for cache keys and content-addressed names
// (synthesis, Verilator and RTL caches): 128-bit FNV-1a, two 64-bit FNV-1a
// lanes with different offset bases. Not cryptographic; collisions only matter
// between runs of the same user. It only needs to change whenever the hashed
// content changes.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

namespace tpe {

class ContentHash {
 public:
  ContentHash& add(const std::string& field);  // length-prefixed, so fields cannot run together
  ContentHash& add(double v);
  std::string hex() const;                     // 32 hex digits

 private:
  uint64_t a_ = 0xcbf29ce484222325ULL;
  uint64_t b_ = 0x84222325cbf29ce4ULL;
  void bytes(const void* p, size_t n);
};

}  // namespace tpe
