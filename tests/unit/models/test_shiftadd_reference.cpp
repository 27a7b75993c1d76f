// The shiftadd family's fixed-point reference (models/families/shiftadd)
// against the bcq-shiftadd scheme (models/quant/scheme_bcq_shiftadd, fp32,
// its own code): on stories260K's real FFN weights, quantized by the scheme's
// own quantizer, and integer activations, C x 2^exp_min equals the scheme's
// fp32 output exactly where the scheme's fp32 sums are exact (T = 1, 2) and
// within fp32 rounding where they are not (T = 3); a GEMM computed by hand;
// the descriptions' refusals.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "models/engine/engine_config.hpp"
#include "models/engine/family_registry.hpp"
#include "models/families/shiftadd/shiftadd_spec.hpp"
#include "models/formats/operands.hpp"
#include "models/gemm/gemm_engine.hpp"
#include "models/gemm/gemm_operands.hpp"
#include "models/quant/scheme_bcq_shiftadd.hpp"

using namespace tpe;

namespace {
std::string desc(int shift_bits, int exp_min, int terms = 3) {
  return fmt::format(R"({{"family":"shiftadd","pe":"bcq","rows":2,"cols":2,"terms":{},"shift_bits":{},"exp_min":{},)"
                     R"("a":{{"bits":8,"signed":true}},"b":{{"bits":3,"signed":false}},"acc_bits":64}})",
                     terms, shift_bits, exp_min);
}
}  // namespace

namespace {
// The engine on stories260K's real FFN weights quantized by bcq-shiftadd's
// own quantizer (T APoT terms) against the scheme's fp32 forward. Returns the
// largest |engine - scheme| relative to the scheme's |y| (0: bit-exact).
double engine_vs_scheme(int terms, const GemmShape& s) {
  // 32 shifts from 2^-24: every APoT term of these weights is in the window.
  const EngineConfig cfg = parse_engine_config(desc(5, -24, terms), "test");
  const shiftadd::Arith ar = shiftadd::Params::of(cfg).arith;
  Matrix<float> af, bf;
  stories260k_float_operands(s, af, bf);
  const OperandMatrix a = quantize_symmetric(af, cfg.a);
  Matrix<float> w(s.n, s.k), x(s.m, s.k);
  for (int k = 0; k < s.k; ++k)
    for (int n = 0; n < s.n; ++n) w(n, k) = bf(k, n);
  for (int m = 0; m < s.m; ++m)
    for (int k = 0; k < s.k; ++k) x(m, k) = float(a(m, k));
  const shiftadd::Mapping mp = shiftadd::operands_from_bcq(ar, quantize_bcq_apot(w, 3, terms));
  REQUIRE(mp.dropped == 0);
  REQUIRE(mp.clamped == 0);
  const ResultMatrix c = engine_reference(cfg, a, mp.b);
  const Matrix<float> y = make_bcq_shiftadd_scheme(3, terms)->prepare(w)->forward(x, reference_gemm_engine());
  double worst = 0;
  int nonzero = 0;
  for (int m = 0; m < s.m; ++m)
    for (int n = 0; n < s.n; ++n) {
      const double exact = std::ldexp(double(c(m, n)), ar.exp_min);
      worst = std::max(worst, std::abs(exact - double(y(m, n))) / std::max(1.0, std::abs(double(y(m, n)))));
      nonzero += c(m, n) != 0;
    }
  CHECK(nonzero > s.m * s.n / 2);
  return worst;
}
}  // namespace

// With one or two APoT terms every fp32 partial sum of the scheme is exact
// (values up to 2^8 in steps no finer than 2^-15), so the two agree bit for bit.
TEST_CASE("shiftadd reference: bit-exact with bcq-shiftadd (T = 1, 2) on stories260K weights", "[shiftadd][models]") {
  register_builtin_families();
  for (int terms : {1, 2})
    for (const GemmShape s : {GemmShape{4, 64, 20}, GemmShape{3, 13, 35}}) {
      INFO("T " << terms << " shape " << s.str());
      CHECK(engine_vs_scheme(terms, s) == 0.0);
    }
}

// With three terms the residual terms reach 2^-20 while the sums reach 2^7:
// the scheme's fp32 accumulation rounds, the engine's integer one does not;
// the scheme stays within a few fp32 roundings of the engine's exact value.
TEST_CASE("shiftadd reference: bcq-shiftadd (T = 3) is within fp32 rounding of the exact engine result",
          "[shiftadd][models]") {
  register_builtin_families();
  const double worst = engine_vs_scheme(3, GemmShape{4, 64, 20});
  CHECK(worst > 0.0);              // fp32 did round somewhere (else the T=3 case would be exact too)
  CHECK(worst < 0x1p-14);  // fp32 rounding of sums up to 2^8 (relative to max(1, |y|)), far below quantization error
}

TEST_CASE("shiftadd reference: a hand-computed GEMM (K = 10, N = 17: two blocks, two alpha row blocks)",
          "[shiftadd][models]") {
  register_builtin_families();
  const EngineConfig cfg = parse_engine_config(
      R"({"family":"shiftadd","pe":"bcq","rows":1,"cols":1,"terms":1,"shift_bits":2,"exp_min":0,)"
      R"("a":{"bits":8,"signed":true},"b":{"bits":2,"signed":false},"acc_bits":16})", "test");
  const shiftadd::Arith ar = shiftadd::Params::of(cfg).arith;
  OperandMatrix a(1, 10, 0), b(10, 17, 0);
  for (int k = 0; k < 10; ++k) a(0, k) = k + 1;  // 1..10
  for (int k = 0; k < 10; ++k) b(k, 16) = k % 2 ? 3 : 1;  // plane 0 always +1, plane 1 +1 on odd k
  // alpha rows: kb*2 + plane; columns: n/16 (T = 1). Column 16 is in row block 1.
  Matrix<int32_t> alpha(4, 2, 0);
  alpha(0, 1) = shiftadd::term_code(ar, 1, 2);   // block 0, plane 0: +4
  alpha(1, 1) = shiftadd::term_code(ar, -1, 0);  // block 0, plane 1: -1
  alpha(2, 1) = shiftadd::term_code(ar, 1, 3);   // block 1, plane 0: +8
  // block 1, plane 1: zero term
  b.side["alpha"] = alpha;
  const ResultMatrix c = engine_reference(cfg, a, b);
  // w(k) = 4*(+1) - (k odd ? +1 : -1) for k < 8; = 8*(+1) + 0 for k = 8, 9.
  int64_t want = 0;
  for (int k = 0; k < 8; ++k) want += (k + 1) * (4 - (k % 2 ? 1 : -1));
  want += 9 * 8 + 10 * 8;
  CHECK(c(0, 16) == want);
  // Columns 0..15 have all-minus codes and zero scales in row block 0.
  CHECK(c(0, 0) == 0);
  // Wrap to 16 bits: scale the same by 2^3 at every term -> still exact here, then a large case wraps.
  OperandMatrix big_a(1, 8, 127), big_b(8, 1, 3);
  Matrix<int32_t> big_alpha(2, 1, shiftadd::term_code(ar, 1, 3));
  big_b.side["alpha"] = big_alpha;
  // table[255] = 8 * 127 = 1016; two planes x (1016 << 3) = 16256; fits; two more blocks would not.
  CHECK(engine_reference(cfg, big_a, big_b)(0, 0) == 16256);
  OperandMatrix big_a3(1, 24, 127), big_b3(24, 1, 3);
  big_b3.side["alpha"] = Matrix<int32_t>(6, 1, shiftadd::term_code(ar, 1, 3));
  CHECK(engine_reference(cfg, big_a3, big_b3)(0, 0) == 3 * 16256 - 65536);
}

TEST_CASE("shiftadd reference: a missing or misshapen alpha side tensor is refused", "[shiftadd][models]") {
  register_builtin_families();
  const EngineConfig cfg = parse_engine_config(desc(3, -10), "test");
  OperandMatrix a(2, 9, 1), b(9, 3, 0);
  CHECK_THROWS_WITH(engine_reference(cfg, a, b), Catch::Contains("no side tensor 'alpha'"));
  b.side["alpha"] = Matrix<int32_t>(3, 3, 0);
  CHECK_THROWS_WITH(engine_reference(cfg, a, b), Catch::Contains("needs 6 x 3"));
}

TEST_CASE("shiftadd description: bad fields name file, field, value and range", "[shiftadd][config]") {
  register_builtin_families();
  CHECK_THROWS_WITH(parse_engine_config(desc(6, -10), "x.json"),
                    Catch::Contains("x.json") && Catch::Contains("shift_bits") && Catch::Contains("1..5"));
  CHECK_THROWS_WITH(parse_engine_config(desc(3, -30), "x.json"), Catch::Contains("exp_min") && Catch::Contains("-24..8"));
  CHECK_THROWS_WITH(
      parse_engine_config(R"({"family":"shiftadd","rows":2,"cols":2,"a":{"bits":8,"signed":true},)"
                          R"("b":{"bits":8,"signed":false},"acc_bits":32})", "y.json"),
      Catch::Contains("y.json") && Catch::Contains("'b'") && Catch::Contains("2..4 bits"));
  CHECK_THROWS_WITH(
      parse_engine_config(R"({"family":"shiftadd","rows":9,"cols":2,"a":{"bits":8,"signed":true},)"
                          R"("b":{"bits":3,"signed":false},"acc_bits":32})", "z.json"),
      Catch::Contains("rows") && Catch::Contains("1..8"));
}
