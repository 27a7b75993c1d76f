#include "rtlgen/families/systolic/systolic_gen.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "rtlgen/families/systolic/pe_gen.hpp"
#include "models/families/systolic/systolic_spec.hpp"
#include "rtlgen/families/systolic/pe_opt1_gen.hpp"
#include "rtlgen/families/systolic/pe_stationary_gen.hpp"
#include "models/util/bits.hpp"
#include "rtlgen/core/array_gen.hpp"

namespace tpe::rtl {
namespace {

// Valid history of the rows: v_sk_d holds in_valid sampled d+1 edges ago;
// row i's PEs take v_sk_i. Each stage feeds one stage and one PE row only.
void add_valid_chain(Module& top, int stages) {
  for (int d = 0; d < stages; ++d) {
    top.add(signal_name("v_sk", d), 1, SignalKind::Reg);
    top.reg(signal_name("v_sk", d), d == 0 ? top.sig("in_valid") : top.sig(signal_name("v_sk", d - 1)), nullptr, cst(1, 0));
  }
}

// A chain of `depth` skew registers for one lane; returns its last stage.
// The stages shift every edge, with no enable: an enable shared by every
// lane's stage d was one net loading all R+C lanes (the array's critical
// path, ~4x the PE's). A stage's value only matters beside a valid bit, and
// the controller holds its vectors between valid cycles, so the stages
// toggle as much as enabled ones would.
ExprP add_skew_chain(Module& top, const std::string& prefix, int depth, int width, const ExprP& input) {
  for (int d = 0; d < depth; ++d) {
    const std::string n = fmt::format("{}_{}", prefix, d);
    top.add(n, width, SignalKind::Reg);
    top.reg(n, d == 0 ? input : top.sig(fmt::format("{}_{}", prefix, d - 1)));
  }
  return top.sig(fmt::format("{}_{}", prefix, depth - 1));
}

void add_common_ports(Module& top) {
  top.add("clk", 1, SignalKind::Input);
  top.add("rst", 1, SignalKind::Input);
  top.add("in_valid", 1, SignalKind::Input);
}

// idle: no valid bit in the row skew stages or in any PE.
void add_idle(Module& top, int rows, const std::vector<ExprP>& pe_valids) {
  std::vector<ExprP> busy;
  for (int d = 0; d < rows; ++d) busy.push_back(top.sig(signal_name("v_sk", d)));
  busy.insert(busy.end(), pe_valids.begin(), pe_valids.end());
  top.assign("idle", bnot(any_of(busy)));
}

// `column` receives the read-out column module the top instantiates.
Module os_top(const EngineConfig& cfg, const std::string& pe_name, Module& column) {
  const int R = int(cfg.integer("rows")), C = int(cfg.integer("cols")), AB = cfg.a.bits, BB = cfg.b.bits, ACC = cfg.acc_bits;
  const int RW = std::max(1, ceil_log2(R));
  // The accumulator outputs of a PE: one word, or carry-save sum and carry.
  // With the overlapped schedule the read-out takes the shadow registers.
  const bool overlap = systolic::Params::of(cfg).overlap();
  const std::vector<const char*> acc_names = cfg.pe == "opt1" ? std::vector<const char*>{"acc_s", "acc_c"}
                                             : overlap        ? std::vector<const char*>{"acc_sh"}
                                                              : std::vector<const char*>{"acc"};
  Module top;
  top.name = systolic_top_name(cfg);
  top.comment = fmt::format("Output-stationary {}x{} systolic array, {} x {} operands, {}-bit accumulators.", R, C,
                            cfg.a.tag(), cfg.b.tag(), ACC);
  add_common_ports(top);
  top.add("in_first", 1, SignalKind::Input);
  if (overlap) top.add("in_last", 1, SignalKind::Input);
  top.add("a_vec", R * AB, SignalKind::Input);
  top.add("b_vec", C * BB, SignalKind::Input);
  top.add("rd_en", 1, SignalKind::Input);
  top.add("rd_row", RW, SignalKind::Input);
  top.add("out_valid", 1, SignalKind::Output);
  top.add("c_vec", C * ACC, SignalKind::Output);
  top.add("idle", 1, SignalKind::Output);

  add_valid_chain(top, R);
  // The first flag only matters alongside a valid operand: no reset needed.
  for (int d = 0; d < R; ++d) {
    top.add(signal_name("f_sk", d), 1, SignalKind::Reg);
    top.reg(signal_name("f_sk", d), d == 0 ? band(top.sig("in_valid"), top.sig("in_first")) : top.sig(signal_name("f_sk", d - 1)));
  }
  // The last flag travels beside the first flag: it marks the tile's last operand.
  for (int d = 0; overlap && d < R; ++d) {
    top.add(signal_name("l_sk", d), 1, SignalKind::Reg);
    top.reg(signal_name("l_sk", d), d == 0 ? band(top.sig("in_valid"), top.sig("in_last")) : top.sig(signal_name("l_sk", d - 1)));
  }
  std::vector<ExprP> row_a(R), col_b(C);
  for (int i = 0; i < R; ++i) row_a[i] = add_skew_chain(top, signal_name("a_sk", i), i + 1, AB, lane(top, "a_vec", i, AB));
  for (int j = 0; j < C; ++j) col_b[j] = add_skew_chain(top, signal_name("b_sk", j), j + 1, BB, lane(top, "b_vec", j, BB));

  std::vector<ExprP> pe_valids;
  for (int i = 0; i < R; ++i)
    for (int j = 0; j < C; ++j) {
      // Forwarded values leaving the right and bottom edges go nowhere.
      const bool right_edge = j + 1 == C, bottom_edge = i + 1 == R;
      top.add(signal_name("a_h", i, j), AB, SignalKind::Wire, right_edge);
      top.add(signal_name("f_h", i, j), 1, SignalKind::Wire, right_edge);
      if (overlap) top.add(signal_name("l_h", i, j), 1, SignalKind::Wire, right_edge);
      top.add(signal_name("v_h", i, j), 1, SignalKind::Wire);
      top.add(signal_name("b_v", i, j), BB, SignalKind::Wire, bottom_edge);
      for (const char* acc : acc_names) top.add(signal_name(acc, i, j), ACC, SignalKind::Wire);
      pe_valids.push_back(top.sig(signal_name("v_h", i, j)));
      Instance pe{pe_name, signal_name("pe", i, j), {}};
      pe.connections = {
          {"clk", top.sig("clk")},
          {"rst", top.sig("rst")},
          {"a_in", j == 0 ? row_a[i] : top.sig(signal_name("a_h", i, j - 1))},
          {"b_in", i == 0 ? col_b[j] : top.sig(signal_name("b_v", i - 1, j))},
          {"v_in", j == 0 ? top.sig(signal_name("v_sk", i)) : top.sig(signal_name("v_h", i, j - 1))},
          {"f_in", j == 0 ? top.sig(signal_name("f_sk", i)) : top.sig(signal_name("f_h", i, j - 1))},
          {"a_out", top.sig(signal_name("a_h", i, j))},
          {"b_out", top.sig(signal_name("b_v", i, j))},
          {"v_out", top.sig(signal_name("v_h", i, j))},
          {"f_out", top.sig(signal_name("f_h", i, j))},
      };
      if (overlap) {
        pe.connections.push_back({"l_in", j == 0 ? top.sig(signal_name("l_sk", i)) : top.sig(signal_name("l_h", i, j - 1))});
        pe.connections.push_back({"l_out", top.sig(signal_name("l_h", i, j))});
      }
      for (const char* acc : acc_names) pe.connections.push_back({acc, top.sig(signal_name(acc, i, j))});
      top.instances.push_back(std::move(pe));
    }
  add_idle(top, R, pe_valids);

  // The read-out select is replicated per column (rtlgen/core/array_gen.hpp):
  // one decoded row select across all C columns was the next-widest net.
  std::vector<int> half_bits;
  for (const char* acc : acc_names) half_bits.push_back(top.find(signal_name(acc, 0, 0))->width);
  column = make_readout_column(half_bits, R, ACC, RW);
  add_column_readout(top, column, acc_names, R, C);
  return top;
}

// WS and IS: the same array with the roles of A and B exchanged. Names of
// the streamed operand's skew and forward wires, of the held operand's
// shift wires and of the ports come from StationaryRoles (x streamed, h held).
Module stationary_top(const EngineConfig& cfg, const std::string& pe_name) {
  const systolic::StationaryRoles r = systolic::StationaryRoles::of(cfg);
  const int R = int(cfg.integer("rows")), C = int(cfg.integer("cols")), XB = r.stream.bits, HB = r.held.bits,
            ACC = cfg.acc_bits;
  const bool opt1 = cfg.pe == "opt1";
  const std::string& x = r.stream_pe;  // "a" (WS) or "b" (IS)
  const std::string& h = r.held_pe;    // "w" (WS) or "a" (IS)
  const std::string x_sk = x + "_sk", x_h = x + "_h", h_v = h + "_v";
  Module top;
  top.name = systolic_top_name(cfg);
  top.comment = r.stream_is_a
                    ? fmt::format("Weight-stationary {}x{} systolic array, {} x {} operands, {}-bit partial sums{}.",
                                  R, C, cfg.a.tag(), cfg.b.tag(), ACC, opt1 ? " in carry-save form" : "")
                    : fmt::format("Input-stationary {}x{} systolic array: A^T held, columns of B streamed, {} x {} "
                                  "operands, {}-bit partial sums{}.",
                                  R, C, cfg.a.tag(), cfg.b.tag(), ACC, opt1 ? " in carry-save form" : "");
  add_common_ports(top);
  const bool dbuf = systolic::Params::of(cfg).overlap();  // double-buffered held operands
  top.add(r.stream_port, R * XB, SignalKind::Input);
  if (dbuf) top.add("in_swap", 1, SignalKind::Input);
  top.add("p_vec", C * ACC, SignalKind::Input);
  top.add(r.load_strobe, 1, SignalKind::Input);
  top.add(r.load_port, C * HB, SignalKind::Input);
  top.add("out_valid", 1, SignalKind::Output);
  top.add("c_vec", C * ACC, SignalKind::Output);
  top.add("idle", 1, SignalKind::Output);

  add_valid_chain(top, R);
  // The swap token is skewed like the streamed vector (row i takes it i+1
  // edges late) and moves every edge, valid data or not.
  for (int d = 0; dbuf && d < R; ++d) {
    top.add(signal_name("s_sk", d), 1, SignalKind::Reg);
    top.reg(signal_name("s_sk", d), d == 0 ? top.sig("in_swap") : top.sig(signal_name("s_sk", d - 1)), nullptr, cst(1, 0));
  }
  std::vector<ExprP> row_x(R), col_p(C);
  for (int i = 0; i < R; ++i)
    row_x[i] = add_skew_chain(top, signal_name(x_sk.c_str(), i), i + 1, XB, lane(top, r.stream_port, i, XB));
  for (int j = 0; j < C; ++j) col_p[j] = add_skew_chain(top, signal_name("p_sk", j), j + 1, ACC, lane(top, "p_vec", j, ACC));

  // The partial-sum buses between PEs: one word, or carry-save sum and carry.
  const std::vector<std::string> ps_wires =
      opt1 ? std::vector<std::string>{"ps_s_v", "ps_c_v"} : std::vector<std::string>{"ps_v"};
  const std::vector<std::string> ps_ports =
      opt1 ? std::vector<std::string>{"ps_s", "ps_c"} : std::vector<std::string>{"ps"};
  std::vector<ExprP> pe_valids;
  for (int i = 0; i < R; ++i)
    for (int j = 0; j < C; ++j) {
      const bool right_edge = j + 1 == C, bottom_edge = i + 1 == R;
      top.add(signal_name(x_h.c_str(), i, j), XB, SignalKind::Wire, right_edge);
      top.add(signal_name("v_h", i, j), 1, SignalKind::Wire);
      if (dbuf) top.add(signal_name("s_h", i, j), 1, SignalKind::Wire, right_edge);
      for (const std::string& w : ps_wires) top.add(signal_name(w.c_str(), i, j), ACC, SignalKind::Wire);
      top.add(signal_name(h_v.c_str(), i, j), HB, SignalKind::Wire, bottom_edge);
      pe_valids.push_back(top.sig(signal_name("v_h", i, j)));
      Instance pe{pe_name, signal_name("pe", i, j), {}};
      pe.connections = {
          {"clk", top.sig("clk")},
          {"rst", top.sig("rst")},
          {x + "_in", j == 0 ? row_x[i] : top.sig(signal_name(x_h.c_str(), i, j - 1))},
          {"v_in", j == 0 ? top.sig(signal_name("v_sk", i)) : top.sig(signal_name("v_h", i, j - 1))},
      };
      // Row 0 takes the fed-back partial sum as a sum with a zero carry.
      for (size_t w = 0; w < ps_wires.size(); ++w)
        pe.connections.push_back({ps_ports[w] + "_in", i > 0   ? top.sig(signal_name(ps_wires[w].c_str(), i - 1, j))
                                                       : w == 0 ? col_p[j]
                                                                : cst(ACC, 0)});
      pe.connections.push_back({h + "_load", top.sig(r.load_strobe)});
      pe.connections.push_back({h + "_in", i == 0 ? lane(top, r.load_port, j, HB) : top.sig(signal_name(h_v.c_str(), i - 1, j))});
      pe.connections.push_back({x + "_out", top.sig(signal_name(x_h.c_str(), i, j))});
      pe.connections.push_back({"v_out", top.sig(signal_name("v_h", i, j))});
      for (size_t w = 0; w < ps_wires.size(); ++w)
        pe.connections.push_back({ps_ports[w] + "_out", top.sig(signal_name(ps_wires[w].c_str(), i, j))});
      pe.connections.push_back({h + "_out", top.sig(signal_name(h_v.c_str(), i, j))});
      if (dbuf) {
        pe.connections.push_back({"s_in", j == 0 ? top.sig(signal_name("s_sk", i)) : top.sig(signal_name("s_h", i, j - 1))});
        pe.connections.push_back({"s_out", top.sig(signal_name("s_h", i, j))});
      }
      top.instances.push_back(std::move(pe));
    }
  add_idle(top, R, pe_valids);

  // OPT1: the one carry-propagate add of each column, at its bottom, before
  // the de-skew (the adder sits between the bottom PE's sum/carry registers
  // and the first de-skew register, so the timing is the baseline's).
  std::vector<ExprP> bottom(C);
  for (int j = 0; j < C; ++j) {
    if (!opt1) {
      bottom[j] = top.sig(signal_name("ps_v", R - 1, j));
      continue;
    }
    top.add(signal_name("cpa", j), ACC, SignalKind::Wire);
    top.assign(signal_name("cpa", j), add(top.sig(signal_name("ps_s_v", R - 1, j)), top.sig(signal_name("ps_c_v", R - 1, j))));
    bottom[j] = top.sig(signal_name("cpa", j));
  }

  // Output de-skew: column j waits C-1-j stages so a whole row of C leaves
  // together through the output register, valid with the bottom-right PE.
  std::vector<ExprP> leaving;
  for (int j = C - 1; j >= 0; --j) {
    const int depth = C - 1 - j;
    ExprP from_pe = bottom[j];
    for (int d = 0; d < depth; ++d) {
      const std::string n = signal_name("ds", j, d);
      top.add(n, ACC, SignalKind::Reg);
      top.reg(n, d == 0 ? from_pe : top.sig(signal_name("ds", j, d - 1)));
    }
    leaving.push_back(depth == 0 ? from_pe : top.sig(signal_name("ds", j, depth - 1)));
  }
  top.reg("out_valid", top.sig(signal_name("v_h", R - 1, C - 1)), nullptr, cst(1, 0));
  top.reg("c_vec", cat(leaving));
  return top;
}

}  // namespace

std::string systolic_top_name(const EngineConfig& cfg) { return cfg.tag(); }

Design generate_systolic(const EngineConfig& cfg) {
  Design d;
  if (cfg.text("dataflow") == "os") {
    Module pe = cfg.pe == "opt1"                          ? make_os_opt1_pe(cfg)
                : systolic::Params::of(cfg).overlap() ? make_os_shadow_pe(cfg)
                                                      : make_os_pe(cfg);
    Module column;
    Module top = os_top(cfg, pe.name, column);
    d.modules = {std::move(pe), std::move(column), std::move(top)};
  } else {
    Module pe = cfg.pe == "opt1" ? make_stationary_opt1_pe(cfg) : make_stationary_pe(cfg);
    Module top = stationary_top(cfg, pe.name);
    d.modules = {std::move(pe), std::move(top)};
  }
  d.top = d.modules.back().name;
  return d;
}

}  // namespace tpe::rtl
