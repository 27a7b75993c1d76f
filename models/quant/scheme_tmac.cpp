#include "models/quant/scheme_tmac.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "models/formats/tmac_format.hpp"
#include "models/quant/scheme_common.hpp"

namespace tpe {
namespace {

class TmacLinear final : public PreparedLinear {
 public:
  TmacLinear(TmacWeights w, int act_group, std::string name)
      : w_(std::move(w)), act_group_(act_group), name_(std::move(name)) {}

  Matrix<float> forward(const Matrix<float>& x, IntGemmEngine&) const override {
    check_activations(x, w_.k, name_);
    const int qpg = act_group_ / 4;
    Matrix<float> y(x.rows, w_.n);
    for (int m = 0; m < x.rows; ++m) {
      const TmacLut lut = tmac_build_lut(x.row(m), w_.k, act_group_);
      for (int n = 0; n < w_.n; ++n) {
        float acc = 0.0f;
        for (int wg = 0; wg < w_.groups.count(); ++wg) {
          const int ag0 = w_.groups.begin(wg) / act_group_;
          const int ag1 = (w_.groups.end(wg) + act_group_ - 1) / act_group_;
          float gsum = 0.0f;
          for (int b = 0; b < w_.bits; ++b) {
            float cb = 0.0f;
            for (int ag = ag0; ag < ag1; ++ag) {
              int32_t isum = 0;
              const int q1 = std::min(w_.quads(), (ag + 1) * qpg);
              for (int qd = ag * qpg; qd < q1; ++qd) isum += lut.qlut[size_t(qd) * 16 + w_.idx(b, n, qd)];
              float v = float(isum) * lut.scale[size_t(ag)];
              if (b == 0) v += lut.bias[size_t(ag)];
              cb += v;
            }
            gsum += std::ldexp(1.0f, b - 1) * cb;
          }
          acc += w_.scale(n, wg) * gsum;
        }
        y(m, n) = acc;
      }
    }
    return y;
  }

 private:
  TmacWeights w_;
  int act_group_;
  std::string name_;
};

}  // namespace

std::unique_ptr<LinearScheme> make_tmac_scheme(int bits, int group_size) {
  if (bits < 2 || bits > 4)
    throw std::invalid_argument(fmt::format("tmac bits = {} is out of range; allowed 2..4", bits));
  if (group_size < 4 || group_size % 4 != 0)
    throw std::invalid_argument(
        fmt::format("tmac group_size = {} is out of range; allowed a positive multiple of 4", group_size));
  const int act_group = std::min(64, group_size);
  if (group_size % act_group != 0)
    throw std::invalid_argument(
        fmt::format("tmac group_size = {} is not allowed; allowed a multiple of 64 or a size <= 64", group_size));
  const std::string name = bits == 4 && group_size == 128 ? "tmac-w4" : fmt::format("tmac-w{}-g{}", bits, group_size);
  return make_scheme(
      name,
      fmt::format("T-MAC: W int{} symmetric per group of {} along K as bit planes of w+2^(b-1) with 4-bit indices; "
                  "X fp32 -> per 4 activations a 16-entry LUT quantized to int8 with one scale per {} activations "
                  "(+ fp32 bias); integer lookup sums per act group, fp32 epilogue: *lut_scale (+bias on plane 0), "
                  "*alphas[b], *s_w, all ascending; no integer GEMM",
                  bits, group_size, act_group),
      [bits, group_size, act_group, name](const Matrix<float>& w) -> std::unique_ptr<PreparedLinear> {
        return std::make_unique<TmacLinear>(tmac_from_symmetric(quantize_symmetric_groups(w, bits, group_size)),
                                            act_group, name);
      });
}

}  // namespace tpe
