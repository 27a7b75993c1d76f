// FP16 / BF16 / FP8 E4M3 / FP8 E5M2 codecs against an independent oracle
// written here from the format definitions:
//   decode: (-1)^s * 2^(e-bias) * (1 + m/2^M), subnormal (-1)^s * 2^(1-bias) * (m/2^M);
//   encode: nearest value among ALL decoded finite values (sorted list), ties
//   to the candidate with an even mantissa LSB; one virtual value past the
//   maximum stands for "overflow" (it has the parity the next code would have).
// Every FP8 and every FP16 bit pattern is decoded and round-tripped, and every
// gap between neighbouring values is probed at its midpoint (a tie), just
// either side of it, and at the quarter points.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include "models/formats/float_formats.hpp"

using namespace tpe;

namespace {

struct Spec {
  int E, M, bias;
  bool ieee;  // Inf + many NaNs (IEEE) vs only S.1111.111 NaN (OCP E4M3)
};

double oracle_decode(const Spec& s, uint32_t bits) {
  const uint32_t sign = bits >> (s.E + s.M) & 1;
  const uint32_t e = bits >> s.M & ((1u << s.E) - 1);
  const uint32_t m = bits & ((1u << s.M) - 1);
  const uint32_t eall = (1u << s.E) - 1, mall = (1u << s.M) - 1;
  double v;
  if (s.ieee && e == eall) v = m ? NAN : INFINITY;
  else if (!s.ieee && e == eall && m == mall) v = NAN;
  else if (e == 0) v = std::pow(2.0, 1 - s.bias) * (double(m) / std::pow(2.0, s.M));
  else v = std::pow(2.0, int(e) - s.bias) * (1.0 + double(m) / std::pow(2.0, s.M));
  return sign ? -v : v;
}

struct Candidate {
  double v;
  uint32_t bits;  // positive pattern; kOverflow for the virtual value
};
constexpr uint32_t kOverflow = 0xFFFFFFFF;

struct Oracle {
  Spec s;
  std::vector<Candidate> pos;  // ascending, from +0 to max finite, then the virtual overflow value
  uint32_t max_bits = 0;
  bool overflow_even = false;

  explicit Oracle(Spec sp) : s(sp) {
    for (uint32_t b = 0; b < (1u << (s.E + s.M)); ++b) {
      const double v = oracle_decode(s, b);
      if (std::isfinite(v)) pos.push_back({v, b});
    }
    std::sort(pos.begin(), pos.end(), [](const Candidate& a, const Candidate& b) { return a.v < b.v; });
    max_bits = pos.back().bits;
    const double max = pos.back().v, prev = pos[pos.size() - 2].v;
    // The next grid point after max: same spacing as the last binade step.
    pos.push_back({max + (max - prev), kOverflow});
    // IEEE: the next code is 2^(emax+1) with mantissa 0 (even); E4M3: it would be S.1111.111 (odd).
    overflow_even = s.ieee;
  }

  bool even(const Candidate& c) const { return c.bits == kOverflow ? overflow_even : (c.bits & 1) == 0; }

  // Expected encoding of x for the given overflow behaviour.
  uint32_t encode(double x, Overflow ov) const {
    const uint32_t sign = std::signbit(x) ? 1u << (s.E + s.M) : 0;
    const uint32_t nan = s.ieee ? ((1u << s.E) - 1) << s.M | 1u << (s.M - 1) : (1u << (s.E + s.M)) - 1;
    const uint32_t over = ov == Overflow::Saturate ? max_bits : s.ieee ? ((1u << s.E) - 1) << s.M : nan;
    if (std::isnan(x)) return sign | nan;
    const double a = std::fabs(x);
    if (std::isinf(a)) return sign | over;
    if (a >= pos.back().v) return sign | over;
    // Nearest by search: first candidate >= a, and its predecessor.
    auto it = std::lower_bound(pos.begin(), pos.end(), a, [](const Candidate& c, double v) { return c.v < v; });
    const Candidate& hi = *it;
    if (hi.v == a) return sign | hi.bits;
    const Candidate& lo = *(it - 1);
    const double dl = a - lo.v, dh = hi.v - a;
    const Candidate& pick = dl < dh ? lo : dh < dl ? hi : (even(lo) ? lo : hi);
    return sign | (pick.bits == kOverflow ? over : pick.bits);
  }
};

const Spec kFp16{5, 10, 15, true}, kBf16{8, 7, 127, true}, kE4M3{4, 3, 7, false}, kE5M2{5, 2, 15, true};

bool same_value(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b) && std::signbit(a) == std::signbit(b);
  return a == b && std::signbit(a) == std::signbit(b);
}

// Decode, round trip and gap probes over every pattern of a format.
void check_exhaustive(const FloatFormat& f, const Spec& s) {
  const Oracle o(s);
  const uint32_t n = 1u << (s.E + s.M + 1);
  for (uint32_t b = 0; b < n; ++b) {
    const double want = oracle_decode(s, b);
    INFO(f.name << " bits " << b);
    REQUIRE(same_value(decode(f, b), want));
    REQUIRE(is_nan_bits(f, b) == std::isnan(want));
    REQUIRE(is_inf_bits(f, b) == std::isinf(want));
    if (!std::isnan(want)) {
      REQUIRE(encode(f, want, Overflow::Saturate) == (std::isinf(want) ? o.encode(want, Overflow::Saturate) : b));
      REQUIRE(encode(f, want, Overflow::Infinity) == (std::isinf(want) ? o.encode(want, Overflow::Infinity) : b));
    } else {
      REQUIRE(is_nan_bits(f, encode(f, want)));
    }
  }
  // Probes in every gap, both signs, both overflow behaviours.
  for (size_t i = 0; i + 1 < o.pos.size(); ++i) {
    const double lo = o.pos[i].v, hi = o.pos[i + 1].v, mid = lo + (hi - lo) / 2;
    const double probes[] = {mid, std::nextafter(mid, 0.0), std::nextafter(mid, INFINITY), lo + (hi - lo) / 4,
                             hi - (hi - lo) / 4};
    for (double p : probes)
      for (double x : {p, -p})
        for (Overflow ov : {Overflow::Saturate, Overflow::Infinity}) {
          INFO(f.name << " x=" << x << " ov=" << int(ov));
          REQUIRE(encode(f, x, ov) == o.encode(x, ov));
        }
  }
}

}  // namespace

TEST_CASE("fmt fp8 e4m3: every pattern decodes, round-trips and every gap rounds like the oracle", "[fmt]") {
  check_exhaustive(fp8_e4m3_format(), kE4M3);
}
TEST_CASE("fmt fp8 e5m2: every pattern decodes, round-trips and every gap rounds like the oracle", "[fmt]") {
  check_exhaustive(fp8_e5m2_format(), kE5M2);
}
TEST_CASE("fmt fp16: every pattern decodes, round-trips and every gap rounds like the oracle", "[fmt]") {
  check_exhaustive(fp16_format(), kFp16);
}

TEST_CASE("fmt fp8: encode of random doubles matches a linear brute-force nearest search", "[fmt]") {
  for (auto fs : {std::make_pair(&fp8_e4m3_format(), kE4M3), std::make_pair(&fp8_e5m2_format(), kE5M2)}) {
    const FloatFormat& f = *fs.first;
    const Spec s = fs.second;
    const Oracle o(s);
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> mant(-1.0, 1.0);
    std::uniform_int_distribution<int> ex(-24, 18);
    for (int i = 0; i < 200000; ++i) {
      const double x = std::ldexp(mant(rng), ex(rng));
      // Linear scan over all candidates (no sorted search), ties to even LSB.
      const double a = std::fabs(x);
      size_t best = 0;
      for (size_t j = 1; j < o.pos.size(); ++j) {
        const double d = std::fabs(o.pos[j].v - a), db = std::fabs(o.pos[best].v - a);
        if (d < db || (d == db && o.even(o.pos[j]) && !o.even(o.pos[best]))) best = j;
      }
      for (Overflow ov : {Overflow::Saturate, Overflow::Infinity}) {
        uint32_t want = o.pos[best].bits == kOverflow ? o.encode(std::copysign(INFINITY, x), ov) : o.pos[best].bits;
        if (o.pos[best].bits != kOverflow && std::signbit(x)) want |= f.sign_mask();
        INFO(f.name << " x=" << x);
        REQUIRE(encode(f, x, ov) == want);
      }
    }
  }
}

TEST_CASE("fmt bf16: a large sample of floats and doubles matches the oracle and the float bit trick", "[fmt]") {
  const Oracle o(kBf16);
  const FloatFormat& f = bf16_format();
  std::mt19937 rng(11);
  for (int i = 0; i < (1 << 21); ++i) {
    uint32_t u = rng();
    float x;
    std::memcpy(&x, &u, 4);
    if (std::isnan(x)) {
      REQUIRE(is_nan_bits(f, encode(f, x)));
      continue;
    }
    // Second oracle for float inputs: the classic integer RNE on the top 16 bits.
    const uint32_t trick = (u + 0x7FFFu + ((u >> 16) & 1u)) >> 16;
    INFO("x=" << x << " u=" << u);
    REQUIRE(encode(f, x) == o.encode(x, Overflow::Infinity));
    REQUIRE(encode(f, x) == trick);
  }
  std::mt19937_64 r64(12);
  std::uniform_real_distribution<double> mant(-2.0, 2.0);
  std::uniform_int_distribution<int> ex(-140, 130);
  for (int i = 0; i < 200000; ++i) {
    const double x = std::ldexp(mant(r64), ex(r64));
    for (Overflow ov : {Overflow::Saturate, Overflow::Infinity}) REQUIRE(encode(f, x, ov) == o.encode(x, ov));
  }
}

TEST_CASE("fmt fp16: encode agrees with the compiler's _Float16 conversion on random doubles", "[fmt]") {
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> mant(-2.0, 2.0);
  std::uniform_int_distribution<int> ex(-30, 17);
  for (int i = 0; i < 500000; ++i) {
    const double x = std::ldexp(mant(rng), ex(rng));
    const _Float16 h = _Float16(x);
    uint16_t want;
    std::memcpy(&want, &h, 2);
    INFO("x=" << x);
    REQUIRE(encode(fp16_format(), x) == want);
  }
}

TEST_CASE("fmt corner values: max, min subnormal, halfway ties, overflow, NaN", "[fmt]") {
  const auto& h = fp16_format();
  const auto& b = bf16_format();
  const auto& e4 = fp8_e4m3_format();
  const auto& e5 = fp8_e5m2_format();
  // Maxima and minima (values from the format specifications).
  CHECK(h.max_finite() == 65504.0);
  CHECK(encode(h, 65504.0) == 0x7BFF);
  CHECK(e4.max_finite() == 448.0);
  CHECK(encode(e4, 448.0) == 0x7E);
  CHECK(e5.max_finite() == 57344.0);
  CHECK(encode(e5, 57344.0) == 0x7B);
  CHECK(b.max_finite() == 0x1.FEp127);
  CHECK(encode(b, 0x1.FEp127) == 0x7F7F);
  CHECK(encode(h, 0x1p-24) == 0x0001);  // min subnormal
  CHECK(encode(e4, 0x1p-9) == 0x01);
  CHECK(encode(e5, 0x1p-16) == 0x01);
  CHECK(encode(b, 0x1p-133) == 0x0001);
  CHECK(decode(h, 0x0400) == 0x1p-14);  // min normal
  // Below half the min subnormal -> 0; exactly half -> 0 (tie to even); above -> min subnormal.
  CHECK(encode(h, 0x1p-25) == 0x0000);
  CHECK(encode(h, -0x1p-25) == 0x8000);
  CHECK(encode(h, 0x1.0000000000001p-25) == 0x0001);
  CHECK(encode(h, 0x1.8p-24) == 0x0002);  // 1.5 ulp ties to 2 (even)
  // Halfway ties between normals: 1 + 2^-11 -> 1 (even); 1 + 3*2^-11 -> 1 + 2^-9.
  CHECK(encode(h, 1.0 + 0x1p-11) == 0x3C00);
  CHECK(encode(h, 1.0 + 3 * 0x1p-11) == 0x3C02);
  // Overflow: fp16 65520 is the tie between 65504 (odd) and 2^16 -> Inf; just below stays finite.
  CHECK(encode(h, 65520.0) == 0x7C00);
  CHECK(encode(h, std::nextafter(65520.0, 0.0)) == 0x7BFF);
  CHECK(encode(h, 65520.0, Overflow::Saturate) == 0x7BFF);
  CHECK(encode(h, -1e9) == 0xFC00);
  CHECK(encode(h, -INFINITY, Overflow::Saturate) == 0xFBFF);
  // E4M3: 464 is the tie between 448 (mantissa 110, even) and 480 -> 448; above saturates (default) or NaN.
  CHECK(encode(e4, 464.0) == 0x7E);
  CHECK(encode(e4, 464.5) == 0x7E);
  CHECK(encode(e4, 464.5, Overflow::Infinity) == 0x7F);
  CHECK(encode(e4, -1e6) == 0xFE);
  CHECK(encode(e4, INFINITY) == 0x7E);
  CHECK(encode(e4, INFINITY, Overflow::Infinity) == 0x7F);
  CHECK(decode(e4, 0x7F) != decode(e4, 0x7F));  // S.1111.111 is NaN
  CHECK(decode(e4, 0x78) == 256.0);             // exponent 1111 is a normal binade in E4M3
  // E5M2: 61440 ties between 57344 (odd) and 65536 -> Inf.
  CHECK(encode(e5, 61440.0) == 0x7C);
  CHECK(encode(e5, 61439.0) == 0x7B);
  CHECK(encode(e5, 61440.0, Overflow::Saturate) == 0x7B);
  // NaN: canonical quiet NaN, sign kept.
  CHECK(encode(h, NAN) == 0x7E00);
  CHECK(encode(h, -NAN) == 0xFE00);
  CHECK(encode(b, NAN) == 0x7FC0);
  CHECK(encode(e5, NAN) == 0x7E);
  CHECK(encode(e4, NAN) == 0x7F);
  CHECK(encode(e4, NAN, Overflow::Saturate) == 0x7F);
  CHECK(std::isnan(decode(h, 0x7C01)));
  CHECK(std::isinf(decode(h, 0x7C00)));
  // Signed zero.
  CHECK(encode(h, -0.0) == 0x8000);
  CHECK(encode(e4, -0.0) == 0x80);
  // Bad input names the parameter.
  CHECK_THROWS_WITH(decode(e4, 0x100), Catch::Contains("e4m3 bits") && Catch::Contains("0xff"));
  CHECK_THROWS_WITH(float_format("fp4"), Catch::Contains("fp4") && Catch::Contains("e4m3"));
  CHECK_THROWS(e4.inf_bits());
}

namespace {
// Exact fp16 oracle for a*b+c: every fp16 value times 2^24 is an integer, so
// a*b*2^48 and c*2^48 are exact __int128s; the nearest fp16 is then found by an
// exact integer comparison over the sorted list of fp16 values (ties to even).
uint16_t oracle_fp16_fma(double a, double b, double c, const Oracle& o) {
  const auto scaled = [](double v) { return __int128(std::ldexp(v, 24)); };
  const __int128 exact = scaled(a) * scaled(b) + scaled(c) * (__int128(1) << 24);
  const bool neg = exact < 0;
  const __int128 mag = neg ? -exact : exact;
  if (mag == 0) return 0;  // callers avoid signed-zero subtleties
  // Binary search for the last candidate <= mag (exact integer comparisons).
  size_t lo = 0, hi = o.pos.size();
  while (hi - lo > 1) {
    const size_t mid = (lo + hi) / 2;
    if (scaled(o.pos[mid].v) * (__int128(1) << 24) <= mag) lo = mid; else hi = mid;
  }
  uint32_t pick;
  if (lo + 1 == o.pos.size()) {
    pick = 0x7C00;
  } else {
    const __int128 vl = scaled(o.pos[lo].v) * (__int128(1) << 24), vh = scaled(o.pos[lo + 1].v) * (__int128(1) << 24);
    const __int128 dl = mag - vl, dh = vh - mag;
    const Candidate& c2 = dl < dh ? o.pos[lo] : dh < dl ? o.pos[lo + 1] : (o.even(o.pos[lo]) ? o.pos[lo] : o.pos[lo + 1]);
    pick = c2.bits == kOverflow ? 0x7C00 : c2.bits;
  }
  return uint16_t(pick | (neg ? 0x8000 : 0));
}
}  // namespace

TEST_CASE("fmt fp16 arithmetic: add/mul match _Float16, fma matches an exact integer oracle", "[fmt]") {
  const Oracle o(kFp16);
  std::mt19937 rng(9);
  auto rand_h = [&]() {
    for (;;) {
      const double v = decode(fp16_format(), rng() & 0xFFFF);
      if (std::isfinite(v)) return float(v);
    }
  };
  for (int i = 0; i < 20000; ++i) {
    const float a = rand_h(), b = rand_h(), c = rand_h();
    const _Float16 ha = _Float16(a), hb = _Float16(b);
    INFO(a << " " << b << " " << c);
    REQUIRE(same_value(fp16_add(a, b), float(_Float16(ha + hb))));
    REQUIRE(same_value(fp16_mul(a, b), float(_Float16(ha * hb))));
    if (double(a) * b + c != 0.0) {
      REQUIRE(encode(fp16_format(), fp16_fma(a, b, c)) == oracle_fp16_fma(a, b, c, o));
    }
  }
  // A case where a double sum would round twice: big product, tiny addend at a tie.
  const float big = 2048.0f, one = 1.0f, tiny = float(0x1p-24);
  CHECK(fp16_fma(big, one, 1.0f) == 2048.0f);                      // 2049 ties to even 2048
  CHECK(fp16_fma(big, one, 1.0f + float(0x1p-10)) == 2050.0f);     // just above the tie
  CHECK(encode(fp16_format(), fp16_fma(big, one, tiny)) == 0x6800);
  CHECK(std::isnan(fp16_add(NAN, 1.0f)));
}
