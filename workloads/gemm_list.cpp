#include "workloads/gemm_list.hpp"

#include <stdexcept>

#include <fmt/format.h>

#include "workloads/scheme_formats.hpp"

namespace tpe {

std::string PhaseSpec::str() const {
  return phase == Phase::Prefill ? fmt::format("prefill L={}", seq)
                                 : fmt::format("decode B={} T={}", batch, ctx);
}

Phase parse_phase(const std::string& text) {
  if (text == "prefill") return Phase::Prefill;
  if (text == "decode") return Phase::Decode;
  throw std::invalid_argument(fmt::format("phase '{}' is not one of: prefill, decode", text));
}

void validate_phase(const LlmArch& a, const PhaseSpec& p) {
  auto check = [&](const char* field, int v, int hi) {
    if (v < 1 || v > hi)
      throw std::invalid_argument(
          fmt::format("{}: {} = {} is out of range; allowed 1..{} (max positions of {})", a.name, field, v, hi, a.name));
  };
  if (p.phase == Phase::Prefill) {
    check("seq", p.seq, a.seq_len);
  } else {
    check("ctx", p.ctx, a.seq_len);
    if (p.batch < 1 || p.batch > 4096)
      throw std::invalid_argument(fmt::format("batch = {} is out of range; allowed 1..4096", p.batch));
  }
}

double Workload::layer_macs() const {
  double s = 0;
  for (const GemmOp& g : layer) s += g.macs();
  return s;
}

Workload make_workload(const LlmArch& a, const PhaseSpec& p, const std::string& scheme) {
  validate_arch(a);
  validate_phase(a, p);
  const OperandFormats f = scheme_operand_formats(scheme);
  Workload w{a, p, scheme, {}, {}};
  const bool pre = p.phase == Phase::Prefill;
  const int M = pre ? p.seq : p.batch;
  const int D = a.dim, KV = a.kv_dim(), H = a.hidden_dim, hs = a.head_size(), G = a.kv_mul();
  auto linear = [&](const char* name, int k, int n) {
    w.layer.push_back(GemmOp{name, "linear", M, k, n, 1, f.activation, f.weight});
  };
  const bool opt = a.ffn == FfnKind::Relu;
  linear("q_proj", D, D);
  linear("k_proj", D, KV);
  linear("v_proj", D, KV);
  // Attention stays in fp32 in the reference (KV cache fp32); schemes quantize linears.
  const int rows = pre ? G * p.seq : G;  // query rows per KV head
  const int keys = pre ? p.seq : p.ctx;
  const int64_t inst = pre ? a.n_kv_heads : int64_t(a.n_kv_heads) * p.batch;
  w.layer.push_back(GemmOp{"attn_scores (QK^T)", "attention", rows, hs, keys, inst, "fp32", "fp32"});
  w.layer.push_back(GemmOp{"attn_context (PV)", "attention", rows, keys, hs, inst, "fp32", "fp32"});
  linear(opt ? "out_proj" : "o_proj", D, D);
  if (opt) {
    linear("fc1", D, H);
    linear("fc2", H, D);
  } else {
    linear("gate_proj (w1)", D, H);
    linear("up_proj (w3)", D, H);
    linear("down_proj (w2)", H, D);
  }
  // run.c computes logits at every position it runs, so prefill has M = L.
  w.lm_head = GemmOp{"lm_head", "lm_head", M, D, a.vocab_size, 1, f.activation, f.weight};
  return w;
}

}  // namespace tpe
