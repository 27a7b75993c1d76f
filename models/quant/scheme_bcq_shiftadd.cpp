#include "models/quant/scheme_bcq_shiftadd.hpp"

#include <cmath>

#include <fmt/format.h>

#include "models/formats/bcq_format.hpp"
#include "models/quant/scheme_common.hpp"

namespace tpe {
namespace {

class BcqLinear final : public PreparedLinear {
 public:
  BcqLinear(BcqWeights q, std::string name) : q_(std::move(q)), name_(std::move(name)) {}
  Matrix<float> forward(const Matrix<float>& x, IntGemmEngine&) const override {
    check_activations(x, q_.k, name_);
    Matrix<float> y(x.rows, q_.n);
    for (int m = 0; m < x.rows; ++m)
      for (int n = 0; n < q_.n; ++n) {
        float acc = 0.0f;
        for (int kb = 0; kb < q_.col_blocks(); ++kb) {
          const int k0 = kb * q_.block_cols, k1 = std::min(q_.k, k0 + q_.block_cols);
          for (int b = 0; b < q_.bits; ++b) {
            float p = 0.0f;
            for (int k = k0; k < k1; ++k) p += q_.beta_sign(n, k, b) > 0 ? x(m, k) : -x(m, k);
            const ApotTerm* t = q_.alpha_terms(kb, b, n / q_.block_rows);
            float c = 0.0f;
            for (int i = 0; i < q_.terms; ++i)
              if (t[i].sign != 0) c += t[i].sign > 0 ? std::ldexp(p, t[i].exp) : -std::ldexp(p, t[i].exp);
            acc += c;
          }
        }
        y(m, n) = acc;
      }
    return y;
  }

 private:
  BcqWeights q_;
  std::string name_;
};

}  // namespace

std::unique_ptr<LinearScheme> make_bcq_shiftadd_scheme(int bits, int terms) {
  const std::string name = bits == 3 && terms == 3 ? "bcq-shiftadd" : fmt::format("bcq-shiftadd-b{}t{}", bits, terms);
  // Validate now (throws naming the field) rather than at the first prepare().
  quantize_bcq_apot(Matrix<float>(1, 1, 0.0f), bits, terms);
  return make_scheme(
      name,
      fmt::format("ShiftAddLLM BCQ: W = sum of {} binary planes (+-1) times APoT scales (sum of {} signed powers of "
                  "two, explicit zero), one scale vector per 16 rows x 8 columns; X fp32; per (m,n): for 8-column "
                  "blocks ascending, planes ascending: p = signed sum of the block's x (columns ascending), "
                  "c = sum of sign*ldexp(p, exp) over terms ascending, acc += c; all fp32; no multiplier, no integer "
                  "GEMM",
                  bits, terms),
      [bits, terms, name](const Matrix<float>& w) -> std::unique_ptr<PreparedLinear> {
        return std::make_unique<BcqLinear>(quantize_bcq_apot(w, bits, terms), name);
      });
}

}  // namespace tpe
