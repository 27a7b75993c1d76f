#include "models/util/content_hash.hpp"

#include <cstdio>

namespace tpe {

void ContentHash::bytes(const void* p, size_t n) {
  const auto* c = static_cast<const unsigned char*>(p);
  constexpr uint64_t prime = 0x100000001b3ULL;
  for (size_t i = 0; i < n; ++i) {
    a_ = (a_ ^ c[i]) * prime;
    b_ = (b_ ^ c[i]) * prime;
  }
}

ContentHash& ContentHash::add(const std::string& field) {
  const uint64_t n = field.size();
  bytes(&n, sizeof n);
  bytes(field.data(), field.size());
  return *this;
}

ContentHash& ContentHash::add(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);  // exact and locale-independent enough
  return add(std::string(buf));
}

std::string ContentHash::hex() const {
  char buf[33];
  std::snprintf(buf, sizeof buf, "%016llx%016llx", (unsigned long long)a_, (unsigned long long)b_);
  return buf;
}

}  // namespace tpe
