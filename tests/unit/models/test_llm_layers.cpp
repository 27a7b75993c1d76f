// Layer-level properties: the packed fp32 kernel against the fp32 scheme,
// prefill against token-by-token decode, batched decode against separate
// sequences, the run.c element operations, and the scheme comparison.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>

#include "models/llm/llm_compare.hpp"
#include "models/llm/llm_fp32_packed.hpp"
#include "models/llm/llm_layer.hpp"
#include "models/llm/llm_model.hpp"
#include "models/llm/llm_ops.hpp"
#include "workloads/model_catalog.hpp"
#include "workloads/synthetic_tensors.hpp"

using namespace tpe;

TEST_CASE("llm packed fp32 linear is bit-identical to the fp32 scheme on odd and threaded shapes", "[llm]") {
  const LinearScheme& fp32 = find_scheme("fp32");
  const int shapes[][3] = {{1, 1, 1}, {1, 37, 13}, {3, 64, 172}, {5, 172, 64}, {9, 700, 701}, {2, 4096, 33}};
  uint64_t seed = 7;
  for (auto& s : shapes) {
    const Matrix<float> w = synthetic_activations(s[2], s[1], seed++);  // outliers make sums order-sensitive
    const Matrix<float> x = synthetic_activations(s[0], s[1], seed++);
    INFO("M " << s[0] << " K " << s[1] << " N " << s[2]);
    REQUIRE(make_packed_fp32_linear(w)->forward(x, reference_gemm_engine()) ==
            fp32.prepare(w)->forward(x, reference_gemm_engine()));
  }
}

TEST_CASE("llm layer prefill equals token-by-token decode bit for bit (stories260K, all layers)", "[llm]") {
  const LlamaCheckpoint ck = load_llama2c_checkpoint(default_stories260k_path());
  const LlmArch a = arch_from_header(ck.header, "stories260K");
  const Matrix<float> x0 = synthetic_activations(12, a.dim, 3);
  for (int l = 0; l < a.n_layers; ++l) {
    const DecoderLayer layer(a, from_llama2c(ck.layers[size_t(l)]), find_scheme("fp32"), l);
    Matrix<float> pre = x0;
    KvCache c1(16, a.kv_dim()), c2(16, a.kv_dim());
    layer.prefill(pre, 0, c1, reference_gemm_engine());
    for (int r = 0; r < x0.rows; ++r) {
      Matrix<float> one(1, a.dim);
      std::memcpy(one.row(0), x0.row(r), sizeof(float) * size_t(a.dim));
      layer.prefill(one, r, c2, reference_gemm_engine());
      REQUIRE(std::memcmp(one.row(0), pre.row(r), sizeof(float) * size_t(a.dim)) == 0);
    }
  }
}

TEST_CASE("llm batched decode equals decoding each sequence alone (GQA synthetic TinyLlama shapes)", "[llm]") {
  LlmArch a = find_model("TinyLlama-1.1B");
  a.dim = 256;  // same head structure (32 heads / 4 KV heads), small enough for a unit test
  a.hidden_dim = 512;
  a.n_heads = 32;
  a.n_kv_heads = 4;
  const LayerWeights w = synthetic_layer_weights(a, 0, 11);
  const DecoderLayer layer(a, w, find_scheme("fp32"), 0);
  const int B = 3, T = 20;
  std::vector<KvCache> caches;
  for (int b = 0; b < B; ++b) {
    caches.emplace_back(T, a.kv_dim());
    fill_synthetic_cache(caches.back(), T - 1, 100 + uint64_t(b));
  }
  std::vector<KvCache> alone = caches;
  Matrix<float> x = synthetic_activations(B, a.dim, 5);
  const Matrix<float> x0 = x;
  layer.decode(x, T - 1, caches, reference_gemm_engine());
  for (int b = 0; b < B; ++b) {
    Matrix<float> one(1, a.dim);
    std::memcpy(one.row(0), x0.row(b), sizeof(float) * size_t(a.dim));
    std::vector<KvCache> c{alone[size_t(b)]};
    layer.decode(one, T - 1, c, reference_gemm_engine());
    REQUIRE(std::memcmp(one.row(0), x.row(b), sizeof(float) * size_t(a.dim)) == 0);
  }
}

TEST_CASE("llm OPT-style layer (LayerNorm, ReLU FFN, biases, no RoPE) runs and its bias path is used", "[llm]") {
  LlmArch a = find_model("OPT-6.7B");
  a.dim = 64;
  a.hidden_dim = 256;
  a.n_heads = 4;
  a.n_kv_heads = 4;
  LayerWeights w = synthetic_layer_weights(a, 0, 2);
  REQUIRE(w.w3.data.empty());
  Matrix<float> x = synthetic_activations(4, a.dim, 9), y = x;
  KvCache c(4, a.kv_dim()), c2(4, a.kv_dim());
  DecoderLayer(a, w, find_scheme("fp32"), 0).prefill(x, 0, c, reference_gemm_engine());
  for (float& b : w.b2) b += 1.0f;  // a bias on fc2 shifts every output by exactly that much (in fp32, nearly)
  DecoderLayer(a, w, find_scheme("fp32"), 0).prefill(y, 0, c2, reference_gemm_engine());
  for (size_t i = 0; i < x.data.size(); ++i) REQUIRE(y.data[i] - x.data[i] == Approx(1.0).margin(1e-4));
}

TEST_CASE("llm ops follow run.c: rmsnorm, softmax, RoPE, argmax ties", "[llm]") {
  const float x[4] = {1, 2, 3, 4}, w[4] = {1, 1, 2, 1};
  float o[4];
  rmsnorm_row(o, x, w, 4, 1e-5f);
  const float s = 1.0f / sqrtf(30.0f / 4 + 1e-5f);
  CHECK(o[2] == 2 * (s * 3));
  float p[3] = {1000, 1000, 999};  // max subtraction keeps expf finite
  softmax_inplace(p, 3);
  CHECK(std::isfinite(p[0]));
  CHECK(p[0] == p[1]);
  CHECK(p[0] + p[1] + p[2] == Approx(1.0f));
  const float ties[5] = {0, 3, 1, 3, 2};
  CHECK(argmax_first(ties, 5) == 1);
  float q[4] = {1, 2, 3, 4}, k[2] = {5, 6};
  rope_rotate(q, k, 4, 2, 4, 0, 10000.f);  // position 0 is the identity
  CHECK((q[0] == 1 && q[3] == 4 && k[0] == 5 && k[1] == 6));
  rope_rotate(q, k, 4, 2, 4, 1, 10000.f);  // pair 0 turns by 1 rad; k beyond kv_dim untouched
  CHECK(q[0] == Approx(std::cos(1.0) - 2 * std::sin(1.0)));
  CHECK(q[2] == Approx(3 * std::cos(0.01) - 4 * std::sin(0.01)));
}

namespace {
// A test-only scheme: weights rounded to bfloat16 (RNE), fp32 math otherwise.
// It exercises the comparison path while no integer scheme is registered here.
class Bf16WeightsScheme final : public LinearScheme {
 public:
  std::string name() const override { return "test-bf16w"; }
  std::string describe() const override { return "test only: bf16-rounded weights"; }
  std::unique_ptr<PreparedLinear> prepare(const Matrix<float>& w) const override {
    Matrix<float> r = w;
    for (float& v : r.data) {
      uint32_t b;
      std::memcpy(&b, &v, 4);
      b = (b + 0x7fffu + ((b >> 16) & 1u)) & 0xffff0000u;
      std::memcpy(&v, &b, 4);
    }
    return find_scheme("fp32").prepare(r);
  }
};
}  // namespace

TEST_CASE("llm comparison with fp32: identical for fp32, finite SQNR and high agreement for bf16 weights", "[llm]") {
  const LlamaCheckpoint ck = load_llama2c_checkpoint(default_stories260k_path());
  const LlmModel ref(ck, find_scheme("fp32"));
  const GreedyRun run = greedy_decode(ref, 32, reference_gemm_engine(), true);
  const ModelComparison same = compare_with_fp32(ref, run, reference_gemm_engine());
  CHECK(same.top1_agree == same.evaluated_steps);
  CHECK(std::isinf(same.logits_sqnr_db));
  CHECK(same.nll_scheme == same.nll_fp32);
  CHECK(same.nll_fp32 == Approx(self_nll(run)));

  Bf16WeightsScheme bf16;
  const LlmModel q(ck, bf16);
  const ModelComparison c = compare_with_fp32(q, run, reference_gemm_engine());
  REQUIRE(c.layer_sqnr_db.size() == 5);
  for (double db : c.layer_sqnr_db) CHECK((db > 20 && db < 80));
  CHECK(c.top1_agree >= c.evaluated_steps * 3 / 4);
  CHECK(c.nll_scheme == Approx(c.nll_fp32).epsilon(0.2));
}
