// The bit-slice engines' digit encodings, checked exhaustively over every
// value of every 2..8-bit signed and unsigned format (the most negative
// value included) against an independent decoder and the digit sets of the
// definitions (../shared/ref/tpe_paper.md 1.6 and 2.4, pe_arith.md 3), and
// the published per-operand averages over uniform int8.
#include <catch2/catch.hpp>

#include <cmath>
#include <set>

#include "models/families/bitslice/digit_encodings.hpp"

using namespace tpe;
using namespace tpe::bitslice;

namespace {

// The decoder: sum_k d_k * r^k, written out without the encoders' helpers.
int64_t decode(const std::vector<int>& d, int r) {
  int64_t v = 0, w = 1;
  for (int x : d) {
    v += int64_t(x) * w;
    w *= r;
  }
  return v;
}

std::vector<IntFormat> formats() {
  std::vector<IntFormat> fs;
  for (int bits = 2; bits <= 8; ++bits)
    for (bool s : {true, false}) fs.push_back(IntFormat{bits, s});
  return fs;
}

}  // namespace

TEST_CASE("bitslice encodings: every value of 2..8-bit formats decodes back, digits in the definitions' sets",
          "[bitslice]") {
  for (const IntFormat& f : formats()) {
    INFO("format " << f.tag());
    for (Encoding e : {Encoding::BitPlanes, Encoding::EnT, Encoding::Mbe}) {
      const int r = e == Encoding::BitPlanes ? 2 : 4;
      for (int64_t v = f.min_value(); v <= f.max_value(); ++v) {
        INFO("value " << v << " encoding " << int(e));
        const std::vector<int> d = encode(e, v, f);
        REQUIRE(int(d.size()) == digit_count(e, f));
        CHECK(decode(d, r) == v);
        int nnz = 0;
        for (size_t k = 0; k < d.size(); ++k) {
          const int x = d[k];
          nnz += x != 0;
          if (e == Encoding::BitPlanes) {
            const bool top_signed = f.is_signed && int(k) == f.bits - 1;
            CHECK((x == 0 || x == (top_signed ? -1 : 1)));
          } else if (e == Encoding::EnT) {
            // sign(v) * {0, +1, +2, -1}: the magnitude's digit set. It is a
            // complete residue system mod 4, so a representation of |v| in it
            // is unique: the decode check above pins every digit.
            const int m = v < 0 ? -x : x;
            CHECK((m == 0 || m == 1 || m == 2 || m == -1));
          } else {
            CHECK((x >= -2 && x <= 2));
            // MBE digit k from the bit triple (a[2k+1], a[2k], a[2k-1]): zero exactly for 000 and 111.
            const uint64_t u = uint64_t(v);
            auto bit = [&](int i) { return i < 0 ? 0 : int((u >> i) & 1); };
            const int hi = bit(2 * int(k) + 1), mid = bit(2 * int(k)), lo = bit(2 * int(k) - 1);
            CHECK((x == 0) == (hi == mid && mid == lo));
          }
        }
        CHECK(nonzero_digits(e, v, f) == nnz);
      }
      // The count table agrees with the per-value counts.
      const std::vector<uint8_t> t = nonzero_digit_table(e, f);
      REQUIRE(t.size() == size_t(f.max_value() - f.min_value() + 1));
      for (int64_t v = f.min_value(); v <= f.max_value(); ++v)
        CHECK(int(t[size_t(v - f.min_value())]) == nonzero_digits(e, v, f));
    }
  }
}

TEST_CASE("bitslice encodings: the reference's worked examples and digit counts", "[bitslice]") {
  const IntFormat i8{8, true}, u8{8, false};
  // tpe_paper.md 1.6, most significant digit first: 91 -> {1,2,-1,-1}, 124 -> {2,0,-1,0}.
  CHECK(encode(Encoding::EnT, 91, i8) == std::vector<int>{-1, -1, 2, 1});
  CHECK(encode(Encoding::EnT, 124, i8) == std::vector<int>{0, -1, 0, 2});
  CHECK(encode(Encoding::EnT, -128, i8) == std::vector<int>{0, 0, 0, -2});  // |-128| is an ordinary magnitude
  CHECK(encode(Encoding::EnT, 255, u8) == std::vector<int>{-1, 0, 0, 0, 1});
  CHECK(encode(Encoding::Mbe, -128, i8) == std::vector<int>{0, 0, 0, -2});
  CHECK(encode(Encoding::Mbe, 127, i8) == std::vector<int>{-1, 0, 0, 2});
  CHECK(digit_count(Encoding::EnT, i8) == 4);
  CHECK(digit_count(Encoding::Mbe, u8) == 5);

  // Uniform int8 (tpe_paper.md 2.4 and 3.2): EN-T 2.918 partial products per
  // operand, MBE 3.0; 68.36 % of int8 values have at most 3 nonzero MBE digits.
  double ent = 0, mbe = 0;
  int mbe_le3 = 0;
  for (int v = -128; v < 128; ++v) {
    ent += nonzero_digits(Encoding::EnT, v, i8);
    const int m = nonzero_digits(Encoding::Mbe, v, i8);
    mbe += m;
    mbe_le3 += m <= 3;
  }
  CHECK(std::round(ent / 256 * 1000) == 2918);
  CHECK(mbe / 256 == Approx(3.0).epsilon(1e-12));
  CHECK(std::round(mbe_le3 / 256.0 * 10000) == 6836);
}
