#include "rtlgen/families/systolic/pe_opt1_gen.hpp"

#include <fmt/format.h>

namespace tpe::rtl {

int booth_digits(const IntFormat& f) {
  const int signed_width = f.bits + (f.is_signed ? 0 : 1);
  return (signed_width + 1) / 2;
}

namespace {

// One radix-4 Booth partial product: digit k of the multiplier selects
// {0, +-b, +-2b}; the result is exact in b.bits + 2 bits.
ExprP booth_partial_product(Module& m, int k, const ExprP& a_ext, const ExprP& b_ext, int pp_bits) {
  // Window {a[2k+1], a[2k], a[2k-1]} with a[-1] = 0.
  auto bit = [&](int i) { return i < 0 ? cst(1, 0) : slice(a_ext, i, i); };
  const std::string p = fmt::format("pp{}_", k);
  const ExprP hi = bit(2 * k + 1), mid = bit(2 * k), lo = bit(2 * k - 1);
  // one: |d| = 1 (mid != lo); two: |d| = 2 (window 011 or 100); neg: d < 0.
  m.add(p + "one", 1, SignalKind::Wire);
  m.assign(p + "one", bxor(mid, lo));
  m.add(p + "two", 1, SignalKind::Wire);
  m.assign(p + "two", band(bxor(hi, mid), bnot(bxor(mid, lo))));
  m.add(p + "neg", 1, SignalKind::Wire);
  m.assign(p + "neg", band(hi, bnot(band(mid, lo))));
  m.add(p + "mag", pp_bits, SignalKind::Wire);
  const ExprP b2 = cat({slice(b_ext, pp_bits - 2, 0), cst(1, 0)});
  m.assign(p + "mag", bor(band(repeat(pp_bits, m.sig(p + "one")), b_ext), band(repeat(pp_bits, m.sig(p + "two")), b2)));
  m.add(p + "val", pp_bits, SignalKind::Wire);
  m.assign(p + "val", mux(m.sig(p + "neg"), sub(cst(pp_bits, 0), m.sig(p + "mag")), m.sig(p + "mag")));
  return m.sig(p + "val");
}

}  // namespace

std::vector<ExprP> booth_operands(Module& m, const ExprP& multiplier, const IntFormat& mf, const std::string& mult_ext,
                                  const ExprP& multiplicand, const IntFormat& cf, const std::string& mcand_ext,
                                  int acc_bits) {
  const int ACC = acc_bits;
  const int digits = booth_digits(mf);
  const int m_width = 2 * digits;  // the multiplier sign- or zero-extended to whole digits
  const int pp_bits = cf.bits + 2;  // holds +-2b exactly
  m.add(mult_ext, m_width, SignalKind::Wire, /*may_be_unused=*/true);  // the top bit of an odd width is a copy
  m.assign(mult_ext, extend(multiplier, m_width, mf.is_signed));
  m.add(mcand_ext, pp_bits, SignalKind::Wire);
  m.assign(mcand_ext, extend(multiplicand, pp_bits, cf.is_signed));

  // Every partial product at its bit weight, sign-extended to the accumulator.
  std::vector<ExprP> operands;
  for (int k = 0; k < digits; ++k) {
    const ExprP pp = booth_partial_product(m, k, m.sig(mult_ext), m.sig(mcand_ext), pp_bits);
    const std::string w = fmt::format("pp{}_acc", k);
    m.add(w, ACC, SignalKind::Wire);
    // Sign-extend to the accumulator, shift by 2k, keep ACC bits.
    const int keep = ACC - 2 * k;  // bits of the product that land inside the accumulator
    if (keep < pp_bits)  // the top bits of this partial product fall off the accumulator: waive their lint
      for (Signal& sig : m.signals)
        if (sig.name == fmt::format("pp{}_val", k)) sig.may_be_unused = true;
    if (keep <= 0) {
      m.assign(w, cst(ACC, 0));
    } else {
      const ExprP ext = extend(pp, keep, true);
      m.assign(w, 2 * k == 0 ? ext : cat({ext, cst(2 * k, 0)}));
    }
    operands.push_back(m.sig(w));
  }
  return operands;
}

std::pair<ExprP, ExprP> compress_to_two(Module& m, std::vector<ExprP> operands, int acc_bits) {
  const int ACC = acc_bits;
  // Wallace reduction: each level turns consecutive triples into a sum and
  // a carry (shifted left by one, truncated), leftovers pass through.
  int level = 0;
  while (operands.size() > 2) {
    std::vector<ExprP> next;
    size_t i = 0;
    for (int t = 0; i + 3 <= operands.size(); i += 3, ++t) {
      const ExprP x = operands[i], y = operands[i + 1], z = operands[i + 2];
      const std::string s = fmt::format("csa{}_{}_s", level, t), c = fmt::format("csa{}_{}_c", level, t),
                        maj = fmt::format("csa{}_{}_maj", level, t);
      m.add(s, ACC, SignalKind::Wire);
      m.assign(s, bxor(bxor(x, y), z));
      m.add(maj, ACC, SignalKind::Wire, /*may_be_unused=*/true);  // its top bit shifts out
      m.assign(maj, bor(bor(band(x, y), band(x, z)), band(y, z)));
      m.add(c, ACC, SignalKind::Wire);
      m.assign(c, ACC == 1 ? cst(1, 0) : cat({slice(m.sig(maj), ACC - 2, 0), cst(1, 0)}));
      next.push_back(m.sig(s));
      next.push_back(m.sig(c));
    }
    for (; i < operands.size(); ++i) next.push_back(operands[i]);
    operands = std::move(next);
    ++level;
  }
  if (operands.size() < 2) operands.push_back(cst(ACC, 0));
  return {operands[0], operands[1]};
}

Module make_os_opt1_pe(const EngineConfig& cfg) {
  const int AB = cfg.a.bits, BB = cfg.b.bits, ACC = cfg.acc_bits;
  Module m;
  m.name = fmt::format("pe_os_opt1_{}{}_acc{}", cfg.a.tag(), cfg.b.tag(), ACC);
  m.comment = "OPT1 PE: Booth partial products and the carry-save accumulator reduced in one compressor tree.";
  for (auto [n, w, k] : {std::tuple{"clk", 1, SignalKind::Input}, {"rst", 1, SignalKind::Input},
                         {"a_in", AB, SignalKind::Input}, {"b_in", BB, SignalKind::Input},
                         {"v_in", 1, SignalKind::Input}, {"f_in", 1, SignalKind::Input},
                         {"a_out", AB, SignalKind::Output}, {"b_out", BB, SignalKind::Output},
                         {"v_out", 1, SignalKind::Output}, {"f_out", 1, SignalKind::Output},
                         {"acc_s", ACC, SignalKind::Output}, {"acc_c", ACC, SignalKind::Output}})
    m.add(n, w, k);
  // Tree operands: every partial product at its bit weight (a is the
  // multiplier), then the fed-back sum and carry (zero on the first k of a tile).
  std::vector<ExprP> operands = booth_operands(m, m.sig("a_in"), cfg.a, "a_ext", m.sig("b_in"), cfg.b, "b_ext", ACC);
  m.add("fb_s", ACC, SignalKind::Wire);
  m.assign("fb_s", mux(m.sig("f_in"), cst(ACC, 0), m.sig("acc_s")));
  m.add("fb_c", ACC, SignalKind::Wire);
  m.assign("fb_c", mux(m.sig("f_in"), cst(ACC, 0), m.sig("acc_c")));
  operands.push_back(m.sig("fb_s"));
  operands.push_back(m.sig("fb_c"));
  const auto [sum, carry] = compress_to_two(m, std::move(operands), ACC);
  const ExprP v = m.sig("v_in");
  m.reg("a_out", m.sig("a_in"), v);
  m.reg("b_out", m.sig("b_in"), v);
  m.reg("f_out", m.sig("f_in"), v);
  m.reg("v_out", v, nullptr, cst(1, 0));
  m.reg("acc_s", sum, v);
  m.reg("acc_c", carry, v);
  return m;
}

}  // namespace tpe::rtl
