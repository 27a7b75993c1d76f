#include "rtlgen/families/bitslice/bitslice_pe_gen.hpp"

#include <fmt/format.h>

#include "models/util/bits.hpp"

namespace tpe::rtl {

int stripes_term_bits(const EngineConfig& cfg) { return cfg.a.bits + cfg.b.bits + 1; }

Module make_stripes_pe(const EngineConfig& cfg) {
  const int G = int(cfg.integer("lanes")), ACC = cfg.acc_bits, WB = stripes_term_bits(cfg);
  const int PW = WB + ceil_log2(G);  // the exact sum of G terms
  Module m;
  m.name = fmt::format("pe_bs_stripes_g{}_w{}_acc{}", G, WB, ACC);
  m.comment = "Stripes PE: one activation bit plane per cycle ANDs the column's shifted weights into an adder tree.";
  m.add("clk", 1, SignalKind::Input);
  m.add("rst", 1, SignalKind::Input);
  m.add("abit", G, SignalKind::Input);
  m.add("w", G * WB, SignalKind::Input);
  m.add("en", 1, SignalKind::Input);
  m.add("clr", 1, SignalKind::Input);
  m.add("acc", ACC, SignalKind::Output);
  ExprP sum;
  for (int l = 0; l < G; ++l) {
    const std::string t = fmt::format("t_{}", l);
    m.add(t, WB, SignalKind::Wire);
    m.assign(t, band(repeat(WB, slice(m.sig("abit"), l, l)), slice(m.sig("w"), (l + 1) * WB - 1, l * WB)));
    const ExprP x = extend(m.sig(t), PW, true);
    sum = sum ? add(sum, x) : x;
  }
  m.add("partial", PW, SignalKind::Wire, /*may_be_unused=*/ACC < PW);
  m.assign("partial", sum);
  m.add("partial_acc", ACC, SignalKind::Wire);
  m.assign("partial_acc", extend(m.sig("partial"), ACC, true));
  m.add("acc_base", ACC, SignalKind::Wire);
  m.assign("acc_base", mux(m.sig("clr"), cst(ACC, 0), m.sig("acc")));
  m.reg("acc", add(m.sig("acc_base"), m.sig("partial_acc")), band(m.sig("en"), bnot(m.sig("rst"))));
  return m;
}

}  // namespace tpe::rtl
