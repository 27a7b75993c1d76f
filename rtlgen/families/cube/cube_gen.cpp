#include "rtlgen/families/cube/cube_gen.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "rtlgen/families/cube/cube_cell_gen.hpp"
#include "models/util/bits.hpp"
#include "rtlgen/core/array_gen.hpp"

namespace tpe::rtl {
Design generate_cube(const EngineConfig& cfg) {
  const int X = int(cfg.integer("x")), Y = int(cfg.integer("y")), Z = int(cfg.integer("z"));
  const int AB = cfg.a.bits, BB = cfg.b.bits, ACC = cfg.acc_bits, RW = std::max(1, ceil_log2(X));
  const bool opt1 = cfg.pe == "opt1";
  Module cell = opt1 ? make_cube_opt1_cell(cfg) : make_cube_cell(cfg);
  const std::vector<const char*> acc_names =
      opt1 ? std::vector<const char*>{"acc_s", "acc_c"} : std::vector<const char*>{"acc"};

  Module top;
  top.name = cfg.tag();
  top.comment = fmt::format("{}x{}x{} cube: {}x{} cells of {}-deep {} x {} reductions, {}-bit accumulators{}.", X, Y, Z,
                            X, Y, Z, cfg.a.tag(), cfg.b.tag(), ACC, opt1 ? " (OPT1 carry-save)" : "");
  top.add("clk", 1, SignalKind::Input);
  top.add("rst", 1, SignalKind::Input);
  top.add("in_valid", 1, SignalKind::Input);
  top.add("in_first", 1, SignalKind::Input);
  top.add("a_vec", X * Z * AB, SignalKind::Input);
  top.add("b_vec", Z * Y * BB, SignalKind::Input);
  top.add("rd_en", 1, SignalKind::Input);
  top.add("rd_row", RW, SignalKind::Input);
  top.add("out_valid", 1, SignalKind::Output);
  top.add("c_vec", Y * ACC, SignalKind::Output);
  top.add("idle", 1, SignalKind::Output);

  // Input register: loads only on a valid feed, so idle cycles do not toggle
  // it. v_d mirrors the cells' reduction-stage valid for `idle`.
  const ExprP in_valid = top.sig("in_valid");
  top.add("v_q", 1, SignalKind::Reg);
  top.reg("v_q", in_valid, nullptr, cst(1, 0));
  top.add("f_q", 1, SignalKind::Reg);
  top.reg("f_q", top.sig("in_first"), in_valid);
  top.add("a_q", X * Z * AB, SignalKind::Reg);
  top.reg("a_q", top.sig("a_vec"), in_valid);
  top.add("b_q", Z * Y * BB, SignalKind::Reg);
  top.reg("b_q", top.sig("b_vec"), in_valid);
  top.add("v_d", 1, SignalKind::Reg);
  top.reg("v_d", top.sig("v_q"), nullptr, cst(1, 0));
  top.assign("idle", bnot(bor(top.sig("v_q"), top.sig("v_d"))));

  // Cell (i,j) takes row i of the A block (a_q lanes i*Z .. i*Z+Z-1, already
  // contiguous) and column j of the B block (b_q lanes k*Y+j, gathered).
  for (int j = 0; j < Y; ++j) {
    std::vector<ExprP> col;
    for (int k = Z - 1; k >= 0; --k) col.push_back(lane(top, "b_q", k * Y + j, BB));
    top.add(signal_name("b_col", j), Z * BB, SignalKind::Wire);
    top.assign(signal_name("b_col", j), cat(col));
  }
  for (int i = 0; i < X; ++i)
    for (int j = 0; j < Y; ++j) {
      for (const char* acc : acc_names) top.add(signal_name(acc, i, j), cell.find(acc)->width, SignalKind::Wire);
      Instance inst{cell.name, signal_name("cell", i, j), {}};
      inst.connections = {{"clk", top.sig("clk")},
                          {"rst", top.sig("rst")},
                          {"a_in", slice(top.sig("a_q"), (i + 1) * Z * AB - 1, i * Z * AB)},
                          {"b_in", top.sig(signal_name("b_col", j))},
                          {"v_in", top.sig("v_q")},
                          {"f_in", top.sig("f_q")}};
      for (const char* acc : acc_names) inst.connections.push_back({acc, top.sig(signal_name(acc, i, j))});
      top.instances.push_back(std::move(inst));
    }

  // Read-out: row rd_row into the output register; OPT1 adds the carry-save
  // halves there, the only carry-propagate adders of its accumulators.
  add_row_readout(top, acc_names, X, Y, ACC, RW);

  Design d;
  d.modules = {std::move(cell), std::move(top)};
  d.top = d.modules.back().name;
  return d;
}

}  // namespace tpe::rtl
