#include "rtlgen/families/matrix2d/matrix2d_gen.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "rtlgen/families/matrix2d/matrix2d_pe_gen.hpp"
#include "models/families/matrix2d/matrix2d_spec.hpp"
#include "models/util/bits.hpp"
#include "rtlgen/core/array_gen.hpp"

namespace tpe::rtl {
namespace {

void add_ports(Module& top, int R, int C, const EngineConfig& cfg) {
  top.add("clk", 1, SignalKind::Input);
  top.add("rst", 1, SignalKind::Input);
  top.add("in_valid", 1, SignalKind::Input);
  top.add("in_first", 1, SignalKind::Input);
  if (matrix2d::Params::of(cfg).overlap) top.add("in_last", 1, SignalKind::Input);
  top.add("a_vec", R * cfg.a.bits, SignalKind::Input);
  top.add("b_vec", C * cfg.b.bits, SignalKind::Input);
  top.add("rd_en", 1, SignalKind::Input);
  top.add("rd_row", std::max(1, ceil_log2(R)), SignalKind::Input);
  top.add("out_valid", 1, SignalKind::Output);
  top.add("c_vec", C * cfg.acc_bits, SignalKind::Output);
  top.add("idle", 1, SignalKind::Output);
}

// The broadcast registers: the operands are registered once, at the array's
// edge, so that each broadcast wire (a row's C loads, a column's R) is
// driven by a flip-flop and the PE's path starts at a register: the
// multiplier and adder get the whole cycle, the broadcast's wire delay
// aside. They load only on in_valid, so idle cycles toggle nothing.
void add_operand_registers(Module& top, int R, int C, const EngineConfig& cfg) {
  const ExprP v = top.sig("in_valid");
  for (int i = 0; i < R; ++i) {
    top.add(signal_name("a_q", i), cfg.a.bits, SignalKind::Reg);
    top.reg(signal_name("a_q", i), lane(top, "a_vec", i, cfg.a.bits), v);
  }
  for (int j = 0; j < C; ++j) {
    top.add(signal_name("b_q", j), cfg.b.bits, SignalKind::Reg);
    top.reg(signal_name("b_q", j), lane(top, "b_vec", j, cfg.b.bits), v);
  }
}

// The controls registered once per PE row (issue 14 item 4): one v_q / f_q
// (/ l_q) for the whole array drove every PE's accumulator enable and clear
// (f_q: R x C x acc_bits multiplexer selects). Each row's copy loads on the
// same edge as the old single register, so nothing moves in time; it lives
// in its own instance because identical flip-flops in one module are one
// signal to Yosys's opt_merge, which would merge the copies back.
Module make_row_control(bool overlap) {
  Module m;
  m.name = overlap ? "m2d_rowctl_l" : "m2d_rowctl";
  m.comment = "One PE row's copy of the 2-D matrix array's registered valid, first (and last) flags.";
  m.add("clk", 1, SignalKind::Input);
  m.add("rst", 1, SignalKind::Input);
  m.add("in_valid", 1, SignalKind::Input);
  m.add("in_first", 1, SignalKind::Input);
  if (overlap) m.add("in_last", 1, SignalKind::Input);
  // Outputs driven by their registers.
  m.add("f_q", 1, SignalKind::Output);  // only read alongside v_q: no reset needed
  m.reg("f_q", m.sig("in_first"), m.sig("in_valid"));
  if (overlap) {  // the step ends a tile: the PEs write their shadows
    m.add("l_q", 1, SignalKind::Output);
    m.reg("l_q", m.sig("in_last"), m.sig("in_valid"));
  }
  m.add("v_q", 1, SignalKind::Output);
  m.reg("v_q", m.sig("in_valid"), nullptr, cst(1, 0));
  return m;
}

void add_row_controls(Module& top, const Module& ctl, int R, bool overlap) {
  for (int i = 0; i < R; ++i) {
    Instance inst{ctl.name, signal_name("rowctl", i), {}};
    inst.connections = {{"clk", top.sig("clk")},
                        {"rst", top.sig("rst")},
                        {"in_valid", top.sig("in_valid")},
                        {"in_first", top.sig("in_first")}};
    if (overlap) inst.connections.push_back({"in_last", top.sig("in_last")});
    for (const char* q : {"v_q", "f_q", "l_q"}) {
      if (!overlap && q == std::string("l_q")) continue;
      top.add(signal_name(q, i), 1, SignalKind::Wire);
      inst.connections.push_back({q, top.sig(signal_name(q, i))});
    }
    top.instances.push_back(std::move(inst));
  }
}

}  // namespace

Design generate_matrix2d(const EngineConfig& cfg) {
  const int R = int(cfg.integer("rows")), C = int(cfg.integer("cols")), ACC = cfg.acc_bits;
  const int RW = std::max(1, ceil_log2(R));
  const bool opt1 = cfg.pe == "opt1", overlap = matrix2d::Params::of(cfg).overlap;
  Module pe = opt1 ? make_matrix2d_opt1_pe(cfg) : make_matrix2d_pe(cfg);
  // The accumulator outputs of a PE: one word, or carry-save sum and carry.
  // Overlap: the shadows, which hold the last finished tile.
  const std::vector<const char*> acc_names =
      opt1 ? (overlap ? std::vector<const char*>{"acc_s_sh", "acc_c_sh"} : std::vector<const char*>{"acc_s", "acc_c"})
           : std::vector<const char*>{overlap ? "acc_sh" : "acc"};
  Module top;
  top.name = cfg.tag();
  top.comment = fmt::format("2-D matrix {}x{} (row/column operand broadcast), {} x {} operands, {}-bit accumulators{}{}.",
                            R, C, cfg.a.tag(), cfg.b.tag(), ACC, opt1 ? ", OPT1 carry-save PEs" : "",
                            overlap ? ", shadow accumulators (overlapped read-out)" : "");
  add_ports(top, R, C, cfg);
  add_operand_registers(top, R, C, cfg);
  Module ctl = make_row_control(overlap);
  add_row_controls(top, ctl, R, overlap);
  // Every PE of row i reads a_q_i and its row's controls, of column j b_q_j:
  // no forwarding, no skew.
  for (int i = 0; i < R; ++i)
    for (int j = 0; j < C; ++j) {
      Instance inst{pe.name, signal_name("pe", i, j), {}};
      inst.connections = {{"clk", top.sig("clk")},
                          {"rst", top.sig("rst")},
                          {"a_in", top.sig(signal_name("a_q", i))},
                          {"b_in", top.sig(signal_name("b_q", j))},
                          {"v_in", top.sig(signal_name("v_q", i))},
                          {"f_in", top.sig(signal_name("f_q", i))}};
      if (overlap) inst.connections.push_back({"l_in", top.sig(signal_name("l_q", i))});
      for (const char* acc : acc_names) {
        top.add(signal_name(acc, i, j), pe.find(acc)->width, SignalKind::Wire);
        inst.connections.push_back({acc, top.sig(signal_name(acc, i, j))});
      }
      top.instances.push_back(std::move(inst));
    }
  // idle: no operand waits in the broadcast registers, so every accumulator
  // holds everything it was fed (every row's copy of v_q is the same bit).
  top.assign("idle", bnot(top.sig(signal_name("v_q", 0))));

  // Read-out: rd_en samples accumulator row rd_row into the output register
  // (lane j = column j), one instance per column with its own decode of
  // rd_row (rtlgen/core/array_gen.hpp), so a decoded select drives one
  // column's bits instead of the whole row's. The selects include rd_en, so
  // the tree is quiet while the accumulators change during a tile's feed.
  // With OPT1 PEs both halves are selected and one carry-propagate adder per
  // column adds them (the only CPAs of the array); a half whose low bits are
  // zero by construction gets them back in front of the adder.
  std::vector<int> half_bits;
  for (const char* acc : acc_names) half_bits.push_back(pe.find(acc)->width);
  Module column = make_readout_column(half_bits, R, ACC, RW, /*quiet_select=*/true);
  add_column_readout(top, column, acc_names, R, C);

  Design d;
  d.modules = {std::move(pe), std::move(ctl), std::move(column), std::move(top)};
  d.top = d.modules.back().name;
  return d;
}

}  // namespace tpe::rtl
