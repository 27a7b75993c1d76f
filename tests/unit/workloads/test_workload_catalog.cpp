// Workload MAC counts against hand computations from the published configs,
// and the statistics of the synthetic tensors.
#include <catch2/catch.hpp>

#include <cmath>

#include "workloads/gemm_list.hpp"
#include "workloads/model_catalog.hpp"
#include "workloads/synthetic_tensors.hpp"

using namespace tpe;

namespace {
const GemmOp& op(const Workload& w, const std::string& prefix) {
  for (const GemmOp& g : w.layer)
    if (g.name.rfind(prefix, 0) == 0) return g;
  FAIL("no GEMM named " << prefix);
  return w.layer.front();
}
}  // namespace

TEST_CASE("workload Llama-2-7B prefill L=128: per-GEMM MACs from dim 4096, hidden 11008, 32 heads", "[workload]") {
  PhaseSpec p;
  p.phase = Phase::Prefill;
  p.seq = 128;
  const Workload w = make_workload(find_model("Llama-2-7B"), p, "fp32");
  const double L = 128, d = 4096, h = 11008, heads = 32, dh = 128;
  CHECK(op(w, "q_proj").macs() == L * d * d);  // 2,147,483,648
  CHECK(op(w, "k_proj").macs() == L * d * d);
  CHECK(op(w, "v_proj").macs() == L * d * d);
  CHECK(op(w, "o_proj").macs() == L * d * d);
  CHECK(op(w, "gate_proj").macs() == L * d * h);  // 5,771,362,304
  CHECK(op(w, "up_proj").macs() == L * d * h);
  CHECK(op(w, "down_proj").macs() == L * h * d);
  CHECK(op(w, "attn_scores").macs() == heads * L * dh * L);  // 67,108,864
  CHECK(op(w, "attn_context").macs() == heads * L * L * dh);
  const double layer = 4 * L * d * d + 3 * L * d * h + 2 * heads * L * L * dh;
  CHECK(w.layer_macs() == layer);
  CHECK(layer == 26038239232.0);
  CHECK(w.model_macs() == 32 * layer + L * d * 32000);
  CHECK(op(w, "q_proj").m == 128);
  CHECK(op(w, "down_proj").k == 11008);
}

TEST_CASE("workload decode with GQA: Llama-2-70B and Llama-3-8B attention and k/v shapes", "[workload]") {
  PhaseSpec p;
  p.phase = Phase::Decode;
  p.batch = 4;
  p.ctx = 1024;
  const Workload w = make_workload(find_model("Llama-2-70B"), p, "fp32");
  // 64 query heads share 8 KV heads: kv_dim = 8 * 128 = 1024, groups of G = 8.
  CHECK(op(w, "k_proj").n == 1024);
  CHECK(op(w, "k_proj").m == 4);
  const GemmOp& s = op(w, "attn_scores");
  CHECK((s.m == 8 && s.k == 128 && s.n == 1024 && s.count == 8 * 4));
  CHECK(s.macs() == 4.0 * 64 * 128 * 1024);  // every query head against T keys, per sequence
  const double layer = 4 * (2 * 8192.0 * 8192 + 2 * 8192.0 * 1024 + 3 * 8192.0 * 28672) + 2 * 4.0 * 64 * 128 * 1024;
  CHECK(w.layer_macs() == layer);
  CHECK(w.model_macs() == 80 * layer + 4.0 * 8192 * 32000);

  const Workload l3 = make_workload(find_model("llama3-8b"), p, "fp32");
  CHECK(op(l3, "attn_context").m == 4);  // 32 / 8 query heads per KV head
  CHECK(l3.lm_head.n == 128256);
  CHECK(l3.arch.rope_theta == 500000.f);
}

TEST_CASE("workload OPT-6.7B has a two-matrix ReLU FFN and TinyLlama a 256-wide KV projection", "[workload]") {
  PhaseSpec p;
  p.seq = 64;
  const Workload opt = make_workload(find_model("OPT-6.7B"), p, "fp32");
  CHECK(op(opt, "fc1").macs() == 64.0 * 4096 * 16384);
  CHECK(op(opt, "fc2").macs() == 64.0 * 16384 * 4096);
  CHECK(opt.layer.size() == 8);  // q k v scores context out fc1 fc2
  CHECK(opt.lm_head.n == 50272);
  const Workload tl = make_workload(find_model("TinyLlama-1.1B"), p, "fp32");
  CHECK(op(tl, "v_proj").n == 256);  // 4 KV heads x 64
  CHECK(tl.layer_macs() ==
        64.0 * (2 * 2048 * 2048 + 2 * 2048 * 256 + 3 * 2048 * 5632) + 2 * 32.0 * 64 * 64 * 64);
  CHECK(find_model("stories260K").layer_linear_params() == 2 * 64 * 64 + 2 * 64 * 32 + 3 * 64 * 172);
}

TEST_CASE("workload bad input: unknown scheme, out-of-range phase sizes", "[workload]") {
  PhaseSpec p;
  p.seq = 4097;
  CHECK_THROWS_WITH(make_workload(find_model("Llama-2-7B"), p, "fp32"), Catch::Contains("seq = 4097"));
  p.seq = 16;
  CHECK_THROWS_WITH(make_workload(find_model("Llama-2-7B"), p, "int3"), Catch::Contains("unknown scheme 'int3'"));
  p.phase = Phase::Decode;
  p.batch = 0;
  CHECK_THROWS_WITH(make_workload(find_model("Llama-2-7B"), p, "fp32"), Catch::Contains("batch = 0"));
  CHECK_THROWS(parse_phase("both"));
}

TEST_CASE("workload synthetic tensors: seeded, Gaussian at the init scale, with outlier channels", "[workload]") {
  const Matrix<float> w = gaussian_matrix(256, 512, 0.02f, 42);
  CHECK(w == gaussian_matrix(256, 512, 0.02f, 42));
  CHECK(w != gaussian_matrix(256, 512, 0.02f, 43));
  double s = 0, s2 = 0;
  for (float v : w.data) {
    s += v;
    s2 += double(v) * v;
  }
  const double n = double(w.data.size()), mean = s / n, sd = std::sqrt(s2 / n - mean * mean);
  CHECK(std::fabs(mean) < 1e-3);
  CHECK(sd == Approx(0.02).epsilon(0.02));

  const Matrix<float> x = synthetic_activations(64, 4096, 5);
  std::vector<double> col(4096, 0.0);
  for (int r = 0; r < x.rows; ++r)
    for (int c = 0; c < x.cols; ++c) col[size_t(c)] += std::fabs(x(r, c)) / x.rows;
  int outliers = 0;
  for (double m : col) outliers += m > 5.0;  // typical channels have mean |x| ~ 0.8
  CHECK(outliers == 8);                      // max(2, 4096 / 512)
}
