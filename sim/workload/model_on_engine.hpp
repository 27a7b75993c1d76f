// Greedy decoding of a llama2.c model with every integer GEMM of the forward
// pass on an engine (SimGemmEngine), step by step as greedy_decode does, with
// each step's GEMM records kept: what `tpe run-model --config` reports.
#pragma once
#include <functional>
#include <vector>

#include "models/llm/llm_model.hpp"
#include "sim/workload/sim_gemm_engine.hpp"

namespace tpe {

struct EngineStep {
  int pos = 0, input_token = 0, next_token = 0;
  std::vector<GemmRecord> gemms;  // in call order
  uint64_t cycles() const;
  double macs() const;
};

struct EngineModelRun {
  std::vector<int> tokens;  // as GreedyRun::tokens
  bool stopped_at_bos = false;
  std::vector<EngineStep> steps;
};

// The same loop as greedy_decode (models/llm/llm_model.cpp), so the tokens
// must equal greedy_decode's with the reference engine bit for bit.
// `before_step(pos)`, when given, runs before each step (e.g. to attach or
// detach a second device on the engine).
EngineModelRun greedy_decode_on_engine(const LlmModel& m, int steps, SimGemmEngine& engine,
                                       const std::function<void(int)>& before_step = {});

}  // namespace tpe
