#include "rtlgen/families/addertree/addertree_gen.hpp"

#include <fmt/format.h>

#include "models/families/addertree/addertree_spec.hpp"
#include "rtlgen/families/addertree/dpu_gen.hpp"
#include "rtlgen/families/addertree/opt2_dpu_gen.hpp"
#include "rtlgen/core/array_gen.hpp"

namespace tpe::rtl {
Design generate_addertree(const EngineConfig& cfg) {
  const addertree::Params p = addertree::Params::of(cfg);
  const int K = p.k, N = p.n, AB = cfg.a.bits, BB = cfg.b.bits, ACC = cfg.acc_bits;
  Module unit = p.opt2 ? make_opt2_dpu(cfg) : make_dpu(cfg);

  Module top;
  top.name = cfg.tag();
  top.comment = fmt::format("Multiplier-adder tree: {} dot-product units of {} {} x {} multipliers, {} pipeline "
                            "stage(s), {}-bit partial sums{}.",
                            N, K, cfg.a.tag(), cfg.b.tag(), p.stages, ACC,
                            p.opt2 ? "; OPT2 same-bit-weight units, Booth encoders shared per tree row" : "");
  top.add("clk", 1, SignalKind::Input);
  top.add("rst", 1, SignalKind::Input);
  top.add("in_valid", 1, SignalKind::Input);
  top.add("a_vec", K * AB, SignalKind::Input);
  top.add("p_vec", N * ACC, SignalKind::Input);
  top.add("w_load", 1, SignalKind::Input);
  top.add("w_vec", N * BB, SignalKind::Input);
  top.add("out_valid", 1, SignalKind::Output);
  top.add("c_vec", N * ACC, SignalKind::Output);
  top.add("idle", 1, SignalKind::Output);

  // Input register: loads only with a valid row, so idle cycles toggle nothing.
  top.add("v_r", 1, SignalKind::Reg);
  top.reg("v_r", top.sig("in_valid"), nullptr, cst(1, 0));
  top.add("a_r", K * AB, SignalKind::Reg);
  top.reg("a_r", top.sig("a_vec"), top.sig("in_valid"));
  top.add("p_r", N * ACC, SignalKind::Reg);
  top.reg("p_r", top.sig("p_vec"), top.sig("in_valid"));
  // OPT2: the activations' Booth digits, computed once for all N units.
  std::vector<Connection> operand_conns;
  if (p.opt2) {
    for (const auto& c : add_shared_booth_encoders(top, cfg, top.sig("a_r"))) operand_conns.push_back(c);
  } else {
    operand_conns.push_back({"a_in", top.sig("a_r")});
  }

  std::vector<ExprP> c_lanes;
  for (int j = 0; j < N; ++j) {
    // Every unit's valid chain is the same: unit 0's drives out_valid and idle.
    const std::string c = fmt::format("c_{}", j), v = fmt::format("v_out_{}", j), b = fmt::format("busy_{}", j);
    top.add(c, ACC, SignalKind::Wire);
    top.add(v, 1, SignalKind::Wire, j > 0);
    top.add(b, 1, SignalKind::Wire, j > 0);
    Instance inst{unit.name, fmt::format("dpu_{}", j), {}};
    inst.connections = {{"clk", top.sig("clk")}, {"rst", top.sig("rst")}};
    for (const auto& oc : operand_conns) inst.connections.push_back(oc);
    for (Connection cn : std::vector<Connection>{{"v_in", top.sig("v_r")},
                                                 {"p_in", lane(top, "p_r", j, ACC)},
                                                 {"w_load", top.sig("w_load")},
                                                 {"w_in", lane(top, "w_vec", j, BB)},
                                                 {"c", top.sig(c)},
                                                 {"v_out", top.sig(v)},
                                                 {"busy", top.sig(b)}})
      inst.connections.push_back(cn);
    top.instances.push_back(std::move(inst));
    c_lanes.insert(c_lanes.begin(), top.sig(c));  // lane j at bits [j*ACC +: ACC]
  }
  top.assign("c_vec", cat(c_lanes));
  top.assign("out_valid", top.sig("v_out_0"));
  top.assign("idle", bnot(top.sig("busy_0")));

  Design d;
  d.modules = {std::move(unit), std::move(top)};
  d.top = d.modules.back().name;
  return d;
}

}  // namespace tpe::rtl
