#include "hw/energy/families/bitslice/opt3_toggles.hpp"

#include <algorithm>

#include "hw/energy/families/bitslice/toggle_bits.hpp"
#include "models/families/bitslice/bitslice_cycles.hpp"
#include "models/families/bitslice/digit_encodings.hpp"
#include "rtlgen/families/bitslice/bitslice_pe_gen.hpp"

namespace tpe::bitslice {

Opt3ToggleRecorder::Opt3ToggleRecorder(const EngineConfig& cfg, ArrayDevice& inner)
    : hw::ToggleRecorder(inner), cfg_(cfg), p_(Params::of(cfg)), layout_(PortLayout::of(cfg)) {
  in_valid_ = layout_.input("in_valid");
  in_first_ = layout_.input("in_first");
  a_vec_ = layout_.input("a_vec");
  b_vec_ = layout_.input("b_vec");
  D_ = digit_count(Encoding::EnT, cfg.a);
  sync_ = cfg.pe == "opt4c" || cfg.pe == "opt4e";
  S_ = issue_slots(cfg);
  WB_ = sync_ ? rtl::opt4c_weight_bits(cfg) : cfg.b.bits;
  bsh_.assign(size_t(p_.cols * p_.lanes), 0);
  dig_.assign(size_t(p_.rows * p_.lanes), std::vector<int>(static_cast<size_t>(D_), 0));
  b_q_.assign(size_t(p_.cols * p_.lanes), 0);
  s_.assign(size_t(p_.rows * p_.cols), 0);
  c_.assign(size_t(p_.rows * p_.cols), 0);
  pos_.assign(size_t(p_.rows), 0);
  done_.assign(size_t(p_.rows), 1);
  taken_.assign(size_t(p_.rows), 0);
  prev_drive_.assign(size_t(p_.rows), RowDrive{});
}

const ArrayOutputs& Opt3ToggleRecorder::tick(const ArrayInputs& in) {
  count_array(in);
  return inner_.tick(in);
}

Opt3ToggleRecorder::RowDrive Opt3ToggleRecorder::drive(int i) const {
  RowDrive r;
  const int G = p_.lanes, k = std::min(pos_[size_t(i)], D_ - 1);
  r.pos = uint32_t(1) << k;
  uint32_t cur = 0;
  for (int l = 0; l < G; ++l)
    if (dig_[size_t(i * G + l)][size_t(k)] != 0 && !((taken_[size_t(i)] >> l) & 1)) cur |= uint32_t(1) << l;
  // Each slot's lowest remaining lane (one slot of every lane but for OPT4E).
  for (int t = 0; t < S_; ++t) {
    uint32_t slot = 0;
    for (int l = t; l < G; l += S_) slot |= cur & (uint32_t(1) << l);
    if (!slot) continue;
    const int l = __builtin_ctz(slot);
    r.sel |= uint32_t(1) << l;
    const int d = dig_[size_t(i * G + l)][size_t(k)];
    r.neg |= int(d < 0) << t;
    r.two |= int(d == 2 || d == -2) << t;
  }
  r.en = left_ != 0 && (sync_ || !done_[size_t(i)]);
  if (sync_) r.pos = 0;  // OPT4C's PEs have no position input
  return r;
}

void Opt3ToggleRecorder::count_array(const ArrayInputs& in) {
  const int R = p_.rows, C = p_.cols, G = p_.lanes, ACC = cfg_.acc_bits;
  const uint64_t m = low_bits(ACC);
  const bool busy = left_ != 0, clr = f_q_ && fresh_;
  if (sync_) {
    // OPT4C: the column's weights shifted by 2 x the array's position, on
    // WB-bit wires to the column's R PEs.
    const int k = pos_[0];
    for (size_t x = 0; x < bsh_.size(); ++x) {
      const uint64_t w = (uint64_t(b_q_[x]) << (2 * k)) & low_bits(WB_);
      col_tog_ += flips(w, bsh_[x], WB_) * uint64_t(R);
      bsh_[x] = w;
    }
  }
  // The wires before this edge, and the PEs' update from them.
  bool any_more = false;
  std::vector<uint32_t> sels(size_t(R), 0);
  for (int i = 0; i < R; ++i) {
    const RowDrive r = drive(i);
    const RowDrive& p = prev_drive_[size_t(i)];
    const uint64_t t = flips(r.sel, p.sel, G) + flips(uint64_t(r.neg), uint64_t(p.neg), S_) +
                       flips(uint64_t(r.two), uint64_t(p.two), S_) +
                       flips(r.pos, p.pos, D_) + uint64_t(r.en != p.en);
    row_tog_ += t * uint64_t(C);
    prev_drive_[size_t(i)] = r;
    if (!r.en) continue;
    const int k = pos_[size_t(i)];
    for (int j = 0; j < C; ++j) {
      uint64_t& s = s_[size_t(i * C + j)];
      uint64_t& c = c_[size_t(i * C + j)];
      const uint64_t sb = clr ? 0 : s, cb = clr ? 0 : c;
      // The slots' partial products through rows of 3:2 compressors, slot 0
      // first (the generated PE's order; one row but for OPT4E).
      uint64_t ns = sb, nc = cb;
      for (int t = 0; t < S_; ++t) {
        uint64_t pp = 0;
        for (int l = t; l < G; l += S_)
          if ((r.sel >> l) & 1)
            pp = (uint64_t(int64_t(dig_[size_t(i * G + l)][size_t(k)]) * b_q_[size_t(j * G + l)]) << (2 * k)) & m;
        const uint64_t x = ns, y = nc;
        ns = (x ^ y ^ pp) & m;
        nc = (((x & y) | (pp & (x | y))) << 1) & m;
      }
      reg_tog_ += flips(ns, s, ACC) + flips(nc, c, ACC);
      s = ns;
      c = nc;
    }
    const uint32_t cur_rest = [&] {
      uint32_t cur = 0;
      for (int l = 0; l < G; ++l)
        if (dig_[size_t(i * G + l)][size_t(k)] != 0 && !((taken_[size_t(i)] >> l) & 1)) cur |= uint32_t(1) << l;
      return cur & ~r.sel;
    }();
    sels[size_t(i)] = r.sel;
    if (sync_) {
      any_more = any_more || cur_rest != 0;
    } else if (cur_rest) {
      taken_[size_t(i)] |= r.sel;
    } else {
      taken_[size_t(i)] = 0;
      if (k == D_ - 1)
        done_[size_t(i)] = 1;
      else
        pos_[size_t(i)] = k + 1;
    }
  }
  if (sync_ && busy) {  // the array moves on together (bitslice_model's step_opt4c)
    for (int i = 0; i < R; ++i) taken_[size_t(i)] = any_more ? taken_[size_t(i)] | sels[size_t(i)] : 0;
    if (!any_more && pos_[0] < D_ - 1) std::fill(pos_.begin(), pos_.end(), pos_[0] + 1);
  }
  ctl_tog_ += uint64_t(clr != bool(prev_clr_)) * uint64_t(R * C);
  prev_clr_ = clr;
  if (in.flag(in_valid_)) {
    // The group's steps: the reference's function of the encoded operands.
    const std::vector<int32_t> av(in.port[size_t(a_vec_)].begin(), in.port[size_t(a_vec_)].end());
    const std::vector<int32_t> bv(in.port[size_t(b_vec_)].begin(), in.port[size_t(b_vec_)].end());
    const int t = group_cycles_of(cfg_, av.data(), bv.data());
    for (int i = 0; i < R; ++i) {
      for (int l = 0; l < G; ++l) {
        const std::vector<int> d = encode(Encoding::EnT, in.port[size_t(a_vec_)][size_t(i * G + l)], cfg_.a);
        for (int k = 0; k < D_; ++k)
          group_tog_ += flips(digit_code(d[size_t(k)]), digit_code(dig_[size_t(i * G + l)][size_t(k)]), 3);
        dig_[size_t(i * G + l)] = d;
      }
      pos_[size_t(i)] = 0;
      taken_[size_t(i)] = 0;
      done_[size_t(i)] = 0;
    }
    for (size_t x = 0; x < b_q_.size(); ++x) {
      const int64_t v = in.port[size_t(b_vec_)][x];
      const uint64_t f = flips(uint64_t(v), uint64_t(b_q_[x]), cfg_.b.bits);
      group_tog_ += f;
      if (!sync_) col_tog_ += f * uint64_t(R);
      b_q_[x] = v;
    }
    f_q_ = in.flag(in_first_);
    left_ = t;
    fresh_ = 1;
  } else if (busy) {
    --left_;
    fresh_ = 0;
  }
}

hw::ToggleCounts Opt3ToggleRecorder::result(const ActivityTrace& trace) const {
  hw::ToggleCounts r;
  r.bits["pe_operand_bits"] = row_tog_ + col_tog_ + ctl_tog_;
  r.bits["pe_register_bits"] = reg_tog_;
  r.bits["group_reg_bits"] = group_tog_;
  const double cycles = double(std::max<uint64_t>(trace.cycles, 1));
  const double reg_bits = 2.0 * cfg_.acc_bits * p_.rows * p_.cols;
  r.figures["reg_activity_per_cycle"] = std::min(1.0, double(reg_tog_ + group_tog_) / (cycles * reg_bits));
  return r;
}

}  // namespace tpe::bitslice
