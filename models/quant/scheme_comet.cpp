#include "models/quant/scheme_comet.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include <fmt/format.h>

#include "models/formats/int_formats.hpp"
#include "models/quant/quant_gemm.hpp"
#include "models/quant/quantizers.hpp"
#include "models/quant/scheme_common.hpp"

namespace tpe {
namespace {

class CometLinear final : public PreparedLinear {
 public:
  CometLinear(GroupQuant w, int int8_blocks, int block) : w_(std::move(w)), int8_blocks_(int8_blocks), block_(block) {}

  Matrix<float> forward(const Matrix<float>& x, IntGemmEngine& engine) const override {
    const int K = w_.q.cols, M = x.rows, N = w_.rows();
    check_activations(x, K, "w4a4-comet");
    std::vector<float> cmax(static_cast<size_t>(K), 0.0f);
    for (int m = 0; m < M; ++m)
      for (int k = 0; k < K; ++k) cmax[size_t(k)] = std::max(cmax[size_t(k)], std::fabs(x(m, k)));
    std::vector<int> perm(static_cast<size_t>(K));
    std::iota(perm.begin(), perm.end(), 0);
    std::stable_sort(perm.begin(), perm.end(), [&](int a, int b) { return cmax[size_t(a)] > cmax[size_t(b)]; });

    std::vector<std::vector<int>> blocks;
    std::vector<IntFormat> fmts;
    Matrix<float> sa(M, (K + block_ - 1) / block_, 0.0f);
    OperandMatrix qa(M, K, 0);
    for (int b0 = 0, blk = 0; b0 < K; b0 += block_, ++blk) {
      blocks.emplace_back(perm.begin() + b0, perm.begin() + std::min(K, b0 + block_));
      const int bits = blk < int8_blocks_ ? 8 : 4;
      fmts.push_back(IntFormat{bits, true});
      const int32_t qmax = symmetric_qmax(bits);
      for (int m = 0; m < M; ++m) {
        float amax = 0.0f;
        for (int k : blocks.back()) amax = std::max(amax, std::fabs(x(m, k)));
        const float s = amax / float(qmax);
        sa(m, blk) = s;
        if (s != 0.0f)
          for (int k : blocks.back()) qa(m, k) = saturate_rne(double(x(m, k) / s), -qmax, qmax);
      }
    }
    const std::vector<ResultMatrix> sums = block_gemm(engine, qa, fmts, w_.q, w_.fmt, blocks);
    Matrix<float> y(M, N);
    for (int m = 0; m < M; ++m)
      for (int n = 0; n < N; ++n) {
        float acc = 0.0f;
        for (size_t b = 0; b < blocks.size(); ++b) acc += (sa(m, int(b)) * w_.scale(n, 0)) * float(sums[b](m, n));
        y(m, n) = acc;
      }
    return y;
  }

 private:
  GroupQuant w_;
  int int8_blocks_, block_;
};

}  // namespace

std::unique_ptr<LinearScheme> make_comet_scheme(int int8_blocks, int block_size) {
  if (int8_blocks < 0)
    throw std::invalid_argument(fmt::format("comet int8_blocks = {} is out of range; allowed >= 0", int8_blocks));
  if (block_size < 1)
    throw std::invalid_argument(fmt::format("comet block_size = {} is out of range; allowed 1..2^24", block_size));
  const std::string name = int8_blocks == 1 && block_size == 128
                               ? "w4a4-comet"
                               : fmt::format("w4a4-comet-b{}x{}", int8_blocks, block_size);
  return make_scheme(
      name,
      fmt::format("COMET W4A4: W int4 symmetric per output channel (absmax/7); X channels sorted by batch absmax "
                  "descending, cut into blocks of {} (last shorter); first {} block(s) int8 (absmax/127), rest int4 "
                  "(absmax/7), one scale per (token, block); per block one engine GEMM (acc32, exact); fp32 "
                  "epilogue over blocks in permuted order: acc += fp32(s_a*s_w)*fp32(I_blk)",
                  block_size, int8_blocks),
      [int8_blocks, block_size](const Matrix<float>& w) -> std::unique_ptr<PreparedLinear> {
        return std::make_unique<CometLinear>(quantize_symmetric_groups(w, 4, w.cols), int8_blocks, block_size);
      });
}

}  // namespace tpe
