// `tpe ref`: one decoder layer of a catalog model under a scheme, on the same
// inputs as an fp32 run of that layer, with checksums and accuracy.
//  - stories260K: the real weights of layer I and real activations: the layer's
//    inputs and KV cache captured from an fp32 run of the whole model on its
//    greedy sequence (sequence b of a decode batch starts BOS, 2 + b).
//  - other models: seeded synthetic weights and activations at the real shapes.
// In decode the T-1 cached positions are inputs (fp32, the same for both runs);
// the new token's key/value come from the scheme under test.
#pragma once
#include <cstdint>
#include <string>

#include "models/llm/llm_arch.hpp"
#include "workloads/gemm_list.hpp"

namespace tpe {

struct LayerRefSpec {
  std::string model = "stories260K";
  int layer = 0;
  std::string scheme = "fp32";
  PhaseSpec phase;
  uint64_t seed = 1;
  std::string checkpoint;  // stories260K file; empty: the bundled one
};

struct LayerRun {
  uint64_t checksum = 0;  // FNV-1a 64 over the output's fp32 bits
  double sum = 0, mean_abs = 0;
  double seconds = 0;
};

struct LayerRefResult {
  LlmArch arch;
  std::string weights_source, activations_source;
  int rows = 0;      // activation rows through the linear layers (L or B)
  double macs = 0;   // one layer, from the workload list
  LayerRun scheme_run, fp32_run;
  double sqnr_db = 0, max_abs_error = 0;
};

// Throws std::invalid_argument / std::runtime_error naming the bad value.
LayerRefResult run_layer_reference(const LayerRefSpec& spec);

}  // namespace tpe
