#include "hw/energy/families/systolic/systolic_toggles.hpp"
#include "models/util/bits.hpp"

#include <bitset>
#include <stdexcept>


namespace tpe::systolic {
namespace {

uint64_t mask_of(int bits) { return bits >= 64 ? ~uint64_t(0) : (uint64_t(1) << bits) - 1; }
int popcount(uint64_t v) { return int(std::bitset<64>(v).count()); }
int64_t lane(const std::vector<int64_t>& v, size_t i) { return i < v.size() ? v[i] : 0; }

// Bits that differ between two lane vectors, each lane `bits` wide.
uint64_t lane_toggles(const std::vector<int64_t>& x, const std::vector<int64_t>& y, size_t lanes, int bits) {
  const uint64_t m = mask_of(bits);
  uint64_t t = 0;
  for (size_t i = 0; i < lanes; ++i) t += popcount((uint64_t(lane(x, i)) ^ uint64_t(lane(y, i))) & m);
  return t;
}


}  // namespace

const char* held_bits_key(const Params& p) { return p.is() ? "pe_held_bits" : "pe_weight_bits"; }

SystolicToggleRecorder::SystolicToggleRecorder(const EngineConfig& cfg, ArrayDevice& inner)
    : hw::ToggleRecorder(inner), cfg_(cfg), p_(Params::of(cfg)), layout_(PortLayout::of(cfg)) {
  const int R = p_.rows, C = p_.cols;
  top_width_ = {{"in_valid", 1}};
  if (p_.os()) {
    top_width_["a_vec"] = R * cfg.a.bits;
    top_width_["in_first"] = 1;
    if (p_.overlap()) top_width_["in_last"] = 1;
    top_width_["b_vec"] = C * cfg.b.bits;
    top_width_["rd_en"] = 1;
    top_width_["rd_row"] = std::max(1, ceil_log2(R));
    x_bits_ = cfg.a.bits;
    h_bits_ = cfg.b.bits;
  } else {
    roles_ = StationaryRoles::of(cfg);
    x_bits_ = roles_.stream.bits;
    h_bits_ = roles_.held.bits;
    top_width_[roles_.stream_port] = R * x_bits_;
    top_width_["p_vec"] = C * cfg.acc_bits;
    top_width_[roles_.load_strobe] = 1;
    top_width_[roles_.load_port] = C * h_bits_;
    if (p_.overlap()) top_width_["in_swap"] = 1;
  }
  for (const auto& [p, w] : top_width_) top_toggles_[p] = 0;
  last_a_.assign(R, 0);
  last_b_.assign(C, 0);
  w_.assign(size_t(R) * C, 0);
  last_ps_.assign(size_t(R) * C, 0);
  last_w_in_.assign(size_t(R) * C, 0);
  acc_.assign(size_t(R) * C, 0);
  shadow_.assign(size_t(R) * C, 0);
  act_.assign(size_t(R) * C, 0);
  last_out_.assign(C, 0);
}

SystolicToggleRecorder::Ports SystolicToggleRecorder::decode(const ArrayInputs& v) const {
  Ports p;
  for (size_t i = 0; i < layout_.in.size(); ++i) {
    const std::string& n = layout_.in[i].name;
    const std::vector<int64_t>& lanes = v.port[i];
    if (!p_.os()) {  // WS / IS: a = the streamed vector, w = the held row, w_load = its strobe
      if (n == "in_valid") p.in_valid = lanes[0];
      else if (n == roles_.stream_port) p.a = lanes;
      else if (n == "p_vec") p.psum = lanes;
      else if (n == roles_.load_strobe) p.w_load = lanes[0];
      else if (n == roles_.load_port) p.w = lanes;
      else if (n == "in_swap") p.in_swap = lanes[0];
      continue;
    }
    if (n == "in_valid") p.in_valid = lanes[0];
    else if (n == "in_first") p.in_first = lanes[0];
    else if (n == "in_last") p.in_last = lanes[0];
    else if (n == "w_load") p.w_load = lanes[0];
    else if (n == "rd_en") p.rd_en = lanes[0];
    else if (n == "rd_row") p.rd_row = int(lanes[0]);
    else if (n == "a_vec") p.a = lanes;
    else if (n == "b_vec") p.b = lanes;
    else if (n == "p_vec") p.psum = lanes;
    else if (n == "w_vec") p.w = lanes;
  }
  return p;
}

const ArrayOutputs& SystolicToggleRecorder::tick(const ArrayInputs& raw) {
  const Ports in = decode(raw);
  count_top(in);
  if (p_.os())
    count_pe_os(in);
  else
    count_pe_stationary(in);
  prev_ = in;
  have_prev_ = true;
  ++edges_;
  return inner_.tick(raw);
}

void SystolicToggleRecorder::count_top(const Ports& in) {
  // The first edge compares against the all-zero reset state of the ports.
  const Ports& p = have_prev_ ? prev_ : Ports{};
  const size_t R = p_.rows, C = p_.cols;
  top_toggles_["in_valid"] += in.in_valid != p.in_valid;
  if (p_.os()) {
    top_toggles_["a_vec"] += lane_toggles(in.a, p.a, R, cfg_.a.bits);
    top_toggles_["in_first"] += in.in_first != p.in_first;
    if (p_.overlap()) top_toggles_["in_last"] += in.in_last != p.in_last;
    top_toggles_["b_vec"] += lane_toggles(in.b, p.b, C, cfg_.b.bits);
    top_toggles_["rd_en"] += in.rd_en != p.rd_en;
    top_toggles_["rd_row"] += popcount(uint64_t(in.rd_row ^ p.rd_row) & mask_of(top_width_["rd_row"]));
  } else {
    top_toggles_[roles_.stream_port] += lane_toggles(in.a, p.a, R, x_bits_);
    top_toggles_["p_vec"] += lane_toggles(in.psum, p.psum, C, cfg_.acc_bits);
    top_toggles_[roles_.load_strobe] += in.w_load != p.w_load;
    top_toggles_[roles_.load_port] += lane_toggles(in.w, p.w, C, h_bits_);
    if (p_.overlap()) top_toggles_["in_swap"] += in.in_swap != p.in_swap;
  }
}

// The skew stages shift every edge (no enable): lane i's i+1 stages and the
// first PE of the lane (PE(i,0)'s a_in, PE(0,j)'s b_in) see the port's
// sequence of values, valid or not, one stage after another.
uint64_t SystolicToggleRecorder::port_lane_toggles(const std::vector<int64_t>& now, const std::vector<int64_t>& before,
                                                   size_t lanes, int bits, uint64_t& pe_in) {
  uint64_t stages = 0;
  for (size_t i = 0; i < lanes; ++i) {
    const uint64_t t = popcount((uint64_t(lane(now, i)) ^ uint64_t(lane(before, i))) & mask_of(bits));
    stages += t * (i + 1);
    pe_in += t;
  }
  return stages;
}

void SystolicToggleRecorder::count_skew_os(const Ports& in) {
  const Ports& p = have_prev_ ? prev_ : Ports{};
  top_reg_tog_ += port_lane_toggles(in.a, p.a, size_t(p_.rows), cfg_.a.bits, a_tog_);
  top_reg_tog_ += port_lane_toggles(in.b, p.b, size_t(p_.cols), cfg_.b.bits, b_tog_);
}

// OS: a, b, f registers load only on valid, and pass along a row (a, f) or a
// column (b) unchanged, so every PE of row i sees lane i's valid sequence.
void SystolicToggleRecorder::count_pe_os(const Ports& in) {
  const uint64_t R = p_.rows, C = p_.cols;
  const uint64_t macc = mask_of(cfg_.acc_bits);
  v_tog_ += uint64_t(in.in_valid != last_v_) * R * C;
  top_reg_tog_ += uint64_t(in.in_valid != last_v_) * R;  // v_sk chain
  last_v_ = in.in_valid;
  if (in.rd_en) {  // the read-out register takes accumulator (overlap: shadow) row rd_row
    const std::vector<int64_t>& read = p_.overlap() ? shadow_ : acc_;
    for (size_t j = 0; j < C; ++j) {
      const int64_t v = read[size_t(in.rd_row) * C + j];
      top_reg_tog_ += popcount((uint64_t(v) ^ uint64_t(last_out_[j])) & macc);
      last_out_[j] = v;
    }
  }
  const uint64_t ma = mask_of(cfg_.a.bits), mb = mask_of(cfg_.b.bits);
  count_skew_os(in);
  if (!in.in_valid) return;
  for (size_t i = 0; i < R; ++i) {  // PE(i,1..C-1) take the PE a_out registers: valid values only
    a_tog_ += popcount((uint64_t(lane(in.a, i)) ^ uint64_t(last_a_[i])) & ma) * (C - 1);
    last_a_[i] = lane(in.a, i);
  }
  for (size_t j = 0; j < C; ++j) {
    b_tog_ += popcount((uint64_t(lane(in.b, j)) ^ uint64_t(last_b_[j])) & mb) * (R - 1);
    last_b_[j] = lane(in.b, j);
  }
  f_tog_ += uint64_t(in.in_first != last_f_) * R * C;
  top_reg_tog_ += uint64_t(in.in_first != last_f_) * R;
  last_f_ = in.in_first;
  if (p_.overlap()) {
    l_tog_ += uint64_t(in.in_last != last_l_) * R * C;
    top_reg_tog_ += uint64_t(in.in_last != last_l_) * R;  // l_sk chain
    last_l_ = in.in_last;
  }
  const bool to_shadow = p_.overlap() && in.in_last;  // Accumulators: acc = (first ? 0 : acc) + a*b, wrapped.
  for (size_t i = 0; i < R; ++i)
    for (size_t j = 0; j < C; ++j) {
      int64_t& acc = acc_[i * C + j];
      const int64_t next = int64_t((uint64_t(in.in_first ? 0 : acc) + uint64_t(lane(in.a, i) * lane(in.b, j))) & macc);
      acc_tog_ += popcount(uint64_t(next ^ acc) & macc);
      acc = next;
      if (to_shadow) {  // the tile's last operand: shadow <= the finished sum
        sh_tog_ += popcount(uint64_t(next ^ shadow_[i * C + j]) & macc);
        shadow_[i * C + j] = next;
      }
    }
}

// WS / IS: held operands shift down on the load strobe (row 0 takes the
// load port); on a valid streamed vector x the partial sum entering PE(i,j) is
// p_j + sum over r < i of x_r * h(r,j), wrapped to the accumulator width; each
// PE sees the sequence of its own. (WS: x = a row of A, h = weights; IS: x =
// a column of B, h = activations. The names below are WS's.)
void SystolicToggleRecorder::count_pe_stationary(const Ports& in) {
  const size_t R = p_.rows, C = p_.cols;
  v_tog_ += uint64_t(in.in_valid != last_v_) * R * C;
  top_reg_tog_ += uint64_t(in.in_valid != last_v_) * R;  // v_sk chain
  last_v_ = in.in_valid;
  wl_tog_ += uint64_t(in.w_load != last_wl_) * R * C;
  last_wl_ = in.w_load;
  const uint64_t ma = mask_of(x_bits_), mb = mask_of(h_bits_), macc = mask_of(cfg_.acc_bits);
  // Overlapped: the PEs compute with the active copies, which a swap token
  // (every edge, valid data or not) copies from the shadows behind the
  // vectors streamed so far: the copy below follows this edge's vector and
  // this edge's load, as in the array.
  const std::vector<int64_t>& held = p_.overlap() ? act_ : w_;
  if (p_.overlap()) {
    l_tog_ += uint64_t(in.in_swap != last_s_) * R * C;    // s_out registers
    top_reg_tog_ += uint64_t(in.in_swap != last_s_) * R;  // s_sk chain
    last_s_ = in.in_swap;
  }
  {  // the skew stages shift every edge: see count_skew_os; row 0's ps_in is the last p_sk stage
    const Ports& p = have_prev_ ? prev_ : Ports{};
    top_reg_tog_ += port_lane_toggles(in.a, p.a, R, x_bits_, a_tog_);
    uint64_t row0 = 0;
    top_reg_tog_ += port_lane_toggles(in.psum, p.psum, C, cfg_.acc_bits, row0);
    ps_tog_ += row0;
    ps_row0_tog_ += row0;
  }
  if (in.in_valid) {
    for (size_t i = 0; i < R; ++i) {  // PE(i,1..C-1): the PE a_out registers, valid values only
      a_tog_ += popcount((uint64_t(lane(in.a, i)) ^ uint64_t(last_a_[i])) & ma) * (C - 1);
      last_a_[i] = lane(in.a, i);
    }
    for (size_t j = 0; j < C; ++j) {
      uint64_t ps = uint64_t(lane(in.psum, j)) & macc;
      for (size_t i = 0; i < R; ++i) {
        const size_t k = i * C + j;
        if (i > 0) ps_tog_ += popcount((ps ^ uint64_t(last_ps_[k])) & macc);  // the ps_out register above
        last_ps_[k] = int64_t(ps);
        ps = (ps + uint64_t(lane(in.a, i) * held[k])) & macc;
      }
      // The bottom PE's ps_out: its own register, then C-1-j de-skew stages and the output register.
      const uint64_t t = popcount((ps ^ uint64_t(last_out_[j])) & macc);
      acc_tog_ += t;
      top_reg_tog_ += t * (C - j);
      last_out_[j] = int64_t(ps);
    }
  }
  if (in.w_load) {
    ++load_cycles_;
    for (size_t i = R; i-- > 0;)
      for (size_t j = 0; j < C; ++j) {
        const size_t k = i * C + j;
        const int64_t w_in = i == 0 ? lane(in.w, j) : w_[k - C];
        w_tog_ += popcount((uint64_t(w_in) ^ uint64_t(last_w_in_[k])) & mb);
        last_w_in_[k] = w_in;
        w_[k] = w_in;
      }
  }
  if (p_.overlap() && in.in_swap)
    for (size_t k = 0; k < R * C; ++k) {
      w_tog_ += popcount((uint64_t(w_[k]) ^ uint64_t(act_[k])) & mb);
      act_[k] = w_[k];
    }
}

hw::ToggleCounts SystolicToggleRecorder::result(const ActivityTrace& trace) const {
  hw::ToggleCounts r;
  const double cycles = double(std::max<uint64_t>(trace.cycles, 1));
  auto& top_port_activity = r.rates["top_port_activity"];
  auto& pe_mac_activity = r.rates["pe_mac_activity"];
  auto& pe_load_activity = r.rates["pe_load_activity"];
  for (const auto& [p, t] : top_toggles_) top_port_activity[p] = std::min(1.0, t / (cycles * top_width_.at(p)));
  const double macs = double(std::max<uint64_t>(trace.macs(), 1));
  const bool os = p_.os();
  pe_mac_activity[os ? "a_in" : roles_.stream_pe + "_in"] = a_tog_ / (macs * x_bits_);
  r.bits["pe_operand_bits"] = a_tog_ + (os ? b_tog_ : ps_tog_);
  // Register bits and their toggles. PE: a, (b,) v, (f,) acc / ps_out, (w).
  // A PE's a_out/b_out/f_out/v_out carry the sequences its inputs carry; a WS
  // PE's ps_out is the next row's ps_in (the bottom row's counted in acc_tog_).
  const double R = p_.rows, C = p_.cols;
  // Overlapped OS: + the shadow (acc_bits) and the last flag per PE, + the l_sk chain.
  const double ovl = p_.overlap() ? 1.0 : 0.0;
  // Overlapped WS/IS: + the active held register and the swap flag per PE, + the s_sk chain.
  const double pe_reg_bits = os ? cfg_.a.bits + cfg_.b.bits + cfg_.acc_bits + 2 + ovl * (cfg_.acc_bits + 1)
                                : cfg_.a.bits + cfg_.acc_bits + 1 + cfg_.b.bits + ovl * (h_bits_ + 1);
  const double pe_tog = os ? double(a_tog_ + b_tog_ + f_tog_ + v_tog_ + acc_tog_ + sh_tog_ + l_tog_)
                           : double(a_tog_ + v_tog_ + w_tog_ + l_tog_ + ps_tog_ - ps_row0_tog_ + acc_tog_);  // row 0's ps_in is a p_sk register
  const double top_reg_bits =
      os ? cfg_.a.bits * R * (R + 1) / 2 + cfg_.b.bits * C * (C + 1) / 2 + (2 + ovl) * R + C * cfg_.acc_bits + 1
         : x_bits_ * R * (R + 1) / 2 + cfg_.acc_bits * (C * (C + 1) / 2 + C * (C - 1) / 2 + C) + (1 + ovl) * R + 1;
  r.bits["pe_register_bits"] = uint64_t(pe_tog) - (os ? 0 : w_tog_);
  if (!os) r.bits[held_bits_key(p_)] = w_tog_;
  r.figures["pe_reg_activity_per_mac"] = std::min(1.0, pe_tog / (macs * pe_reg_bits));
  r.figures["reg_activity_per_cycle"] =
      std::min(1.0, (pe_tog + double(top_reg_tog_)) / (cycles * (pe_reg_bits * R * C + top_reg_bits)));
  pe_mac_activity["v_in"] = v_tog_ / macs;
  if (os) {
    pe_mac_activity["b_in"] = b_tog_ / (macs * cfg_.b.bits);
    pe_mac_activity["f_in"] = f_tog_ / macs;
    if (p_.overlap()) pe_mac_activity["l_in"] = l_tog_ / macs;
  } else {
    pe_mac_activity["ps_in"] = ps_tog_ / (macs * cfg_.acc_bits);
    const double loads = double(std::max<uint64_t>(load_cycles_, 1)) * R * C;
    pe_load_activity[roles_.held_pe + "_in"] = w_tog_ / (loads * h_bits_);
    pe_load_activity[roles_.held_pe + "_load"] = std::min(1.0, wl_tog_ / loads);
  }
  for (auto* m : {&pe_mac_activity, &pe_load_activity})
    for (auto& [p, v] : *m) v = std::min(v, 1.0);
  return r;
}

}  // namespace tpe::systolic
