// The valid bits of the last rows+cols inputs of a systolic array, and what
// they imply each cycle. An operand sampled d edges ago is being used by the
// PEs on anti-diagonal i+j = d and sits in skew stage d of every row (column)
// chain that is at least d+1 deep. Both cycle models count their activity
// and derive `idle` from this one window.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace tpe {

class ValidWindow {
 public:
  ValidWindow(int rows, int cols);
  void reset();

  struct PeWork {
    uint64_t macs = 0;      // PEs working this edge
    uint64_t forwards = 0;  // operands they pass to an existing neighbour
  };
  // The PEs' work at this edge: call before push() (ages before this edge's input).
  PeWork pe_work() const;
  // The input sampled at this edge enters stage 0.
  void push(bool valid);

  struct SkewFill {
    uint64_t row_stages = 0;  // row-chain stages now holding valid data (chains 1..rows deep)
    uint64_t col_stages = 0;  // column-chain stages now holding valid data (chains 1..cols deep)
  };
  SkewFill skew_fill() const;  // after push()
  bool empty() const { return valid_count_ == 0; }

 private:
  // Per-age weights and their prefix sums (prefix[d] = sum of weight[a] for a < d).
  struct AgeWeights {
    std::vector<uint64_t> weight, prefix;
    void set(std::vector<uint64_t> w);
  };
  // Sum of the weights of the ages holding a valid bit. When the valid bits
  // are one run of consecutive ages (filling, streaming or draining: what a
  // controller does) it is a difference of prefix sums; otherwise a
  // branch-free loop over the window.
  uint64_t weighted_count(const AgeWeights& w) const;

  int rows_, cols_;
  size_t size_;                // rows+cols ages
  // Ring of valid bits, each stored twice (at p and p+size_) so the window,
  // newest first, is the contiguous bits_[newest_, newest_+size_).
  std::vector<uint8_t> bits_;
  size_t newest_ = 0;
  size_t valid_count_ = 0;
  size_t youngest_ = 0, oldest_ = 0;  // ages of the newest and oldest valid bits, when there are any
  AgeWeights diag_pes_, diag_forwards_;  // per age: PEs on that anti-diagonal, their forwards
  AgeWeights row_depth_, col_depth_;     // per age: row (column) chains at least that deep
  uint64_t forwards_total_ = 0;
};

}  // namespace tpe
