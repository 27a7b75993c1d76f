#include "hw/energy/families/addertree/addertree_toggles.hpp"

#include <algorithm>
#include <bitset>

#include "models/gemm/int_gemm.hpp"
#include "rtlgen/families/addertree/dpu_gen.hpp"
#include "rtlgen/families/addertree/opt2_dpu_gen.hpp"

namespace tpe::addertree {
namespace {

uint64_t mask_of(int bits) { return bits >= 64 ? ~uint64_t(0) : (uint64_t(1) << bits) - 1; }
uint64_t flips(int64_t x, int64_t y, int bits) {
  return std::bitset<64>((uint64_t(x) ^ uint64_t(y)) & mask_of(bits)).count();
}

}  // namespace

AdderTreeToggleRecorder::AdderTreeToggleRecorder(const EngineConfig& cfg, ArrayDevice& inner)
    : hw::ToggleRecorder(inner), cfg_(cfg), p_(Params::of(cfg)), layout_(PortLayout::of(cfg)) {
  in_valid_ = layout_.input("in_valid");
  a_vec_ = layout_.input("a_vec");
  p_vec_ = layout_.input("p_vec");
  w_load_ = layout_.input("w_load");
  w_vec_ = layout_.input("w_vec");
  const int K = p_.k, N = p_.n;
  for (int s = 1; s <= p_.stages; ++s) cut_levels_.push_back(rtl::pipeline_cut(s, p_.stages, p_.depth()));
  if (cfg.pe == "opt2") {
    opt2_ = std::make_unique<rtl::Opt2Layout>(rtl::opt2_layout(cfg));
    cut_levels_.clear();  // the OPT2 stages are counted by count_opt2_stages (registers grow on first use)
  }
  size_t nodes = 0;
  for (int level : cut_levels_) nodes += size_t((K + (1 << level) - 1) >> level);
  stage_regs_.assign(size_t(N), std::vector<int64_t>(nodes, 0));
  prev_in_a_.assign(size_t(K), 0);
  prev_in_p_.assign(size_t(N), 0);
  prev_in_w_.assign(size_t(N), 0);
  w_.assign(size_t(K) * N, 0);
  a_r_.assign(size_t(K), 0);
  p_r_.assign(size_t(N), 0);
  c_reg_.assign(size_t(N), 0);
  for (const char* port : {"in_valid", "a_vec", "p_vec", "w_load", "w_vec"}) port_toggles_[port] = 0;
}

const ArrayOutputs& AdderTreeToggleRecorder::tick(const ArrayInputs& in) {
  const int K = p_.k, N = p_.n, AB = cfg_.a.bits, BB = cfg_.b.bits, ACC = cfg_.acc_bits;
  const std::vector<int64_t>& a = in.port[size_t(a_vec_)];
  const std::vector<int64_t>& p = in.port[size_t(p_vec_)];
  const std::vector<int64_t>& wv = in.port[size_t(w_vec_)];
  const bool valid = in.flag(in_valid_), load = in.flag(w_load_);
  // Top-level ports (the first edge compares with the reset state, all 0).
  port_toggles_["in_valid"] += valid != prev_valid_;
  port_toggles_["w_load"] += load != prev_load_;
  for (int k = 0; k < K; ++k) port_toggles_["a_vec"] += flips(a[size_t(k)], prev_in_a_[size_t(k)], AB);
  for (int j = 0; j < N; ++j) {
    port_toggles_["p_vec"] += flips(p[size_t(j)], prev_in_p_[size_t(j)], ACC);
    port_toggles_["w_vec"] += flips(wv[size_t(j)], prev_in_w_[size_t(j)], BB);
  }
  prev_in_a_ = a, prev_in_p_ = p, prev_in_w_ = wv, prev_valid_ = valid, prev_load_ = load;
  if (load) {  // w[k] <= w[k+1], w[K-1] <= w_in
    ++loads_;
    for (int k = 0; k < K; ++k)
      for (int j = 0; j < N; ++j) {
        int64_t& w = w_[size_t(k) * N + j];
        const int64_t next = k + 1 < K ? w_[size_t(k + 1) * N + j] : to_port_value(wv[size_t(j)], cfg_.b);
        w_tog_ += flips(next, w, BB);
        w = next;
      }
  }
  if (valid) count_row(a, p);
  return inner_.tick(in);
}

// One valid row: what the input register, and then each unit's pipeline and
// output registers, take from it (every register of a row's path loads once).
void AdderTreeToggleRecorder::count_row(const std::vector<int64_t>& a_in, const std::vector<int64_t>& p_in) {
  const int K = p_.k, N = p_.n, AB = cfg_.a.bits, BB = cfg_.b.bits, ACC = cfg_.acc_bits;
  ++rows_;
  std::vector<int64_t> a(static_cast<size_t>(K)), p(static_cast<size_t>(N));
  for (int k = 0; k < K; ++k) {
    a[size_t(k)] = to_port_value(a_in[size_t(k)], cfg_.a);
    a_tog_ += flips(a[size_t(k)], a_r_[size_t(k)], AB);
  }
  for (int j = 0; j < N; ++j) {
    p[size_t(j)] = p_in[size_t(j)];
    p_tog_ += flips(p[size_t(j)], p_r_[size_t(j)], ACC);
  }
  const int P = AB + BB;
  std::vector<int64_t> level;
  for (int j = 0; j < N; ++j) {
    if (opt2_) count_opt2_stages(j, a, p[size_t(j)]);
    // The tree's nodes level by level; registered ones compared with their last value.
    level.resize(size_t(K));
    for (int k = 0; k < K; ++k) level[size_t(k)] = a[size_t(k)] * w_[size_t(k) * N + j];
    std::vector<int64_t>& regs = stage_regs_[size_t(j)];
    size_t r = 0;
    int l = 0;
    for (int cut : cut_levels_) {
      for (; l < cut; ++l) {
        for (size_t i = 0; i < level.size(); i += 2)
          level[i / 2] = level[i] + (i + 1 < level.size() ? level[i + 1] : 0);
        level.resize((level.size() + 1) / 2);
      }
      const int width = std::min(P + cut, ACC);
      for (int64_t v : level) reg_tog_ += flips(v, regs[r], width), regs[r++] = v;
      reg_tog_ += flips(p[size_t(j)], p_r_[size_t(j)], ACC);  // this stage's partial-sum register
    }
    int64_t root = 0;
    for (int64_t v : level) root += v;  // the rest of the tree
    const int64_t c = p[size_t(j)] + root;
    reg_tog_ += flips(c, c_reg_[size_t(j)], ACC);
    c_reg_[size_t(j)] = c;
  }
  a_r_ = a;
  p_r_ = p;
}

// Booth radix-4 digit d of `a` (sign- or zero-extended to whole digits):
// -2 a[2d+1] + a[2d] + a[2d-1], with a[-1] = 0.
static int booth_digit(int64_t a, int d) {
  auto bit = [&](int i) { return i < 0 ? 0 : int((uint64_t(a) >> std::min(i, 63)) & 1); };
  return -2 * bit(2 * d + 1) + bit(2 * d) + bit(2 * d - 1);
}

// Follows opt2_dpu_gen bit for bit: the partial-product rows, each digit's
// Dadda tree and the final tree evaluated on the row's values, then every
// pipeline register's content at its cut compared with what it held.
void AdderTreeToggleRecorder::count_opt2_stages(int j, const std::vector<int64_t>& a, int64_t p) {
  const rtl::Opt2Layout& l = *opt2_;
  const int K = p_.k, N = p_.n, ACC = cfg_.acc_bits, PPB = cfg_.b.bits + 2, T = l.tree_stages;
  const int digits = int(l.trees.size());
  auto bit_of = [](int64_t v, int i) { return uint8_t((uint64_t(v) >> std::min(i, 63)) & 1); };
  // Partial products: (|digit| x w) XOR neg, PPB bits, and the neg bits.
  std::vector<int64_t> pp(size_t(K) * digits);
  std::vector<uint8_t> neg(size_t(K) * digits);
  for (int k = 0; k < K; ++k)
    for (int d = 0; d < digits; ++d) {
      const int dig = booth_digit(a[size_t(k)], d);
      const int64_t mag = int64_t(dig < 0 ? -dig : dig) * w_[size_t(k) * N + j];
      pp[size_t(k) * digits + d] = dig < 0 ? ~mag : mag;
      neg[size_t(k) * digits + d] = dig < 0;
    }
  // Digit trees: K rows of Wd bits (sign copies above PPB), then the K neg bits.
  std::vector<std::vector<uint8_t>> tree_bits(static_cast<size_t>(digits));
  std::vector<int64_t> dsum(static_cast<size_t>(digits));
  for (int d = 0; d < digits; ++d) {
    const int wd = l.wd[size_t(d)];
    std::vector<uint8_t> in;
    for (int k = 0; k < K; ++k)
      for (int i = 0; i < wd; ++i) in.push_back(bit_of(pp[size_t(k) * digits + d], std::min(i, PPB - 1)));
    for (int k = 0; k < K; ++k) in.push_back(neg[size_t(k) * digits + d]);
    tree_bits[size_t(d)] = rtl::evaluate_bits(l.trees[size_t(d)], in);
    dsum[size_t(d)] = int64_t(rtl::evaluate(l.trees[size_t(d)], in));
  }
  // Final tree: the partial sum, then each digit sum from bit 2d (sign copies above Wd).
  std::vector<uint8_t> fin;
  for (int c = 0; c < ACC; ++c) fin.push_back(bit_of(p, c));
  for (int d = 0; d < digits; ++d)
    for (int c = 2 * d; c < ACC; ++c) fin.push_back(bit_of(dsum[size_t(d)], std::min(c - 2 * d, l.wd[size_t(d)] - 1)));
  const std::vector<uint8_t> final_bits = rtl::evaluate_bits(l.final_tree, fin);

  std::vector<int64_t>& regs = stage_regs_[size_t(j)];
  size_t r = 0;
  auto latch = [&](int64_t v, int bits) {
    if (r == regs.size()) regs.push_back(0);  // the reset state
    reg_tog_ += flips(v, regs[r], bits);
    regs[r++] = v;
  };
  auto latch_live = [&](const rtl::CompressorTree& t, const std::vector<uint8_t>& v, int stage) {
    for (const auto& column : t.live[size_t(std::min(stage, t.stages))])
      for (int id : column) latch(v[size_t(id)], 1);
  };
  for (int cut : l.stage_cut) {
    if (cut == 0) {
      for (int k = 0; k < K; ++k)
        for (int d = 0; d < digits; ++d) latch(pp[size_t(k) * digits + d], PPB), latch(neg[size_t(k) * digits + d], 1);
    } else if (cut <= T) {
      for (int d = 0; d < digits; ++d) latch_live(l.trees[size_t(d)], tree_bits[size_t(d)], cut);
    } else if (cut == T + 1) {
      for (int d = 0; d < digits; ++d) latch(dsum[size_t(d)], l.wd[size_t(d)]);
    } else {
      latch_live(l.final_tree, final_bits, cut - T - 1);
    }
    reg_tog_ += flips(p, p_r_[size_t(j)], ACC);  // this stage's partial-sum register
  }
}

hw::ToggleCounts AdderTreeToggleRecorder::result(const ActivityTrace& trace) const {
  hw::ToggleCounts r;
  const int K = p_.k, N = p_.n;
  r.bits["pe_operand_bits"] = a_tog_ * uint64_t(N);
  r.bits["pe_register_bits"] = reg_tog_;
  r.bits["pe_weight_bits"] = w_tog_;
  r.bits["input_reg_bits"] = a_tog_ + p_tog_;
  const double cycles = double(std::max<uint64_t>(trace.cycles, 1));
  const std::map<std::string, int> width = {{"in_valid", 1}, {"a_vec", K * cfg_.a.bits}, {"p_vec", N * cfg_.acc_bits},
                                            {"w_load", 1}, {"w_vec", N * cfg_.b.bits}};
  for (const auto& [port, t] : port_toggles_)
    r.rates["top_port_activity"][port] = std::min(1.0, double(t) / (cycles * width.at(port)));
  const double rows = double(std::max<uint64_t>(rows_, 1)), loads = double(std::max<uint64_t>(loads_, 1));
  r.rates["pe_row_activity"]["a_in"] = std::min(1.0, double(a_tog_) / (rows * K * cfg_.a.bits));
  r.rates["pe_row_activity"]["p_in"] = std::min(1.0, double(p_tog_) / (rows * N * cfg_.acc_bits));
  r.rates["pe_load_activity"]["w"] = std::min(1.0, double(w_tog_) / (loads * K * N * cfg_.b.bits));
  r.figures["register_toggles_per_row"] = double(reg_tog_) / rows;
  return r;
}

}  // namespace tpe::addertree
