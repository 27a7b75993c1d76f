#include "rtlgen/families/addertree/dpu_gen.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "models/families/addertree/addertree_spec.hpp"
#include "models/gemm/int_gemm.hpp"

namespace tpe::rtl {

int pipeline_cut(int s, int stages, int cuts) { return s * cuts / (stages + 1); }

std::string dpu_name(const EngineConfig& cfg) {
  return fmt::format("addertree_dpu_k{}_s{}_{}{}_acc{}", cfg.integer("k"), cfg.integer("stages"), cfg.a.tag(),
                     cfg.b.tag(), cfg.acc_bits);
}

Module make_dpu(const EngineConfig& cfg) {
  const addertree::Params p = addertree::Params::of(cfg);
  const int K = p.k, S = p.stages, D = p.depth(), AB = cfg.a.bits, BB = cfg.b.bits, ACC = cfg.acc_bits;
  const int P = AB + BB;  // an exact product
  const bool sgn = product_is_signed(cfg.a, cfg.b);
  // Level l of the tree holds sums of up to 2^l products: exact in P + l
  // bits, and only the low ACC bits ever reach the output.
  auto level_width = [&](int l) { return std::min(P + l, ACC); };
  const bool truncates = P + D > ACC;  // then high bits of some nodes go unread

  Module m;
  m.name = dpu_name(cfg);
  m.comment = fmt::format("Dot-product unit: {} weights x {} multipliers, a {}-level adder tree with {} pipeline "
                          "register stage(s), partial sum added into the output register.",
                          K, K, D, S);
  m.add("clk", 1, SignalKind::Input);
  m.add("rst", 1, SignalKind::Input);
  m.add("a_in", K * AB, SignalKind::Input);
  m.add("v_in", 1, SignalKind::Input);
  m.add("p_in", ACC, SignalKind::Input);
  m.add("w_load", 1, SignalKind::Input);
  m.add("w_in", BB, SignalKind::Input);
  m.add("c", ACC, SignalKind::Output);
  m.add("v_out", 1, SignalKind::Output);
  m.add("busy", 1, SignalKind::Output);

  // Weights: a shift register towards lane 0.
  for (int k = 0; k < K; ++k) m.add(fmt::format("w_{}", k), BB, SignalKind::Reg);
  for (int k = 0; k < K; ++k)
    m.reg(fmt::format("w_{}", k), k + 1 < K ? m.sig(fmt::format("w_{}", k + 1)) : m.sig("w_in"), m.sig("w_load"));
  // Valid chain: vs_s is the valid of pipeline register stage s.
  std::vector<ExprP> valid = {m.sig("v_in")};  // valid[s]: of the data entering stage s+1
  for (int s = 1; s <= S; ++s) {
    const std::string v = fmt::format("vs_{}", s);
    m.add(v, 1, SignalKind::Reg);
    m.reg(v, valid.back(), nullptr, cst(1, 0));
    valid.push_back(m.sig(v));
  }
  m.assign("busy", any_of(valid));

  // Products: level 0.
  std::vector<ExprP> nodes;
  for (int k = 0; k < K; ++k) {
    const std::string prod = fmt::format("prod_{}", k), node = fmt::format("t0_{}", k);
    const ExprP a = slice(m.sig("a_in"), (k + 1) * AB - 1, k * AB);
    // The multiply gets its own wire so that its $signed operands stay signed.
    m.add(prod, P, SignalKind::Wire, truncates);
    m.assign(prod, mul(extend(a, P, cfg.a.is_signed), extend(m.sig(fmt::format("w_{}", k)), P, cfg.b.is_signed), true));
    m.add(node, level_width(0), SignalKind::Wire, truncates);
    m.assign(node, extend(m.sig(prod), level_width(0), sgn));
    nodes.push_back(m.sig(node));
  }
  ExprP psum = m.sig("p_in");
  int next_stage = 1;  // the next pipeline register stage to place
  // Registers the level's nodes (and the partial sum, and the valid) when a
  // pipeline stage sits after cut `cut`.
  auto maybe_register = [&](int cut, int level) {
    if (next_stage > S || pipeline_cut(next_stage, S, D) != cut) return;
    const int s = next_stage++;
    const ExprP en = valid[size_t(s - 1)];
    for (size_t i = 0; i < nodes.size(); ++i) {
      const std::string r = fmt::format("r{}_{}", s, i);
      m.add(r, level_width(level), SignalKind::Reg, truncates);
      m.reg(r, nodes[i], en);
      nodes[i] = m.sig(r);
    }
    const std::string pr = fmt::format("pr_{}", s);
    m.add(pr, ACC, SignalKind::Reg);
    m.reg(pr, psum, en);
    psum = m.sig(pr);
  };
  maybe_register(0, 0);
  for (int l = 1; l <= D; ++l) {
    std::vector<ExprP> next;
    const int w = level_width(l);
    for (size_t i = 0; i < nodes.size(); i += 2) {
      const std::string node = fmt::format("t{}_{}", l, i / 2);
      m.add(node, w, SignalKind::Wire, truncates);
      const ExprP left = extend(nodes[i], w, sgn);
      m.assign(node, i + 1 < nodes.size() ? add(left, extend(nodes[i + 1], w, sgn)) : left);
      next.push_back(m.sig(node));
    }
    nodes = std::move(next);
    if (l < D) maybe_register(l, l);
  }
  const ExprP en = valid.back();
  m.reg("c", add(extend(nodes[0], ACC, sgn), psum), en);
  m.reg("v_out", en, nullptr, cst(1, 0));
  return m;
}

}  // namespace tpe::rtl
