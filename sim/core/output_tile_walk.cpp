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
  std::pair<int, int> row_of;
  if (!pending_.take(out, out_valid, (std::string(family) + " array").c_str(), row_of)) return;
  const auto [m, n0] = row_of;
  const int valid_cols = std::min(tile_cols_, n_ - n0);
  const std::vector<int64_t>& row = out.port[size_t(c_vec)];
  for (int j = 0; j < valid_cols; ++j) c(m, n0 + j) = row[size_t(j)];
  buf_c.write_bits += uint64_t(valid_cols) * uint64_t(acc_bits);
}

WholeTilePorts::WholeTilePorts(const PortLayout& layout)
    : in_valid(layout.input("in_valid")),
      first(layout.input("first")),
      last(layout.input("last")),
      out_valid(layout.output("out_valid")),
      c_vec(layout.output("c_vec")) {}

void WholeTilePorts::idle(ArrayInputs& in) const {
  in.set(in_valid, 0);
  in.set(first, 0);
  in.set(last, 0);
}

void WholeTilePorts::feed(ArrayInputs& in, bool first_step, bool last_step) const {
  in.set(in_valid, 1);
  in.set(first, first_step);
  in.set(last, last_step);
}

void fill_block_rows(const OperandMatrix& a, int m0, int rows, int k0, int count, int group, std::vector<int64_t>& lanes) {
  std::fill(lanes.begin(), lanes.end(), 0);
  for (int r = 0; r < rows; ++r)
    for (int j = 0; j < count; ++j) lanes[size_t(r * group + j)] = a(m0 + r, k0 + j);
}

void WholeTileResults::collect(const ArrayOutputs& out, const WholeTilePorts& ports, ResultMatrix& c,
                               BufferActivity& buf_c) {
  std::pair<int, int> tile;
  if (!pending_.take(out, ports.out_valid, family_, tile)) return;
  const auto [m0, n0] = tile;
  const int rows = std::min(tile_rows_, m_ - m0), cols = std::min(tile_cols_, n_ - n0);
  const std::vector<int64_t>& lanes = out.port[size_t(ports.c_vec)];
  for (int i = 0; i < rows; ++i)
    for (int j = 0; j < cols; ++j) c(m0 + i, n0 + j) = lanes[size_t(i * tile_cols_ + j)];
  buf_c.write_bits += uint64_t(rows) * uint64_t(cols) * uint64_t(acc_bits_);
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
