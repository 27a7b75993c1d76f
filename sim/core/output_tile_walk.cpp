#include "sim/core/output_tile_walk.hpp"

#include <stdexcept>
#include <string>

namespace tpe {

bool OutputTileWalk::advance() {
  n0_ += tile_cols_;
  if (n0_ >= n_) {
    n0_ = 0;
    m0_ += tile_rows_;
  }
  return m0_ < m_;
}

void OutputTileWalk::collect(const ArrayOutputs& out, int out_valid, int c_vec, ResultMatrix& c, BufferActivity& buf_c,
                             int acc_bits, const char* family) {
  if (!out.flag(out_valid)) return;
  if (pending_.empty()) throw std::logic_error(std::string(family) + " array produced an output row nobody asked for");
  const auto [m, n0] = pending_.front();
  pending_.pop_front();
  const int valid_cols = std::min(tile_cols_, n_ - n0);
  const std::vector<int64_t>& row = out.port[size_t(c_vec)];
  for (int j = 0; j < valid_cols; ++j) c(m, n0 + j) = row[size_t(j)];
  buf_c.write_bits += uint64_t(valid_cols) * uint64_t(acc_bits);
}

bool TileReadout::step(const ArrayOutputs& out, ArrayInputs& in, OutputTileWalk& tiles) {
  switch (phase_) {
    case Phase::AwaitIdle:
      if (step_++ == 0 || !out.flag(idle_)) return false;
      phase_ = Phase::Read;
      step_ = 0;
      [[fallthrough]];
    case Phase::Read:
      in.set(rd_en_, 1);
      in.set(rd_row_, step_);
      tiles.expect_row(step_);
      if (++step_ < tiles.rows_here()) return false;
      if (!wait_for_rows_) return true;
      phase_ = Phase::AwaitRows;
      return false;
    case Phase::AwaitRows:
      return !tiles.rows_pending();
  }
  return false;
}

}  // namespace tpe
