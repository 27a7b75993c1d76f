#include "hw/energy/workload_toggles.hpp"

#include <bitset>
#include <stdexcept>

#include "sim/core/engine_loop.hpp"

namespace tpe::hw {
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

int clog2(int n) {
  int b = 0;
  while ((1 << b) < n) ++b;
  return b;
}

}  // namespace

ToggleRecorder::ToggleRecorder(const EngineConfig& cfg, ArrayDevice& inner) : cfg_(cfg), inner_(inner) {
  const int R = cfg.rows, C = cfg.cols;
  top_width_ = {{"in_valid", 1}, {"a_vec", R * cfg.a.bits}};
  if (cfg.dataflow == Dataflow::OutputStationary) {
    top_width_["in_first"] = 1;
    top_width_["b_vec"] = C * cfg.b.bits;
    top_width_["rd_en"] = 1;
    top_width_["rd_row"] = std::max(1, clog2(R));
  } else {
    top_width_["p_vec"] = C * cfg.acc_bits;
    top_width_["w_load"] = 1;
    top_width_["w_vec"] = C * cfg.b.bits;
  }
  for (const auto& [p, w] : top_width_) top_toggles_[p] = 0;
  last_a_.assign(R, 0);
  last_b_.assign(C, 0);
  w_.assign(size_t(R) * C, 0);
  last_ps_.assign(size_t(R) * C, 0);
  last_w_in_.assign(size_t(R) * C, 0);
  acc_.assign(size_t(R) * C, 0);
  last_out_.assign(C, 0);
}

const ArrayOutputs& ToggleRecorder::tick(const ArrayInputs& in) {
  count_top(in);
  if (cfg_.dataflow == Dataflow::OutputStationary)
    count_pe_os(in);
  else
    count_pe_ws(in);
  prev_ = in;
  have_prev_ = true;
  ++edges_;
  return inner_.tick(in);
}

void ToggleRecorder::count_top(const ArrayInputs& in) {
  // The first edge compares against the all-zero reset state of the ports.
  const ArrayInputs& p = have_prev_ ? prev_ : ArrayInputs{};
  const size_t R = cfg_.rows, C = cfg_.cols;
  top_toggles_["in_valid"] += in.in_valid != p.in_valid;
  top_toggles_["a_vec"] += lane_toggles(in.a, p.a, R, cfg_.a.bits);
  if (cfg_.dataflow == Dataflow::OutputStationary) {
    top_toggles_["in_first"] += in.in_first != p.in_first;
    top_toggles_["b_vec"] += lane_toggles(in.b, p.b, C, cfg_.b.bits);
    top_toggles_["rd_en"] += in.rd_en != p.rd_en;
    top_toggles_["rd_row"] += popcount(uint64_t(in.rd_row ^ p.rd_row) & mask_of(top_width_["rd_row"]));
  } else {
    top_toggles_["p_vec"] += lane_toggles(in.psum, p.psum, C, cfg_.acc_bits);
    top_toggles_["w_load"] += in.w_load != p.w_load;
    top_toggles_["w_vec"] += lane_toggles(in.w, p.w, C, cfg_.b.bits);
  }
}

// OS: a, b, f registers load only on valid, and pass along a row (a, f) or a
// column (b) unchanged, so every PE of row i sees lane i's valid sequence.
void ToggleRecorder::count_pe_os(const ArrayInputs& in) {
  const uint64_t R = cfg_.rows, C = cfg_.cols;
  const uint64_t macc = mask_of(cfg_.acc_bits);
  v_tog_ += uint64_t(in.in_valid != last_v_) * R * C;
  top_reg_tog_ += uint64_t(in.in_valid != last_v_) * R;  // v_sk chain
  last_v_ = in.in_valid;
  if (in.rd_en) {  // the read-out register takes accumulator row rd_row
    for (size_t j = 0; j < C; ++j) {
      const int64_t v = acc_[size_t(in.rd_row) * C + j];
      top_reg_tog_ += popcount((uint64_t(v) ^ uint64_t(last_out_[j])) & macc);
      last_out_[j] = v;
    }
  }
  if (!in.in_valid) return;
  const uint64_t ma = mask_of(cfg_.a.bits), mb = mask_of(cfg_.b.bits);
  for (size_t i = 0; i < R; ++i) {
    const uint64_t t = popcount((uint64_t(lane(in.a, i)) ^ uint64_t(last_a_[i])) & ma);
    a_tog_ += t * C;
    top_reg_tog_ += t * (i + 1);  // every stage of row i's skew chain
    last_a_[i] = lane(in.a, i);
  }
  for (size_t j = 0; j < C; ++j) {
    const uint64_t t = popcount((uint64_t(lane(in.b, j)) ^ uint64_t(last_b_[j])) & mb);
    b_tog_ += t * R;
    top_reg_tog_ += t * (j + 1);
    last_b_[j] = lane(in.b, j);
  }
  f_tog_ += uint64_t(in.in_first != last_f_) * R * C;
  top_reg_tog_ += uint64_t(in.in_first != last_f_) * R;
  last_f_ = in.in_first;
  // Accumulators: acc = (first ? 0 : acc) + a*b, wrapped.
  for (size_t i = 0; i < R; ++i)
    for (size_t j = 0; j < C; ++j) {
      int64_t& acc = acc_[i * C + j];
      const int64_t next = int64_t((uint64_t(in.in_first ? 0 : acc) + uint64_t(lane(in.a, i) * lane(in.b, j))) & macc);
      acc_tog_ += popcount(uint64_t(next ^ acc) & macc);
      acc = next;
    }
}

// WS: weights shift down on w_load (row 0 takes w_vec); on a valid row the
// partial sum entering PE(i,j) is p_j + sum over r < i of a_r * w(r,j), wrapped
// to the accumulator width; each PE sees the sequence of its own.
void ToggleRecorder::count_pe_ws(const ArrayInputs& in) {
  const size_t R = cfg_.rows, C = cfg_.cols;
  v_tog_ += uint64_t(in.in_valid != last_v_) * R * C;
  top_reg_tog_ += uint64_t(in.in_valid != last_v_) * R;  // v_sk chain
  last_v_ = in.in_valid;
  wl_tog_ += uint64_t(in.w_load != last_wl_) * R * C;
  last_wl_ = in.w_load;
  const uint64_t ma = mask_of(cfg_.a.bits), mb = mask_of(cfg_.b.bits), macc = mask_of(cfg_.acc_bits);
  if (in.in_valid) {
    for (size_t i = 0; i < R; ++i) {
      const uint64_t t = popcount((uint64_t(lane(in.a, i)) ^ uint64_t(last_a_[i])) & ma);
      a_tog_ += t * C;
      top_reg_tog_ += t * (i + 1);
      last_a_[i] = lane(in.a, i);
    }
    for (size_t j = 0; j < C; ++j) {
      uint64_t ps = uint64_t(lane(in.psum, j)) & macc;
      for (size_t i = 0; i < R; ++i) {
        const size_t k = i * C + j;
        const uint64_t t = popcount((ps ^ uint64_t(last_ps_[k])) & macc);
        ps_tog_ += t;
        if (i == 0) top_reg_tog_ += t * (j + 1), ps_row0_tog_ += t;  // p_sk stages of column j
        last_ps_[k] = int64_t(ps);
        ps = (ps + uint64_t(lane(in.a, i) * w_[k])) & macc;
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
}

WorkloadToggles ToggleRecorder::result(const ActivityTrace& trace) const {
  WorkloadToggles r;
  r.cycles = trace.cycles;
  r.edges = edges_;
  r.load_cycles = load_cycles_;
  r.trace = trace;
  const double cycles = double(std::max<uint64_t>(trace.cycles, 1));
  for (const auto& [p, t] : top_toggles_) r.top_port_activity[p] = std::min(1.0, t / (cycles * top_width_.at(p)));
  const double macs = double(std::max<uint64_t>(trace.array.macs, 1));
  r.pe_mac_activity["a_in"] = a_tog_ / (macs * cfg_.a.bits);
  r.pe_operand_toggle_bits = a_tog_ + (cfg_.dataflow == Dataflow::OutputStationary ? b_tog_ : ps_tog_);
  // Register bits and their toggles. PE: a, (b,) v, (f,) acc / ps_out, (w).
  // A PE's a_out/b_out/f_out/v_out carry the sequences its inputs carry; a WS
  // PE's ps_out is the next row's ps_in (the bottom row's counted in acc_tog_).
  const bool os = cfg_.dataflow == Dataflow::OutputStationary;
  const double R = cfg_.rows, C = cfg_.cols;
  r.pe_reg_bits = os ? cfg_.a.bits + cfg_.b.bits + cfg_.acc_bits + 2 : cfg_.a.bits + cfg_.acc_bits + 1 + cfg_.b.bits;
  const double pe_tog = os ? double(a_tog_ + b_tog_ + f_tog_ + v_tog_ + acc_tog_)
                           : double(a_tog_ + v_tog_ + w_tog_ + ps_tog_ - ps_row0_tog_ + acc_tog_);  // row 0's ps_in is a p_sk register
  r.top_reg_bits = os ? cfg_.a.bits * R * (R + 1) / 2 + cfg_.b.bits * C * (C + 1) / 2 + 2 * R + C * cfg_.acc_bits + 1
                      : cfg_.a.bits * R * (R + 1) / 2 + cfg_.acc_bits * (C * (C + 1) / 2 + C * (C - 1) / 2 + C) + R + 1;
  r.pe_register_toggle_bits = uint64_t(pe_tog) - (os ? 0 : w_tog_);
  r.pe_weight_toggle_bits = os ? 0 : w_tog_;
  r.pe_reg_activity_per_mac = std::min(1.0, pe_tog / (macs * r.pe_reg_bits));
  r.reg_activity_per_cycle =
      std::min(1.0, (pe_tog + double(top_reg_tog_)) / (cycles * (r.pe_reg_bits * R * C + r.top_reg_bits)));
  r.pe_mac_activity["v_in"] = v_tog_ / macs;
  if (cfg_.dataflow == Dataflow::OutputStationary) {
    r.pe_mac_activity["b_in"] = b_tog_ / (macs * cfg_.b.bits);
    r.pe_mac_activity["f_in"] = f_tog_ / macs;
  } else {
    r.pe_mac_activity["ps_in"] = ps_tog_ / (macs * cfg_.acc_bits);
    const double loads = double(std::max<uint64_t>(load_cycles_, 1)) * cfg_.pe_count();
    r.pe_load_activity["w_in"] = w_tog_ / (loads * cfg_.b.bits);
    r.pe_load_activity["w_load"] = std::min(1.0, wl_tog_ / loads);
  }
  for (auto* m : {&r.pe_mac_activity, &r.pe_load_activity})
    for (auto& [p, v] : *m) v = std::min(v, 1.0);
  return r;
}

WorkloadToggles measure_workload_toggles(const EngineConfig& cfg, const OperandMatrix& a, const OperandMatrix& b,
                                         ArrayDevice& dev, ResultMatrix* c_out) {
  ToggleRecorder rec(cfg, dev);
  dev.reset();
  EngineLoop loop(cfg, a, b, rec);
  // Generous bound: a stuck run must not hang a test.
  const uint64_t bound = 64 + 8 * (uint64_t(a.rows) + 2 * cfg.rows + 2 * cfg.cols + 8) *
                                  (uint64_t(a.cols) / cfg.rows + 2) * (uint64_t(b.cols) / cfg.cols + 2) *
                                  (uint64_t(a.rows) / cfg.rows + 2);
  for (uint64_t n = 0; !loop.done(); ++n) {
    if (n > bound) throw std::runtime_error("measure_workload_toggles: the GEMM did not finish within the cycle bound");
    loop.step();
  }
  const EngineRun run = loop.result();
  if (c_out) *c_out = run.c;
  return rec.result(run.activity);
}

}  // namespace tpe::hw
