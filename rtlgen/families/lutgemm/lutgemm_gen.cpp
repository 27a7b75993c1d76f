#include "rtlgen/families/lutgemm/lutgemm_gen.hpp"

#include <fmt/format.h>

#include "models/families/lutgemm/lutgemm_spec.hpp"
#include "rtlgen/core/array_gen.hpp"
#include "rtlgen/families/hbmpim/fp16_mul_gen.hpp"
#include "rtlgen/families/lmul/lmul_units_gen.hpp"
#include "rtlgen/families/shiftadd/table_query_gen.hpp"

namespace tpe::rtl {

namespace {

using lutgemm::kDirectEntries;
using lutgemm::kGroup;
using lutgemm::kTableSize;
constexpr int W = lutgemm::kFp16Bits;

// A named 16-bit wire driven by an instance of the fp16 unit `unit` (ports
// in0/in1 -> out): returns the wire.
ExprP unit_out(Module& m, const std::string& unit, const char* in0, const char* in1, const char* out,
               const std::string& name, const ExprP& a, const ExprP& b) {
  m.add(name, W, SignalKind::Wire);
  m.instances.push_back({unit, "u_" + name, {{in0, a}, {in1, b}, {out, m.sig(name)}}});
  return m.sig(name);
}

ExprP fp_add(Module& m, const std::string& adder, const std::string& name, const ExprP& a, const ExprP& b) {
  return unit_out(m, adder, "x", "y", "s", name, a, b);
}

ExprP named(Module& m, const std::string& name, const ExprP& e) {
  m.add(name, e->width, SignalKind::Wire);
  m.assign(name, e);
  return m.sig(name);
}

// -x for an fp16 pattern: the sign bit flipped.
ExprP negate(const ExprP& x) { return cat({bnot(slice(x, W - 1, W - 1)), slice(x, W - 2, 0)}); }

}  // namespace

std::string lutgemm_table_name() { return "lg_table_fp16"; }

std::string lutgemm_pe_name(const EngineConfig& cfg) {
  return fmt::format("lg_pe_fp16_q{}", lutgemm::Params::of(cfg).arith.planes);
}

// Entry p < 64 = ((s_0 + s_1) + s_2) + ... + s_7 with s_j = bit j of p ? x_j : -x_j
// (bits 6 and 7 are 0 there): the partial sums over bits 0..j are shared by
// every entry with the same low bits (4 + 8 + ... + 64 adders, then 64 + 64
// for -x_6 and -x_7). Entry p in [2^s, 2^(s+1)), s = 6, 7: entry (p - 2^s) + fp16(2 x_s).
Module make_lutgemm_table(const std::string& adder) {
  Module m;
  m.name = lutgemm_table_name();
  m.comment = "LUT-GEMM table of 8 fp16 activations: entry p = fp16 sum of (+x_j if bit j of p else -x_j), entries "
              "below 64 left to right (a prefix tree of fp16 adders), the rest by the doubling recurrence; entry p "
              "at lut[p*16 +: 16].";
  m.add("x", kGroup * W, SignalKind::Input);
  m.add("lut", kTableSize * W, SignalKind::Output);
  std::vector<ExprP> x, nx;
  for (int j = 0; j < kGroup; ++j) {
    x.push_back(named(m, fmt::format("x_{}", j), slice(m.sig("x"), j * W + W - 1, j * W)));
    nx.push_back(named(m, fmt::format("nx_{}", j), negate(x.back())));
  }
  std::vector<ExprP> prefix = {nx[0], x[0]};  // index = the low bits so far
  for (int j = 1; j < 6; ++j) {
    std::vector<ExprP> next(prefix.size() * 2);
    for (size_t p = 0; p < next.size(); ++p) {
      const size_t low = p & (prefix.size() - 1);
      next[p] = fp_add(m, adder, fmt::format("p{}_{}", j, p), prefix[low], (p >> j) & 1 ? x[size_t(j)] : nx[size_t(j)]);
    }
    prefix = std::move(next);
  }
  std::vector<ExprP> t(kTableSize);
  for (int p = 0; p < kDirectEntries; ++p) {
    const ExprP with6 = fp_add(m, adder, fmt::format("p6_{}", p), prefix[size_t(p)], nx[6]);
    t[size_t(p)] = fp_add(m, adder, fmt::format("t_{}", p), with6, nx[7]);
  }
  for (int s = 6; s < kGroup; ++s) {
    const ExprP twice = fp_add(m, adder, fmt::format("twice_{}", s), x[size_t(s)], x[size_t(s)]);
    for (int p = 1 << s; p < 2 << s; ++p) t[size_t(p)] = fp_add(m, adder, fmt::format("t_{}", p), t[size_t(p - (1 << s))], twice);
  }
  std::vector<ExprP> msb_first(t.rbegin(), t.rend());
  m.assign("lut", cat(msb_first));
  return m;
}

// s_b = (first ? +0 : t_b) + table[code_b], s_bias = (first ? +0 : t_bias) + table[255];
// y_in = first ? +0 : y; with fold: y <= fold(y_in, alpha, s, q_bias, s_bias), t <= +0;
// else y <= y_in, t <= s; all at an edge with v.
Module make_lutgemm_pe(const EngineConfig& cfg, const std::string& adder, const std::string& multiplier) {
  const int q = lutgemm::Params::of(cfg).arith.planes;
  Module m;
  m.name = lutgemm_pe_name(cfg);
  m.comment = fmt::format("LUT-GEMM PE: per weight plane (q = {}) one 256:1 table lookup by the plane's code byte "
                          "and an fp16 sum, one more for the bias entry; at a group's last block (fold) the sums "
                          "scaled by the group's fp16 alpha and q_bias into the fp16 result.", q);
  m.add("clk", 1, SignalKind::Input);
  m.add("rst", 1, SignalKind::Input);
  m.add("v", 1, SignalKind::Input);
  m.add("first", 1, SignalKind::Input);
  m.add("fold", 1, SignalKind::Input);
  m.add("lut", kTableSize * W, SignalKind::Input);
  m.add("code", q * kGroup, SignalKind::Input);
  m.add("alpha", q * W, SignalKind::Input);
  m.add("q_bias", W, SignalKind::Input);
  m.add("y", W, SignalKind::Output);
  const ExprP zero = cst(W, 0), first = m.sig("first"), fold = m.sig("fold");
  m.add("y_r", W, SignalKind::Reg);
  const ExprP y_in = named(m, "y_in", mux(first, zero, m.sig("y_r")));
  ExprP acc = y_in;
  for (int b = 0; b <= q; ++b) {
    const std::string t = b < q ? fmt::format("t_{}", b) : "t_bias";
    m.add(t, W, SignalKind::Reg);
    const ExprP entry = b < q ? named(m, fmt::format("entry_{}", b), table_query(m.sig("lut"), W, m.sig("code"), b * kGroup))
                              : slice(m.sig("lut"), kTableSize * W - 1, (kTableSize - 1) * W);
    const ExprP sum = fp_add(m, adder, "s_" + t, mux(first, zero, m.sig(t)), entry);
    const ExprP scale = b < q ? slice(m.sig("alpha"), b * W + W - 1, b * W) : m.sig("q_bias");
    const ExprP product = unit_out(m, multiplier, "a", "b", "p", "p_" + t, scale, sum);
    acc = fp_add(m, adder, "y_" + t, acc, product);
    // Reset to +0 so the array's outputs are defined from the start (the model's are too).
    m.reg(t, mux(fold, zero, sum), m.sig("v"), zero);
  }
  m.reg("y_r", mux(fold, acc, y_in), m.sig("v"), zero);
  m.assign("y", m.sig("y_r"));
  return m;
}

Design generate_lutgemm(const EngineConfig& cfg) {
  const lutgemm::Params p = lutgemm::Params::of(cfg);
  const int R = p.rows, C = p.cols, q = p.arith.planes;
  Module mul = make_fp16_multiplier();
  Module adder = make_fp_adder(fp16_format());
  Module table = make_lutgemm_table(adder.name);
  Module pe = make_lutgemm_pe(cfg, adder.name, mul.name);

  Module top;
  top.name = cfg.tag();
  top.comment = fmt::format("LUT-GEMM array: {} x {} PEs; one fp16 table unit per row shared by its {} PEs; q = {} "
                            "weight planes; fp16 plane sums, per-group fp16 alpha and q_bias (output-stationary).",
                            R, C, C, q);
  top.add("clk", 1, SignalKind::Input);
  top.add("rst", 1, SignalKind::Input);
  top.add("in_valid", 1, SignalKind::Input);
  top.add("first", 1, SignalKind::Input);
  top.add("last", 1, SignalKind::Input);
  top.add("fold", 1, SignalKind::Input);
  top.add("act", R * kGroup * W, SignalKind::Input);
  top.add("code", C * q * kGroup, SignalKind::Input);
  top.add("alpha", C * q * W, SignalKind::Input);
  top.add("q_bias", C * W, SignalKind::Input);
  top.add("out_valid", 1, SignalKind::Output);
  top.add("c_vec", R * C * W, SignalKind::Output);
  top.reg("out_valid", band(top.sig("in_valid"), top.sig("last")), nullptr, cst(1, 0));
  const int code_w = q * kGroup, alpha_w = q * W, act_w = kGroup * W;
  std::vector<ExprP> c_lanes;
  for (int r = 0; r < R; ++r) {
    const std::string tab = signal_name("lut", r);
    top.add(tab, kTableSize * W, SignalKind::Wire);
    top.instances.push_back({table.name, signal_name("tab", r),
                             {{"x", slice(top.sig("act"), (r + 1) * act_w - 1, r * act_w)}, {"lut", top.sig(tab)}}});
    for (int c = 0; c < C; ++c) {
      const std::string y = signal_name("y", r, c);
      top.add(y, W, SignalKind::Wire);
      top.instances.push_back({pe.name, signal_name("pe", r, c),
                               {{"clk", top.sig("clk")},
                                {"rst", top.sig("rst")},
                                {"v", top.sig("in_valid")},
                                {"first", top.sig("first")},
                                {"fold", top.sig("fold")},
                                {"lut", top.sig(tab)},
                                {"code", slice(top.sig("code"), (c + 1) * code_w - 1, c * code_w)},
                                {"alpha", slice(top.sig("alpha"), (c + 1) * alpha_w - 1, c * alpha_w)},
                                {"q_bias", slice(top.sig("q_bias"), (c + 1) * W - 1, c * W)},
                                {"y", top.sig(y)}}});
      c_lanes.insert(c_lanes.begin(), top.sig(y));  // lane r*C+c at bits [(r*C+c)*W +: W]
    }
  }
  top.assign("c_vec", cat(c_lanes));

  Design d;
  d.modules = {std::move(mul), std::move(adder), std::move(table), std::move(pe), std::move(top)};
  d.top = d.modules.back().name;
  return d;
}

}  // namespace tpe::rtl
