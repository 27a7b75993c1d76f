// Every integer-core scheme against an oracle written independently here from
// the scheme's documented pipeline: the quantization is redone with
// std::nearbyint (not the library's rne), the integer sums are recomputed in
// __int128 straight from the codes (not through any GEMM), fp16 roundings use
// the compiler's _Float16, and only the documented fp32 epilogue order is
// shared. Outputs must match bit for bit, on shapes whose K is not a multiple
// of the group size, with an all-zero activation row, an all-zero weight row,
// a single huge outlier and the most negative values.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cfenv>
#include <cmath>
#include <numeric>

#include "models/llm/llama2c_checkpoint.hpp"
#include "models/quant/quant_scheme.hpp"
#include "tests/unit/models/quant_test_data.hpp"

using namespace tpe;
using tpe_test::RecordingEngine;

namespace {

int32_t q_round(double v, int32_t lo, int32_t hi) {
  const double r = std::nearbyint(v);  // FE_TONEAREST: ties to even
  return int32_t(std::min<double>(hi, std::max<double>(lo, r)));
}

float h16(double v) { return float(_Float16(v)); }

// Symmetric quantization of one run of values: returns the scale, fills codes.
float sym(const float* v, const std::vector<int>& idx, int32_t qmax, int32_t* out, float smin = 0, float smax = 0) {
  float amax = 0;
  for (int i : idx) amax = std::max(amax, std::fabs(v[i]));
  float s = amax / float(qmax);
  if (smin > 0) s = std::max(s, smin);
  if (smax > 0) s = std::min(s, smax);
  for (int i : idx) out[i] = s == 0 ? 0 : q_round(v[i] / s, -qmax, qmax);
  return s;
}

std::vector<int> range(int b, int e) {
  std::vector<int> r(static_cast<size_t>(e - b));
  std::iota(r.begin(), r.end(), b);
  return r;
}

std::vector<std::vector<int>> groups_of(int k, int g) {
  std::vector<std::vector<int>> out;
  for (int b = 0; b < k; b += g) out.push_back(range(b, std::min(k, b + g)));
  return out;
}

using Codes = Matrix<int32_t>;

__int128 dot(const Codes& a, int m, const Codes& w, int n, const std::vector<int>& idx) {
  __int128 s = 0;
  for (int k : idx) s += __int128(a(m, k)) * w(n, k);
  return s;
}

// Test data: K not a multiple of 128, row 1 of x all zero, weight row 2 all
// zero, one huge outlier, most-negative-looking extremes.
struct Data {
  Matrix<float> x, w;
};
Data make_data(int M, int K, int N, uint64_t seed) {
  Data d{tpe_test::gaussian(M, K, seed, {3, K - 1}, 12.0f), tpe_test::gaussian(N, K, seed + 1)};
  for (int k = 0; k < K; ++k) d.x(1, k) = 0.0f;
  for (int k = 0; k < K; ++k) d.w(2, k) = 0.0f;
  d.x(0, K / 2) = -300.0f;  // a single huge (negative) outlier
  d.w(0, 1) = -9.0f;
  return d;
}

Matrix<float> run(const std::string& scheme, const Data& d, RecordingEngine& eng) {
  auto p = find_scheme(scheme).prepare(d.w);
  return p->forward(d.x, eng);
}

void require_equal(const Matrix<float>& got, const Matrix<float>& want) {
  REQUIRE(got.rows == want.rows);
  REQUIRE(got.cols == want.cols);
  for (int m = 0; m < got.rows; ++m)
    for (int n = 0; n < got.cols; ++n) {
      INFO("y[" << m << "][" << n << "] got " << got(m, n) << " want " << want(m, n));
      REQUIRE(got(m, n) == want(m, n));
    }
}

const int kShapes[][3] = {{3, 37, 5}, {4, 300, 6}, {2, 128, 3}, {3, 1, 4}};

// ---------------------------------------------------------------- oracles

Matrix<float> oracle_w8a8(const Data& d) {
  const int M = d.x.rows, K = d.x.cols, N = d.w.rows;
  Codes qa(M, K), qw(N, K);
  std::vector<float> sa(static_cast<size_t>(M)), sw(static_cast<size_t>(N));
  for (int m = 0; m < M; ++m) sa[size_t(m)] = sym(d.x.row(m), range(0, K), 127, qa.row(m));
  for (int n = 0; n < N; ++n) sw[size_t(n)] = sym(d.w.row(n), range(0, K), 127, qw.row(n));
  Matrix<float> y(M, N);
  for (int m = 0; m < M; ++m)
    for (int n = 0; n < N; ++n) y(m, n) = float(dot(qa, m, qw, n, range(0, K))) * (sa[size_t(m)] * sw[size_t(n)]);
  return y;
}

// w4a8 / w4a8-asym / w6a6 / w6a8.
Matrix<float> oracle_group(const Data& d, int wbits, bool wasym, int abits, bool act_groups, float smin, float smax) {
  const int M = d.x.rows, K = d.x.cols, N = d.w.rows;
  const auto gs = groups_of(K, 128);
  const int G = int(gs.size());
  Codes qa(M, K), qw(N, K);
  Matrix<float> sa(M, G), sw(N, G);
  Matrix<int32_t> z(N, G, 0);
  const int32_t aq = (1 << (abits - 1)) - 1;
  for (int m = 0; m < M; ++m) {
    if (act_groups)
      for (int g = 0; g < G; ++g) sa(m, g) = sym(d.x.row(m), gs[size_t(g)], aq, qa.row(m), smin, smax);
    else
      sa(m, 0) = sym(d.x.row(m), range(0, K), aq, qa.row(m));
  }
  for (int n = 0; n < N; ++n)
    for (int g = 0; g < G; ++g) {
      const auto& idx = gs[size_t(g)];
      if (!wasym) {
        sw(n, g) = sym(d.w.row(n), idx, (1 << (wbits - 1)) - 1, qw.row(n), smin, smax);
        continue;
      }
      const int32_t qmax = (1 << wbits) - 1;
      float lo = d.w(n, idx[0]), hi = lo;
      for (int k : idx) lo = std::min(lo, d.w(n, k)), hi = std::max(hi, d.w(n, k));
      const float s = std::max(hi - lo, 1e-5f) / float(qmax);
      const int32_t zz = q_round(-std::nearbyint(double(lo / s)), 0, qmax);
      sw(n, g) = s;
      z(n, g) = zz;
      for (int k : idx) qw(n, k) = q_round(std::nearbyint(double(d.w(n, k) / s)) + zz, 0, qmax);
    }
  Matrix<float> y(M, N);
  for (int m = 0; m < M; ++m)
    for (int n = 0; n < N; ++n) {
      float acc = 0;
      for (int g = 0; g < G; ++g) {
        __int128 i = dot(qa, m, qw, n, gs[size_t(g)]);
        __int128 rs = 0;
        for (int k : gs[size_t(g)]) rs += qa(m, k);
        i -= __int128(z(n, g)) * rs;
        acc += act_groups ? (sa(m, g) * sw(n, g)) * float(int64_t(i)) : sw(n, g) * float(int64_t(i));
      }
      y(m, n) = act_groups ? acc : sa(m, 0) * acc;
    }
  return y;
}

Matrix<float> oracle_ternary(const Data& d) {
  const int M = d.x.rows, K = d.x.cols, N = d.w.rows;
  float sum = 0;
  for (float v : d.w.data) sum += std::fabs(v);
  const float gamma = sum / float(d.w.data.size());
  Codes wt(N, K), xq(M, K);
  for (int n = 0; n < N; ++n)
    for (int k = 0; k < K; ++k) wt(n, k) = q_round(d.w(n, k) / (gamma + 1e-5f), -1, 1);
  std::vector<float> amax(static_cast<size_t>(M), 0.0f);
  for (int m = 0; m < M; ++m) {
    for (int k = 0; k < K; ++k) amax[size_t(m)] = std::max(amax[size_t(m)], std::fabs(d.x(m, k)));
    for (int k = 0; k < K; ++k) xq(m, k) = amax[size_t(m)] == 0 ? 0 : q_round(d.x(m, k) * (127.0f / amax[size_t(m)]), -127, 127);
  }
  Matrix<float> y(M, N);
  for (int m = 0; m < M; ++m)
    for (int n = 0; n < N; ++n) y(m, n) = float(int64_t(dot(xq, m, wt, n, range(0, K)))) * gamma * amax[size_t(m)] / 127.0f;
  return y;
}

Matrix<float> oracle_comet(const Data& d) {
  const int M = d.x.rows, K = d.x.cols, N = d.w.rows;
  Codes qw(N, K), qa(M, K);
  std::vector<float> sw(static_cast<size_t>(N));
  for (int n = 0; n < N; ++n) sw[size_t(n)] = sym(d.w.row(n), range(0, K), 7, qw.row(n));
  std::vector<std::pair<float, int>> order;
  for (int k = 0; k < K; ++k) {
    float c = 0;
    for (int m = 0; m < M; ++m) c = std::max(c, std::fabs(d.x(m, k)));
    order.push_back({-c, k});  // descending |x|, ties by ascending k
  }
  std::sort(order.begin(), order.end());
  std::vector<std::vector<int>> blocks;
  for (int b = 0; b < K; b += 128) {
    blocks.emplace_back();
    for (int i = b; i < std::min(K, b + 128); ++i) blocks.back().push_back(order[size_t(i)].second);
  }
  Matrix<float> y(M, N);
  for (int m = 0; m < M; ++m) {
    std::vector<float> sa;
    for (size_t b = 0; b < blocks.size(); ++b) sa.push_back(sym(d.x.row(m), blocks[b], b == 0 ? 127 : 7, qa.row(m)));
    for (int n = 0; n < N; ++n) {
      float acc = 0;
      for (size_t b = 0; b < blocks.size(); ++b) acc += (sa[b] * sw[size_t(n)]) * float(int64_t(dot(qa, m, qw, n, blocks[b])));
      y(m, n) = acc;
    }
  }
  return y;
}

Matrix<float> oracle_llmint8(const Data& d) {
  const int M = d.x.rows, K = d.x.cols, N = d.w.rows;
  Matrix<float> x16 = d.x, w16 = d.w;
  for (auto& v : x16.data) v = h16(v);
  for (auto& v : w16.data) v = h16(v);
  std::vector<bool> out(static_cast<size_t>(K), false);
  for (int m = 0; m < M; ++m)
    for (int k = 0; k < K; ++k) out[size_t(k)] = out[size_t(k)] || std::fabs(x16(m, k)) >= 6.0f;
  std::vector<int> normal, outl;
  for (int k = 0; k < K; ++k) (out[size_t(k)] ? outl : normal).push_back(k);
  Codes ca(M, K, 0), cb(N, K, 0);
  std::vector<float> rs(static_cast<size_t>(M)), scb(static_cast<size_t>(N));
  for (int m = 0; m < M; ++m) {
    float st = 0;
    for (int k : normal) st = std::max(st, std::fabs(x16(m, k)));
    rs[size_t(m)] = st;
    for (int k : normal) ca(m, k) = st == 0 ? 0 : q_round(x16(m, k) * (127.0f / st), -127, 127);
  }
  for (int n = 0; n < N; ++n) {
    float st = 0;
    for (int k = 0; k < K; ++k) st = std::max(st, std::fabs(w16(n, k)));
    scb[size_t(n)] = st;
    for (int k = 0; k < K; ++k) cb(n, k) = st == 0 ? 0 : q_round(w16(n, k) * (127.0f / st), -127, 127);
  }
  Matrix<float> y(M, N);
  for (int m = 0; m < M; ++m)
    for (int n = 0; n < N; ++n) {
      float o = h16(float(int64_t(dot(ca, m, cb, n, range(0, K)))) * (rs[size_t(m)] * scb[size_t(n)]) * 6.200124e-05f);
      if (!outl.empty()) {
        float acc = 0;
        for (int k : outl) acc += x16(m, k) * h16(float(cb(n, k)) * scb[size_t(n)] * 7.874015718698502e-3f);
        o = h16(double(o) + double(acc));
      }
      y(m, n) = o;
    }
  return y;
}

Matrix<float> oracle_w4a16(const Data& d) {
  const int M = d.x.rows, K = d.x.cols, N = d.w.rows;
  Matrix<float> w16(N, K);
  for (int n = 0; n < N; ++n)
    for (const auto& idx : groups_of(K, 128)) {
      float lo = d.w(n, idx[0]), hi = lo;
      for (int k : idx) lo = std::min(lo, d.w(n, k)), hi = std::max(hi, d.w(n, k));
      const float s = std::max(hi - lo, 1e-5f) / 15.0f;
      const int32_t z = q_round(-std::nearbyint(double(lo / s)), 0, 15);
      const float s16 = h16(s), sz16 = h16(-(double(s16) * z));
      for (int k : idx) {
        const int32_t q = q_round(std::nearbyint(double(d.w(n, k) / s)) + z, 0, 15);
        w16(n, k) = h16(double(q) * s16 + sz16);  // exact in double, one rounding
      }
    }
  Matrix<float> y(M, N);
  for (int m = 0; m < M; ++m)
    for (int n = 0; n < N; ++n) {
      float acc = 0;
      for (int k = 0; k < K; ++k) acc += h16(d.x(m, k)) * w16(n, k);
      y(m, n) = acc;
    }
  return y;
}

}  // namespace

TEST_CASE("quant w8a8 matches the int128 oracle and makes one i8 x i8 acc32 GEMM", "[quant]") {
  for (auto& s : kShapes) {
    const Data d = make_data(s[0], s[1], s[2], 100 + s[1]);
    RecordingEngine eng;
    require_equal(run("w8a8", d, eng), oracle_w8a8(d));
    REQUIRE(eng.calls.size() == 1);
    CHECK(eng.calls[0].fa == IntFormat{8, true});
    CHECK(eng.calls[0].fb == IntFormat{8, true});
    CHECK(eng.calls[0].acc_bits == 32);
  }
}

TEST_CASE("quant w4a8 and w4a8-asym match the int128 oracle, one GEMM per group of 128", "[quant]") {
  for (auto& s : kShapes) {
    const Data d = make_data(s[0], s[1], s[2], 200 + s[1]);
    RecordingEngine e1, e2;
    require_equal(run("w4a8", d, e1), oracle_group(d, 4, false, 8, false, 0, 0));
    require_equal(run("w4a8-asym", d, e2), oracle_group(d, 4, true, 8, false, 0, 0));
    const size_t groups = size_t((s[1] + 127) / 128);
    REQUIRE(e1.calls.size() == groups);
    REQUIRE(e2.calls.size() == groups);
    CHECK(e1.calls.back().k == (s[1] % 128 ? s[1] % 128 : 128));  // the last group is the short one
    CHECK(e2.calls[0].fb == IntFormat{4, false});
    CHECK(e2.calls[0].n == s[2] + 1);  // the extra all-ones column yields the row sums
  }
}

TEST_CASE("quant w6a6 and w6a8 (FlexQ) match the int128 oracle", "[quant]") {
  for (auto& s : kShapes) {
    const Data d = make_data(s[0], s[1], s[2], 300 + s[1]);
    RecordingEngine e1, e2;
    require_equal(run("w6a6", d, e1), oracle_group(d, 6, false, 6, true, 1e-5f, 1e4f));
    require_equal(run("w6a8", d, e2), oracle_group(d, 6, false, 8, true, 1e-5f, 1e4f));
    CHECK(e1.calls[0].fa == IntFormat{6, true});
    CHECK(e2.calls[0].fa == IntFormat{8, true});
    CHECK(e1.calls[0].fb == IntFormat{6, true});
  }
}

TEST_CASE("quant ternary matches the int128 oracle and uses i8 x i2", "[quant]") {
  for (auto& s : kShapes) {
    const Data d = make_data(s[0], s[1], s[2], 400 + s[1]);
    RecordingEngine eng;
    require_equal(run("ternary", d, eng), oracle_ternary(d));
    REQUIRE(eng.calls.size() == 1);
    CHECK(eng.calls[0].fb == IntFormat{2, true});
  }
}

TEST_CASE("quant w4a4-comet matches the int128 oracle: int8 block first, int4 after", "[quant]") {
  for (auto& s : kShapes) {
    const Data d = make_data(s[0], s[1], s[2], 500 + s[1]);
    RecordingEngine eng;
    require_equal(run("w4a4-comet", d, eng), oracle_comet(d));
    REQUIRE(eng.calls.size() == size_t((s[1] + 127) / 128));
    CHECK(eng.calls[0].fa == IntFormat{8, true});
    if (eng.calls.size() > 1) CHECK(eng.calls[1].fa == IntFormat{4, true});
  }
}

TEST_CASE("quant w8a8-llmint8 matches the bitsandbytes-order oracle with and without outliers", "[quant]") {
  for (auto& s : kShapes) {
    Data d = make_data(s[0], s[1], s[2], 600 + s[1]);
    RecordingEngine eng;
    require_equal(run("w8a8-llmint8", d, eng), oracle_llmint8(d));
    REQUIRE(eng.calls.size() == 1);
    for (auto& v : d.x.data) v = std::max(-5.0f, std::min(5.0f, v));  // no outlier column at all
    require_equal(run("w8a8-llmint8", d, eng), oracle_llmint8(d));
  }
  // Threshold is inclusive (|x| >= 6) and the outlier path uses int8-dequantized weights.
  Data d{Matrix<float>(2, 4, 1.0f), Matrix<float>(1, 4, 0.5f)};
  d.x(0, 2) = 6.0f;
  d.w(0, 3) = 1.0f;
  RecordingEngine eng;
  require_equal(run("w8a8-llmint8", d, eng), oracle_llmint8(d));
}

TEST_CASE("quant w4a16 matches the fp16 (hfma) dequant oracle", "[quant]") {
  for (auto& s : kShapes) {
    const Data d = make_data(s[0], s[1], s[2], 700 + s[1]);
    RecordingEngine eng;
    require_equal(run("w4a16", d, eng), oracle_w4a16(d));
    CHECK(eng.calls.empty());
  }
}

TEST_CASE("quant rtn schemes: dequantized fp32 dot matches the oracle for every variant", "[quant]") {
  const Data d = make_data(3, 300, 5, 800);
  for (const auto& sc : all_schemes()) {
    const std::string name = sc->name();
    if (name.rfind("rtn-", 0) != 0) continue;
    // Parse rtn-w<b>-<gran>[-asym].
    const int bits = std::stoi(name.substr(5));
    const bool asym = name.size() > 5 && name.substr(name.size() - 5) == "-asym";
    int group = d.w.cols;
    const auto gpos = name.find("-g");
    if (gpos != std::string::npos) group = std::stoi(name.substr(gpos + 2));
    const bool tensor = name.find("-tensor") != std::string::npos;
    Matrix<float> wq(d.w.rows, d.w.cols);
    float tensor_amax = 0;
    for (float v : d.w.data) tensor_amax = std::max(tensor_amax, std::fabs(v));
    const int32_t qmax = (1 << (bits - 1)) - 1;
    for (int n = 0; n < d.w.rows; ++n)
      for (const auto& idx : groups_of(d.w.cols, group)) {
        if (tensor) {
          const float s = tensor_amax / float(qmax);
          for (int k : idx) wq(n, k) = s * float(q_round(d.w(n, k) / s, -qmax, qmax));
        } else if (!asym) {
          Codes c(1, d.w.cols);
          const float s = sym(d.w.row(n), idx, qmax, c.row(0));
          for (int k : idx) wq(n, k) = s * float(c(0, k));
        } else {
          const int32_t um = (1 << bits) - 1;
          float lo = d.w(n, idx[0]), hi = lo;
          for (int k : idx) lo = std::min(lo, d.w(n, k)), hi = std::max(hi, d.w(n, k));
          const float s = std::max(hi - lo, 1e-5f) / float(um);
          const int32_t z = q_round(-std::nearbyint(double(lo / s)), 0, um);
          for (int k : idx) wq(n, k) = s * float(q_round(std::nearbyint(double(d.w(n, k) / s)) + z, 0, um) - z);
        }
      }
    Matrix<float> want(d.x.rows, d.w.rows);
    for (int m = 0; m < d.x.rows; ++m)
      for (int n = 0; n < d.w.rows; ++n) {
        float acc = 0;
        for (int k = 0; k < d.x.cols; ++k) acc += d.x(m, k) * wq(n, k);
        want(m, n) = acc;
      }
    INFO(name);
    RecordingEngine eng;
    require_equal(run(name, d, eng), want);
  }
}

TEST_CASE("quant oracles hold on real stories260K weights (w2: K = 172, w1: K = 64)", "[quant]") {
  const LlamaCheckpoint ck = load_llama2c_checkpoint(default_stories260k_path());
  for (const Matrix<float>* w : {&ck.layers[0].w2, &ck.layers[4].w1}) {
    Data d{tpe_test::gaussian(4, w->cols, 900 + w->cols, {2, 50}, 12.0f), *w};
    INFO("K = " << w->cols);
    RecordingEngine eng;
    require_equal(run("w8a8", d, eng), oracle_w8a8(d));
    require_equal(run("w4a8", d, eng), oracle_group(d, 4, false, 8, false, 0, 0));
    require_equal(run("w4a8-asym", d, eng), oracle_group(d, 4, true, 8, false, 0, 0));
    require_equal(run("w6a6", d, eng), oracle_group(d, 6, false, 6, true, 1e-5f, 1e4f));
    require_equal(run("w6a8", d, eng), oracle_group(d, 6, false, 8, true, 1e-5f, 1e4f));
    require_equal(run("ternary", d, eng), oracle_ternary(d));
    require_equal(run("w4a4-comet", d, eng), oracle_comet(d));
    require_equal(run("w8a8-llmint8", d, eng), oracle_llmint8(d));
    require_equal(run("w4a16", d, eng), oracle_w4a16(d));
  }
}
