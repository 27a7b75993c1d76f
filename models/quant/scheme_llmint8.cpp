#include "models/quant/scheme_llmint8.hpp"

#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

#include "models/formats/float_formats.hpp"
#include "models/formats/int_formats.hpp"
#include "models/quant/quant_gemm.hpp"
#include "models/quant/scheme_common.hpp"

namespace tpe {
namespace {

constexpr float kEpilogue = 6.200124e-05f;             // bnb's fp32 literal ~ 1/127^2
constexpr float kDequant = 7.874015718698502e-3f;      // bnb's 1/127 literal, used in fp32

// Row-wise int8 quantization of an fp16-valued row; `skip` marks entries that
// are zeroed before the absmax (and get code 0).
float quantize_row(const float* v, int k, const std::vector<bool>& skip, int32_t* out) {
  float stat = 0.0f;
  for (int i = 0; i < k; ++i)
    if (!skip[size_t(i)]) stat = std::max(stat, std::fabs(v[i]));
  const float inv = stat == 0.0f ? 0.0f : 127.0f / stat;
  for (int i = 0; i < k; ++i) out[i] = skip[size_t(i)] || stat == 0.0f ? 0 : saturate_rne(double(v[i] * inv), -127, 127);
  return stat;
}

class LlmInt8Linear final : public PreparedLinear {
 public:
  LlmInt8Linear(OperandMatrix cb, std::vector<float> scb, float tau) : cb_(std::move(cb)), scb_(std::move(scb)), tau_(tau) {}

  Matrix<float> forward(const Matrix<float>& x, IntGemmEngine& engine) const override {
    const int K = cb_.cols, N = cb_.rows, M = x.rows;
    check_activations(x, K, "w8a8-llmint8");
    Matrix<float> x16 = x;
    for (auto& v : x16.data) v = round_to_fp16(v);
    std::vector<bool> outlier(static_cast<size_t>(K), false);
    for (int m = 0; m < M; ++m)
      for (int k = 0; k < K; ++k)
        if (std::fabs(x16(m, k)) >= tau_) outlier[size_t(k)] = true;
    OperandMatrix ca(M, K, 0);
    std::vector<float> row_stats(static_cast<size_t>(M));
    for (int m = 0; m < M; ++m) row_stats[size_t(m)] = quantize_row(x16.row(m), K, outlier, ca.row(m));
    const IntFormat i8{8, true};
    const GroupSums s = group_gemm(engine, ca, i8, cb_, i8, make_group_layout(K, K), false);
    std::vector<int> cols;
    for (int k = 0; k < K; ++k)
      if (outlier[size_t(k)]) cols.push_back(k);
    Matrix<float> y(M, N);
    for (int m = 0; m < M; ++m)
      for (int n = 0; n < N; ++n) {
        float out = round_to_fp16(float(s.dot[0](m, n)) * (row_stats[size_t(m)] * scb_[size_t(n)]) * kEpilogue);
        if (!cols.empty()) {
          float dot = 0.0f;
          for (int k : cols) {
            const float sub_b = round_to_fp16(float(cb_(n, k)) * scb_[size_t(n)] * kDequant);
            dot += x16(m, k) * sub_b;
          }
          out = round_to_fp16(double(out) + double(dot));
        }
        y(m, n) = out;
      }
    return y;
  }

 private:
  OperandMatrix cb_;        // [N][K] int8
  std::vector<float> scb_;  // [N]
  float tau_;
};

}  // namespace

std::unique_ptr<LinearScheme> make_llmint8_scheme(float threshold) {
  if (!(threshold > 0.0f) || !std::isfinite(threshold))
    throw std::invalid_argument(
        fmt::format("llmint8 threshold = {} is out of range; allowed a finite value > 0", threshold));
  return make_scheme(
      "w8a8-llmint8",
      fmt::format(
          "LLM.int8 (bitsandbytes): x and W rounded to fp16; outlier columns = any |x16| >= {} in the batch; "
          "int8 row-wise CA (outliers zeroed, row_stats fp32) and CB (SCB per row); C32 = CA*CB^T in one engine "
          "GEMM (i8 x i8, acc32); out = fp16(fp32(C32)*(row_stats*SCB)*6.200124e-05f); outlier columns: "
          "x16 times int8-dequantized fp16 weights, fp32 sum over columns ascending, added to out with one fp16 "
          "rounding",
          threshold),
      [threshold](const Matrix<float>& w) -> std::unique_ptr<PreparedLinear> {
        OperandMatrix cb(w.rows, w.cols, 0);
        std::vector<float> scb(static_cast<size_t>(w.rows));
        std::vector<bool> none(static_cast<size_t>(w.cols), false);
        std::vector<float> row(static_cast<size_t>(w.cols));
        for (int n = 0; n < w.rows; ++n) {
          for (int k = 0; k < w.cols; ++k) row[size_t(k)] = round_to_fp16(w(n, k));
          scb[size_t(n)] = quantize_row(row.data(), w.cols, none, cb.row(n));
        }
        return std::make_unique<LlmInt8Linear>(std::move(cb), std::move(scb), threshold);
      });
}

}  // namespace tpe
