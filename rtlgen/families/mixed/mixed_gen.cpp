#include "rtlgen/families/mixed/mixed_gen.hpp"

#include <fmt/format.h>

#include "models/families/mixed/mixed_spec.hpp"
#include "models/formats/float_formats.hpp"
#include "models/formats/lmul.hpp"
#include "rtlgen/core/array_gen.hpp"
#include "rtlgen/families/lmul/lmul_units_gen.hpp"
#include "rtlgen/families/mixed/fp16_units_gen.hpp"
#include "rtlgen/ir/named_wires.hpp"

namespace tpe::rtl {

std::string mixed_pe_name(const EngineConfig&) { return "mixed_pe_w4a16_fp32"; }

namespace {

// A uint4 as its (exact) fp16 pattern: a 16-way table.
ExprP uint4_to_fp16(const ExprP& v) {
  ExprP r = cst(16, 0);
  for (int i = 1; i < 16; ++i) r = mux(eq(v, cst(4, uint64_t(i))), cst(16, encode(fp16_format(), i)), r);
  return r;
}

void instance(Module& m, const Module& unit, const std::string& name, std::vector<Connection> c) {
  m.instances.push_back({unit.name, name, std::move(c)});
}

// A private copy of a unit under its own name. Why: a constant that crosses
// a hierarchy boundary into a submodule makes OpenSTA crash in report_power
// (docs/synthesis.md, "OpenSTA crash"); generate_rtl sinks such constants
// into the submodule only when EVERY instance drives the same ones, so the
// dequantizer's units (fed by tables of uint4 values, the zero low bits of exact products) get copies of their own
// rather than sharing the PE's modules, whose inputs are not constant.
Module private_copy(Module unit, const std::string& name) {
  unit.name = name;
  return unit;
}

struct DequantUnits {
  Module mul_uint4, widen, round_sz, add, round_w;
};

DequantUnits make_dequant_units() {
  return {private_copy(make_fp16_exact_mul(), "w4a16_mul_fp16_uint4"),
          private_copy(make_fp16_to_fp32(), "w4a16_fp16_to_fp32"),
          private_copy(make_fp32_to_fp16(), "w4a16_round_scaled_zero"),
          private_copy(make_fp_adder(lmul_fp32_format()), "w4a16_add_fp32"),
          private_copy(make_fp32_to_fp16(), "w4a16_round_weight")};
}

// w = fp16 fma(q, s, fp16(-(s*z))): the fma's exact sum fits in fp32
// (docs/families/mixed.md), so one fp32 add between two exact products and
// one final rounding to fp16 equal the fused operation.
Module make_dequant(const DequantUnits& u) {
  Module m;
  m.name = kW4a16DequantName;
  m.comment = "W4A16 dequantizer: w = fp16 fma(q, s, fp16(-(s*z))) (llm-awq's scaled zeros and __hfma2), "
              "one rounding each, computed exactly in fp32 before the final rounding.";
  m.add("q", 4, SignalKind::Input);
  m.add("s", 16, SignalKind::Input);
  m.add("z", 4, SignalKind::Input);
  m.add("w", 16, SignalKind::Output);
  for (const char* n : {"s_z", "s_q", "sz32", "sum"}) m.add(n, 32, SignalKind::Wire);
  m.add("sz16", 16, SignalKind::Wire);
  Wires W{m};
  const ExprP zf = W("z_fp16", uint4_to_fp16(m.sig("z"))), qf = W("q_fp16", uint4_to_fp16(m.sig("q")));
  instance(m, u.mul_uint4, "mul_sz", {{"a", m.sig("s")}, {"b", zf}, {"p", m.sig("s_z")}});
  const ExprP neg = W("neg_s_z", cat({bnot(bit(m.sig("s_z"), 31)), slice(m.sig("s_z"), 30, 0)}));
  instance(m, u.round_sz, "round_sz", {{"x", neg}, {"h", m.sig("sz16")}});
  instance(m, u.widen, "widen_sz", {{"a", m.sig("sz16")}, {"p", m.sig("sz32")}});
  instance(m, u.mul_uint4, "mul_sq", {{"a", m.sig("s")}, {"b", qf}, {"p", m.sig("s_q")}});
  instance(m, u.add, "add", {{"x", m.sig("s_q")}, {"y", m.sig("sz32")}, {"s", m.sig("sum")}});
  instance(m, u.round_w, "round_w", {{"x", m.sig("sum")}, {"h", m.sig("w")}});
  return m;
}

// One PE: acc <= (first ? +0 : acc) + a * w (exact product) at an edge with v.
Module make_pe(const EngineConfig& cfg, const Module& xmul, const Module& add32) {
  Module m;
  m.name = mixed_pe_name(cfg);
  m.comment = "W4A16 PE: fp16 activation x dequantized fp16 weight, exact in fp32, accumulated in fp32 "
              "(one RNE add per MAC).";
  m.add("clk", 1, SignalKind::Input);
  m.add("rst", 1, SignalKind::Input);
  m.add("v", 1, SignalKind::Input);
  m.add("first", 1, SignalKind::Input);
  m.add("a", 16, SignalKind::Input);
  m.add("w", 16, SignalKind::Input);
  m.add("acc", 32, SignalKind::Output);
  m.add("prod", 32, SignalKind::Wire);
  m.add("sum", 32, SignalKind::Wire);
  instance(m, xmul, "mul", {{"a", m.sig("a")}, {"b", m.sig("w")}, {"p", m.sig("prod")}});
  instance(m, add32, "add",
           {{"x", mux(m.sig("first"), cst(32, 0), m.sig("acc"))}, {"y", m.sig("prod")}, {"s", m.sig("sum")}});
  // Reset to +0 so the array's outputs are defined from the start (the model's are 0 too).
  m.reg("acc", m.sig("sum"), m.sig("v"), cst(32, 0));
  return m;
}

}  // namespace

Design generate_mixed(const EngineConfig& cfg) {
  const mixed::Params p = mixed::Params::of(cfg);
  const int R = p.rows, C = p.cols;
  Module xmul = make_fp16_exact_mul();
  Module add32 = make_fp_adder(lmul_fp32_format());
  DequantUnits units = make_dequant_units();
  Module deq = make_dequant(units);
  Module pe = make_pe(cfg, xmul, add32);

  Module top;
  top.name = cfg.tag();
  top.comment = fmt::format("W4A16 array: {} x {} PEs, fp16 activations broadcast along rows, one dequantizer per "
                            "column (group scales and zero points from the controller), fp32 accumulators "
                            "(output-stationary).", R, C);
  top.add("clk", 1, SignalKind::Input);
  top.add("rst", 1, SignalKind::Input);
  top.add("in_valid", 1, SignalKind::Input);
  top.add("first", 1, SignalKind::Input);
  top.add("last", 1, SignalKind::Input);
  top.add("a_vec", R * 16, SignalKind::Input);
  top.add("q_vec", C * 4, SignalKind::Input);
  top.add("s_vec", C * 16, SignalKind::Input);
  top.add("z_vec", C * 4, SignalKind::Input);
  top.add("out_valid", 1, SignalKind::Output);
  top.add("c_vec", R * C * 32, SignalKind::Output);
  top.reg("out_valid", band(top.sig("in_valid"), top.sig("last")), nullptr, cst(1, 0));
  for (int j = 0; j < C; ++j) {
    const std::string w = fmt::format("w16_{}", j);
    top.add(w, 16, SignalKind::Wire);
    instance(top, deq, fmt::format("deq_{}", j),
             {{"q", lane(top, "q_vec", j, 4)}, {"s", lane(top, "s_vec", j, 16)}, {"z", lane(top, "z_vec", j, 4)},
              {"w", top.sig(w)}});
  }
  std::vector<ExprP> c_lanes;
  for (int i = 0; i < R; ++i)
    for (int j = 0; j < C; ++j) {
      const std::string acc = fmt::format("acc_{}_{}", i, j);
      top.add(acc, 32, SignalKind::Wire);
      instance(top, pe, fmt::format("pe_{}_{}", i, j),
               {{"clk", top.sig("clk")},
                {"rst", top.sig("rst")},
                {"v", top.sig("in_valid")},
                {"first", top.sig("first")},
                {"a", lane(top, "a_vec", i, 16)},
                {"w", top.sig(fmt::format("w16_{}", j))},
                {"acc", top.sig(acc)}});
      c_lanes.insert(c_lanes.begin(), top.sig(acc));  // lane i*C+j at bits [(i*C+j)*32 +: 32]
    }
  top.assign("c_vec", cat(c_lanes));

  Design d;
  d.modules = {std::move(units.mul_uint4), std::move(units.widen), std::move(units.round_sz), std::move(units.add),
               std::move(units.round_w),   std::move(deq),         std::move(xmul),           std::move(add32),
               std::move(pe),              std::move(top)};
  d.top = d.modules.back().name;
  return d;
}

}  // namespace tpe::rtl
