#include "rtlgen/families/systolic/pe_stationary_gen.hpp"

#include <fmt/format.h>

#include "models/families/systolic/systolic_spec.hpp"
#include "rtlgen/families/systolic/pe_gen.hpp"
#include "rtlgen/families/systolic/pe_opt1_gen.hpp"

namespace tpe::rtl {
namespace {

// Port names of one PE: x the streamed operand, h the held one.
struct PeNames {
  std::string x_in, x_out, h_load, h_in, h_out;
  explicit PeNames(const systolic::StationaryRoles& r)
      : x_in(r.stream_pe + "_in"), x_out(r.stream_pe + "_out"), h_load(r.held_pe + "_load"), h_in(r.held_pe + "_in"),
        h_out(r.held_pe + "_out") {}
};

// The held register shifts down on load; the streamed operand and the valid
// bit move right. Shared by both PEs.
void add_moving_registers(Module& m, const PeNames& n) {
  const ExprP v = m.sig("v_in");
  m.reg(n.h_out, m.sig(n.h_in), m.sig(n.h_load));
  m.reg(n.x_out, m.sig(n.x_in), v);
  m.reg("v_out", v, nullptr, cst(1, 0));
}

}  // namespace

Module make_stationary_pe(const EngineConfig& cfg) {
  const systolic::StationaryRoles r = systolic::StationaryRoles::of(cfg);
  const PeNames n(r);
  const int ACC = cfg.acc_bits;
  const std::string df = cfg.text("dataflow");
  // Overlapped schedule: the held register the loads shift (h_out) becomes a
  // shadow; the PE computes with an active copy, taken from the shadow when
  // a vector flagged s_in passes (that vector already uses the new value).
  const bool dbuf = systolic::Params::of(cfg).overlap();
  Module m;
  m.name = fmt::format("pe_{}_{}{}{}_acc{}", df, dbuf ? "db_" : "", cfg.a.tag(), cfg.b.tag(), ACC);
  m.comment = df == "is"
                  ? "Input-stationary MAC PE: holds a, adds a*b to the partial sum passing down, b passes right."
                  : "Weight-stationary MAC PE: holds w, adds a*w to the partial sum passing down, a passes right.";
  if (dbuf) m.comment += " Double-buffered: the next held value shifts in behind the active one; the s_in token copies it in.";
  m.add("clk", 1, SignalKind::Input);
  m.add("rst", 1, SignalKind::Input);
  m.add(n.x_in, r.stream.bits, SignalKind::Input);
  m.add("v_in", 1, SignalKind::Input);
  m.add("ps_in", ACC, SignalKind::Input);
  m.add(n.h_load, 1, SignalKind::Input);
  m.add(n.h_in, r.held.bits, SignalKind::Input);
  m.add(n.x_out, r.stream.bits, SignalKind::Output);
  m.add("v_out", 1, SignalKind::Output);
  m.add("ps_out", ACC, SignalKind::Output);
  m.add(n.h_out, r.held.bits, SignalKind::Output);
  ExprP h = m.sig(n.h_out);
  if (dbuf) {
    // The swap token moves one PE right every edge (not only with valid
    // data), one edge ahead of the new fold's first vector: the PE copies the
    // shadow into the active register at the edge it processes the old
    // fold's last vector, so the multiplier only ever sees the active
    // register (no mux in its path, and shadow shifts never reach it).
    m.add("s_in", 1, SignalKind::Input);
    m.add("s_out", 1, SignalKind::Output);
    const std::string act = r.held_pe + "_act";
    m.add(act, r.held.bits, SignalKind::Reg);
    m.reg(act, m.sig(n.h_out), m.sig("s_in"));
    m.reg("s_out", m.sig("s_in"), nullptr, cst(1, 0));
    h = m.sig(act);
  }
  // accumulator_product takes the a-format operand first.
  const ExprP x = m.sig(n.x_in);
  const ExprP product = r.stream_is_a ? accumulator_product(m, x, h, cfg) : accumulator_product(m, h, x, cfg);
  add_moving_registers(m, n);
  m.reg("ps_out", add(m.sig("ps_in"), product), m.sig("v_in"));
  return m;
}

Module make_stationary_opt1_pe(const EngineConfig& cfg) {
  const systolic::StationaryRoles r = systolic::StationaryRoles::of(cfg);
  const PeNames n(r);
  const int ACC = cfg.acc_bits;
  const std::string df = cfg.text("dataflow");
  Module m;
  m.name = fmt::format("pe_{}_opt1_{}{}_acc{}", df, cfg.a.tag(), cfg.b.tag(), ACC);
  m.comment = fmt::format(
      "OPT1 {} PE: Booth partial products of the held {} and the carry-save partial sum reduced in one "
      "compressor tree; sum and carry pass down.",
      df == "is" ? "input-stationary" : "weight-stationary", r.held_pe);
  m.add("clk", 1, SignalKind::Input);
  m.add("rst", 1, SignalKind::Input);
  m.add(n.x_in, r.stream.bits, SignalKind::Input);
  m.add("v_in", 1, SignalKind::Input);
  m.add("ps_s_in", ACC, SignalKind::Input);
  m.add("ps_c_in", ACC, SignalKind::Input);
  m.add(n.h_load, 1, SignalKind::Input);
  m.add(n.h_in, r.held.bits, SignalKind::Input);
  m.add(n.x_out, r.stream.bits, SignalKind::Output);
  m.add("v_out", 1, SignalKind::Output);
  m.add("ps_s_out", ACC, SignalKind::Output);
  m.add("ps_c_out", ACC, SignalKind::Output);
  m.add(n.h_out, r.held.bits, SignalKind::Output);
  // The held operand is the multiplier: its Booth digits change only on a load.
  std::vector<ExprP> operands = booth_operands(m, m.sig(n.h_out), r.held, r.held_pe + "_ext", m.sig(n.x_in), r.stream,
                                               r.stream_pe + "_ext", ACC);
  operands.push_back(m.sig("ps_s_in"));
  operands.push_back(m.sig("ps_c_in"));
  const auto [sum, carry] = compress_to_two(m, std::move(operands), ACC);
  add_moving_registers(m, n);
  m.reg("ps_s_out", sum, m.sig("v_in"));
  m.reg("ps_c_out", carry, m.sig("v_in"));
  return m;
}

}  // namespace tpe::rtl
