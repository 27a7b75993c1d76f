#include "sim/workload/model_on_engine.hpp"

#include <algorithm>

#include "models/llm/llm_ops.hpp"

namespace tpe {

uint64_t EngineStep::cycles() const {
  uint64_t c = 0;
  for (const GemmRecord& g : gemms) c += g.cycles;
  return c;
}

double EngineStep::macs() const {
  double s = 0;
  for (const GemmRecord& g : gemms) s += g.macs;
  return s;
}

EngineModelRun greedy_decode_on_engine(const LlmModel& m, int steps, SimGemmEngine& engine,
                                       const std::function<void(int)>& before_step) {
  EngineModelRun run;
  auto caches = m.new_caches();
  const int n = std::min(steps, m.arch().seq_len);
  int token = kBosToken;
  engine.take_records();
  for (int pos = 0; pos < n; ++pos) {
    if (before_step) before_step(pos);
    const std::vector<float> logits = m.step(token, pos, caches, engine);
    EngineStep st;
    st.pos = pos;
    st.input_token = token;
    st.gemms = engine.take_records();
    const int next = argmax_first(logits.data(), int(logits.size()));
    st.next_token = next;
    run.steps.push_back(std::move(st));
    if (next == kBosToken) {
      run.stopped_at_bos = true;
      break;
    }
    run.tokens.push_back(next);
    token = next;
  }
  return run;
}

}  // namespace tpe
