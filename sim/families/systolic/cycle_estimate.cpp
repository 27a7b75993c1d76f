#include "sim/families/systolic/cycle_estimate.hpp"

#include <algorithm>

namespace tpe {

uint64_t estimate_cycles(const EngineConfig& cfg, const GemmShape& s) {
  const uint64_t R = cfg.rows, C = cfg.cols, M = s.m, K = s.k, N = s.n;
  uint64_t total = 0;
  if (cfg.dataflow == Dataflow::OutputStationary) {
    // Per tile: K feeds; the last operand reaches PE(R-1,C-1) R+C-1 edges
    // later and `idle` rises one edge after that; the controller reacts a
    // round trip later, reads Rt rows, and starts the next tile a round trip
    // after the last row appears.
    const uint64_t tiles_n = (N + C - 1) / C;
    for (uint64_t m0 = 0; m0 < M; m0 += R) {
      const uint64_t rt = std::min(R, M - m0);
      total += tiles_n * (K + R + C + rt + kControlRoundTrip);
    }
  } else {
    // Per fold: R weight loads, M streamed rows, the last row leaves the
    // output register R+C edges after it was sampled, and the controller
    // starts the next fold one round trip after that edge.
    const uint64_t folds = ((N + C - 1) / C) * ((K + R - 1) / R);
    total = folds * (2 * R + C + M + kControlRoundTrip - 1);
  }
  return total - 1;  // the last tile ends at its last output, not at the next start
}

}  // namespace tpe
