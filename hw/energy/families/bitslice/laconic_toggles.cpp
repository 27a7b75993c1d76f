#include "hw/energy/families/bitslice/laconic_toggles.hpp"

#include <algorithm>

#include "hw/energy/families/bitslice/toggle_bits.hpp"
#include "models/families/bitslice/digit_encodings.hpp"

namespace tpe::bitslice {
namespace {

uint32_t mask(const std::vector<int>& d) {
  uint32_t m = 0;
  for (size_t k = 0; k < d.size(); ++k) m |= uint32_t(d[k] != 0) << k;
  return m;
}

}  // namespace

LaconicToggleRecorder::LaconicToggleRecorder(const EngineConfig& cfg, ArrayDevice& inner)
    : hw::ToggleRecorder(inner), cfg_(cfg), p_(Params::of(cfg)), layout_(PortLayout::of(cfg)) {
  in_valid_ = layout_.input("in_valid");
  in_first_ = layout_.input("in_first");
  a_vec_ = layout_.input("a_vec");
  b_vec_ = layout_.input("b_vec");
  Da_ = digit_count(Encoding::Mbe, cfg.a);
  Db_ = digit_count(Encoding::Mbe, cfg.b);
  adig_.assign(size_t(p_.rows * p_.lanes), std::vector<int>(static_cast<size_t>(Da_), 0));
  bdig_.assign(size_t(p_.cols * p_.lanes), std::vector<int>(static_cast<size_t>(Db_), 0));
  arem_.assign(size_t(p_.rows * p_.cols * p_.lanes), 0);
  brem_.assign(size_t(p_.rows * p_.cols * p_.lanes), 0);
  term_.assign(size_t(p_.rows * p_.cols * p_.lanes), 0);
  acc_.assign(size_t(p_.rows * p_.cols), 0);
}

const ArrayOutputs& LaconicToggleRecorder::tick(const ArrayInputs& in) {
  count_array(in);
  return inner_.tick(in);
}

void LaconicToggleRecorder::count_array(const ArrayInputs& in) {
  const int R = p_.rows, C = p_.cols, G = p_.lanes, ACC = cfg_.acc_bits;
  const uint64_t m = low_bits(ACC);
  const bool busy = left_ != 0, clr = f_q_ && fresh_;
  for (int i = 0; i < R; ++i)
    for (int j = 0; j < C; ++j) {
      uint64_t sum = clr ? 0 : acc_[size_t(i * C + j)];
      for (int l = 0; l < G; ++l) {
        const size_t x = size_t((i * C + j) * G + l);
        uint32_t& ar = arem_[x];
        uint32_t& br = brem_[x];
        // The lane's term word (what its adder-tree input shows, busy or not).
        uint64_t term = 0;
        if (ar && br) {
          const int ka = __builtin_ctz(ar), kb = __builtin_ctz(br);
          term = (uint64_t(int64_t(adig_[size_t(i * G + l)][size_t(ka)]) * bdig_[size_t(j * G + l)][size_t(kb)])
                  << (2 * (ka + kb))) & m;
        }
        op_tog_ += flips(term, term_[x], ACC);
        term_[x] = term;
        if (!busy || !ar || !br) continue;
        sum += term;
        const uint32_t nb = br & (br - 1);
        const uint32_t next_br = nb ? nb : mask(bdig_[size_t(j * G + l)]);
        const uint32_t next_ar = nb ? ar : ar & (ar - 1);
        reg_tog_ += flips(next_br, br, Db_) + flips(next_ar, ar, Da_);
        br = next_br;
        ar = next_ar;
      }
      if (busy) {
        sum &= m;
        reg_tog_ += flips(sum, acc_[size_t(i * C + j)], ACC);
        acc_[size_t(i * C + j)] = sum;
      }
    }
  if (in.flag(in_valid_)) {
    for (int x = 0; x < R * G; ++x) {
      const std::vector<int> d = encode(Encoding::Mbe, in.port[size_t(a_vec_)][size_t(x)], cfg_.a);
      for (int k = 0; k < Da_; ++k) {
        const uint64_t f = flips(digit_code(d[size_t(k)]), digit_code(adig_[size_t(x)][size_t(k)]), 3);
        group_tog_ += f;
        op_tog_ += f * uint64_t(C);
      }
      adig_[size_t(x)] = d;
    }
    for (int x = 0; x < C * G; ++x) {
      const std::vector<int> d = encode(Encoding::Mbe, in.port[size_t(b_vec_)][size_t(x)], cfg_.b);
      for (int k = 0; k < Db_; ++k) {
        const uint64_t f = flips(digit_code(d[size_t(k)]), digit_code(bdig_[size_t(x)][size_t(k)]), 3);
        group_tog_ += f;
        op_tog_ += f * uint64_t(R);
      }
      bdig_[size_t(x)] = d;
    }
    int t = 1;
    for (int i = 0; i < R; ++i)
      for (int j = 0; j < C; ++j)
        for (int l = 0; l < G; ++l) {
          const size_t x = size_t((i * C + j) * G + l);
          const uint32_t am = mask(adig_[size_t(i * G + l)]), bm = mask(bdig_[size_t(j * G + l)]);
          reg_tog_ += flips(am, arem_[x], Da_) + flips(bm, brem_[x], Db_);
          arem_[x] = am;
          brem_[x] = bm;
          t = std::max(t, __builtin_popcount(am) * __builtin_popcount(bm));
        }
    f_q_ = in.flag(in_first_);
    left_ = t;
    fresh_ = 1;
  } else if (busy) {
    --left_;
    fresh_ = 0;
  }
}

hw::ToggleCounts LaconicToggleRecorder::result(const ActivityTrace& trace) const {
  hw::ToggleCounts r;
  r.bits["pe_operand_bits"] = op_tog_;
  r.bits["pe_register_bits"] = reg_tog_;
  r.bits["group_reg_bits"] = group_tog_;
  const double cycles = double(std::max<uint64_t>(trace.cycles, 1));
  const double reg_bits = double(cfg_.acc_bits) * p_.rows * p_.cols;
  r.figures["reg_activity_per_cycle"] = std::min(1.0, double(reg_tog_ + group_tog_) / (cycles * reg_bits));
  return r;
}

}  // namespace tpe::bitslice
