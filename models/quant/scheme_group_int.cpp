#include "models/quant/scheme_group_int.hpp"

#include <stdexcept>

#include <fmt/format.h>

#include "models/formats/int_formats.hpp"
#include "models/quant/quant_gemm.hpp"
#include "models/quant/quantizers.hpp"
#include "models/quant/scheme_common.hpp"

namespace tpe {
namespace {

class GroupIntLinear final : public PreparedLinear {
 public:
  GroupIntLinear(GroupIntConfig c, GroupQuant w)
      : c_(std::move(c)), w_(std::move(w)), wt_(slice_weights(w_.q, w_.groups, c_.wasym)) {}

  Matrix<float> forward(const Matrix<float>& x, IntGemmEngine& engine) const override {
    check_activations(x, w_.q.cols, c_.name);
    const GroupQuant a = quantize_per_token(x, c_.abits, c_.agroup, SymmetricOptions{c_.scale_min, c_.scale_max});
    const GroupSums s = group_gemm(engine, a.q, a.fmt, wt_, w_.fmt);
    Matrix<float> y(x.rows, w_.rows());
    for (int m = 0; m < x.rows; ++m)
      for (int n = 0; n < w_.rows(); ++n) {
        float acc = 0.0f;
        for (int g = 0; g < w_.groups.count(); ++g) {
          int64_t i = s.dot[size_t(g)](m, n);
          if (c_.wasym) i -= int64_t(w_.zero(n, g)) * s.row_sum[size_t(g)][size_t(m)];
          if (c_.agroup == 0)
            acc += w_.scale(n, g) * float(i);
          else
            acc += (a.scale(m, g) * w_.scale(n, g)) * float(i);
        }
        y(m, n) = c_.agroup == 0 ? a.scale(m, 0) * acc : acc;
      }
    return y;
  }

 private:
  GroupIntConfig c_;
  GroupQuant w_;
  SlicedWeights wt_;  // w_.q as the engine's B operands, sliced once per group
};

void validate(const GroupIntConfig& c) {
  auto bits = [&](int b, const char* field) {
    if (b < 2 || b > 8)
      throw std::invalid_argument(fmt::format("{}: {} = {} is out of range; allowed 2..8", c.name, field, b));
  };
  bits(c.wbits, "wbits");
  bits(c.abits, "abits");
  if (c.wgroup < 1)
    throw std::invalid_argument(fmt::format("{}: wgroup = {} is out of range; allowed 1..2^24", c.name, c.wgroup));
  if (c.agroup != 0 && c.agroup != c.wgroup)
    throw std::invalid_argument(fmt::format("{}: agroup = {} is not allowed; allowed 0 (per token) or wgroup = {}",
                                            c.name, c.agroup, c.wgroup));
}

std::string describe(const GroupIntConfig& c) {
  return fmt::format(
      "W {} {}-bit, one scale{} per (n, group of {} along K; last group shorter){}; X int{} symmetric per token{}; "
      "integer core: per weight group one engine GEMM gives I_g = sum qa*qw{} (acc32, exact); fp32 epilogue, g "
      "ascending: {}",
      c.wasym ? "unsigned asymmetric (llm-awq)" : "symmetric", c.wbits, c.wasym ? " and zero point" : "", c.wgroup,
      c.scale_min > 0 ? fmt::format(", scales clamped to [{}, {}]", c.scale_min, c.scale_max) : "", c.abits,
      c.agroup ? fmt::format(" and per group of {}", c.agroup) : "", c.wasym ? " and R_g = sum qa" : "",
      c.agroup == 0 ? "acc += s_w[n,g]*fp32(I_g - z*R_g); y = s_a[m]*acc"
                    : "acc += fp32(s_a[m,g]*s_w[n,g])*fp32(I_g - z*R_g); y = acc");
}

}  // namespace

std::unique_ptr<LinearScheme> make_group_int_scheme(const GroupIntConfig& cfg) {
  validate(cfg);
  GroupIntConfig c = cfg;
  return make_scheme(c.name, describe(c), [c](const Matrix<float>& w) -> std::unique_ptr<PreparedLinear> {
    GroupQuant q = c.wasym ? quantize_asymmetric_groups(w, c.wbits, c.wgroup)
                           : quantize_symmetric_groups(w, c.wbits, c.wgroup, SymmetricOptions{c.scale_min, c.scale_max});
    return std::make_unique<GroupIntLinear>(c, std::move(q));
  });
}

std::unique_ptr<LinearScheme> make_w4a8_scheme(bool asymmetric) {
  GroupIntConfig c;
  c.name = asymmetric ? "w4a8-asym" : "w4a8";
  c.wbits = 4;
  c.wgroup = 128;
  c.wasym = asymmetric;
  c.abits = 8;
  return make_group_int_scheme(c);
}

std::unique_ptr<LinearScheme> make_flexq_scheme(int abits) {
  if (abits != 6 && abits != 8)
    throw std::invalid_argument(fmt::format("flexq abits = {} is out of range; allowed 6 or 8", abits));
  GroupIntConfig c;
  c.name = abits == 6 ? "w6a6" : "w6a8";
  c.wbits = 6;
  c.wgroup = 128;
  c.abits = abits;
  c.agroup = 128;
  c.scale_min = 1e-5f;  // FlexQ's clamp (pe_arith 2.5)
  c.scale_max = 1e4f;
  return make_group_int_scheme(c);
}

}  // namespace tpe
