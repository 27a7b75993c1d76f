#include "rtlgen/families/matrix2d/matrix2d_pe_gen.hpp"

#include <fmt/format.h>

#include "models/families/matrix2d/matrix2d_spec.hpp"
#include "models/gemm/int_gemm.hpp"

namespace tpe::rtl {

ExprP pe_enable(const Module& m) { return band(m.sig("v_in"), bnot(m.sig("rst"))); }

std::string pe_name(const EngineConfig& cfg) {
  const bool opt1 = cfg.pe == "opt1", shadow = matrix2d::Params::of(cfg).overlap;
  return fmt::format("pe_m2d{}{}_{}{}_acc{}", opt1 ? "_opt1" : "", shadow ? "_sh" : "", cfg.a.tag(), cfg.b.tag(),
                     cfg.acc_bits);
}

SignalKind accumulator_kind(const EngineConfig& cfg) {
  return matrix2d::Params::of(cfg).overlap ? SignalKind::Reg : SignalKind::Output;
}

void add_shadow(Module& m, const std::string& acc, const ExprP& next) {
  m.add(acc + "_sh", m.find(acc)->width, SignalKind::Output);
  // Written on the tile's last step only: the shadow holds a finished tile
  // while the accumulator takes the next one.
  m.reg(acc + "_sh", next, band(pe_enable(m), m.sig("l_in")));
}

Module make_matrix2d_pe(const EngineConfig& cfg) {
  const int AB = cfg.a.bits, BB = cfg.b.bits, ACC = cfg.acc_bits, P = AB + BB;
  Module m;
  const bool shadow = matrix2d::Params::of(cfg).overlap;
  m.name = pe_name(cfg);
  m.comment = shadow ? "2-D matrix MAC PE with a shadow accumulator (overlapped read-out): accumulates the row's and "
                       "the column's broadcast operands; forwards nothing."
                     : "2-D matrix MAC PE: accumulates the row's and the column's broadcast operands; forwards nothing.";
  m.add("clk", 1, SignalKind::Input);
  m.add("rst", 1, SignalKind::Input);
  m.add("a_in", AB, SignalKind::Input);
  m.add("b_in", BB, SignalKind::Input);
  m.add("v_in", 1, SignalKind::Input);
  m.add("f_in", 1, SignalKind::Input);
  if (shadow) m.add("l_in", 1, SignalKind::Input);
  m.add("acc", ACC, accumulator_kind(cfg));
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
  m.add("acc_next", ACC, SignalKind::Wire);
  m.assign("acc_next", add(m.sig("acc_base"), m.sig("prod_acc")));
  m.reg("acc", m.sig("acc_next"), pe_enable(m));
  if (shadow) add_shadow(m, "acc", m.sig("acc_next"));
  return m;
}

}  // namespace tpe::rtl
