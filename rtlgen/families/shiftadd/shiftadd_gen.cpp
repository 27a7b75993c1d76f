#include "rtlgen/families/shiftadd/shiftadd_gen.hpp"

#include <fmt/format.h>

#include "models/families/shiftadd/shiftadd_spec.hpp"
#include "rtlgen/core/array_gen.hpp"
#include "rtlgen/families/shiftadd/table_query_gen.hpp"

namespace tpe::rtl {

namespace {

using shiftadd::kGroup;
using shiftadd::kTableSize;

// Names an expression as a wire so that it can be sliced (the IR slices only
// signals). Intermediate wires may leave bits unread (e.g. shifted-out bits).
ExprP wire(Module& m, const std::string& name, const ExprP& e) {
  m.add(name, e->width, SignalKind::Wire, true);
  m.assign(name, e);
  return m.sig(name);
}

// x << k on a named w-bit wire, the shifted-out bits dropped.
ExprP shl(const ExprP& x, int k) {
  const int w = x->width;
  if (k == 0) return x;
  if (k >= w) return cst(w, 0);
  return cat({slice(x, w - 1 - k, 0), cst(k, 0)});
}

}  // namespace

std::string shiftadd_table_name(const EngineConfig& cfg) { return fmt::format("sa_table_{}", cfg.a.tag()); }

std::string shiftadd_pe_name(const EngineConfig& cfg) {
  const shiftadd::Params p = shiftadd::Params::of(cfg);
  return fmt::format("sa_pe_{}_q{}t{}s{}_acc{}", cfg.a.tag(), p.arith.planes, p.arith.terms, p.arith.shift_bits,
                     p.arith.acc_bits);
}

// table[p] = sum_j (bit j of p ? +x_j : -x_j): entry 0 = -(x_0 + ... + x_7),
// then entry p = entry (p - 2^s) + 2 x_s for p in [2^s, 2^(s+1)): 255 adders.
Module make_shiftadd_table(const EngineConfig& cfg) {
  const shiftadd::Params p = shiftadd::Params::of(cfg);
  const int ab = p.act_bits, tw = p.table_bits();
  Module m;
  m.name = shiftadd_table_name(cfg);
  m.comment = fmt::format("Partial-sum table of 8 {} activations: entry p = sum of (+x_j if bit j of p else -x_j), "
                          "built by the doubling recurrence (255 adders); {}-bit entries, entry p at lut[p*{} +: {}].",
                          cfg.a.tag(), tw, tw, tw);
  m.add("x", kGroup * ab, SignalKind::Input);
  m.add("lut", kTableSize * tw, SignalKind::Output);
  std::vector<ExprP> xe, x2;
  for (int j = 0; j < kGroup; ++j) {
    xe.push_back(wire(m, fmt::format("xe_{}", j), extend(slice(m.sig("x"), j * ab + ab - 1, j * ab), tw, true)));
    x2.push_back(shl(xe.back(), 1));
  }
  ExprP sum = xe[0];
  for (int j = 1; j < kGroup; ++j) sum = add(sum, xe[size_t(j)]);
  std::vector<ExprP> t(kTableSize);
  t[0] = wire(m, "t_0", sub(cst(tw, 0), sum));
  for (int s = 0; s < kGroup; ++s)
    for (int q = 1 << s; q < 2 << s; ++q) t[size_t(q)] = wire(m, fmt::format("t_{}", q), add(t[size_t(q - (1 << s))], x2[size_t(s)]));
  std::vector<ExprP> msb_first(t.rbegin(), t.rend());
  m.assign("lut", cat(msb_first));
  return m;
}

// acc <= (first ? 0 : acc) + sum_b sum_t sign_t * (table[code_b] << shift_t)
// at an edge with v; every term wrapped to the accumulator's width.
Module make_shiftadd_pe(const EngineConfig& cfg) {
  const shiftadd::Params p = shiftadd::Params::of(cfg);
  const shiftadd::Arith& ar = p.arith;
  const int tw = p.table_bits(), W = ar.acc_bits, TB = ar.term_bits();
  Module m;
  m.name = shiftadd_pe_name(cfg);
  m.comment = fmt::format("ShiftAddLLM PE: per weight plane (q = {}) one 256:1 table lookup by the plane's code byte, "
                          "per APoT term (T = {}) a {}-bit barrel shift and an add/subtract; {}-bit accumulator; "
                          "no multiplier.", ar.planes, ar.terms, ar.shift_bits, W);
  m.add("clk", 1, SignalKind::Input);
  m.add("rst", 1, SignalKind::Input);
  m.add("v", 1, SignalKind::Input);
  m.add("first", 1, SignalKind::Input);
  m.add("lut", kTableSize * tw, SignalKind::Input);
  m.add("code", ar.planes * kGroup, SignalKind::Input);
  m.add("alpha", ar.planes * ar.terms * TB, SignalKind::Input);
  m.add("acc", W, SignalKind::Output);
  ExprP total = mux(m.sig("first"), cst(W, 0), m.sig("acc"));
  for (int b = 0; b < ar.planes; ++b) {
    const ExprP entry = wire(m, fmt::format("entry_{}", b), table_query(m.sig("lut"), tw, m.sig("code"), b * kGroup));
    const ExprP ext = wire(m, fmt::format("ext_{}", b), extend(entry, W, true));
    for (int t = 0; t < ar.terms; ++t) {
      const int lo = (b * ar.terms + t) * TB;
      const ExprP code = wire(m, fmt::format("term_{}_{}", b, t), slice(m.sig("alpha"), lo + TB - 1, lo));
      ExprP x = ext;
      for (int i = 0; i < ar.shift_bits; ++i)
        x = wire(m, fmt::format("sh_{}_{}_{}", b, t, i), mux(slice(code, i, i), shl(x, 1 << i), x));
      const ExprP neg = slice(code, ar.shift_bits, ar.shift_bits), present = slice(code, TB - 1, TB - 1);
      const ExprP term = mux(present, mux(neg, sub(cst(W, 0), x), x), cst(W, 0));
      total = add(total, wire(m, fmt::format("val_{}_{}", b, t), term));
    }
  }
  m.add("sum", W, SignalKind::Wire);
  m.assign("sum", total);
  // Reset to 0 so the array's outputs are defined from the start (the model's are 0 too).
  m.reg("acc", m.sig("sum"), m.sig("v"), cst(W, 0));
  return m;
}

Design generate_shiftadd(const EngineConfig& cfg) {
  const shiftadd::Params p = shiftadd::Params::of(cfg);
  const shiftadd::Arith& ar = p.arith;
  const int R = p.rows, C = p.cols, ab = p.act_bits, tw = p.table_bits(), W = ar.acc_bits, TB = ar.term_bits();
  Module table = make_shiftadd_table(cfg);
  Module pe = make_shiftadd_pe(cfg);

  Module top;
  top.name = cfg.tag();
  top.comment = fmt::format("ShiftAddLLM array: {} x {} PEs; one partial-sum table unit per row shared by its {} PEs; "
                            "q = {} weight planes, T = {} APoT terms of {}-bit shifts; {}-bit accumulators "
                            "(output-stationary).", R, C, C, ar.planes, ar.terms, ar.shift_bits, W);
  top.add("clk", 1, SignalKind::Input);
  top.add("rst", 1, SignalKind::Input);
  top.add("in_valid", 1, SignalKind::Input);
  top.add("first", 1, SignalKind::Input);
  top.add("last", 1, SignalKind::Input);
  top.add("act", R * kGroup * ab, SignalKind::Input);
  top.add("code", C * ar.planes * kGroup, SignalKind::Input);
  top.add("alpha", C * ar.planes * ar.terms * TB, SignalKind::Input);
  top.add("out_valid", 1, SignalKind::Output);
  top.add("c_vec", R * C * W, SignalKind::Output);
  top.reg("out_valid", band(top.sig("in_valid"), top.sig("last")), nullptr, cst(1, 0));
  const int code_w = ar.planes * kGroup, alpha_w = ar.planes * ar.terms * TB, act_w = kGroup * ab;
  std::vector<ExprP> c_lanes;
  for (int r = 0; r < R; ++r) {
    const std::string tab = signal_name("lut", r);
    top.add(tab, kTableSize * tw, SignalKind::Wire);
    top.instances.push_back({table.name, signal_name("tab", r),
                             {{"x", slice(top.sig("act"), (r + 1) * act_w - 1, r * act_w)}, {"lut", top.sig(tab)}}});
    for (int c = 0; c < C; ++c) {
      const std::string acc = signal_name("acc", r, c);
      top.add(acc, W, SignalKind::Wire);
      top.instances.push_back({pe.name, signal_name("pe", r, c),
                               {{"clk", top.sig("clk")},
                                {"rst", top.sig("rst")},
                                {"v", top.sig("in_valid")},
                                {"first", top.sig("first")},
                                {"lut", top.sig(tab)},
                                {"code", slice(top.sig("code"), (c + 1) * code_w - 1, c * code_w)},
                                {"alpha", slice(top.sig("alpha"), (c + 1) * alpha_w - 1, c * alpha_w)},
                                {"acc", top.sig(acc)}}});
      c_lanes.insert(c_lanes.begin(), top.sig(acc));  // lane r*C+c at bits [(r*C+c)*W +: W]
    }
  }
  top.assign("c_vec", cat(c_lanes));

  Design d;
  d.modules = {std::move(table), std::move(pe), std::move(top)};
  d.top = d.modules.back().name;
  return d;
}

}  // namespace tpe::rtl
