// The systolic family's schedule: it tiles an M x K x N GEMM onto an R x C
// array, one clock cycle at a time, and waits on the array's `idle` output
// rather than on a latency formula, so the cycle count is a property of the
// array.
//
// OS: tiles (m0, n0) of R x C outputs; per tile K feed cycles (k = 0 clears),
//     wait for idle, then read the tile's rows out one per cycle.
// OS, "schedule":"overlap": tiles follow each other every P = max(K, R, C)
//     cycles (K feeds, the last one flagged `last`, then P-K idle cycles);
//     row i of a tile is read from the shadow registers C+1+i cycles after
//     its last feed, while the next tile is being fed. This schedule is timed
//     by the array's fixed latency (the shadows of a row are all written C
//     edges after the last operand entered it), not by `idle`.
// WS/IS, "schedule":"overlap": fold f's R loads go into the shadow chain at
//     decisions f*P .. f*P+R-1 (during fold f-1's stream), its S vectors at
//     f*P+R .. f*P+R+S-1; `in_swap` with the last load; P = overlap_fold_period.
// WS: folds (n0, k0) of R x C weights; per fold wait for idle, R weight-load
//     cycles, then M rows of A with the partial sums of the previous k fold.
// IS: folds (m0, k0) of R x C activations (A^T); per fold wait for idle, R
//     activation-load cycles, then N columns of B with the partial sums of
//     the previous k fold. WS and IS share one schedule (step_stationary):
//     only what is held and what is streamed differ.
#pragma once
#include <deque>
#include <vector>

#include "models/families/systolic/systolic_spec.hpp"
#include "sim/core/gemm_controller.hpp"

namespace tpe::systolic {

class SystolicController final : public GemmController {
 public:
  SystolicController(const EngineConfig& cfg, const OperandMatrix& a, const OperandMatrix& b);
  const ArrayInputs& next(const ArrayOutputs& out) override;

 private:
  enum class Phase { Feed, WaitIdle, Read, Load, Stream, Drain };
  void collect(const ArrayOutputs& out);
  void step_os(const ArrayOutputs& out);
  void step_os_overlap();
  void step_stationary_overlap();
  void step_stationary(const ArrayOutputs& out);  // WS and IS
  bool advance_tile();  // false when the last tile is done

  Params p_;
  // Port indices (each dataflow uses the ones its port list has).
  int in_valid_ = -1, in_first_ = -1, a_vec_ = -1, b_vec_ = -1, rd_en_ = -1, rd_row_ = -1, p_vec_ = -1,
      stream_vec_ = -1, load_ = -1, load_vec_ = -1, out_valid_ = -1, c_vec_ = -1, idle_ = -1;
  std::vector<int32_t> a_tiles_, b_tiles_;  // OS: operands packed per tile, in feed order
  // WS/IS: the streamed vectors packed per K fold in feed order; IS: A^T (K x M).
  std::vector<int32_t> stream_tiles_, held_t_;
  std::vector<int64_t> fold_sums_;  // WS/IS: the last fold's output vectors, S x C, fed back as partial sums
  int streamed_ = 0, held_cols_ = 0;  // WS/IS: S vectors streamed per fold (M / N), T held columns (N / M)
  int stream_bits_ = 0, held_bits_ = 0;
  BufferActivity *buf_stream_ = nullptr, *buf_held_ = nullptr;  // WS: A, B; IS: B, A
  Phase phase_;
  int m0_ = 0, n0_ = 0, k0_ = 0;  // current tile origin (OS: m0, n0; WS/IS: k0)
  int t0_ = 0;                    // WS/IS: first held column of the fold (WS: n0, IS: m0)
  int step_ = 0;                  // position within the phase
  std::deque<int> pending_rows_;  // result rows expected on the output, in order
  std::deque<int> pending_n0_;    // overlap: the column origin of each pending row
  // Overlap: reads to issue, in order: decision step, row of the tile, its origin.
  struct Read {
    uint64_t at;
    int row, m0, n0;
  };
  std::deque<Read> reads_;
  uint64_t decision_ = 0;  // overlap: decisions made so far
  int in_flag_ = -1;  // overlap: the flag port, OS in_last, WS/IS in_swap
  bool fed_all_ = false;
  bool issued_all_ = false;
};

}  // namespace tpe::systolic
