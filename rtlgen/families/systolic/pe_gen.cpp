#include "rtlgen/families/systolic/pe_gen.hpp"

#include <fmt/format.h>

#include "models/gemm/int_gemm.hpp"

namespace tpe::rtl {

ExprP accumulator_product(Module& m, const ExprP& a, const ExprP& b, const EngineConfig& cfg) {
  const int P = cfg.a.bits + cfg.b.bits;
  // The multiply gets its own wire so that its $signed operands are not
  // turned unsigned by a surrounding unsigned expression.
  m.add("prod", P, SignalKind::Wire);
  // An accumulator narrower than the product wraps by design: the top bits
  // of the product fall off it, so their lint is waived.
  if (P > cfg.acc_bits)
    for (Signal& sig : m.signals)
      if (sig.name == "prod") sig.may_be_unused = true;
  m.assign("prod", mul(extend(a, P, cfg.a.is_signed), extend(b, P, cfg.b.is_signed), true));
  return extend(m.sig("prod"), cfg.acc_bits, product_is_signed(cfg.a, cfg.b));
}

namespace {

// The OS PE, with or without the overlapped schedule's shadow register.
Module os_pe(const EngineConfig& cfg, bool shadow) {
  const int AB = cfg.a.bits, BB = cfg.b.bits, ACC = cfg.acc_bits;
  Module m;
  m.name = fmt::format("pe_os_{}{}{}_acc{}", shadow ? "sh_" : "", cfg.a.tag(), cfg.b.tag(), ACC);
  m.comment = shadow ? "Output-stationary MAC PE with a shadow accumulator: accumulates a*b while operands pass "
                       "right (a) and down (b); the tile's last operand copies the finished sum into the shadow."
                     : "Output-stationary MAC PE: accumulates a*b while operands pass right (a) and down (b).";
  m.add("clk", 1, SignalKind::Input);
  m.add("rst", 1, SignalKind::Input);
  m.add("a_in", AB, SignalKind::Input);
  m.add("b_in", BB, SignalKind::Input);
  m.add("v_in", 1, SignalKind::Input);
  m.add("f_in", 1, SignalKind::Input);
  if (shadow) m.add("l_in", 1, SignalKind::Input);
  m.add("a_out", AB, SignalKind::Output);
  m.add("b_out", BB, SignalKind::Output);
  m.add("v_out", 1, SignalKind::Output);
  m.add("f_out", 1, SignalKind::Output);
  if (shadow) m.add("l_out", 1, SignalKind::Output);
  // With a shadow the running accumulator stays inside the PE: only the
  // shadow is read out.
  m.add("acc", ACC, shadow ? SignalKind::Reg : SignalKind::Output);
  if (shadow) m.add("acc_sh", ACC, SignalKind::Output);
  const ExprP product = accumulator_product(m, m.sig("a_in"), m.sig("b_in"), cfg);
  m.add("acc_base", ACC, SignalKind::Wire);
  m.assign("acc_base", mux(m.sig("f_in"), cst(ACC, 0), m.sig("acc")));
  const ExprP v = m.sig("v_in");
  m.reg("a_out", m.sig("a_in"), v);
  m.reg("b_out", m.sig("b_in"), v);
  m.reg("f_out", m.sig("f_in"), v);
  m.reg("v_out", v, nullptr, cst(1, 0));
  if (!shadow) {
    m.reg("acc", add(m.sig("acc_base"), product), v);
    return m;
  }
  m.add("acc_next", ACC, SignalKind::Wire);
  m.assign("acc_next", add(m.sig("acc_base"), product));
  m.reg("acc", m.sig("acc_next"), v);
  m.reg("l_out", m.sig("l_in"), v);
  m.reg("acc_sh", m.sig("acc_next"), band(v, m.sig("l_in")));
  return m;
}

}  // namespace

Module make_os_pe(const EngineConfig& cfg) { return os_pe(cfg, false); }
Module make_os_shadow_pe(const EngineConfig& cfg) { return os_pe(cfg, true); }

}  // namespace tpe::rtl
