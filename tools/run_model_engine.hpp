// `tpe run-model --config`: the scheme's greedy run with every integer GEMM on
// the engine's cycle model, checked token for token against the reference
// run of the same scheme, and its per-token, per-layer and per-kind figures.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "models/llm/llm_model.hpp"

namespace tpe::cli {

struct EngineRunOptions {
  std::string config_path;
  int steps = 8;
  bool fast = false;          // closed-form cycles instead of the cycle model
  bool characterize = false;  // make the energy table when the cache has none
  double clock_mhz = 0;       // 0: the table's Fmax
  bool json = false;
  int rtl_steps = 0;          // the first steps also on the Verilated RTL, in lockstep
};

// Returns the process exit code (0, or 3 when the tokens differ).
int run_model_on_engine(const LlamaCheckpoint& ck, const std::string& model_path, const LinearScheme& scheme,
                        const EngineRunOptions& o);

}  // namespace tpe::cli
