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
void add_broadcast_registers(Module& top, int R, int C, const EngineConfig& cfg) {
  const ExprP v = top.sig("in_valid");
  for (int i = 0; i < R; ++i) {
    top.add(signal_name("a_q", i), cfg.a.bits, SignalKind::Reg);
    top.reg(signal_name("a_q", i), lane(top, "a_vec", i, cfg.a.bits), v);
  }
  for (int j = 0; j < C; ++j) {
    top.add(signal_name("b_q", j), cfg.b.bits, SignalKind::Reg);
    top.reg(signal_name("b_q", j), lane(top, "b_vec", j, cfg.b.bits), v);
  }
  top.add("f_q", 1, SignalKind::Reg);  // only read alongside v_q: no reset needed
  top.reg("f_q", top.sig("in_first"), v);
  if (matrix2d::Params::of(cfg).overlap) {  // the step ends a tile: the PEs write their shadows
    top.add("l_q", 1, SignalKind::Reg);
    top.reg("l_q", top.sig("in_last"), v);
  }
  top.add("v_q", 1, SignalKind::Reg);
  top.reg("v_q", v, nullptr, cst(1, 0));
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
  add_broadcast_registers(top, R, C, cfg);
  // Every PE of row i reads a_q_i, of column j b_q_j: no forwarding, no skew.
  for (int i = 0; i < R; ++i)
    for (int j = 0; j < C; ++j) {
      Instance inst{pe.name, signal_name("pe", i, j), {}};
      inst.connections = {{"clk", top.sig("clk")},          {"rst", top.sig("rst")},
                          {"a_in", top.sig(signal_name("a_q", i))}, {"b_in", top.sig(signal_name("b_q", j))},
                          {"v_in", top.sig("v_q")},          {"f_in", top.sig("f_q")}};
      if (overlap) inst.connections.push_back({"l_in", top.sig("l_q")});
      for (const char* acc : acc_names) {
        top.add(signal_name(acc, i, j), pe.find(acc)->width, SignalKind::Wire);
        inst.connections.push_back({acc, top.sig(signal_name(acc, i, j))});
      }
      top.instances.push_back(std::move(inst));
    }
  // idle: no operand waits in the broadcast registers, so every accumulator
  // holds everything it was fed.
  top.assign("idle", bnot(top.sig("v_q")));

  // Read-out: a one-hot AND-OR select of accumulator row rd_row into the
  // output register (lane j = column j). The selects include rd_en, so the
  // tree is quiet while the accumulators change during a tile's feed. With
  // OPT1 PEs both halves are selected and one carry-propagate adder per
  // column adds them: the only CPA of the array.
  for (int i = 0; i < R; ++i) {
    top.add(signal_name("rd_sel", i), 1, SignalKind::Wire);
    top.assign(signal_name("rd_sel", i), band(top.sig("rd_en"), eq(top.sig("rd_row"), cst(RW, uint64_t(i)))));
  }
  // An OPT1 PE leaves out the low bits of its sum and carry that are zero
  // by construction: the read-out selects what the PEs output and puts the
  // zeros back in front of the adder.
  std::vector<ExprP> selected;
  std::vector<int> widths;
  for (const char* acc : acc_names) {
    const int W = pe.find(acc)->width;
    std::vector<ExprP> rows;
    for (int i = 0; i < R; ++i) {
      std::vector<ExprP> lanes;
      for (int j = C - 1; j >= 0; --j) lanes.push_back(top.sig(signal_name(acc, i, j)));
      rows.push_back(band(repeat(C * W, top.sig(signal_name("rd_sel", i))), cat(lanes)));
    }
    const std::string row = std::string("rd_") + acc;
    top.add(row, C * W, SignalKind::Wire);
    top.assign(row, or_tree(rows));
    selected.push_back(top.sig(row));
    widths.push_back(W);
  }
  ExprP value = selected[0];
  if (opt1) {
    auto lane_of = [&](size_t half, int j) {
      const int W = widths[half];
      const ExprP bits = slice(selected[half], (j + 1) * W - 1, j * W);
      return W == ACC ? bits : cat({bits, cst(ACC - W, 0)});
    };
    std::vector<ExprP> sums;
    for (int j = C - 1; j >= 0; --j) sums.push_back(add(lane_of(0, j), lane_of(1, j)));
    value = cat(sums);
  }
  top.reg("out_valid", top.sig("rd_en"), nullptr, cst(1, 0));
  top.reg("c_vec", value, top.sig("rd_en"));

  Design d;
  d.modules = {std::move(pe), std::move(top)};
  d.top = d.modules.back().name;
  return d;
}

}  // namespace tpe::rtl
