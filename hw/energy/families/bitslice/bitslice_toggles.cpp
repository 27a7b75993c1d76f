#include "hw/energy/families/bitslice/bitslice_toggles.hpp"

#include <algorithm>

#include "hw/energy/families/bitslice/toggle_bits.hpp"
#include "models/families/bitslice/bitslice_cycles.hpp"

namespace tpe::bitslice {

BitsliceToggleRecorder::BitsliceToggleRecorder(const EngineConfig& cfg, ArrayDevice& inner)
    : hw::ToggleRecorder(inner), cfg_(cfg), p_(Params::of(cfg)), layout_(PortLayout::of(cfg)) {
  in_valid_ = layout_.input("in_valid");
  in_first_ = layout_.input("in_first");
  a_vec_ = layout_.input("a_vec");
  b_vec_ = layout_.input("b_vec");
  rd_en_ = layout_.input("rd_en");
  rd_row_ = layout_.input("rd_row");
  wb_ = cfg.a.bits + cfg.b.bits + 1;
  a_q_.assign(size_t(p_.rows * p_.lanes), 0);
  b_q_.assign(size_t(p_.cols * p_.lanes), 0);
  acc_.assign(size_t(p_.rows * p_.cols), 0);
  abit_.assign(size_t(p_.rows), 0);
  w_.assign(size_t(p_.cols * p_.lanes), 0);
}

const ArrayOutputs& BitsliceToggleRecorder::tick(const ArrayInputs& in) {
  count_array(in);
  return inner_.tick(in);
}

// One edge, in the order of sim/families/bitslice/bitslice_model: the PEs
// step on the wires before the edge, then the group registers load. The
// wires (plane bits, weight terms) follow the step counter after the edge.
void BitsliceToggleRecorder::count_array(const ArrayInputs& in) {
  const int R = p_.rows, C = p_.cols, G = p_.lanes, T = cfg_.a.bits;
  if (busy_) {
    const uint64_t m = low_bits(cfg_.acc_bits);
    for (int i = 0; i < R; ++i)
      for (int j = 0; j < C; ++j) {
        int64_t& acc = acc_[size_t(i * C + j)];
        uint64_t next = clr_ ? 0 : uint64_t(acc);
        for (int l = 0; l < G; ++l)
          if ((abit_[size_t(i)] >> l) & 1) next += w_[size_t(j * G + l)];
        next &= m;
        acc_tog_ += flips(next, uint64_t(acc), cfg_.acc_bits);
        acc = int64_t(next);
      }
    ++step_;
    busy_ = step_ < T;
  }
  if (in.flag(in_valid_)) {
    for (size_t x = 0; x < a_q_.size(); ++x) {
      group_tog_ += flips(uint64_t(in.port[size_t(a_vec_)][x]), uint64_t(a_q_[x]), cfg_.a.bits);
      a_q_[x] = in.port[size_t(a_vec_)][x];
    }
    for (size_t x = 0; x < b_q_.size(); ++x) {
      group_tog_ += flips(uint64_t(in.port[size_t(b_vec_)][x]), uint64_t(b_q_[x]), cfg_.b.bits);
      b_q_[x] = in.port[size_t(b_vec_)][x];
    }
    f_q_ = in.flag(in_first_);
    busy_ = true;
    step_ = 0;
  }
  // The broadcast wires for the next edge's step: the RTL decodes the step
  // counter, which wraps at its width and rests after a group, so an idle
  // array shows the plane the resting count selects (none past T - 1).
  int sw = 1;
  while ((1 << sw) < T) ++sw;
  const int s = step_ & ((1 << sw) - 1);
  const bool any = s < T;
  const bool negate = cfg_.a.is_signed && s == T - 1;
  for (int i = 0; i < R; ++i) {
    uint64_t bits = 0;
    for (int l = 0; l < G; ++l) if (any) bits |= ((uint64_t(a_q_[size_t(i * G + l)]) >> s) & 1) << l;
    plane_tog_ += flips(bits, abit_[size_t(i)], G) * uint64_t(C);
    abit_[size_t(i)] = bits;
  }
  for (size_t x = 0; x < w_.size(); ++x) {
    const uint64_t v = any ? uint64_t(b_q_[x]) << s : 0;
    const uint64_t t = !any ? 0 : negate ? uint64_t(0) - v : v;
    w_tog_ += flips(t, w_[x], wb_) * uint64_t(R);
    w_[x] = t;
  }
  const bool clr = f_q_ && s == 0;
  ctl_tog_ += uint64_t((busy_ != en_) + (clr != clr_)) * uint64_t(R * C);
  en_ = busy_;
  clr_ = clr;
}

hw::ToggleCounts BitsliceToggleRecorder::result(const ActivityTrace& trace) const {
  hw::ToggleCounts r;
  r.bits["pe_operand_bits"] = plane_tog_ + w_tog_ + ctl_tog_;
  r.bits["pe_register_bits"] = acc_tog_;
  r.bits["group_reg_bits"] = group_tog_;
  const double cycles = double(std::max<uint64_t>(trace.cycles, 1));
  const double pe_reg_bits = double(cfg_.acc_bits) * p_.rows * p_.cols;
  r.figures["reg_activity_per_cycle"] = std::min(1.0, double(acc_tog_ + group_tog_) / (cycles * pe_reg_bits));
  return r;
}

}  // namespace tpe::bitslice
