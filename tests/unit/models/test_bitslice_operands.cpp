// The bitslice family's operand sources (models/families/bitslice/
// bitslice_operands), checked against definitions written here: the digits
// of dense_digits' activations by an independent EN-T / MBE / bit-plane
// routine, outliers' channel and stray extremes by counting.
#include <catch2/catch.hpp>

#include <cmath>

#include "models/engine/family_registry.hpp"
#include "models/families/bitslice/bitslice_spec.hpp"
#include "models/gemm/gemm_operands.hpp"

using namespace tpe;

namespace {

// Nonzero digits of v: EN-T (the magnitude's residues in {-1, 0, 1, 2}),
// MBE (Booth triples of the two's-complement bits) or bit planes.
int nonzero_ent(int64_t v, int count) {
  int64_t m = std::llabs(v);
  int n = 0;
  for (int k = 0; k < count; ++k) {
    const int64_t r = ((m + 1) % 4) - 1;
    n += r != 0;
    m = (m - r) / 4;
  }
  return n;
}
int nonzero_mbe(int64_t v, int count) {
  auto b = [&](int i) { return i < 0 ? 0 : int((uint64_t(v) >> i) & 1); };
  int n = 0;
  for (int k = 0; k < count; ++k) n += (-2 * b(2 * k + 1) + b(2 * k) + b(2 * k - 1)) != 0;
  return n;
}

}  // namespace

TEST_CASE("bitslice operands dense_digits: every digit of every activation nonzero", "[models][bitslice]") {
  register_builtin_families();
  const GemmShape s{6, 11, 5};
  // i8: EN-T and MBE both have 4 digits and values with all four nonzero;
  // bit planes: -1 is the only signed value with every plane set.
  const auto opt3 = make_gemm_operands(bitslice::make_config(2, 2, 4, {8, true}, {8, true}, 32, "opt3"), s, 3,
                                       "dense_digits");
  for (int32_t v : opt3.a.data) CHECK(nonzero_ent(v, 4) == 4);
  const auto lac = make_gemm_operands(bitslice::make_config(2, 2, 4, {8, true}, {6, true}, 32, "laconic"), s, 3,
                                      "dense_digits");
  for (int32_t v : lac.a.data) CHECK(nonzero_mbe(v, 4) == 4);
  for (int32_t v : lac.b.data) CHECK(nonzero_mbe(v, 3) == 3);
  const auto str = make_gemm_operands(bitslice::make_config(2, 2, 4, {8, true}, {8, true}, 32), s, 3, "dense_digits");
  for (int32_t v : str.a.data) CHECK(v == -1);
  // Not one value repeated: the weights (not encoded by OPT3) spread.
  int distinct_a = 0;
  for (size_t x = 1; x < opt3.a.data.size(); ++x) distinct_a += opt3.a.data[x] != opt3.a.data[0];
  CHECK(distinct_a > 10);
}

TEST_CASE("bitslice operands outliers:SIGMA: an outlier channel and stray extremes in normal values",
          "[models][bitslice]") {
  register_builtin_families();
  const EngineConfig cfg = bitslice::make_config(2, 2, 4, {8, true}, {8, true}, 32, "opt4c");
  const GemmShape s{200, 40, 150};
  const uint64_t seed = 7;
  const auto ops = make_gemm_operands(cfg, s, seed, "outliers:20");
  const int channel = int(seed % 40);
  int extremes = 0, n = 0;
  double sq = 0;
  for (int m = 0; m < s.m; ++m)
    for (int k = 0; k < s.k; ++k) {
      const int v = ops.a(m, k);
      if (k == channel) {
        CHECK(std::abs(v) >= 63);
        continue;
      }
      if (v == 127 || v == -128) {
        ++extremes;
        continue;
      }
      sq += double(v) * v;
      ++n;
    }
  // About one in 200 of the 7,800 others (normal(0, 20^2) alone reaches 127 with p ~ 2e-10).
  CHECK(extremes > 15);
  CHECK(extremes < 80);
  CHECK(std::sqrt(sq / n) == Approx(20).epsilon(0.05));
  int b_extremes = 0;
  for (int32_t v : ops.b.data) b_extremes += v == 127 || v == -128;
  CHECK(b_extremes > 10);
  CHECK_THROWS_WITH(make_gemm_operands(cfg, s, seed, "outliers:x"), Catch::Contains("allowed: a number in (0, 1e6]"));
  CHECK_THROWS_WITH(make_gemm_operands(cfg, s, seed, "bogus"), Catch::Contains("dense_digits, outliers:SIGMA"));
}
