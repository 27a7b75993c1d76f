// The GEMMs and GEMVs of one decoder layer and of a whole model for a phase:
//   prefill: one sequence of L prompt tokens, linear layers have M = L;
//   decode:  B sequences, one new token each, every one attending to T keys
//            (T-1 cached positions plus itself); linear layers have M = B.
// Shapes follow pe_arith.md section 0: C[M,N] = A[M,K] . B[K,N], A the
// activations. Attention is listed per KV head with its G = n_heads/n_kv_heads
// query heads stacked into M (GQA): a GEMV when G = 1 in decode.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "models/llm/llm_arch.hpp"

namespace tpe {

enum class Phase { Prefill, Decode };

struct PhaseSpec {
  Phase phase = Phase::Prefill;
  int seq = 128;    // prefill prompt length L
  int batch = 1;    // decode batch B
  int ctx = 1024;   // decode context T (keys attended per sequence)
  std::string str() const;
};

// Throws std::invalid_argument naming the field, value and allowed range.
void validate_phase(const LlmArch& a, const PhaseSpec& p);
Phase parse_phase(const std::string& text);

struct GemmOp {
  std::string name;  // e.g. "q_proj", "attn_scores (QK^T)"
  std::string kind;  // "linear", "attention" or "lm_head"
  int m = 0, k = 0, n = 0;
  int64_t count = 1;  // identical instances (per layer, or per model for lm_head)
  std::string a_format, b_format;
  double macs() const { return double(m) * double(k) * double(n) * double(count); }
};

struct Workload {
  LlmArch arch;
  PhaseSpec phase;
  std::string scheme;
  std::vector<GemmOp> layer;  // one decoder layer
  GemmOp lm_head;             // once per model
  double layer_macs() const;
  double model_macs() const { return layer_macs() * arch.n_layers + lm_head.macs(); }
};

// `scheme` must be registered; it sets the linear layers' operand formats.
Workload make_workload(const LlmArch& a, const PhaseSpec& p, const std::string& scheme);

}  // namespace tpe
