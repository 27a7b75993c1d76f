#include "rtlgen/families/hbmpim/hbmpim_gen.hpp"

#include <fmt/format.h>

#include "models/formats/float_formats.hpp"
#include "rtlgen/core/array_gen.hpp"
#include "rtlgen/families/hbmpim/fp16_mul_gen.hpp"
#include "rtlgen/families/lmul/lmul_units_gen.hpp"
#include "models/engine/family_registry.hpp"
#include "models/pim/hbmpim_arith.hpp"
#include "models/pim/hbmpim_unit_ops.hpp"

namespace tpe::rtl {
namespace {

constexpr int kBurstBits = pim::kLanes * 16;
constexpr const char* kLaneName = "hbmpim_lane_fp16";

// One lane: s = fp16(fp16(w x x) + acc), two roundings (models/pim/hbmpim_arith).
Module make_lane(const Module& mul, const Module& adder) {
  Module m;
  m.name = kLaneName;
  m.comment = "HBM-PIM MAC lane: fp16 product rounded, then added to the fp16 accumulator and rounded again.";
  m.add("w", 16, SignalKind::Input);
  m.add("x", 16, SignalKind::Input);
  m.add("acc", 16, SignalKind::Input);
  m.add("s", 16, SignalKind::Output);
  m.add("prod", 16, SignalKind::Wire);
  m.instances.push_back({mul.name, "mul", {{"a", m.sig("w")}, {"b", m.sig("x")}, {"p", m.sig("prod")}}});
  m.instances.push_back({adder.name, "add", {{"x", m.sig("prod")}, {"y", m.sig("acc")}, {"s", m.sig("s")}}});
  return m;
}

// reg[sel] of 8 registers named prefix_0..7, by a 3-bit select.
ExprP select8(const Module& m, const std::string& prefix, const ExprP& sel) {
  std::vector<ExprP> level;
  for (int i = 0; i < 8; ++i) level.push_back(m.sig(fmt::format("{}_{}", prefix, i)));
  for (int b = 0; b < 3; ++b) {
    std::vector<ExprP> next;
    for (size_t i = 0; i < level.size(); i += 2) next.push_back(mux(slice(sel, b, b), level[i + 1], level[i]));
    level = next;
  }
  return level[0];
}

// One unit: GRF_A[8], GRF_B[8] and 16 lanes; one event per edge with data_valid.
Module make_unit(const Module& lane_mod) {
  Module m;
  m.name = kHbmPimUnitName;
  m.comment = "HBM-PIM near-bank unit: GRF_A[8] and GRF_B[8] of 16 fp16 lanes; ops 0 GRF_B reset, 1 GRF_A write, "
              "2 MAC GRF_B[b] += bank x GRF_A[a], 3 GRF_B[b] to the data bus, 4 bank burst to the data bus.";
  m.add("clk", 1, SignalKind::Input);
  m.add("rst", 1, SignalKind::Input);
  m.add("data_valid", 1, SignalKind::Input);
  m.add("op", 3, SignalKind::Input);
  m.add("grf_a", 3, SignalKind::Input);
  m.add("grf_b", 3, SignalKind::Input);
  m.add("host", kBurstBits, SignalKind::Input);
  m.add("bank", kBurstBits, SignalKind::Input);
  m.add("dq", kBurstBits, SignalKind::Output);
  for (const char* r : {"ga", "gb"})
    for (int i = 0; i < 8; ++i) m.add(fmt::format("{}_{}", r, i), kBurstBits, SignalKind::Reg);
  m.add("dq_r", kBurstBits, SignalKind::Reg);
  m.add("a_sel", kBurstBits, SignalKind::Wire);
  m.add("b_sel", kBurstBits, SignalKind::Wire);
  m.add("sum", kBurstBits, SignalKind::Wire);
  for (const char* w : {"is_reset", "is_write_a", "is_mac", "is_write_back", "is_read"}) m.add(w, 1, SignalKind::Wire);
  m.assign("a_sel", select8(m, "ga", m.sig("grf_a")));
  m.assign("b_sel", select8(m, "gb", m.sig("grf_b")));
  auto is_op = [&](pim::UnitOp op) { return band(m.sig("data_valid"), eq(m.sig("op"), cst(3, uint64_t(op)))); };
  m.assign("is_reset", is_op(pim::UnitOp::Reset));
  m.assign("is_write_a", is_op(pim::UnitOp::WriteGrfA));
  m.assign("is_mac", is_op(pim::UnitOp::Mac));
  m.assign("is_write_back", is_op(pim::UnitOp::WriteBack));
  m.assign("is_read", is_op(pim::UnitOp::Read));
  std::vector<ExprP> lanes;
  for (int l = 0; l < pim::kLanes; ++l) {
    const std::string s = fmt::format("sum_{}", l);
    m.add(s, 16, SignalKind::Wire);
    m.instances.push_back({lane_mod.name, fmt::format("lane_{}", l),
                           {{"w", lane(m, "bank", l, 16)}, {"x", lane(m, "a_sel", l, 16)}, {"acc", lane(m, "b_sel", l, 16)},
                            {"s", m.sig(s)}}});
    lanes.insert(lanes.begin(), m.sig(s));  // lane l at bits [16 l +: 16]
  }
  m.assign("sum", cat(lanes));
  const ExprP zero = repeat(kBurstBits / 64, cst(64, 0));  // constants are at most 64 bits wide
  for (int i = 0; i < 8; ++i) {
    const ExprP here_a = eq(m.sig("grf_a"), cst(3, uint64_t(i))), here_b = eq(m.sig("grf_b"), cst(3, uint64_t(i)));
    m.reg(fmt::format("ga_{}", i), m.sig("host"), band(m.sig("is_write_a"), here_a), zero);
    m.reg(fmt::format("gb_{}", i), mux(m.sig("is_reset"), zero, m.sig("sum")),
          bor(m.sig("is_reset"), band(m.sig("is_mac"), here_b)), zero);
  }
  m.reg("dq_r", mux(m.sig("is_write_back"), m.sig("b_sel"), m.sig("bank")),
        bor(m.sig("is_write_back"), m.sig("is_read")), zero);
  m.assign("dq", m.sig("dq_r"));
  return m;
}

}  // namespace

Design generate_hbmpim(const EngineConfig& cfg) {
  // The units' count from the family's port list (the DRAM preset that sets it is read by the spec, in sim/).
  int units = 0;
  for (const PortSpec& p : family_of(cfg).spec->ports(cfg))
    if (p.name == "bank_burst") units = p.lanes / pim::kLanes;
  Module mul = make_fp16_multiplier();
  Module adder = make_fp_adder(fp16_format());
  Module lane_mod = make_lane(mul, adder);
  Module unit = make_unit(lane_mod);

  Module top;
  top.name = cfg.tag();
  top.comment = fmt::format("HBM-PIM near-bank units: {} units of 16 fp16 lanes, executing the burst events of the "
                            "DRAM schedule (the DRAM itself is the controller's).", units);
  top.add("clk", 1, SignalKind::Input);
  top.add("rst", 1, SignalKind::Input);
  top.add("cmd_valid", 1, SignalKind::Input);
  top.add("data_valid", 1, SignalKind::Input);
  top.add("op", 3, SignalKind::Input);
  top.add("grf_a", 3, SignalKind::Input);
  top.add("grf_b", 3, SignalKind::Input);
  top.add("host_burst", kBurstBits, SignalKind::Input);
  top.add("bank_burst", units * kBurstBits, SignalKind::Input);
  top.add("out_valid", 1, SignalKind::Output);
  top.add("dq", units * kBurstBits, SignalKind::Output);
  top.add("out_valid_r", 1, SignalKind::Reg);
  // The command bus: the units' state does not depend on it (the schedule
  // has already turned commands into burst events); a waived wire reads it.
  top.add("command_bus", 1, SignalKind::Wire, true);
  top.assign("command_bus", top.sig("cmd_valid"));
  const ExprP drives = band(top.sig("data_valid"), bor(eq(top.sig("op"), cst(3, uint64_t(pim::UnitOp::WriteBack))),
                                                       eq(top.sig("op"), cst(3, uint64_t(pim::UnitOp::Read)))));
  top.reg("out_valid_r", drives, nullptr, cst(1, 0));
  top.assign("out_valid", top.sig("out_valid_r"));
  std::vector<ExprP> dq;
  for (int u = 0; u < units; ++u) {
    const std::string w = fmt::format("dq_{}", u);
    top.add(w, kBurstBits, SignalKind::Wire);
    top.instances.push_back({unit.name, fmt::format("unit_{}", u),
                             {{"clk", top.sig("clk")},
                              {"rst", top.sig("rst")},
                              {"data_valid", top.sig("data_valid")},
                              {"op", top.sig("op")},
                              {"grf_a", top.sig("grf_a")},
                              {"grf_b", top.sig("grf_b")},
                              {"host", top.sig("host_burst")},
                              {"bank", lane(top, "bank_burst", u, kBurstBits)},
                              {"dq", top.sig(w)}}});
    dq.insert(dq.begin(), top.sig(w));
  }
  top.assign("dq", cat(dq));

  Design d;
  d.modules = {std::move(mul), std::move(adder), std::move(lane_mod), std::move(unit), std::move(top)};
  d.top = d.modules.back().name;
  return d;
}

}  // namespace tpe::rtl
