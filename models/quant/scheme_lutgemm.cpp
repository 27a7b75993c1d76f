#include "models/quant/scheme_lutgemm.hpp"

#include <stdexcept>

#include <fmt/format.h>

#include "models/formats/float_formats.hpp"
#include "models/formats/int_formats.hpp"
#include "models/formats/lutgemm_format.hpp"
#include "models/quant/scheme_common.hpp"

namespace tpe {
namespace {

class LutGemmLinear final : public PreparedLinear {
 public:
  LutGemmLinear(LutGemmWeights w, std::string name) : w_(std::move(w)), name_(std::move(name)) {}

  Matrix<float> forward(const Matrix<float>& x, IntGemmEngine&) const override {
    check_activations(x, w_.k, name_);
    const int chunks = (w_.k + 7) / 8;
    Matrix<float> y(x.rows, w_.n);
    std::vector<std::array<float, 256>> luts(static_cast<size_t>(chunks));
    for (int m = 0; m < x.rows; ++m) {
      for (int c = 0; c < chunks; ++c) {
        float x16[8];
        for (int j = 0; j < 8; ++j) x16[j] = 8 * c + j < w_.k ? round_to_fp16(x(m, 8 * c + j)) : 0.0f;
        luts[size_t(c)] = lutgemm_build_lut(x16);
      }
      for (int n = 0; n < w_.n; ++n) {
        float acc = 0.0f;
        for (int g = 0; g < w_.groups.count(); ++g) {
          const int c0 = w_.groups.begin(g) / 8, c1 = (w_.groups.end(g) + 7) / 8;
          for (int b = 0; b < w_.bits; ++b) {
            float t = 0.0f;
            for (int c = c0; c < c1; ++c) {
              const uint32_t byte = (w_.word(c / 4, b, n) >> (8 * (c % 4))) & 255u;
              t = fp16_add(t, luts[size_t(c)][byte]);
            }
            acc = fp16_add(acc, fp16_mul(w_.alpha_at(g, b, n), t));
          }
          float tb = 0.0f;
          for (int c = c0; c < c1; ++c) tb = fp16_add(tb, luts[size_t(c)][255]);
          acc = fp16_add(acc, fp16_mul(w_.bias_at(g, n), tb));
        }
        y(m, n) = acc;
      }
    }
    return y;
  }

 private:
  LutGemmWeights w_;
  std::string name_;
};

}  // namespace

std::unique_ptr<LinearScheme> make_lutgemm_scheme(int bits, int group_size) {
  check_int_bits(bits, "lutgemm bits");
  if (bits > 8) throw std::invalid_argument(fmt::format("lutgemm bits = {} is out of range; allowed 2..8", bits));
  if (group_size < 8 || group_size % 8 != 0)
    throw std::invalid_argument(
        fmt::format("lutgemm group_size = {} is out of range; allowed a positive multiple of 8", group_size));
  const std::string name =
      bits == 4 && group_size == 128 ? "lutgemm-bcq" : fmt::format("lutgemm-bcq-w{}-g{}", bits, group_size);
  return make_scheme(
      name,
      fmt::format("LUT-GEMM: W uint{} asymmetric (llm-awq) per group of {} along K, stored as bit planes + fp16 alpha "
                  "+ fp16 q_bias; X rounded to fp16; per 8 activations a 256-entry fp16 LUT (direct for p<64, "
                  "doubling recurrence above); per (m,n), g ascending, b ascending: t = fp16 sum of lookups, "
                  "y = fp16(y + fp16(alpha*t)), then the q_bias term; all fp16, no integer GEMM",
                  bits, group_size),
      [bits, group_size, name](const Matrix<float>& w) -> std::unique_ptr<PreparedLinear> {
        return std::make_unique<LutGemmLinear>(lutgemm_from_uniform(quantize_asymmetric_groups(w, bits, group_size)),
                                               name);
      });
}

}  // namespace tpe
