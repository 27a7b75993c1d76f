// The bit-plane formats (ShiftAddLLM BCQ/APoT, LUT-GEMM, T-MAC): their
// identities, their storage layouts read back from the raw arrays, and the
// schemes' outputs against oracles written here from the documented order
// (fp16 steps via the compiler's _Float16; integer lookups recomputed
// directly from the weight codes, not from the stored planes).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "models/formats/bcq_format.hpp"
#include "models/formats/lutgemm_format.hpp"
#include "models/formats/tmac_format.hpp"
#include "models/quant/quant_scheme.hpp"
#include "tests/unit/models/quant_test_data.hpp"

using namespace tpe;

namespace {
float h16(double v) { return float(_Float16(v)); }
float hadd(float a, float b) { return float(_Float16(_Float16(a) + _Float16(b))); }
float hmul(float a, float b) { return float(_Float16(_Float16(a) * _Float16(b))); }

void require_equal(const Matrix<float>& got, const Matrix<float>& want) {
  REQUIRE(got.rows == want.rows);
  REQUIRE(got.cols == want.cols);
  for (size_t i = 0; i < got.data.size(); ++i) {
    INFO("i=" << i << " got " << got.data[i] << " want " << want.data[i]);
    REQUIRE(got.data[i] == want.data[i]);
  }
}

// llm-awq asymmetric codes, recomputed here.
struct Awq {
  Matrix<int32_t> q, z;
  Matrix<float> s;
};
Awq awq(const Matrix<float>& w, int bits, int G) {
  const int groups = (w.cols + G - 1) / G, qmax = (1 << bits) - 1;
  Awq a{Matrix<int32_t>(w.rows, w.cols), Matrix<int32_t>(w.rows, groups), Matrix<float>(w.rows, groups)};
  for (int n = 0; n < w.rows; ++n)
    for (int g = 0; g < groups; ++g) {
      const int k0 = g * G, k1 = std::min(w.cols, k0 + G);
      float lo = w(n, k0), hi = lo;
      for (int k = k0; k < k1; ++k) lo = std::min(lo, w(n, k)), hi = std::max(hi, w(n, k));
      const float s = std::max(hi - lo, 1e-5f) / float(qmax);
      const int z = int(std::min<double>(qmax, std::max(0.0, -std::nearbyint(double(lo / s)))));
      a.s(n, g) = s;
      a.z(n, g) = z;
      for (int k = k0; k < k1; ++k)
        a.q(n, k) = int(std::min<double>(qmax, std::max(0.0, std::nearbyint(double(w(n, k) / s)) + z)));
    }
  return a;
}
}  // namespace

TEST_CASE("quant apot: hand-computed decompositions", "[quant]") {
  // 0.3: 2^-2 (rne(log2 .3 = -1.74)), residual .05 -> 2^-4, residual -.0125 -> -2^-6.
  auto t = apot_decompose(0.3, 3);
  CHECK(t[0].sign == 1);
  CHECK(t[0].exp == -2);
  CHECK(t[1].sign == 1);
  CHECK(t[1].exp == -4);
  CHECK(t[2].sign == -1);
  CHECK(t[2].exp == -6);
  CHECK(apot_value(t) == 0.296875);
  t = apot_decompose(0.5, 3);  // exact power of two: explicit zero terms after the first
  CHECK(t[0].exp == -1);
  CHECK(t[1].sign == 0);
  CHECK(t[2].sign == 0);
  t = apot_decompose(0.0, 2);
  CHECK(t[0].sign == 0);
  CHECK(apot_value(t) == 0.0);
  CHECK_THROWS_WITH(apot_decompose(1.0, 0), Catch::Contains("terms = 0") && Catch::Contains("1..4"));
}

TEST_CASE("quant bcq: layout, optimal signs per block, sorted alphas, odd N and K", "[quant]") {
  const Matrix<float> w = tpe_test::gaussian(21, 13, 41);  // 16-row and 8-column blocks do not divide
  const BcqWeights q = quantize_bcq_apot(w, 3, 3);
  REQUIRE(q.row_blocks() == 2);
  REQUIRE(q.col_blocks() == 2);
  REQUIRE(q.alpha.size() == size_t(2 * 3 * 2 * 3));
  long double err = 0, sig = 0;
  for (int n = 0; n < 21; ++n)
    for (int k = 0; k < 13; ++k) {
      // Alphas read straight from the kernel-indexed array [k/8][b][n/16][t].
      double alpha[3];
      for (int b = 0; b < 3; ++b) {
        alpha[b] = 0;
        for (int t = 0; t < 3; ++t) {
          const ApotTerm& a = q.alpha[((size_t(k / 8) * 3 + b) * 2 + size_t(n / 16)) * 3 + size_t(t)];
          alpha[b] += a.sign * std::pow(2.0, a.exp);
        }
      }
      CHECK(alpha[0] >= alpha[1]);
      CHECK(alpha[1] >= alpha[2]);
      double v = 0, best = INFINITY;
      for (int b = 0; b < 3; ++b) v += ((q.beta[size_t(n) * 13 + size_t(k)] >> b) & 1 ? 1 : -1) * alpha[b];
      for (int p = 0; p < 8; ++p) {
        double c = 0;
        for (int b = 0; b < 3; ++b) c += (p >> b & 1 ? 1 : -1) * alpha[b];
        best = std::min(best, std::fabs(c - w(n, k)));
      }
      CHECK(std::fabs(v - w(n, k)) == best);  // the stored signs are the best for these alphas
      CHECK(q.dequant(n, k) == v);
      err += (v - w(n, k)) * (v - w(n, k));
      sig += (long double)w(n, k) * w(n, k);
    }
  // 3-bit BCQ of Gaussian weights: measured 15.32 dB on this seed; floor 2 dB below.
  const double db = double(10 * std::log10(sig / err));
  INFO("bcq weight SQNR " << db);
  CHECK(db > 13.3);
  CHECK_THROWS_WITH(quantize_bcq_apot(w, 3, 3, 0), Catch::Contains("block_rows = 0"));
}

TEST_CASE("quant bcq-shiftadd forward matches the shift-add oracle", "[quant]") {
  const Matrix<float> x = tpe_test::gaussian(3, 45, 51, {4}, 10.0f);
  const Matrix<float> w = tpe_test::gaussian(19, 45, 52);
  const BcqWeights q = quantize_bcq_apot(w, 3, 3);
  Matrix<float> want(3, 19);
  for (int m = 0; m < 3; ++m)
    for (int n = 0; n < 19; ++n) {
      float acc = 0;
      for (int kb = 0; kb * 8 < 45; ++kb)
        for (int b = 0; b < 3; ++b) {
          float p = 0;
          for (int k = kb * 8; k < std::min(45, kb * 8 + 8); ++k) p += q.beta_sign(n, k, b) * x(m, k);
          float c = 0;
          for (int t = 0; t < 3; ++t) {
            const ApotTerm& a = q.alpha_terms(kb, b, n / 16)[t];
            if (a.sign) c += float(a.sign) * (p * std::pow(2.0f, float(a.exp)));  // exact power-of-two scaling
          }
          acc += c;
        }
      want(m, n) = acc;
    }
  require_equal(find_scheme("bcq-shiftadd").prepare(w)->forward(x, reference_gemm_engine()), want);
}

TEST_CASE("quant lutgemm: bit planes hold q, alpha/bias reproduce s*(q-z) up to fp16 rounding", "[quant]") {
  const Matrix<float> w = tpe_test::gaussian(5, 300, 61);
  const Awq a = awq(w, 4, 128);
  const LutGemmWeights l = lutgemm_from_uniform(quantize_asymmetric_groups(w, 4, 128));
  REQUIRE(l.bweight.size() == size_t(10 * 4 * 5));  // ceil(300/32) words x 4 planes x 5 rows
  for (int n = 0; n < 5; ++n)
    for (int k = 0; k < 300; ++k) {
      int q = 0;
      for (int b = 0; b < 4; ++b) q |= int((l.bweight[(size_t(k / 32) * 4 + size_t(b)) * 5 + size_t(n)] >> (k % 32)) & 1) << b;
      REQUIRE(q == a.q(n, k));
      const int g = k / 128;
      const double exact = double(a.s(n, g)) * (q - a.z(n, g));
      // alpha_b = fp16(s*2^(b-1)) (exact value known), q_bias = fp16(sum alpha - s*z).
      for (int b = 0; b < 4; ++b) REQUIRE(l.alpha_at(g, b, n) == h16(double(a.s(n, g)) * std::ldexp(1.0, b - 1)));
      CHECK(std::fabs(l.dequant(n, k) - exact) <= 8 * std::ldexp(double(a.s(n, g)), -10) * 4);
    }
}

TEST_CASE("quant lutgemm: the fp16 LUT follows the kernel's build order", "[quant]") {
  const Matrix<float> xs = tpe_test::gaussian(50, 8, 71, {}, 1.0f, 30.0f);
  for (int r = 0; r < xs.rows; ++r) {
    float x[8];
    for (int j = 0; j < 8; ++j) x[j] = h16(xs(r, j));
    const auto lut = lutgemm_build_lut(x);
    for (int p = 0; p < 256; ++p) {
      float want;
      if (p < 64) {
        want = (p & 1) ? x[0] : -x[0];
        for (int j = 1; j < 8; ++j) want = hadd(want, ((p >> j) & 1) ? x[j] : -x[j]);
      } else {
        const int s = p >= 128 ? 7 : 6;
        want = hadd(lut[size_t(p - (1 << s))], h16(2.0 * x[s]));
      }
      INFO("p=" << p);
      REQUIRE(lut[size_t(p)] == want);
      double exact = 0;
      for (int j = 0; j < 8; ++j) exact += ((p >> j) & 1) ? x[j] : -x[j];
      CHECK(std::fabs(lut[size_t(p)] - exact) <= 8 * 0.5 * std::ldexp(1.0, std::ilogb(8 * 30 * 4.0) - 10) + 1e-3);
    }
  }
}

TEST_CASE("quant lutgemm-bcq forward matches the fp16 oracle (K not a multiple of 8 or 128)", "[quant]") {
  const int M = 2, K = 203, N = 4;
  const Matrix<float> x = tpe_test::gaussian(M, K, 81, {7}, 8.0f);
  const Matrix<float> w = tpe_test::gaussian(N, K, 82);
  const Awq a = awq(w, 4, 128);
  Matrix<float> want(M, N);
  for (int m = 0; m < M; ++m) {
    const int chunks = (K + 7) / 8;
    std::vector<std::array<float, 256>> luts(static_cast<size_t>(chunks));
    for (int c = 0; c < chunks; ++c) {
      float xx[8];
      for (int j = 0; j < 8; ++j) xx[j] = 8 * c + j < K ? h16(x(m, 8 * c + j)) : 0.0f;
      luts[size_t(c)] = lutgemm_build_lut(xx);  // verified separately above
    }
    for (int n = 0; n < N; ++n) {
      float y = 0;
      for (int g = 0; g * 128 < K; ++g) {
        const int c0 = g * 16, c1 = std::min(chunks, c0 + 16);
        for (int b = 0; b < 4; ++b) {
          float t = 0;
          for (int c = c0; c < c1; ++c) {
            int byte = 0;
            for (int j = 0; j < 8; ++j)
              if (8 * c + j < K && ((a.q(n, 8 * c + j) >> b) & 1)) byte |= 1 << j;
            t = hadd(t, luts[size_t(c)][size_t(byte)]);
          }
          y = hadd(y, hmul(h16(double(a.s(n, g)) * std::ldexp(1.0, b - 1)), t));
        }
        float tb = 0;
        for (int c = c0; c < c1; ++c) tb = hadd(tb, luts[size_t(c)][255]);
        float alpha_sum = 0;
        for (int b = 0; b < 4; ++b) alpha_sum += a.s(n, g) * std::ldexp(1.0f, b - 1);
        y = hadd(y, hmul(h16(alpha_sum - a.s(n, g) * float(a.z(n, g))), tb));
      }
      want(m, n) = y;
    }
  }
  require_equal(find_scheme("lutgemm-bcq").prepare(w)->forward(x, reference_gemm_engine()), want);
}

TEST_CASE("quant tmac: bit-plane identity for B = 1..4 and the stored 4-bit indices", "[quant]") {
  // w_int = 1/2 * (sum_i 2^i (2 bit_i - 1) - 1) with q = w_int + 2^(B-1).
  for (int B = 1; B <= 4; ++B)
    for (int w = -(1 << (B - 1)); w < (1 << (B - 1)); ++w) {
      const int q = w + (1 << (B - 1));
      int s = 0;
      for (int i = 0; i < B; ++i) s += (1 << i) * (2 * ((q >> i) & 1) - 1);
      REQUIRE(2 * w == s - 1);
    }
  const Matrix<float> w = tpe_test::gaussian(3, 130, 91);
  const GroupQuant gq = quantize_symmetric_groups(w, 4, 128);
  const TmacWeights t = tmac_from_symmetric(gq);
  for (int n = 0; n < 3; ++n)
    for (int k = 0; k < 130; ++k) {
      int q = 0;
      for (int b = 0; b < 4; ++b) q |= ((t.index[(size_t(b) * 3 + size_t(n)) * 33 + size_t(k / 4)] >> (k % 4)) & 1) << b;
      REQUIRE(q == gq.q(n, k) + 8);
    }
  CHECK_THROWS_WITH(tmac_build_lut(w.row(0), 130, 6), Catch::Contains("act_group = 6"));
}

TEST_CASE("quant tmac-w4 forward matches the int8-LUT oracle", "[quant]") {
  const int M = 2, K = 203, N = 5;
  const Matrix<float> x = tpe_test::gaussian(M, K, 101, {9}, 10.0f);
  const Matrix<float> w = tpe_test::gaussian(N, K, 102);
  // Weight codes and scales recomputed here: symmetric int4, absmax/7, group 128.
  Matrix<int32_t> qw(N, K);
  Matrix<float> sw(N, 2);
  for (int n = 0; n < N; ++n)
    for (int g = 0; g < 2; ++g) {
      float amax = 0;
      for (int k = g * 128; k < std::min(K, g * 128 + 128); ++k) amax = std::max(amax, std::fabs(w(n, k)));
      sw(n, g) = amax / 7.0f;
      for (int k = g * 128; k < std::min(K, g * 128 + 128); ++k)
        qw(n, k) = int(std::max(-7.0, std::min(7.0, std::nearbyint(double(w(n, k) / sw(n, g))))));
    }
  Matrix<float> want(M, N);
  const int quads = (K + 3) / 4;
  for (int m = 0; m < M; ++m) {
    auto xv = [&](int k) { return k < K ? x(m, k) : 0.0f; };
    // LUT, its int8 quantization per 64 activations, and the bias.
    std::vector<float> lut(size_t(quads) * 16);
    std::vector<int> qlut(size_t(quads) * 16);
    std::vector<float> ls, lb;
    for (int qd = 0; qd < quads; ++qd)
      for (int g = 0; g < 16; ++g) {
        float v = 0;
        for (int j = 0; j < 4; ++j) v += ((g >> j) & 1) ? xv(4 * qd + j) : -xv(4 * qd + j);
        lut[size_t(qd) * 16 + size_t(g)] = v;
      }
    for (int ag = 0; ag * 16 < quads; ++ag) {
      float mx = 0, bias = 0;
      for (int qd = ag * 16; qd < std::min(quads, ag * 16 + 16); ++qd) {
        float s = 0;
        for (int j = 0; j < 4; ++j) s += std::fabs(xv(4 * qd + j));
        mx = std::max(mx, s);
        bias += lut[size_t(qd) * 16];
      }
      ls.push_back(mx / 127.0f);
      lb.push_back(bias);
      for (int qd = ag * 16; qd < std::min(quads, ag * 16 + 16); ++qd)
        for (int g = 0; g < 16; ++g)
          qlut[size_t(qd) * 16 + size_t(g)] =
              int(std::max(-128.0, std::min(127.0, std::nearbyint(double(lut[size_t(qd) * 16 + size_t(g)] / ls.back())))));
    }
    for (int n = 0; n < N; ++n) {
      float acc = 0;
      for (int wg = 0; wg < 2; ++wg) {
        float gsum = 0;
        for (int b = 0; b < 4; ++b) {
          float cb = 0;
          for (int ag = wg * 2; ag < std::min((quads + 15) / 16, wg * 2 + 2); ++ag) {
            int isum = 0;
            for (int qd = ag * 16; qd < std::min(quads, ag * 16 + 16); ++qd) {
              int idx = 0;
              for (int j = 0; j < 4; ++j)
                if (4 * qd + j < K && (((qw(n, 4 * qd + j) + 8) >> b) & 1)) idx |= 1 << j;
              isum += qlut[size_t(qd) * 16 + size_t(idx)];
            }
            float v = float(isum) * ls[size_t(ag)];
            if (b == 0) v += lb[size_t(ag)];
            cb += v;
          }
          gsum += float(1 << b) / 2.0f * cb;
        }
        acc += sw(n, wg) * gsum;
      }
      want(m, n) = acc;
    }
  }
  require_equal(find_scheme("tmac-w4").prepare(w)->forward(x, reference_gemm_engine()), want);
}
