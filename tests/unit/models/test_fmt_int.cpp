// Integer and ternary formats: RNE ties, saturation, the most negative code,
// and the error messages for out-of-range parameters.
#include <catch2/catch.hpp>

#include <cmath>

#include "models/formats/int_formats.hpp"

using namespace tpe;

TEST_CASE("fmt int: rne rounds half to even for both signs", "[fmt]") {
  CHECK(rne(0.5) == 0.0);
  CHECK(rne(1.5) == 2.0);
  CHECK(rne(2.5) == 2.0);
  CHECK(rne(-0.5) == 0.0);
  CHECK(rne(-1.5) == -2.0);
  CHECK(rne(-2.5) == -2.0);
  CHECK(rne(2.4999999999999996) == 2.0);
  CHECK(rne(-7.5) == -8.0);
  CHECK(rne(4503599627370497.0) == 4503599627370497.0);  // 2^52+1: already an integer
}

TEST_CASE("fmt int: saturating quantize over every width 2..16, signed and unsigned", "[fmt]") {
  for (int bits = 2; bits <= 16; ++bits)
    for (bool s : {true, false}) {
      const IntFormat f = make_int_format(bits, s);
      const int64_t lo = s ? -(int64_t(1) << (bits - 1)) : 0, hi = s ? (int64_t(1) << (bits - 1)) - 1 : (int64_t(1) << bits) - 1;
      INFO(f.tag());
      CHECK(saturate_rne(1e9, f) == hi);
      CHECK(saturate_rne(-1e9, f) == lo);
      CHECK(saturate_rne(double(hi) + 0.49, f) == hi);
      CHECK(saturate_rne(double(lo) - 0.5, f) == lo);  // the most negative code is reachable by saturation
      CHECK(saturate_rne(0.5, f) == 0);
      CHECK(symmetric_qmax(bits) == (int64_t(1) << (bits - 1)) - 1);
    }
  CHECK(saturate_rne(-128.4, IntFormat{8, true}) == -128);
  CHECK(saturate_rne(-127.5, IntFormat{8, true}) == -128);  // tie to even
  CHECK(saturate_rne(-126.5, IntFormat{8, true}) == -126);
}

TEST_CASE("fmt int: bad widths and NaN throw naming the parameter and the allowed range", "[fmt]") {
  CHECK_THROWS_WITH(make_int_format(1, true), Catch::Contains("bits = 1") && Catch::Contains("2..16"));
  CHECK_THROWS_WITH(make_int_format(17, false), Catch::Contains("bits = 17") && Catch::Contains("2..16"));
  CHECK_THROWS_WITH(symmetric_qmax(0), Catch::Contains("bits = 0"));
  CHECK_THROWS_WITH(saturate_rne(NAN, -8, 7), Catch::Contains("NaN"));
}

TEST_CASE("fmt ternary: encode, 2-bit codes and their inverse", "[fmt]") {
  CHECK(ternary_encode(0.49) == 0);
  CHECK(ternary_encode(0.5) == 0);   // tie to even
  CHECK(ternary_encode(-0.5) == 0);
  CHECK(ternary_encode(0.51) == 1);
  CHECK(ternary_encode(-3.0) == -1);
  CHECK(ternary_encode(1.5) == 1);
  for (int t = -1; t <= 1; ++t) CHECK(ternary_from_code(ternary_to_code(t)) == t);
  CHECK(ternary_to_code(-1) == 1);
  CHECK(ternary_to_code(0) == 2);
  CHECK(ternary_to_code(1) == 3);
  CHECK_THROWS_WITH(ternary_to_code(2), Catch::Contains("ternary value = 2") && Catch::Contains("-1..1"));
  CHECK_THROWS_WITH(ternary_from_code(0), Catch::Contains("ternary code = 0") && Catch::Contains("1..3"));
}
