#include "models/quant/scheme_w4a16.hpp"

#include <stdexcept>

#include <fmt/format.h>

#include "models/formats/float_formats.hpp"
#include "models/quant/quantizers.hpp"
#include "models/quant/scheme_common.hpp"

namespace tpe {
namespace {

class W4A16Linear final : public PreparedLinear {
 public:
  W4A16Linear(Matrix<float> w16, std::string name) : w16_(std::move(w16)), name_(std::move(name)) {}
  Matrix<float> forward(const Matrix<float>& x, IntGemmEngine&) const override {
    check_activations(x, w16_.cols, name_);
    Matrix<float> x16 = x;
    for (auto& v : x16.data) v = round_to_fp16(v);
    return w4a16_dot(x16, w16_);
  }

 private:
  Matrix<float> w16_;  // fp16-valued dequantized weights
  std::string name_;
};

}  // namespace

float w4a16_scaled_zero(float s16, int z) { return round_to_fp16(-(double(s16) * z)); }

float w4a16_dequant(int q, float s16, float scaled_zero) { return fp16_fma(float(q), s16, scaled_zero); }

// Exact fp16 products, fp32 sum over k ascending.
Matrix<float> w4a16_dot(const Matrix<float>& x16, const Matrix<float>& w16) { return fp32_matmul_nt(x16, w16); }

std::unique_ptr<LinearScheme> make_w4a16_scheme(int group_size) {
  if (group_size < 1)
    throw std::invalid_argument(fmt::format("w4a16 group_size = {} is out of range; allowed 1..2^24", group_size));
  const std::string name = group_size == 128 ? "w4a16" : fmt::format("w4a16-g{}", group_size);
  return make_scheme(
      name,
      fmt::format("W uint4 asymmetric (llm-awq quantizer, fp32) per (n, group of {} along K; last group shorter); "
                  "s16 = fp16(s), scaled_zeros = fp16(-(s16*z)), w16 = fp16 fma(q, s16, scaled_zeros); X rounded to "
                  "fp16; y = sum over k ascending of x16*w16 (exact products) in fp32; no integer GEMM",
                  group_size),
      [group_size, name](const Matrix<float>& w) -> std::unique_ptr<PreparedLinear> {
        const GroupQuant q = quantize_asymmetric_groups(w, 4, group_size);
        Matrix<float> w16(w.rows, w.cols);
        for (int n = 0; n < w.rows; ++n)
          for (int g = 0; g < q.groups.count(); ++g) {
            const float s16 = round_to_fp16(q.scale(n, g));
            const float sz16 = w4a16_scaled_zero(s16, q.zero(n, g));
            for (int k = q.groups.begin(g); k < q.groups.end(g); ++k) w16(n, k) = w4a16_dequant(q.q(n, k), s16, sz16);
          }
        return std::make_unique<W4A16Linear>(std::move(w16), name);
      });
}

}  // namespace tpe
