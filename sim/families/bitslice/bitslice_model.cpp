#include "sim/families/bitslice/bitslice_model.hpp"

#include <algorithm>

#include "models/families/bitslice/bitslice_cycles.hpp"
#include "models/families/bitslice/digit_encodings.hpp"
#include "models/gemm/int_gemm.hpp"
#include "sim/families/bitslice/bitslice_counters.hpp"

namespace tpe::bitslice {

BitsliceModel::BitsliceModel(const EngineConfig& cfg)
    : cfg_(cfg),
      p_(Params::of(cfg)),
      layout_(PortLayout::of(cfg)),
      a_port_(cfg.a),
      b_port_(cfg.b),
      acc_port_(cfg.acc_bits, product_is_signed(cfg.a, cfg.b)) {
  in_valid_ = layout_.input("in_valid");
  in_first_ = layout_.input("in_first");
  a_vec_ = layout_.input("a_vec");
  b_vec_ = layout_.input("b_vec");
  rd_en_ = layout_.input("rd_en");
  rd_row_ = layout_.input("rd_row");
  out_valid_ = layout_.output("out_valid");
  c_vec_ = layout_.output("c_vec");
  idle_ = layout_.output("idle");
  ready_ = layout_.output("ready");
  reset();
}

void BitsliceModel::reset() {
  a_q_.assign(size_t(p_.rows * p_.lanes), 0);
  b_q_.assign(size_t(p_.cols * p_.lanes), 0);
  f_q_ = busy_ = false;
  step_ = t_ = 0;
  acc_.assign(size_t(p_.rows) * size_t(p_.cols), 0);
  digits_ = digit_count(p_.pe == "laconic" ? Encoding::Mbe : Encoding::EnT, cfg_.a);
  dig_.assign(a_q_.size(), std::vector<int>(static_cast<size_t>(digits_), 0));
  bdig_.assign(b_q_.size(), std::vector<int>(static_cast<size_t>(digit_count(Encoding::Mbe, cfg_.b)), 0));
  arem_.assign(size_t(p_.rows * p_.cols * p_.lanes), 0);
  brem_.assign(size_t(p_.rows * p_.cols * p_.lanes), 0);
  row_pos_.assign(size_t(p_.rows), 0);
  row_taken_.assign(size_t(p_.rows), 0);
  row_done_.assign(size_t(p_.rows), 1);
  pos_ = 0;
  counts_.assign(kCounters, 0);
  out_ = layout_.make_outputs();
  update_status();
}

void BitsliceModel::update_status() {
  out_.set(idle_, !busy_);
  out_.set(ready_, !busy_ || t_ - step_ <= 2);
}

void BitsliceModel::read_row(int64_t row) {
  std::vector<int64_t>& c = out_.port[size_t(c_vec_)];
  if (row < 0 || row >= p_.rows)
    std::fill(c.begin(), c.end(), 0);
  else
    acc_port_.convert(&acc_[size_t(row) * size_t(p_.cols)], c.data(), p_.cols);
  counts_[kAccReadout] += uint64_t(p_.cols);
}

void BitsliceModel::step() {
  if (p_.pe == "opt3")
    step_opt3();
  else if (p_.pe == "opt4c" || p_.pe == "opt4e")
    step_opt4c();
  else if (p_.pe == "laconic")
    step_laconic();
  else
    step_stripes();
  const int s = step_;
  if (s == 0) counts_[kMac] += uint64_t(p_.rows) * uint64_t(p_.cols) * uint64_t(p_.lanes);
  counts_[kPeStep] += uint64_t(p_.rows) * uint64_t(p_.cols);
  ++step_;
  busy_ = step_ < t_;
}

void BitsliceModel::step_laconic() {
  const int R = p_.rows, C = p_.cols, G = p_.lanes;
  for (int i = 0; i < R; ++i)
    for (int j = 0; j < C; ++j) {
      uint64_t& acc = acc_[size_t(i * C + j)];
      if (f_q_ && step_ == 0) acc = 0;
      for (int l = 0; l < G; ++l) {
        uint32_t& ar = arem_[size_t((i * C + j) * G + l)];
        uint32_t& br = brem_[size_t((i * C + j) * G + l)];
        if (!ar || !br) continue;
        const int ka = __builtin_ctz(ar), kb = __builtin_ctz(br);
        const int64_t d = int64_t(dig_[size_t(i * G + l)][size_t(ka)]) * bdig_[size_t(j * G + l)][size_t(kb)];
        acc += uint64_t(d) << (2 * (ka + kb));
        br &= br - 1;
        if (!br) {
          for (size_t k = 0; k < bdig_[size_t(j * G + l)].size(); ++k)
            br |= uint32_t(bdig_[size_t(j * G + l)][k] != 0) << k;
          ar &= ar - 1;
        }
      }
    }
}

void BitsliceModel::step_opt3() {
  const int R = p_.rows, C = p_.cols, G = p_.lanes;
  for (int i = 0; i < R; ++i) {
    if (f_q_ && step_ == 0)
      for (int j = 0; j < C; ++j) acc_[size_t(i * C + j)] = 0;
    if (row_done_[size_t(i)]) continue;
    const int k = row_pos_[size_t(i)];
    uint32_t cur = 0;
    for (int l = 0; l < G; ++l)
      if (dig_[size_t(i * G + l)][size_t(k)] != 0) cur |= uint32_t(1) << l;
    cur &= ~row_taken_[size_t(i)];
    if (cur) {
      const int l = __builtin_ctz(cur);
      const int64_t d = dig_[size_t(i * G + l)][size_t(k)];
      for (int j = 0; j < C; ++j) acc_[size_t(i * C + j)] += uint64_t(d * b_q_[size_t(j * G + l)]) << (2 * k);
    }
    if (__builtin_popcount(cur) >= 2) {
      row_taken_[size_t(i)] |= cur & (~cur + 1);
    } else {
      row_taken_[size_t(i)] = 0;
      if (k == digits_ - 1)
        row_done_[size_t(i)] = 1;
      else
        row_pos_[size_t(i)] = k + 1;
    }
  }
}

void BitsliceModel::step_opt4c() {
  const int R = p_.rows, C = p_.cols, G = p_.lanes, k = pos_, S = issue_slots(cfg_);
  // Every row (OPT4E: every slot of a row, lane l in slot l mod S) issues
  // its lowest remaining nonzero digit at the array's position k; the array
  // moves on when no row or slot has another one left.
  bool any_more = false;
  std::vector<uint32_t> sel(size_t(R), 0);
  for (int i = 0; i < R; ++i) {
    if (f_q_ && step_ == 0)
      for (int j = 0; j < C; ++j) acc_[size_t(i * C + j)] = 0;
    uint32_t cur = 0;
    for (int l = 0; l < G; ++l)
      if (dig_[size_t(i * G + l)][size_t(k)] != 0) cur |= uint32_t(1) << l;
    cur &= ~row_taken_[size_t(i)];
    for (int s = 0; s < S; ++s) {
      uint32_t slot = 0;
      for (int l = s; l < G; l += S) slot |= cur & (uint32_t(1) << l);
      any_more = any_more || __builtin_popcount(slot) >= 2;
      if (!slot) continue;
      const int l = __builtin_ctz(slot);
      sel[size_t(i)] |= uint32_t(1) << l;
      const int64_t d = dig_[size_t(i * G + l)][size_t(k)];
      // The column's weight, already shifted by 2k at the array's edge.
      for (int j = 0; j < C; ++j)
        acc_[size_t(i * C + j)] += uint64_t(d) * (uint64_t(b_q_[size_t(j * G + l)]) << (2 * k));
    }
  }
  for (int i = 0; i < R; ++i) row_taken_[size_t(i)] = any_more ? row_taken_[size_t(i)] | sel[size_t(i)] : 0;
  if (!any_more && k < digits_ - 1) ++pos_;
}

void BitsliceModel::step_stripes() {
  const int R = p_.rows, C = p_.cols, G = p_.lanes, s = step_;
  // Stripes: the column's weights of plane s, shifted (and negated on a
  // signed activation's top plane), shared by the column's PEs.
  const bool negate = cfg_.a.is_signed && s == cfg_.a.bits - 1;
  std::vector<uint64_t> w(size_t(C * G));
  for (size_t x = 0; x < w.size(); ++x) {
    const uint64_t v = uint64_t(b_q_[x]) << s;
    w[x] = negate ? uint64_t(0) - v : v;
  }
  for (int i = 0; i < R; ++i)
    for (int j = 0; j < C; ++j) {
      uint64_t& acc = acc_[size_t(i * C + j)];
      if (f_q_ && s == 0) acc = 0;
      for (int l = 0; l < G; ++l)
        if ((uint64_t(a_q_[size_t(i * G + l)]) >> s) & 1) acc += w[size_t(j * G + l)];
    }
}

void BitsliceModel::load(const ArrayInputs& in) {
  a_port_.convert(in.port[size_t(a_vec_)].data(), a_q_.data(), int(a_q_.size()));
  b_port_.convert(in.port[size_t(b_vec_)].data(), b_q_.data(), int(b_q_.size()));
  f_q_ = in.flag(in_first_);
  busy_ = true;
  step_ = 0;
  // The group's cycles: the reference's function of the rows' digits.
  const std::vector<int32_t> av(a_q_.begin(), a_q_.end()), bv(b_q_.begin(), b_q_.end());
  t_ = group_cycles_of(cfg_, av.data(), bv.data());
  if (p_.pe == "opt3" || p_.pe == "opt4c" || p_.pe == "opt4e") {
    for (size_t x = 0; x < a_q_.size(); ++x) dig_[x] = encode(Encoding::EnT, a_q_[x], cfg_.a);
    pos_ = 0;
    std::fill(row_pos_.begin(), row_pos_.end(), 0);
    std::fill(row_taken_.begin(), row_taken_.end(), 0u);
    std::fill(row_done_.begin(), row_done_.end(), uint8_t(0));
  }
  if (p_.pe == "laconic") {
    const int R = p_.rows, C = p_.cols, G = p_.lanes;
    auto mask = [](const std::vector<int>& d) {
      uint32_t m = 0;
      for (size_t k = 0; k < d.size(); ++k) m |= uint32_t(d[k] != 0) << k;
      return m;
    };
    for (size_t x = 0; x < a_q_.size(); ++x) dig_[x] = encode(Encoding::Mbe, a_q_[x], cfg_.a);
    for (size_t x = 0; x < b_q_.size(); ++x) bdig_[x] = encode(Encoding::Mbe, b_q_[x], cfg_.b);
    for (int i = 0; i < R; ++i)
      for (int j = 0; j < C; ++j)
        for (int l = 0; l < G; ++l) {
          arem_[size_t((i * C + j) * G + l)] = mask(dig_[size_t(i * G + l)]);
          brem_[size_t((i * C + j) * G + l)] = mask(bdig_[size_t(j * G + l)]);
        }
  }
  counts_[kGroupLoad] += 1;
}

const ArrayOutputs& BitsliceModel::tick(const ArrayInputs& in) {
  const bool rd_en = in.flag(rd_en_);
  out_.set(out_valid_, rd_en);
  if (rd_en) read_row(in.port[size_t(rd_row_)][0]);
  if (busy_) step();
  if (in.flag(in_valid_)) load(in);
  update_status();
  return out_;
}

}  // namespace tpe::bitslice
