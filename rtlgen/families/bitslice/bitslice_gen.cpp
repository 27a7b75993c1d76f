#include "rtlgen/families/bitslice/bitslice_gen.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "models/util/bits.hpp"
#include "rtlgen/core/array_gen.hpp"
#include "rtlgen/families/bitslice/bitslice_pe_gen.hpp"

namespace tpe::rtl {

void add_bitslice_ports(Module& top, int R, int C, int G, const EngineConfig& cfg) {
  top.add("clk", 1, SignalKind::Input);
  top.add("rst", 1, SignalKind::Input);
  top.add("in_valid", 1, SignalKind::Input);
  top.add("in_first", 1, SignalKind::Input);
  top.add("a_vec", R * G * cfg.a.bits, SignalKind::Input);
  top.add("b_vec", C * G * cfg.b.bits, SignalKind::Input);
  top.add("rd_en", 1, SignalKind::Input);
  top.add("rd_row", std::max(1, ceil_log2(R)), SignalKind::Input);
  top.add("out_valid", 1, SignalKind::Output);
  top.add("c_vec", C * cfg.acc_bits, SignalKind::Output);
  top.add("idle", 1, SignalKind::Output);
  top.add("ready", 1, SignalKind::Output);
}

// Group registers: loaded on in_valid only, so the PEs' inputs hold still
// between groups.
void add_bitslice_group_registers(Module& top, int R, int C, int G, const EngineConfig& cfg, bool raw_a, bool raw_b) {
  const ExprP v = top.sig("in_valid");
  for (int i = 0; i < R && raw_a; ++i)
    for (int l = 0; l < G; ++l) {
      const std::string n = signal_name("a_q", i, l);
      top.add(n, cfg.a.bits, SignalKind::Reg);
      top.reg(n, lane(top, "a_vec", i * G + l, cfg.a.bits), v);
    }
  for (int j = 0; j < C && raw_b; ++j)
    for (int l = 0; l < G; ++l) {
      const std::string n = signal_name("b_q", j, l);
      top.add(n, cfg.b.bits, SignalKind::Reg);
      top.reg(n, lane(top, "b_vec", j * G + l, cfg.b.bits), v);
    }
  top.add("f_q", 1, SignalKind::Reg);
  top.reg("f_q", top.sig("in_first"), v);
}

namespace {

std::string name3(const char* p, int i, int j, int k) { return fmt::format("{}_{}_{}_{}", p, i, j, k); }

// The step counter of a group of T steps (Stripes: T = a.bits, one per bit
// plane), its one-hot decode pl_s, busy, idle and ready.
void add_sequencer(Module& top, int T) {
  const int SW = std::max(1, ceil_log2(T));
  top.add("step", SW, SignalKind::Reg);
  top.add("busy", 1, SignalKind::Reg);
  for (int s = 0; s < T; ++s) {
    top.add(signal_name("pl", s), 1, SignalKind::Wire);
    top.assign(signal_name("pl", s), eq(top.sig("step"), cst(SW, uint64_t(s))));
  }
  const ExprP v = top.sig("in_valid");
  // A load restarts the count; otherwise a busy array steps.
  top.reg("step", mux(v, cst(SW, 0), add(top.sig("step"), cst(SW, 1))), bor(v, top.sig("busy")), cst(SW, 0));
  top.reg("busy", bor(v, band(top.sig("busy"), bnot(top.sig(signal_name("pl", T - 1))))), nullptr, cst(1, 0));
  top.assign("idle", bnot(top.sig("busy")));
  // ready: at most two steps left, so a group sent now (sampled two edges
  // later) finds this one's last step done.
  std::vector<ExprP> last_two;
  for (int s = std::max(0, T - 2); s < T; ++s) last_two.push_back(top.sig(signal_name("pl", s)));
  top.assign("ready", bor(bnot(top.sig("busy")), any_of(last_two)));
}

Design generate_stripes(const EngineConfig& cfg) {
  const int R = int(cfg.integer("rows")), C = int(cfg.integer("cols")), G = int(cfg.integer("lanes"));
  const int ACC = cfg.acc_bits, AB = cfg.a.bits, WB = stripes_term_bits(cfg);
  const int T = AB;
  Module pe = make_stripes_pe(cfg);
  Module top;
  top.name = cfg.tag();
  top.comment = fmt::format(
      "Bit-slice array {}x{}, {} lanes per group, Stripes PEs (activations bit-serial, LSB first), {} x {} operands, "
      "{}-bit accumulators.",
      R, C, G, cfg.a.tag(), cfg.b.tag(), ACC);
  add_bitslice_ports(top, R, C, G, cfg);
  add_bitslice_group_registers(top, R, C, G, cfg, true, true);
  add_sequencer(top, T);

  // Row i's bit plane: bit `step` of each lane's activation, shared by the row's C PEs.
  for (int i = 0; i < R; ++i) {
    std::vector<ExprP> bits;
    for (int l = G - 1; l >= 0; --l) {
      std::vector<ExprP> picks;
      for (int s = 0; s < T; ++s)
        picks.push_back(band(top.sig(signal_name("pl", s)), slice(top.sig(signal_name("a_q", i, l)), s, s)));
      bits.push_back(any_of(picks));
    }
    top.add(signal_name("abit", i), G, SignalKind::Wire);
    top.assign(signal_name("abit", i), cat(bits));
  }
  // Column j's weight terms for the plane: b << step, negated on a signed
  // activation's top plane (weight -2^(a.bits-1)); shared by the column's R PEs.
  for (int j = 0; j < C; ++j) {
    std::vector<ExprP> lanes;
    for (int l = G - 1; l >= 0; --l) {
      const std::string bx = signal_name("b_x", j, l);
      top.add(bx, WB, SignalKind::Wire);
      top.assign(bx, extend(top.sig(signal_name("b_q", j, l)), WB, cfg.b.is_signed));
      std::vector<ExprP> picks;
      for (int s = 0; s < T; ++s) {
        const ExprP shifted = s == 0 ? top.sig(bx) : cat({slice(top.sig(bx), WB - 1 - s, 0), cst(s, 0)});
        const std::string ws = name3("w_s", j, l, s);
        top.add(ws, WB, SignalKind::Wire);
        top.assign(ws, cfg.a.is_signed && s == T - 1 ? sub(cst(WB, 0), shifted) : shifted);
        picks.push_back(band(repeat(WB, top.sig(signal_name("pl", s))), top.sig(ws)));
      }
      lanes.push_back(or_tree(picks));
    }
    top.add(signal_name("w", j), G * WB, SignalKind::Wire);
    top.assign(signal_name("w", j), cat(lanes));
  }
  top.add("clr", 1, SignalKind::Wire);
  top.assign("clr", band(top.sig("f_q"), top.sig(signal_name("pl", 0))));

  for (int i = 0; i < R; ++i)
    for (int j = 0; j < C; ++j) {
      Instance inst{pe.name, signal_name("pe", i, j), {}};
      top.add(signal_name("acc", i, j), ACC, SignalKind::Wire);
      inst.connections = {{"clk", top.sig("clk")},
                          {"rst", top.sig("rst")},
                          {"abit", top.sig(signal_name("abit", i))},
                          {"w", top.sig(signal_name("w", j))},
                          {"en", top.sig("busy")},
                          {"clr", top.sig("clr")},
                          {"acc", top.sig(signal_name("acc", i, j))}};
      top.instances.push_back(std::move(inst));
    }
  add_row_readout(top, {"acc"}, R, C, ACC, std::max(1, ceil_log2(R)));

  Design d;
  d.modules = {std::move(pe), std::move(top)};
  d.top = d.modules.back().name;
  return d;
}

}  // namespace

Design generate_bitslice(const EngineConfig& cfg) {
  if (cfg.pe == "opt3" || cfg.pe == "opt4c" || cfg.pe == "opt4e") return generate_opt3(cfg);
  if (cfg.pe == "laconic") return generate_laconic(cfg);
  return generate_stripes(cfg);
}

}  // namespace tpe::rtl
