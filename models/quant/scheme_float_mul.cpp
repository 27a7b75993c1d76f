#include "models/quant/scheme_float_mul.hpp"

#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

#include "models/formats/lmul.hpp"
#include "models/quant/scheme_common.hpp"

namespace tpe {
namespace {

bool is_fp32(const FloatFormat& f) { return f.total_bits() == 32; }
// Formats with fp32's exponent range need no scale.
bool needs_scale(const FloatFormat& f) { return f.exp_bits < 8; }


uint32_t to_bits(const FloatFormat& f, double v) {
  return is_fp32(f) ? fp32_to_bits(float(v)) : encode(f, v);
}

// One row (or tensor) in the operand format: bit patterns and the scale.
struct Coded {
  std::vector<uint32_t> bits;
  std::vector<float> value;  // exact decoded operand (for exact products)
  double scale = 1.0;
};

Coded code(const FloatFormat& f, const float* v, size_t n, double scale) {
  Coded c;
  c.scale = scale;
  c.bits.resize(n);
  c.value.resize(n);
  for (size_t i = 0; i < n; ++i) {
    c.bits[i] = to_bits(f, double(v[i]) / scale);
    c.value[i] = is_fp32(f) ? fp32_from_bits(c.bits[i]) : float(decode(f, c.bits[i]));
  }
  return c;
}

double amax_of(const float* v, size_t n) {
  double a = 0;
  for (size_t i = 0; i < n; ++i) a = std::max(a, double(std::fabs(v[i])));
  return a;
}

class FloatMulLinear final : public PreparedLinear {
 public:
  FloatMulLinear(const FloatMulConfig& c, const Matrix<float>& w) : c_(c), n_(w.rows), k_(w.cols) {
    const FloatFormat& f = *c.format;
    w_ = code(f, w.data.data(), w.data.size(), float_operand_scale(f, amax_of(w.data.data(), w.data.size())));
  }

  Matrix<float> forward(const Matrix<float>& x, IntGemmEngine&) const override {
    check_activations(x, k_, c_.name);
    const FloatFormat& f = *c_.format;
    Matrix<float> y(x.rows, n_);
    for (int m = 0; m < x.rows; ++m) {
      const Coded xr = code(f, x.row(m), size_t(k_), float_operand_scale(f, amax_of(x.row(m), size_t(k_))));
      const float scale = float(xr.scale * w_.scale);
      for (int n = 0; n < n_; ++n) {
        float acc = 0.f;
        const size_t base = size_t(n) * size_t(k_);
        for (int k = 0; k < k_; ++k)
          acc += c_.lmul ? lmul_value(f, xr.bits[k], w_.bits[base + k])
                         : float(double(xr.value[k]) * double(w_.value[base + k]));  // exact in fp32
        y(m, n) = acc * scale;
      }
    }
    return y;
  }

 private:
  FloatMulConfig c_;
  int n_, k_;
  Coded w_;
};

std::string describe(const FloatMulConfig& c) {
  const FloatFormat& f = *c.format;
  std::string s = fmt::format("weights and activations rounded (RNE) to {} (e{}m{})", f.name, f.exp_bits, f.man_bits);
  if (needs_scale(f))
    s += " after a power-of-two scale (per tensor for weights, per row for activations, amax to <= max finite)";
  s += c.lmul ? fmt::format("; each product an L-Mul (integer add of the exponent+mantissa fields, offset 2^-{}, "
                            "result as fp32; zero/subnormal in -> 0, overflow -> Inf)",
                            lmul_l(f.man_bits))
              : "; each product exact in fp32";
  s += "; y[m][n] = sum over k ascending in fp32 (RNE) from +0";
  if (needs_scale(f)) s += ", times the two scales";
  return s;
}

}  // namespace

double float_operand_scale(const FloatFormat& f, double amax) {
  if (!needs_scale(f) || amax == 0.0) return 1.0;
  const double maxf = f.max_finite();
  int e = std::ilogb(amax) - std::ilogb(maxf) - 1;
  while (amax > std::ldexp(maxf, e)) ++e;
  return std::ldexp(1.0, e);
}

std::unique_ptr<LinearScheme> make_float_mul_scheme(const FloatMulConfig& c) {
  if (!c.format) throw std::invalid_argument(fmt::format("{}: format = null; allowed a float format", c.name));
  if (!c.lmul && 2 * (c.format->man_bits + 1) > 24)
    throw std::invalid_argument(fmt::format("{}: exact products need man_bits <= 11; format {} has man_bits = {}",
                                            c.name, c.format->name, c.format->man_bits));
  return make_scheme(c.name, describe(c), [c](const Matrix<float>& w) -> std::unique_ptr<PreparedLinear> {
    return std::make_unique<FloatMulLinear>(c, w);
  });
}

void add_float_mul_schemes(std::vector<std::unique_ptr<LinearScheme>>& v) {
  v.push_back(make_float_mul_scheme({"bf16", &bf16_format(), false}));
  v.push_back(make_float_mul_scheme({"fp8-e4m3", &fp8_e4m3_format(), false}));
  v.push_back(make_float_mul_scheme({"fp8-e5m2", &fp8_e5m2_format(), false}));
  v.push_back(make_float_mul_scheme({"lmul-fp32", &lmul_fp32_format(), true}));
  v.push_back(make_float_mul_scheme({"lmul-bf16", &bf16_format(), true}));
  v.push_back(make_float_mul_scheme({"lmul-fp8", &fp8_e4m3_format(), true}));
  v.push_back(make_float_mul_scheme({"lmul-e5m2", &fp8_e5m2_format(), true}));
  v.push_back(make_float_mul_scheme({"lmul-e4m4", &fp8_e4m4_format(), true}));
}

}  // namespace tpe
