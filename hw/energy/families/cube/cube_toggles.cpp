#include "hw/energy/families/cube/cube_toggles.hpp"

#include <algorithm>
#include <bitset>

#include "models/gemm/int_gemm.hpp"
#include "models/util/bits.hpp"

namespace tpe::cube {
namespace {

uint64_t mask_of(int bits) { return bits >= 64 ? ~uint64_t(0) : (uint64_t(1) << bits) - 1; }
uint64_t popcount(uint64_t v) { return std::bitset<64>(v).count(); }

// Bits that differ between two equally long lane vectors of `bits`-bit lanes;
// `last` becomes `now`.
uint64_t lane_toggles(const std::vector<int64_t>& now, std::vector<int64_t>& last, int bits) {
  const uint64_t m = mask_of(bits);
  uint64_t t = 0;
  for (size_t i = 0; i < now.size(); ++i) t += popcount((uint64_t(now[i]) ^ uint64_t(last[i])) & m);
  last = now;
  return t;
}


}  // namespace

CubeToggleRecorder::CubeToggleRecorder(const EngineConfig& cfg, ArrayDevice& inner)
    : hw::ToggleRecorder(inner), cfg_(cfg), p_(Params::of(cfg)), layout_(PortLayout::of(cfg)) {
  in_valid_ = layout_.input("in_valid");
  in_first_ = layout_.input("in_first");
  a_vec_ = layout_.input("a_vec");
  b_vec_ = layout_.input("b_vec");
  rd_en_ = layout_.input("rd_en");
  rd_row_ = layout_.input("rd_row");
  dot_bits_ = std::min(cfg.acc_bits, cfg.a.bits + cfg.b.bits + ceil_log2(p_.z));  // the baseline cell's register
  a_q_.assign(size_t(p_.x) * p_.z, 0);
  b_q_.assign(size_t(p_.z) * p_.y, 0);
  last_port_a_ = a_q_;
  last_port_b_ = b_q_;
  dot_.assign(size_t(p_.x) * p_.y, 0);
  acc_.assign(dot_.size(), 0);
  out_.assign(size_t(p_.y), 0);
}

// The input register takes the feed; one edge later every cell's reduction
// register its dot product, one more and its accumulator. Only the values'
// sequence matters to the toggle counts, so all three advance here.
void CubeToggleRecorder::feed(const std::vector<int64_t>& a, const std::vector<int64_t>& b, bool first) {
  a_tog_ += lane_toggles(a, a_q_, cfg_.a.bits);
  b_tog_ += lane_toggles(b, b_q_, cfg_.b.bits);
  f_tog_ += first != f_q_;
  f_q_ = first;
  const int X = p_.x, Y = p_.y, Z = p_.z;
  const uint64_t md = mask_of(dot_bits_), macc = mask_of(cfg_.acc_bits);
  for (int i = 0; i < X; ++i)
    for (int j = 0; j < Y; ++j) {
      uint64_t dot = 0;
      for (int k = 0; k < Z; ++k) dot += uint64_t(a_q_[size_t(i) * Z + k] * b_q_[size_t(k) * Y + j]);
      const size_t e = size_t(i) * Y + j;
      dot_tog_ += popcount((dot ^ uint64_t(dot_[e])) & md);
      dot_[e] = int64_t(dot);
      const uint64_t acc = (first ? 0 : uint64_t(acc_[e])) + dot;
      acc_tog_ += popcount((acc ^ uint64_t(acc_[e])) & macc);
      acc_[e] = int64_t(acc & macc);
    }
}

void CubeToggleRecorder::read(int row) {
  if (row >= p_.x) return;  // selects nothing: the output register takes 0 (rare: not counted)
  const uint64_t macc = mask_of(cfg_.acc_bits);
  for (int j = 0; j < p_.y; ++j) {
    const int64_t v = acc_[size_t(row) * p_.y + j];
    out_tog_ += popcount((uint64_t(v) ^ uint64_t(out_[j])) & macc);
    out_[j] = v;
  }
}

const ArrayOutputs& CubeToggleRecorder::tick(const ArrayInputs& in) {
  const bool valid = in.flag(in_valid_);
  v_tog_ += valid != v_q_;
  v_q_ = valid;
  port_a_tog_ += lane_toggles(in.port[a_vec_], last_port_a_, cfg_.a.bits);
  port_b_tog_ += lane_toggles(in.port[b_vec_], last_port_b_, cfg_.b.bits);
  if (in.flag(rd_en_)) read(int(in.port[rd_row_][0]));
  if (valid) feed(in.port[a_vec_], in.port[b_vec_], in.flag(in_first_));
  return inner_.tick(in);
}

hw::ToggleCounts CubeToggleRecorder::result(const ActivityTrace& trace) const {
  hw::ToggleCounts r;
  const double cycles = double(std::max<uint64_t>(trace.cycles, 1)), macs = double(std::max<uint64_t>(trace.macs(), 1));
  const uint64_t X = p_.x, Y = p_.y, Z = p_.z, cells = X * Y;
  // Each A lane feeds the Y cells of its row, each B lane the X cells of its column.
  r.bits["pe_operand_bits"] = a_tog_ * Y + b_tog_ * X;
  // Per cell: dot, acc, and its v_d / f_d copies of the valid and first sequences.
  r.bits["pe_register_bits"] = dot_tog_ + acc_tog_ + cells * (v_tog_ + f_tog_);
  // Top: a_q, b_q, f_q, v_q and v_d, the output register.
  r.bits["top_register_bits"] = a_tog_ + b_tog_ + f_tog_ + 2 * v_tog_ + out_tog_;
  const double feeds = macs / double(cells * Z);
  auto& pe = r.rates["pe_feed_activity"];
  pe["a_in"] = std::min(1.0, a_tog_ / (feeds * double(X * Z) * cfg_.a.bits));
  pe["b_in"] = std::min(1.0, b_tog_ / (feeds * double(Z * Y) * cfg_.b.bits));
  pe["f_in"] = std::min(1.0, f_tog_ / feeds);
  auto& top = r.rates["top_port_activity"];
  top["a_vec"] = std::min(1.0, port_a_tog_ / (cycles * double(X * Z) * cfg_.a.bits));
  top["b_vec"] = std::min(1.0, port_b_tog_ / (cycles * double(Z * Y) * cfg_.b.bits));
  top["in_valid"] = std::min(1.0, v_tog_ / cycles);
  r.figures["pe_dot_activity_per_feed"] = std::min(1.0, dot_tog_ / (feeds * double(cells) * dot_bits_));
  r.figures["pe_acc_activity_per_feed"] = std::min(1.0, acc_tog_ / (feeds * double(cells) * cfg_.acc_bits));
  return r;
}

}  // namespace tpe::cube
