#include "hw/energy/families/matrix2d/matrix2d_toggles.hpp"

#include <algorithm>
#include <bitset>

namespace tpe::matrix2d {
namespace {

uint64_t low_bits(int bits) { return bits >= 64 ? ~uint64_t(0) : (uint64_t(1) << bits) - 1; }
uint64_t flips(int64_t x, int64_t y, int bits) {
  return std::bitset<64>((uint64_t(x) ^ uint64_t(y)) & low_bits(bits)).count();
}

}  // namespace

Matrix2dToggleRecorder::Matrix2dToggleRecorder(const EngineConfig& cfg, ArrayDevice& inner)
    : hw::ToggleRecorder(inner), cfg_(cfg), p_(Params::of(cfg)), layout_(PortLayout::of(cfg)) {
  in_valid_ = layout_.input("in_valid");
  in_first_ = layout_.input("in_first");
  if (p_.overlap) in_last_ = layout_.input("in_last");
  a_vec_ = layout_.input("a_vec");
  b_vec_ = layout_.input("b_vec");
  rd_en_ = layout_.input("rd_en");
  rd_row_ = layout_.input("rd_row");
  prev_ = layout_.make_inputs();
  port_toggles_.assign(layout_.in.size(), 0);
  a_q_.assign(size_t(p_.rows), 0);
  b_q_.assign(size_t(p_.cols), 0);
  acc_.assign(size_t(p_.rows) * size_t(p_.cols), 0);
  shadow_ = acc_;
  out_.assign(size_t(p_.cols), 0);
}

const ArrayOutputs& Matrix2dToggleRecorder::tick(const ArrayInputs& in) {
  count_ports(in);
  count_array(in);
  prev_ = in;
  return inner_.tick(in);
}

void Matrix2dToggleRecorder::count_ports(const ArrayInputs& in) {
  for (size_t p = 0; p < layout_.in.size(); ++p)
    for (size_t l = 0; l < in.port[p].size(); ++l)
      port_toggles_[p] += flips(in.port[p][l], prev_.port[p][l], layout_.in[p].lane_bits);
}

// One edge of the array's registers, each from the values before the edge
// (the order of sim/families/matrix2d/matrix2d_model).
void Matrix2dToggleRecorder::count_array(const ArrayInputs& in) {
  const size_t R = size_t(p_.rows), C = size_t(p_.cols);
  const int acc_bits = cfg_.acc_bits;
  if (in.flag(rd_en_)) {  // the output register takes row rd_row
    const size_t row = size_t(in.port[size_t(rd_row_)][0]);
    for (size_t j = 0; j < C; ++j) {
      const int64_t v = row < R ? (p_.overlap ? shadow_ : acc_)[row * C + j] : 0;
      out_tog_ += flips(v, out_[j], acc_bits);
      out_[j] = v;
    }
  }
  if (v_q_) {
    const uint64_t m = low_bits(acc_bits);
    for (size_t i = 0; i < R; ++i)
      for (size_t j = 0; j < C; ++j) {
        int64_t& acc = acc_[i * C + j];
        const int64_t next = int64_t((uint64_t(f_q_ ? 0 : acc) + uint64_t(a_q_[i] * b_q_[j])) & m);
        acc_tog_ += flips(next, acc, acc_bits);
        acc = next;
        if (p_.overlap && l_q_) {  // the shadow takes the tile's sum (counted with the accumulators)
          acc_tog_ += flips(next, shadow_[i * C + j], acc_bits);
          shadow_[i * C + j] = next;
        }
      }
  }
  const bool valid = in.flag(in_valid_);
  v_tog_ += valid != v_q_;
  v_q_ = valid;
  if (!valid) return;
  for (size_t i = 0; i < R; ++i) {
    const int64_t v = in.port[size_t(a_vec_)][i];
    a_tog_ += flips(v, a_q_[i], cfg_.a.bits);
    a_q_[i] = v;
  }
  for (size_t j = 0; j < C; ++j) {
    const int64_t v = in.port[size_t(b_vec_)][j];
    b_tog_ += flips(v, b_q_[j], cfg_.b.bits);
    b_q_[j] = v;
  }
  f_tog_ += in.flag(in_first_) != f_q_;
  f_q_ = in.flag(in_first_);
  if (p_.overlap) l_q_ = in.flag(in_last_);
}

hw::ToggleCounts Matrix2dToggleRecorder::result(const ActivityTrace& trace) const {
  hw::ToggleCounts r;
  const double R = p_.rows, C = p_.cols;
  const double cycles = double(std::max<uint64_t>(trace.cycles, 1)), macs = double(std::max<uint64_t>(trace.macs(), 1));
  // A row register's toggle reaches the C PEs of its row; a column's the R of its column; v and f all R x C.
  const uint64_t pe_operand = a_tog_ * uint64_t(C) + b_tog_ * uint64_t(R) + (v_tog_ + f_tog_) * uint64_t(R * C);
  r.bits["pe_operand_bits"] = pe_operand;
  r.bits["pe_register_bits"] = acc_tog_;
  auto& ports = r.rates["top_port_activity"];
  for (size_t p = 0; p < layout_.in.size(); ++p)
    ports[layout_.in[p].name] = std::min(1.0, double(port_toggles_[p]) / (cycles * layout_.in[p].width()));
  auto& pe = r.rates["pe_mac_activity"];
  pe["a_in"] = std::min(1.0, double(a_tog_) * C / (macs * cfg_.a.bits));
  pe["b_in"] = std::min(1.0, double(b_tog_) * R / (macs * cfg_.b.bits));
  pe["acc"] = std::min(1.0, double(acc_tog_) / (macs * cfg_.acc_bits));
  // Registers: per PE the accumulator (twice with OPT1); the top's
  // broadcast registers, each row's copy of v_q, f_q (and l_q), the
  // output register and out_valid.
  const double pe_reg_bits = double(cfg_.acc_bits) * (p_.opt1 ? 2 : 1) * (p_.overlap ? 2 : 1) * R * C;
  const double top_reg_bits = R * cfg_.a.bits + C * cfg_.b.bits + R * (p_.overlap ? 3 : 2) + C * cfg_.acc_bits + 1;
  const double reg_tog = double(acc_tog_ + a_tog_ + b_tog_ + (v_tog_ + f_tog_) * uint64_t(R) + out_tog_);
  r.figures["reg_activity_per_cycle"] = std::min(1.0, reg_tog / (cycles * (pe_reg_bits + top_reg_bits)));
  r.figures["broadcast_toggles_per_feed_bit"] =
      trace.counter("broadcast_bits") ? double(a_tog_ + b_tog_) / double(trace.counter("broadcast_bits")) : 0.0;
  return r;
}

}  // namespace tpe::matrix2d
