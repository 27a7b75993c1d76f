#include "rtlgen/families/cube/cube_cell_gen.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "models/gemm/int_gemm.hpp"
#include "models/util/bits.hpp"
#include "rtlgen/core/carry_save.hpp"

namespace tpe::rtl {
namespace {


// Ports and the valid/first stage shared by both cells.
void add_cell_ports(Module& m, const EngineConfig& cfg, int Z) {
  m.add("clk", 1, SignalKind::Input);
  m.add("rst", 1, SignalKind::Input);
  m.add("a_in", Z * cfg.a.bits, SignalKind::Input);
  m.add("b_in", Z * cfg.b.bits, SignalKind::Input);
  m.add("v_in", 1, SignalKind::Input);
  m.add("f_in", 1, SignalKind::Input);
}

void add_control_stage(Module& m) {
  m.add("v_d", 1, SignalKind::Reg);
  m.reg("v_d", m.sig("v_in"), nullptr, cst(1, 0));
  m.add("f_d", 1, SignalKind::Reg);
  m.reg("f_d", m.sig("f_in"), m.sig("v_in"));
}

ExprP a_lane(const Module& m, const EngineConfig& cfg, int k) {
  return slice(m.sig("a_in"), (k + 1) * cfg.a.bits - 1, k * cfg.a.bits);
}
ExprP b_lane(const Module& m, const EngineConfig& cfg, int k) {
  return slice(m.sig("b_in"), (k + 1) * cfg.b.bits - 1, k * cfg.b.bits);
}

// Pairwise adder tree of equal-width terms, one named wire per adder.
ExprP adder_tree(Module& m, std::vector<ExprP> terms, int width) {
  for (int level = 0; terms.size() > 1; ++level) {
    std::vector<ExprP> next;
    for (size_t t = 0; t + 1 < terms.size(); t += 2) {
      const std::string n = fmt::format("sum{}_{}", level, t / 2);
      m.add(n, width, SignalKind::Wire);
      m.assign(n, add(terms[t], terms[t + 1]));
      next.push_back(m.sig(n));
    }
    if (terms.size() % 2) next.push_back(terms.back());
    terms = std::move(next);
  }
  return terms[0];
}

// Booth radix-4 digits of a multiplier format (an unsigned one gets a zero
// sign bit first).
int radix4_digits(const IntFormat& f) { return (f.bits + (f.is_signed ? 0 : 1) + 1) / 2; }

// The ACC-wide words whose sum (mod 2^ACC) is a_k * b_k: per Booth digit d of
// a_k, the selected multiple of b_k (0, b, 2b), inverted when the digit is
// negative, sign-extended and shifted by 2d; plus one word holding the
// digits' +1 corrections (the two's-complement negation's increment) at bit
// 2d. The window's top bit alone marks a negative digit: "111" is -0, whose
// inverted zero plus its correction is 0. Each word comes with its low bits
// that are zero by construction.
std::vector<std::pair<ExprP, int>> booth_words(Module& m, const EngineConfig& cfg, int k) {
  const int ACC = cfg.acc_bits, BB = cfg.b.bits, digits = radix4_digits(cfg.a), mb = BB + 2;  // mb holds 2b exactly
  const std::string p = fmt::format("k{}_", k);
  m.add(p + "a", 2 * digits, SignalKind::Wire, /*may_be_unused=*/true);  // a copied sign bit may go unread
  m.assign(p + "a", extend(a_lane(m, cfg, k), 2 * digits, cfg.a.is_signed));
  m.add(p + "b", mb, SignalKind::Wire);
  m.assign(p + "b", extend(b_lane(m, cfg, k), mb, cfg.b.is_signed));
  const ExprP a = m.sig(p + "a"), b = m.sig(p + "b");
  const ExprP b2 = cat({slice(b, mb - 2, 0), cst(1, 0)});
  std::vector<std::pair<ExprP, int>> words;
  std::vector<ExprP> corrections;
  for (int d = 0; d < digits; ++d) {
    const ExprP top = slice(a, 2 * d + 1, 2 * d + 1), mid = slice(a, 2 * d, 2 * d);
    const ExprP lo = d == 0 ? cst(1, 0) : slice(a, 2 * d - 1, 2 * d - 1);
    const std::string q = fmt::format("{}d{}_", p, d);
    m.add(q + "x1", 1, SignalKind::Wire);  // |digit| = 1
    m.assign(q + "x1", bxor(mid, lo));
    m.add(q + "x2", 1, SignalKind::Wire);  // |digit| = 2: mid == lo != top
    m.assign(q + "x2", band(bnot(m.sig(q + "x1")), bxor(top, mid)));
    m.add(q + "pp", mb, SignalKind::Wire, /*may_be_unused=*/true);  // its top bits may lie above the accumulator
    m.assign(q + "pp", bxor(mux(m.sig(q + "x1"), b, mux(m.sig(q + "x2"), b2, cst(mb, 0))), repeat(mb, top)));
    const int keep = ACC - 2 * d;  // bits of the shifted word inside the accumulator
    if (keep <= 0) continue;
    m.add(q + "w", ACC, SignalKind::Wire);
    const ExprP ext = extend(m.sig(q + "pp"), keep, true);
    m.assign(q + "w", d == 0 ? ext : cat({ext, cst(2 * d, 0)}));
    words.push_back({m.sig(q + "w"), 2 * d});
    if (d > 0) corrections.push_back(cst(1, 0));
    corrections.push_back(top);  // the correction of digit d, at weight 2d
  }
  // {..., c1, 0, c0}: cat takes the most significant part first.
  const int used = int(corrections.size());
  std::reverse(corrections.begin(), corrections.end());
  if (used < ACC) corrections.insert(corrections.begin(), cst(ACC - used, 0));
  m.add(p + "corr", ACC, SignalKind::Wire);
  m.assign(p + "corr", cat(corrections));
  words.push_back({m.sig(p + "corr"), 0});
  return words;
}

}  // namespace

std::string cube_cell_name(const EngineConfig& cfg) {
  return fmt::format("cube_cell_{}z{}_{}{}_acc{}", cfg.pe == "opt1" ? "opt1_" : "", cfg.integer("z"), cfg.a.tag(),
                     cfg.b.tag(), cfg.acc_bits);
}

Module make_cube_cell(const EngineConfig& cfg) {
  const int Z = int(cfg.integer("z")), ACC = cfg.acc_bits, P = cfg.a.bits + cfg.b.bits;
  const bool s = product_is_signed(cfg.a, cfg.b);
  const int D = std::min(ACC, P + ceil_log2(Z));  // the exact sum of Z products fits in P + ceil(log2 Z) bits
  Module m;
  m.name = cube_cell_name(cfg);
  m.comment = fmt::format("Cube cell: {} products reduced by an adder tree into a {}-bit register, then accumulated.",
                          Z, D);
  add_cell_ports(m, cfg, Z);
  m.add("acc", ACC, SignalKind::Output);
  std::vector<ExprP> terms;
  for (int k = 0; k < Z; ++k) {
    // Each multiply on its own wire, so its $signed operands stay signed.
    const std::string prod = fmt::format("prod{}", k), term = fmt::format("term{}", k);
    m.add(prod, P, SignalKind::Wire, /*may_be_unused=*/D < P);
    m.assign(prod, mul(extend(a_lane(m, cfg, k), P, cfg.a.is_signed), extend(b_lane(m, cfg, k), P, cfg.b.is_signed), true));
    m.add(term, D, SignalKind::Wire);
    m.assign(term, extend(m.sig(prod), D, s));
    terms.push_back(m.sig(term));
  }
  m.add("dot", D, SignalKind::Reg);
  m.reg("dot", adder_tree(m, terms, D), m.sig("v_in"));
  add_control_stage(m);
  m.add("acc_base", ACC, SignalKind::Wire);
  m.assign("acc_base", mux(m.sig("f_d"), cst(ACC, 0), m.sig("acc")));
  m.reg("acc", add(m.sig("acc_base"), extend(m.sig("dot"), ACC, s)), m.sig("v_d"));
  return m;
}

Module make_cube_opt1_cell(const EngineConfig& cfg) {
  const int Z = int(cfg.integer("z")), ACC = cfg.acc_bits;
  Module m;
  m.name = cube_cell_name(cfg);
  m.comment = fmt::format(
      "OPT1 cube cell: Booth partial products of {} products in one carry-save tree, carry-save accumulator.", Z);
  add_cell_ports(m, cfg, Z);
  std::vector<ExprP> words;
  std::vector<int> word_zeros;
  for (int k = 0; k < Z; ++k)
    for (const auto& [w, zeros] : booth_words(m, cfg, k)) {
      words.push_back(w);
      word_zeros.push_back(zeros);
    }
  // The accumulator's sum and carry leave out their low bits that are zero
  // by construction (rtlgen/core/carry_save.hpp); the read-out restores them.
  const auto zero_step = [ACC](int x, int y, int z) { return compress_zeros(x, y, z, ACC); };
  const auto [DSZ, DCZ] = reduce_by_levels(word_zeros, ACC, zero_step);
  const auto [SZ, CZ] = feedback_zeros(ACC, [&, DSZ = DSZ, DCZ = DCZ](int s, int c) {
    return reduce_by_levels(std::vector<int>{DSZ, DCZ, s, c}, ACC, zero_step);
  });
  m.add("acc_s", ACC - SZ, SignalKind::Output);  // bits [ACC-1:SZ] of the sum (the rest are 0)
  m.add("acc_c", ACC - CZ, SignalKind::Output);  // bits [ACC-1:CZ] of the carry
  int n = 0;
  const auto [ds, dc] = reduce_by_levels(words, cst(ACC, 0), [&](const ExprP& x, const ExprP& y, const ExprP& z) {
    return compress(m, fmt::format("pcsa{}", n++), x, y, z);
  });
  m.add("dot_s", ACC, SignalKind::Reg);
  m.add("dot_c", ACC, SignalKind::Reg);
  m.reg("dot_s", ds, m.sig("v_in"));
  m.reg("dot_c", dc, m.sig("v_in"));
  add_control_stage(m);
  const std::pair<const char*, int> halves[] = {{"s", SZ}, {"c", CZ}};
  for (const auto& [half, zeros] : halves) {
    const std::string fb = fmt::format("fb_{}", half), acc = fmt::format("acc_{}", half);
    m.add(fb, ACC, SignalKind::Wire);
    const ExprP full = zeros == 0 ? m.sig(acc) : cat({m.sig(acc), cst(zeros, 0)});
    m.assign(fb, mux(m.sig("f_d"), cst(ACC, 0), full));
  }
  n = 0;
  const auto [as, ac] = reduce_by_levels(std::vector<ExprP>{m.sig("dot_s"), m.sig("dot_c"), m.sig("fb_s"), m.sig("fb_c")},
                                         cst(ACC, 0), [&](const ExprP& x, const ExprP& y, const ExprP& z) {
                                           return compress(m, fmt::format("acsa{}", n++), x, y, z);
                                         });
  const std::pair<const char*, ExprP> next[] = {{"s", as}, {"c", ac}};
  for (const auto& [half, word] : next) {
    const int zeros = std::string(half) == "s" ? SZ : CZ;
    const std::string w = fmt::format("next_{}", half);
    m.add(w, ACC, SignalKind::Wire, /*may_be_unused=*/zeros > 0);  // its low `zeros` bits are 0
    m.assign(w, word);
    m.reg(fmt::format("acc_{}", half), slice(m.sig(w), ACC - 1, zeros), m.sig("v_d"));
  }
  return m;
}

}  // namespace tpe::rtl
