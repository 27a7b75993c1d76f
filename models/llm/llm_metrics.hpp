// Accuracy and identity measures for comparing a scheme's run with fp32.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace tpe {

// Signal-to-quantization-noise ratio accumulated over many tensors:
// 10 log10(sum ref^2 / sum (ref - test)^2), in dB; +inf when identical.
class SqnrMeter {
 public:
  void add(const float* ref, const float* test, size_t n);
  double db() const;
  double max_abs_error() const { return max_abs_; }

 private:
  double signal_ = 0, noise_ = 0, max_abs_ = 0;
};

// FNV-1a 64 over the bit patterns of the floats: equal iff bit-identical (w.h.p.).
uint64_t float_bits_checksum(const std::vector<float>& v);
std::string hex64(uint64_t v);

}  // namespace tpe
