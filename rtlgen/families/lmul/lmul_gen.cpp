#include "rtlgen/families/lmul/lmul_gen.hpp"

#include <fmt/format.h>

#include "models/families/lmul/lmul_spec.hpp"
#include "models/formats/lmul.hpp"
#include "rtlgen/core/array_gen.hpp"
#include "rtlgen/families/lmul/lmul_units_gen.hpp"

namespace tpe::rtl {

std::string lmul_pe_name(const EngineConfig& cfg) { return fmt::format("lmul_pe_{}_fp32", cfg.text("format")); }

namespace {

// One PE: acc <= (first ? +0 : acc) + L-Mul(a, b) at an edge with v.
Module make_pe(const EngineConfig& cfg, const Module& mul, const Module& adder) {
  const int w = lmul::Params::of(cfg).format->total_bits();
  Module m;
  m.name = lmul_pe_name(cfg);
  m.comment = fmt::format("L-Mul PE: {} x {} by one integer add, accumulated in fp32 (one RNE add per MAC).",
                          cfg.text("format"), cfg.text("format"));
  m.add("clk", 1, SignalKind::Input);
  m.add("rst", 1, SignalKind::Input);
  m.add("v", 1, SignalKind::Input);
  m.add("first", 1, SignalKind::Input);
  m.add("a", w, SignalKind::Input);
  m.add("b", w, SignalKind::Input);
  m.add("acc", 32, SignalKind::Output);
  m.add("prod", 32, SignalKind::Wire);
  m.add("sum", 32, SignalKind::Wire);
  m.instances.push_back({mul.name, "mul", {{"a", m.sig("a")}, {"b", m.sig("b")}, {"p", m.sig("prod")}}});
  m.instances.push_back({adder.name, "add",
                         {{"x", mux(m.sig("first"), cst(32, 0), m.sig("acc"))}, {"y", m.sig("prod")}, {"s", m.sig("sum")}}});
  // Reset to +0 so the array's outputs are defined from the start (the model's are 0 too).
  m.reg("acc", m.sig("sum"), m.sig("v"), cst(32, 0));
  return m;
}

}  // namespace

Design generate_lmul(const EngineConfig& cfg) {
  const lmul::Params p = lmul::Params::of(cfg);
  const int w = p.format->total_bits(), R = p.rows, C = p.cols;
  Module mul = make_lmul_unit(*p.format);
  Module adder = make_fp_adder(lmul_fp32_format());
  Module pe = make_pe(cfg, mul, adder);

  Module top;
  top.name = cfg.tag();
  top.comment = fmt::format("L-Mul array: {} x {} PEs, {} operands broadcast along rows and columns, fp32 "
                            "accumulators (output-stationary).", R, C, cfg.text("format"));
  top.add("clk", 1, SignalKind::Input);
  top.add("rst", 1, SignalKind::Input);
  top.add("in_valid", 1, SignalKind::Input);
  top.add("first", 1, SignalKind::Input);
  top.add("last", 1, SignalKind::Input);
  top.add("a_vec", R * w, SignalKind::Input);
  top.add("b_vec", C * w, SignalKind::Input);
  top.add("out_valid", 1, SignalKind::Output);
  top.add("c_vec", R * C * 32, SignalKind::Output);
  top.reg("out_valid", band(top.sig("in_valid"), top.sig("last")), nullptr, cst(1, 0));
  std::vector<ExprP> c_lanes;
  for (int i = 0; i < R; ++i)
    for (int j = 0; j < C; ++j) {
      const std::string acc = fmt::format("acc_{}_{}", i, j);
      top.add(acc, 32, SignalKind::Wire);
      top.instances.push_back({pe.name, fmt::format("pe_{}_{}", i, j),
                               {{"clk", top.sig("clk")},
                                {"rst", top.sig("rst")},
                                {"v", top.sig("in_valid")},
                                {"first", top.sig("first")},
                                {"a", lane(top, "a_vec", i, w)},
                                {"b", lane(top, "b_vec", j, w)},
                                {"acc", top.sig(acc)}}});
      c_lanes.insert(c_lanes.begin(), top.sig(acc));  // lane i*C+j at bits [(i*C+j)*32 +: 32]
    }
  top.assign("c_vec", cat(c_lanes));

  Design d;
  d.modules = {std::move(mul), std::move(adder), std::move(pe), std::move(top)};
  d.top = d.modules.back().name;
  return d;
}

}  // namespace tpe::rtl
