#include "rtlgen/families/addertree/opt2_dpu_gen.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "models/families/addertree/addertree_spec.hpp"
#include "rtlgen/families/addertree/dpu_gen.hpp"
#include "rtlgen/ir/compressor_tree.hpp"

namespace tpe::rtl {

int opt2_booth_digits(const IntFormat& f) { return (f.bits + (f.is_signed ? 0 : 1) + 1) / 2; }

std::string opt2_dpu_name(const EngineConfig& cfg) {
  return fmt::format("addertree_dpu_opt2_k{}_s{}_{}{}_acc{}", cfg.integer("k"), cfg.integer("stages"), cfg.a.tag(),
                     cfg.b.tag(), cfg.acc_bits);
}

std::vector<Connection> add_shared_booth_encoders(Module& top, const EngineConfig& cfg, const ExprP& a_r) {
  const int K = int(cfg.integer("k")), AB = cfg.a.bits, G = opt2_booth_digits(cfg.a);
  std::vector<ExprP> one, two, neg;  // bit k * G + d, least significant first
  for (int k = 0; k < K; ++k) {
    // Lane k sign- or zero-extended to whole digits (an odd width's top bit is a copy).
    const std::string ext = fmt::format("a_ext_{}", k);
    top.add(ext, 2 * G, SignalKind::Wire);
    top.assign(ext, extend(slice(a_r, (k + 1) * AB - 1, k * AB), 2 * G, cfg.a.is_signed));
    for (int d = 0; d < G; ++d) {
      // Window {a[2d+1], a[2d], a[2d-1]} (a[-1] = 0) -> digit in {-2..2}:
      // one: |digit| = 1, two: |digit| = 2, neg: digit < 0.
      auto bit = [&](int i) { return i < 0 ? cst(1, 0) : slice(top.sig(ext), i, i); };
      const ExprP hi = bit(2 * d + 1), mid = bit(2 * d), lo = bit(2 * d - 1);
      one.push_back(bxor(mid, lo));
      two.push_back(band(bxor(hi, mid), bnot(bxor(mid, lo))));
      neg.push_back(band(hi, bnot(band(mid, lo))));
    }
  }
  std::vector<Connection> conns;
  for (auto& [name, bits] : {std::pair{"bd_one", &one}, {"bd_two", &two}, {"bd_neg", &neg}}) {
    std::reverse(bits->begin(), bits->end());  // cat: most significant first
    top.add(name, K * G, SignalKind::Wire);
    top.assign(name, cat(*bits));
    conns.push_back({name, top.sig(name)});
  }
  return conns;
}

Opt2Layout opt2_layout(const EngineConfig& cfg) {
  const addertree::Params p = addertree::Params::of(cfg);
  const int K = p.k, BB = cfg.b.bits, ACC = cfg.acc_bits, G = opt2_booth_digits(cfg.a);
  const int PPB = BB + 2;  // a partial product digit x w, +-2w included, exactly
  Opt2Layout l;
  // Digit d's tree: K rows (pp XOR neg, sign-extended) and the K neg bits in
  // column 0, Wd columns: the exact digit sum (|sum| <= K 2^BB), or only the
  // bits that land inside the accumulator after the shift by 2d.
  l.wd.assign(size_t(G), 0);
  for (int d = 0; d < G; ++d) {
    l.wd[size_t(d)] = std::min(PPB + ceil_log2(K), ACC - 2 * d);
    if (l.wd[size_t(d)] <= 0) break;
    std::vector<std::vector<int>> cols(size_t(l.wd[size_t(d)]));
    int id = 0;
    for (int k = 0; k < K; ++k)
      for (int i = 0; i < l.wd[size_t(d)]; ++i) cols[size_t(i)].push_back(id++);
    for (int k = 0; k < K; ++k) cols[0].push_back(id++);
    l.trees.push_back(dadda_tree(cols, l.wd[size_t(d)]));
    l.tree_stages = std::max(l.tree_stages, l.trees.back().stages);
  }
  // The final shift-and-add: the partial sum and every digit sum shifted by 2d, sign-extended, ACC columns.
  std::vector<std::vector<int>> final_cols(static_cast<size_t>(ACC));
  int final_inputs = 0;
  for (int c = 0; c < ACC; ++c) final_cols[size_t(c)].push_back(final_inputs++);  // p
  for (int d = 0; d < int(l.trees.size()); ++d)
    for (int c = 2 * d; c < ACC; ++c) final_cols[size_t(c)].push_back(final_inputs++);
  l.final_tree = dadda_tree(final_cols, ACC);
  l.cuts = l.tree_stages + 2 + l.final_tree.stages;
  for (int s = 1; s <= p.stages; ++s) l.stage_cut.push_back(pipeline_cut(s, p.stages, l.cuts));
  return l;
}

Module make_opt2_dpu(const EngineConfig& cfg) {
  const addertree::Params p = addertree::Params::of(cfg);
  const int K = p.k, S = p.stages, BB = cfg.b.bits, ACC = cfg.acc_bits, G = opt2_booth_digits(cfg.a);
  const int PPB = BB + 2;  // a partial product digit x w, +-2w included, exactly
  Module m;
  m.name = opt2_dpu_name(cfg);
  m.comment = fmt::format("OPT2 dot-product unit: {} weights; the partial products of each of {} Booth digit "
                          "weights reduced across the {} lanes in a narrow Dadda tree, then shifted and added once "
                          "with the partial sum; {} pipeline register stage(s).",
                          K, G, K, S);
  m.add("clk", 1, SignalKind::Input);
  m.add("rst", 1, SignalKind::Input);
  m.add("bd_one", K * G, SignalKind::Input);
  m.add("bd_two", K * G, SignalKind::Input);
  m.add("bd_neg", K * G, SignalKind::Input);
  m.add("v_in", 1, SignalKind::Input);
  m.add("p_in", ACC, SignalKind::Input);
  m.add("w_load", 1, SignalKind::Input);
  m.add("w_in", BB, SignalKind::Input);
  m.add("c", ACC, SignalKind::Output);
  m.add("v_out", 1, SignalKind::Output);
  m.add("busy", 1, SignalKind::Output);

  for (int k = 0; k < K; ++k) m.add(fmt::format("w_{}", k), BB, SignalKind::Reg);
  for (int k = 0; k < K; ++k)
    m.reg(fmt::format("w_{}", k), k + 1 < K ? m.sig(fmt::format("w_{}", k + 1)) : m.sig("w_in"), m.sig("w_load"));
  std::vector<ExprP> valid = {m.sig("v_in")};
  for (int s = 1; s <= S; ++s) {
    const std::string v = fmt::format("vs_{}", s);
    m.add(v, 1, SignalKind::Reg);
    m.reg(v, valid.back(), nullptr, cst(1, 0));
    valid.push_back(m.sig(v));
  }
  m.assign("busy", any_of(valid));

  const Opt2Layout layout = opt2_layout(cfg);
  const std::vector<int>& wd = layout.wd;
  const std::vector<CompressorTree>& trees = layout.trees;
  const CompressorTree& final_tree = layout.final_tree;
  const int tree_stages = layout.tree_stages, cuts = layout.cuts;
  const int digits = int(trees.size());  // digits whose bits reach the accumulator
  ExprP psum = m.sig("p_in");
  int next_stage = 1;
  auto stage_at = [&](int cut) { return next_stage <= S && pipeline_cut(next_stage, S, cuts) == cut ? next_stage : 0; };
  int reg_count = 0;
  auto register_bits = [&](int s, const ExprP& e, bool may_be_unused = false) {
    const std::string r = fmt::format("pr{}_{}", s, reg_count++);
    m.add(r, e->width, SignalKind::Reg, may_be_unused);
    m.reg(r, e, valid[size_t(s - 1)]);
    return m.sig(r);
  };
  auto end_cut = [&](int s) {
    if (!s) return;
    psum = register_bits(s, psum);
    ++next_stage;
  };

  // Partial products: row = (one ? w : 0 | two ? 2w : 0) ^ neg, sign-extended; neg into column 0.
  std::vector<std::vector<ExprP>> tree_in(static_cast<size_t>(digits));
  int s0 = stage_at(0);
  for (int k = 0; k < K; ++k) {
    const std::string wext = fmt::format("w_ext_{}", k);
    m.add(wext, PPB, SignalKind::Wire);
    m.assign(wext, extend(m.sig(fmt::format("w_{}", k)), PPB, cfg.b.is_signed));
    const ExprP w = m.sig(wext), w2 = cat({slice(w, PPB - 2, 0), cst(1, 0)});
    for (int d = 0; d < digits; ++d) {
      const int bit = k * G + d;
      const ExprP one = slice(m.sig("bd_one"), bit, bit), two = slice(m.sig("bd_two"), bit, bit),
                  neg = slice(m.sig("bd_neg"), bit, bit);
      const std::string pp = fmt::format("pp_{}_{}", k, d);
      const bool narrow = wd[size_t(d)] < PPB;  // its top bits fall outside the accumulator
      m.add(pp, PPB, SignalKind::Wire, narrow);
      m.assign(pp, bxor(bor(band(repeat(PPB, one), w), band(repeat(PPB, two), w2)), repeat(PPB, neg)));
      ExprP row = m.sig(pp), n = neg;
      if (s0) row = register_bits(s0, row, narrow), n = register_bits(s0, n);
      for (int i = 0; i < wd[size_t(d)]; ++i) tree_in[size_t(d)].push_back(slice(row, std::min(i, PPB - 1), std::min(i, PPB - 1)));
      tree_in[size_t(d)].push_back(n);
    }
  }
  // tree_in[d] was filled k by k as (Wd row bits, neg); the tree numbers the K
  // rows first, then the K neg bits.
  for (int d = 0; d < digits; ++d) {
    std::vector<ExprP> rows, negs;
    const size_t per = size_t(wd[size_t(d)]) + 1;
    for (int k = 0; k < K; ++k) {
      for (size_t i = 0; i < per - 1; ++i) rows.push_back(tree_in[size_t(d)][size_t(k) * per + i]);
      negs.push_back(tree_in[size_t(d)][size_t(k) * per + per - 1]);
    }
    rows.insert(rows.end(), negs.begin(), negs.end());
    tree_in[size_t(d)] = std::move(rows);
  }
  end_cut(s0);

  // Digit trees, all advancing stage by stage so a pipeline cut registers every digit's live bits.
  std::vector<std::array<ExprP, 2>> tree_out(static_cast<size_t>(digits));
  std::vector<int> stage_of_tree_stage(static_cast<size_t>(tree_stages + 1), 0);
  for (int t = 1; t <= tree_stages; ++t) {
    stage_of_tree_stage[size_t(t)] = stage_at(t);
    if (stage_of_tree_stage[size_t(t)]) ++next_stage;  // claimed; psum registered below
  }
  for (int d = 0; d < digits; ++d)
    tree_out[size_t(d)] = emit_compressor_tree(
        m, trees[size_t(d)], tree_in[size_t(d)], fmt::format("d{}_", d),
        [&](int t, int, const ExprP& bit) {
          const int s = stage_of_tree_stage[size_t(t)];
          return s ? register_bits(s, bit) : bit;
        },
        tree_stages);
  for (int t = 1; t <= tree_stages; ++t)
    if (const int s = stage_of_tree_stage[size_t(t)]) psum = register_bits(s, psum);

  // Digit adders: each digit's two rows added (Wd bits, read signed).
  const int s_sum = stage_at(tree_stages + 1);
  std::vector<ExprP> digit_sum(static_cast<size_t>(digits));
  for (int d = 0; d < digits; ++d) {
    const std::string ds = fmt::format("dsum_{}", d);
    m.add(ds, wd[size_t(d)], SignalKind::Wire);
    m.assign(ds, add(tree_out[size_t(d)][0], tree_out[size_t(d)][1]));
    digit_sum[size_t(d)] = s_sum ? register_bits(s_sum, m.sig(ds)) : m.sig(ds);
  }
  end_cut(s_sum);
  std::vector<ExprP> final_in;
  for (int c = 0; c < ACC; ++c) final_in.push_back(slice(psum, c, c));
  for (int d = 0; d < digits; ++d)
    for (int c = 2 * d; c < ACC; ++c) {
      const int i = std::min(c - 2 * d, wd[size_t(d)] - 1);  // sign copies above the digit sum
      final_in.push_back(slice(digit_sum[size_t(d)], i, i));
    }

  // Final tree and the one carry-propagate adder into the output register.
  std::vector<int> stage_of_final(static_cast<size_t>(final_tree.stages + 1), 0);
  for (int t = 1; t <= final_tree.stages; ++t) {
    stage_of_final[size_t(t)] = stage_at(tree_stages + 1 + t);
    if (stage_of_final[size_t(t)]) ++next_stage;
  }
  const auto rows = emit_compressor_tree(m, final_tree, final_in, "f_", [&](int t, int, const ExprP& bit) {
    const int s = stage_of_final[size_t(t)];
    return s ? register_bits(s, bit) : bit;
  });
  const ExprP en = valid.back();
  m.reg("c", add(rows[0], rows[1]), en);
  m.reg("v_out", en, nullptr, cst(1, 0));
  return m;
}

}  // namespace tpe::rtl
