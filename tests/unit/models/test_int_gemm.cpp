// The fast reference GEMM against an independent oracle: a plain triple loop
// in __int128 with the wrap done bit by bit on the exact sum.
#include <catch2/catch.hpp>

#include "models/formats/operands.hpp"
#include "models/gemm/int_gemm.hpp"

using namespace tpe;

namespace {
int64_t oracle_wrap(__int128 exact, int bits, bool is_signed) {
  // Reduce modulo 2^bits by repeated subtraction of whole multiples (no masks,
  // so it is a different algorithm from wrap_to_accumulator).
  const __int128 mod = __int128(1) << bits;
  __int128 r = exact % mod;
  if (r < 0) r += mod;
  if (is_signed && r >= mod / 2) r -= mod;
  return int64_t(r);
}

ResultMatrix oracle_gemm(const OperandMatrix& a, const OperandMatrix& b, int acc_bits, bool s) {
  ResultMatrix c(a.rows, b.cols);
  for (int m = 0; m < a.rows; ++m)
    for (int n = 0; n < b.cols; ++n) {
      __int128 sum = 0;
      for (int k = 0; k < a.cols; ++k) sum += __int128(a(m, k)) * b(k, n);
      c(m, n) = oracle_wrap(sum, acc_bits, s);
    }
  return c;
}
}  // namespace

TEST_CASE("int_gemm matches a 128-bit oracle over formats, shapes and accumulator widths", "[ref]") {
  const IntFormat formats[] = {{8, true}, {8, false}, {4, true}, {4, false}, {2, true}, {16, true}, {16, false}, {12, true}};
  const GemmShape shapes[] = {{1, 1, 1}, {3, 5, 7}, {17, 33, 9}, {2, 300, 3}, {8, 1, 8}};
  const int accs[] = {8, 16, 20, 32, 48, 64};
  uint64_t seed = 1;
  for (auto fa : formats)
    for (auto fb : formats)
      for (auto s : shapes)
        for (int acc : accs) {
          auto a = random_operands(s.m, s.k, fa, seed++);
          auto b = random_operands(s.k, s.n, fb, seed++);
          auto want = oracle_gemm(a, b, acc, fa.is_signed || fb.is_signed);
          INFO(fa.tag() << "x" << fb.tag() << " " << s.str() << " acc" << acc);
          REQUIRE(int_gemm(a, b, fa, fb, acc) == want);
          REQUIRE(int_gemm_naive(a, b, fa, fb, acc) == want);
        }
}

TEST_CASE("int_gemm: most negative operands overflow a narrow accumulator by wrapping", "[ref]") {
  IntFormat i8{8, true};
  OperandMatrix a(1, 4, -128), b(4, 1, -128);  // 4 * 16384 = 65536
  CHECK(int_gemm(a, b, i8, i8, 32)(0, 0) == 65536);
  CHECK(int_gemm(a, b, i8, i8, 16)(0, 0) == 0);        // 65536 mod 2^16
  CHECK(int_gemm(a, b, i8, i8, 17)(0, 0) == -65536);   // bit 16 is the sign
}

TEST_CASE("int_gemm: long K uses chunked int32 sums without overflow", "[ref]") {
  IntFormat i16{16, true};
  OperandMatrix a(1, 5000, -32768), b(5000, 1, -32768);
  CHECK(int_gemm(a, b, i16, i16, 64)(0, 0) == int64_t(5000) * (int64_t(1) << 30));
}

TEST_CASE("int_gemm refuses out-of-range operands and mismatched shapes", "[ref]") {
  IntFormat i4{4, true};
  OperandMatrix a(2, 2, 0), b(2, 2, 0);
  a(1, 0) = 8;
  CHECK_THROWS_WITH(int_gemm(a, b, i4, i4, 32), Catch::Contains("A[1][0] = 8") && Catch::Contains("-8..7"));
  OperandMatrix c(3, 2, 0);
  CHECK_THROWS_WITH(int_gemm(b, c, i4, i4, 32), Catch::Contains("inner dimensions"));
}

TEST_CASE("parse_gemm_shape accepts MxKxN and rejects the rest", "[ref]") {
  auto s = parse_gemm_shape("3x5x7");
  CHECK((s.m == 3 && s.k == 5 && s.n == 7));
  CHECK_THROWS_WITH(parse_gemm_shape("0x5x7"), Catch::Contains("M = 0"));
  CHECK_THROWS_WITH(parse_gemm_shape("4x-1x7"), Catch::Contains("K = -1"));
  CHECK_THROWS(parse_gemm_shape("4x5"));
  CHECK_THROWS(parse_gemm_shape("4x5x6x"));
}
