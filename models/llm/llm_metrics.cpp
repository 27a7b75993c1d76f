#include "models/llm/llm_metrics.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include <fmt/format.h>

namespace tpe {

void SqnrMeter::add(const float* ref, const float* test, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    const double r = ref[i], e = double(ref[i]) - double(test[i]);
    signal_ += r * r;
    noise_ += e * e;
    max_abs_ = std::max(max_abs_, std::fabs(e));
  }
}

double SqnrMeter::db() const {
  if (noise_ == 0) return std::numeric_limits<double>::infinity();
  return 10.0 * std::log10(signal_ / noise_);
}

uint64_t float_bits_checksum(const std::vector<float>& v) {
  uint64_t h = 1469598103934665603ull;
  for (float f : v) {
    uint32_t bits;
    std::memcpy(&bits, &f, sizeof bits);
    for (int b = 0; b < 4; ++b) {
      h ^= (bits >> (8 * b)) & 0xffu;
      h *= 1099511628211ull;
    }
  }
  return h;
}

std::string hex64(uint64_t v) { return fmt::format("0x{:016x}", v); }

}  // namespace tpe
