// The pieces of the calibrated quantization methods, each against a
// computation written here: the Cholesky algebra, GPTQ reducing to RTN when the
// Hessian is diagonal, SqueezeLLM's codebook and exact outliers, per-IC groups,
// the FP8 pipeline of w4a8fp-g128 bit for bit, deterministic calibration, and
// configuration errors that name the field.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <set>

#include "models/llm/llama2c_checkpoint.hpp"
#include "models/llm/llm_calibration.hpp"
#include "models/quant/calibrated_scheme.hpp"
#include "models/quant/dense_cholesky.hpp"
#include "models/quant/scheme_adadim.hpp"
#include "models/quant/scheme_awq.hpp"
#include "models/quant/scheme_fireq.hpp"
#include "models/quant/scheme_gptq.hpp"
#include "models/quant/scheme_mixllm.hpp"
#include "models/quant/scheme_squeezellm.hpp"
#include "quant_test_data.hpp"

using namespace tpe;

namespace {

const CalibratedScheme& calibrated(const std::string& name) {
  return dynamic_cast<const CalibratedScheme&>(find_scheme(name));
}

// y for x = the K x K identity: y[k][n] is the effective weight w'[n][k].
Matrix<float> effective_weights(const PreparedLinear& p, int k) {
  Matrix<float> eye(k, k, 0.0f);
  for (int i = 0; i < k; ++i) eye(i, i) = 1.0f;
  return p.forward(eye, reference_gemm_engine());
}

// llm-awq's asymmetric quantizer (pe_arith 2.1), written from the formula.
void awq_fake_quant(std::vector<float>& v, int bits) {
  const float qmax = float((1 << bits) - 1);
  const float lo = *std::min_element(v.begin(), v.end()), hi = *std::max_element(v.begin(), v.end());
  const float s = std::max(hi - lo, 1e-5f) / qmax;
  const float z = std::min(std::max(-std::nearbyint(lo / s), 0.0f), qmax);
  for (float& x : v) x = s * (std::min(std::max(std::nearbyint(x / s) + z, 0.0f), qmax) - z);
}

// e4m3 (OCP, satfinite): nearest of all finite values, ties to the even mantissa.
float e4m3_oracle(double v) {
  static const std::vector<double> pos = [] {
    std::vector<double> p;
    for (int e = 0; e < 16; ++e)
      for (int m = 0; m < 8; ++m) {
        if (e == 15 && m == 7) continue;  // NaN
        p.push_back(e == 0 ? std::ldexp(m / 8.0, -6) : std::ldexp(1.0 + m / 8.0, e - 7));
      }
    return p;
  }();
  const double a = std::min(std::fabs(v), 448.0);
  size_t best = 0;
  for (size_t i = 1; i < pos.size(); ++i) {
    const double d = std::fabs(pos[i] - a), db = std::fabs(pos[best] - a);
    if (d < db || (d == db && (i % 8) % 2 == 0)) best = i;  // index i: mantissa i % 8 (e = i / 8)
  }
  return float(std::copysign(pos[best], v));
}

float bf16_oracle(float f) {
  uint32_t u;
  std::memcpy(&u, &f, 4);
  u = (u + 0x7FFF + ((u >> 16) & 1)) & 0xFFFF0000u;
  std::memcpy(&f, &u, 4);
  return f;
}

}  // namespace

TEST_CASE("quant calibrated parts: Cholesky factors and inverse of an SPD matrix", "[quant]") {
  const int n = 9;
  const Matrix<float> b = tpe_test::gaussian(n, n, 7);
  std::vector<double> a(size_t(n * n));
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      double s = i == j ? 0.5 : 0.0;
      for (int k = 0; k < n; ++k) s += double(b(i, k)) * b(j, k);
      a[size_t(i * n + j)] = s;
    }
  std::vector<double> l = a;
  REQUIRE(cholesky_lower(l, n));
  const std::vector<double> inv = inverse_from_cholesky(l, n);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      double s = 0;
      for (int k = 0; k < n; ++k) s += a[size_t(i * n + k)] * inv[size_t(k * n + j)];
      CHECK(s == Approx(i == j ? 1.0 : 0.0).margin(1e-9));
    }
  std::vector<double> u = a;
  REQUIRE(cholesky_upper(u, n));
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      double s = 0;
      for (int k = 0; k < n; ++k) s += u[size_t(k * n + i)] * u[size_t(k * n + j)];
      CHECK(s == Approx(a[size_t(i * n + j)]).epsilon(1e-12));
      if (i > j) CHECK(u[size_t(i * n + j)] == 0.0);
    }
  std::vector<double> indefinite = {1, 2, 2, 1};
  CHECK_FALSE(cholesky_lower(indefinite, 2));
}

TEST_CASE("quant calibrated parts: GPTQ is RTN on a diagonal Hessian and beats RTN on a correlated one", "[quant]") {
  const int k = 96, n = 7;
  const Matrix<float> w = tpe_test::gaussian(n, k, 11);
  // X = 2 * identity rows: H = 2 X^T X / T is diagonal, so no error is fed forward.
  Matrix<float> x(k, k, 0.0f);
  for (int i = 0; i < k; ++i) x(i, i) = 2.0f;
  const auto g = calibrated("gptq-w4-g32").prepare_calibrated(w, x, "diag");
  const auto r = find_scheme("rtn-w4-g32-asym").prepare(w);
  const Matrix<float> probe = tpe_test::gaussian(5, k, 12);
  CHECK(g->forward(probe, reference_gemm_engine()) == r->forward(probe, reference_gemm_engine()));

  // Correlated inputs: x = z A with a mixing A; GPTQ's output error on them is below RTN's.
  const Matrix<float> z = tpe_test::gaussian(512, k, 13), mixm = tpe_test::gaussian(k, k, 14, {}, 1.0f, 0.3f);
  Matrix<float> xc(512, k, 0.0f);
  for (int t = 0; t < 512; ++t)
    for (int j = 0; j < k; ++j) {
      float s = z(t, j);
      for (int i = 0; i < k; ++i) s += z(t, i) * mixm(i, j);
      xc(t, j) = s;
    }
  const Matrix<float> ref = tpe_test::exact_matmul(xc, w);
  const double db_gptq = tpe_test::sqnr_db(
      ref, calibrated("gptq-w4-g32").prepare_calibrated(w, xc, "corr")->forward(xc, reference_gemm_engine()));
  const double db_rtn = tpe_test::sqnr_db(ref, r->forward(xc, reference_gemm_engine()));
  INFO("gptq " << db_gptq << " dB, rtn " << db_rtn << " dB");
  CHECK(db_gptq > db_rtn + 1.0);
}

TEST_CASE("quant calibrated parts: SqueezeLLM keeps 16 values per row and its outliers exactly", "[quant]") {
  const int k = 200, n = 6;
  Matrix<float> w = tpe_test::gaussian(n, k, 21);
  w(1, 17) = 40.0f;  // outliers the k-means must not chase
  w(4, 150) = -35.0f;
  const Matrix<float> x = tpe_test::gaussian(300, k, 22);
  const Matrix<float> eff = effective_weights(*calibrated("squeezellm-w4").prepare_calibrated(w, x, "t"), k);
  // ceil(0.45 % of 1200) = 6 sparse weights: the 6 largest |w|.
  std::vector<std::pair<float, int>> mag;
  for (int i = 0; i < n * k; ++i) mag.push_back({-std::fabs(w.data[size_t(i)]), i});
  std::sort(mag.begin(), mag.end());
  std::set<int> sparse;
  for (int i = 0; i < 6; ++i) sparse.insert(mag[size_t(i)].second);
  CHECK(sparse.count(1 * k + 17));
  CHECK(sparse.count(4 * k + 150));
  for (int r = 0; r < n; ++r) {
    std::set<float> dense_values;
    for (int c = 0; c < k; ++c) {
      const float got = eff(c, r), want = w(r, c);
      if (sparse.count(r * k + c))
        CHECK(std::fabs(got - want) <= 2e-6f * std::fabs(want));
      else
        dense_values.insert(got);
    }
    CHECK(dense_values.size() <= 16);
  }
  // The same seed gives the same codebooks.
  CHECK(effective_weights(*calibrated("squeezellm-w4").prepare_calibrated(w, x, "t"), k) == eff);
}

TEST_CASE("quant calibrated parts: per-IC groups run down the output rows of each input column", "[quant]") {
  const int k = 5, n = 70;  // 70 rows: groups of 32, 32 and a short 6
  const Matrix<float> w = tpe_test::gaussian(n, k, 31);
  const Matrix<float> eff = effective_weights(*find_scheme("pic-w4-g32").prepare(w), k);
  for (int c = 0; c < k; ++c)
    for (int g0 = 0; g0 < n; g0 += 32) {
      std::vector<float> col;
      for (int r = g0; r < std::min(n, g0 + 32); ++r) col.push_back(w(r, c));
      awq_fake_quant(col, 4);
      for (int r = g0; r < std::min(n, g0 + 32); ++r) CHECK(eff(c, r) == col[size_t(r - g0)]);
    }
}

TEST_CASE("quant calibrated parts: w4a8fp-g128 is FireQ's INT4 x FP8 pipeline bit for bit", "[quant]") {
  const int m_rows = 3, k = 300, n = 5;  // groups 128, 128, 44
  Matrix<float> x = tpe_test::gaussian(m_rows, k, 41, {7}, 30.0f);
  for (int c = 0; c < k; ++c) x(1, c) = 0.0f;  // an all-zero token
  Matrix<float> w = tpe_test::gaussian(n, k, 42, {}, 1.0f, 0.05f);
  w(3, 200) = 2.0f;
  for (int c = 0; c < k; ++c) w(2, c) = 0.0f;  // an all-zero output row
  // The oracle: group scales absmax/7, t = max/64, s8 = e4m3(s/t), q = rne(w/(s8 t)) in -7..7,
  // w8 = e4m3(q s8); a = bf16(absmax/448) per token; x8 = e4m3(x/a); y = (sum x8 w8) * (a t).
  Matrix<float> sg(n, 3);
  float smax = 0;
  for (int r = 0; r < n; ++r)
    for (int g = 0; g < 3; ++g) {
      float amax = 0;
      for (int c = g * 128; c < std::min(k, g * 128 + 128); ++c) amax = std::max(amax, std::fabs(w(r, c)));
      sg(r, g) = amax / 7.0f;
      smax = std::max(smax, sg(r, g));
    }
  const float t = smax / 64.0f;
  Matrix<float> w8(n, k, 0.0f);
  for (int r = 0; r < n; ++r)
    for (int c = 0; c < k; ++c) {
      const float s8 = e4m3_oracle(sg(r, c / 128) / t);
      if (s8 == 0.0f) continue;
      const float q = std::min(7.0f, std::max(-7.0f, std::nearbyint(w(r, c) / (s8 * t))));
      w8(r, c) = e4m3_oracle(double(q * s8));
    }
  const Matrix<float> got = find_scheme("w4a8fp-g128").prepare(w)->forward(x, reference_gemm_engine());
  for (int mm = 0; mm < m_rows; ++mm) {
    float amax = 0;
    for (int c = 0; c < k; ++c) amax = std::max(amax, std::fabs(x(mm, c)));
    const float a = bf16_oracle(amax / 448.0f);
    for (int r = 0; r < n; ++r) {
      float acc = 0;
      for (int c = 0; c < k; ++c) acc += (a == 0.0f ? 0.0f : e4m3_oracle(x(mm, c) / a)) * w8(r, c);
      INFO("y[" << mm << "][" << r << "]");
      CHECK(got(mm, r) == acc * (a * t));
    }
  }
}

TEST_CASE("quant calibrated parts: calibration is deterministic for a seed and differs across seeds", "[quant]") {
  const LlamaCheckpoint ck = load_llama2c_checkpoint(default_stories260k_path());
  const ModelCalibration a = collect_calibration(ck, {5, 3, 16}), b = collect_calibration(ck, {5, 3, 16}),
                         c = collect_calibration(ck, {6, 3, 16});
  REQUIRE(a.linears.size() == size_t(ck.header.n_layers) * 7 + 1);  // 7 linears per layer + the classifier
  for (const auto& kv : a.linears) {
    CHECK(kv.second.x == b.at(kv.first).x);
    CHECK(kv.second.x.cols == kv.second.w.cols);
  }
  CHECK(a.at("layer 2 w2").x != c.at("layer 2 w2").x);
  CHECK(a.at("layer 0 wq").x.rows <= 3 * 16);
  CHECK_THROWS_WITH(a.at("layer 9 wq"), Catch::Contains("layer 9 wq") && Catch::Contains("classifier"));
  CHECK_THROWS_WITH(collect_calibration(ck, {0, 0, 16}), Catch::Contains("sequences = 0") && Catch::Contains("1..256"));
  CHECK_THROWS_WITH(collect_calibration(ck, {0, 2, 513}), Catch::Contains("tokens = 513") && Catch::Contains("1..512"));
}

TEST_CASE("quant calibrated parts: bad method parameters name the field, the value and the range", "[quant]") {
  CHECK_THROWS_WITH(make_awq_scheme({4, 0, 20, true}), Catch::Contains("awq group = 0") && Catch::Contains("allowed"));
  CHECK_THROWS_WITH(make_awq_scheme({9, 32, 20, true}), Catch::Contains("awq bits = 9") && Catch::Contains("2..8"));
  CHECK_THROWS_WITH(make_gptq_scheme({4, 32, 128, 0.0}), Catch::Contains("percdamp = 0") && Catch::Contains("(0, 1]"));
  CHECK_THROWS_WITH(make_squeezellm_scheme({4, 11.0, 0}), Catch::Contains("sparse_percent = 11") && Catch::Contains("0..10"));
  CHECK_THROWS_WITH(make_adadim_scheme({4, 0, AdaDimMode::Adaptive}), Catch::Contains("adadim group = 0"));
  CHECK_THROWS_WITH(make_mixllm_scheme({4, 4, 32, 10.0, true}), Catch::Contains("high_bits = 4") && Catch::Contains("5..8"));
  CHECK_THROWS_WITH(make_mixllm_scheme({4, 8, 32, 120.0, true}), Catch::Contains("high_percent = 120"));
  CHECK_THROWS_WITH(make_fireq_scheme({0, true}), Catch::Contains("fireq group = 0"));
  CHECK_THROWS_WITH(find_scheme("rtn-w4-g32-asym").bind(ModelCalibration{}), Catch::Contains("does not calibrate"));
}
