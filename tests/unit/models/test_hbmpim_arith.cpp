// HBM-PIM fp16 arithmetic against independent computations: the compiler's
// _Float16 conversions (libgcc) for single operations, hand-derived values
// for specials, the two roundings of a MAC and the order of the GEMV.
#include <catch2/catch.hpp>

#include <cstring>
#include <random>

#include "models/pim/hbmpim_arith.hpp"

using namespace tpe::pim;

namespace {

bool is_nan16(uint16_t b) { return (b & 0x7C00) == 0x7C00 && (b & 0x03FF) != 0; }

#ifdef __FLT16_MAX__
uint16_t bits_of(_Float16 h) {
  uint16_t b;
  std::memcpy(&b, &h, 2);
  return b;
}
_Float16 half_of(uint16_t b) {
  _Float16 h;
  std::memcpy(&h, &b, 2);
  return h;
}
#endif

}  // namespace

TEST_CASE("hbmpim fp16 multiply and add round once to nearest-even (libgcc _Float16)", "[hbmpim]") {
#ifdef __FLT16_MAX__
  std::mt19937_64 rng(7);
  int checked = 0;
  for (int i = 0; i < 400000; ++i) {
    const uint16_t a = uint16_t(rng()), b = uint16_t(rng());
    // Products and sums of two fp16 values are exact in double; libgcc's
    // double -> _Float16 conversion rounds once.
    const uint16_t mul = bits_of(_Float16(double(half_of(a)) * double(half_of(b))));
    const uint16_t add = bits_of(_Float16(double(half_of(a)) + double(half_of(b))));
    if (is_nan16(mul)) CHECK(fp16_mul_bits(a, b) == kCanonicalNaN);
    else REQUIRE(fp16_mul_bits(a, b) == mul);
    if (is_nan16(add)) CHECK(fp16_add_bits(a, b) == kCanonicalNaN);
    else REQUIRE(fp16_add_bits(a, b) == add);
    ++checked;
  }
  CHECK(checked == 400000);
#else
  WARN("no _Float16 on this compiler: the libgcc cross-check is skipped");
#endif
}

TEST_CASE("hbmpim fp16 specials", "[hbmpim]") {
  const uint16_t zero = 0x0000, neg_zero = 0x8000, one = 0x3C00, neg_one = 0xBC00, two = 0x4000;
  const uint16_t inf = 0x7C00, neg_inf = 0xFC00, max = 0x7BFF, min_sub = 0x0001, min_normal = 0x0400;
  CHECK(fp16_mul_bits(inf, zero) == kCanonicalNaN);          // Inf x 0
  CHECK(fp16_add_bits(inf, neg_inf) == kCanonicalNaN);       // Inf - Inf
  CHECK(fp16_mul_bits(0x7E01, one) == kCanonicalNaN);        // a NaN input: the canonical NaN
  CHECK(fp16_mul_bits(0xFD00, one) == kCanonicalNaN);        // a signalling, negative NaN too
  CHECK(fp16_mul_bits(max, two) == inf);                     // 131008 overflows to +Inf
  CHECK(fp16_mul_bits(max, 0xC000) == neg_inf);
  CHECK(fp16_add_bits(max, 0x4C00) == inf);                  // 65504 + 16 = 65520: the tie with 65536 goes to Inf
  CHECK(fp16_add_bits(max, 0x4800) == max);                  // 65504 + 8 rounds back to 65504
  CHECK(fp16_mul_bits(min_normal, 0x1400) == min_sub);       // 2^-14 x 2^-10 = 2^-24, the smallest subnormal
  CHECK(fp16_mul_bits(min_sub, 0x3800) == zero);             // 2^-25: a tie, to even (0)
  CHECK(fp16_mul_bits(0x0003, 0x3800) == 0x0002);            // 1.5 x 2^-24: a tie, to even (2 x 2^-24)
  CHECK(fp16_mul_bits(neg_one, zero) == neg_zero);           // -1 x 0 = -0
  CHECK(fp16_add_bits(neg_zero, zero) == zero);              // -0 + 0 = +0
  CHECK(fp16_add_bits(neg_zero, neg_zero) == neg_zero);
  CHECK(fp16_add_bits(one, neg_one) == zero);                // exact cancellation: +0
  CHECK(fp16_mac_bits(inf, one, neg_inf) == kCanonicalNaN);  // Inf x 1 + (-Inf)
  CHECK(fp16_mac_bits(one, one, inf) == inf);
}

TEST_CASE("hbmpim MAC rounds the product, then the sum (not fused)", "[hbmpim]") {
  // (1 + 2^-10)^2 = 1 + 2^-9 + 2^-20 rounds to 1 + 2^-9 (0x3C02); adding
  // -(1 + 2^-9) gives +0. A fused MAC would keep 2^-20 (subnormal 0x0010).
  CHECK(fp16_mul_bits(0x3C01, 0x3C01) == 0x3C02);
  CHECK(fp16_mac_bits(0x3C01, 0x3C01, 0xBC02) == 0x0000);
}

TEST_CASE("hbmpim lane tree adds pairwise", "[hbmpim]") {
  // Lanes 2048, 0, 1, 1, 0, ...: pairwise (2048 + 0) + (1 + 1) = 2050, while
  // left to right each +1 ties back to 2048 (spacing 2, ties to even).
  uint16_t lanes[kLanes] = {};
  lanes[0] = 0x6800;  // 2048
  lanes[2] = 0x3C00;
  lanes[3] = 0x3C00;
  CHECK(lane_tree(lanes) == 0x6801);
  for (auto& l : lanes) l = 0x3C00;
  CHECK(lane_tree(lanes) == 0x4C00);  // 16
}

TEST_CASE("hbmpim GEMV reference: hand-computed values and the kernel's order", "[hbmpim]") {
  // All ones, K = 256: every lane sums 16 ones, the tree 16 x 16 = 256.
  Fp16Matrix w(3, 256, 0x3C00);
  std::vector<uint16_t> x(256, 0x3C00);
  for (uint16_t y : hbmpim_gemv_reference(w, x)) CHECK(y == 0x5C00);

  // Lane 0 sees 2048 (tile 0), 1 (tile 1), -2048 (tile 2). The kernel adds the
  // even banks' tiles first: (2048 - 2048) + 1 = 1. In K order it would be
  // (2048 + 1 -> 2048) - 2048 = 0.
  Fp16Matrix v(1, 300, 0);
  std::vector<uint16_t> u(300, 0x3C00);
  v(0, 0) = 0x6800;
  v(0, 128) = 0x3C00;
  v(0, 256) = 0xE800;
  CHECK(hbmpim_gemv_reference(v, u) == std::vector<uint16_t>{0x3C00});

  // GRF_B starts at +0 (reset on entry to HAB_PIM): a -0 product leaves +0.
  Fp16Matrix z(1, 1, 0x8000);  // -0
  CHECK(hbmpim_gemv_reference(z, {0x3C00}) == std::vector<uint16_t>{0x0000});
}
