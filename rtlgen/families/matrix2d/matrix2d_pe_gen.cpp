#include "rtlgen/families/matrix2d/matrix2d_pe_gen.hpp"

#include <fmt/format.h>

#include "models/gemm/int_gemm.hpp"

namespace tpe::rtl {

ExprP pe_enable(const Module& m) { return band(m.sig("v_in"), bnot(m.sig("rst"))); }

Module make_matrix2d_pe(const EngineConfig& cfg) {
  const int AB = cfg.a.bits, BB = cfg.b.bits, ACC = cfg.acc_bits, P = AB + BB;
  Module m;
  m.name = fmt::format("pe_m2d_{}{}_acc{}", cfg.a.tag(), cfg.b.tag(), ACC);
  m.comment = "2-D matrix MAC PE: accumulates the row's and the column's broadcast operands; forwards nothing.";
  m.add("clk", 1, SignalKind::Input);
  m.add("rst", 1, SignalKind::Input);
  m.add("a_in", AB, SignalKind::Input);
  m.add("b_in", BB, SignalKind::Input);
  m.add("v_in", 1, SignalKind::Input);
  m.add("f_in", 1, SignalKind::Input);
  m.add("acc", ACC, SignalKind::Output);
  // The exact product in a.bits + b.bits (its own wire, so the $signed
  // multiply is not made unsigned by the surrounding add), then extended or
  // cut to the accumulator.
  m.add("prod", P, SignalKind::Wire, /*may_be_unused=*/ACC < P);  // a narrower accumulator keeps the low bits
  m.assign("prod", mul(extend(m.sig("a_in"), P, cfg.a.is_signed), extend(m.sig("b_in"), P, cfg.b.is_signed), true));
  m.add("prod_acc", ACC, SignalKind::Wire);
  m.assign("prod_acc", extend(m.sig("prod"), ACC, product_is_signed(cfg.a, cfg.b)));
  m.add("acc_base", ACC, SignalKind::Wire);
  m.assign("acc_base", mux(m.sig("f_in"), cst(ACC, 0), m.sig("acc")));
  // The accumulator is a data register without a reset value (the first
  // feed clears it); rst only holds it, one gate per PE.
  m.reg("acc", add(m.sig("acc_base"), m.sig("prod_acc")), pe_enable(m));
  return m;
}

}  // namespace tpe::rtl
