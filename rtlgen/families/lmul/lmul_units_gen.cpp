#include "rtlgen/families/lmul/lmul_units_gen.hpp"

#include <stdexcept>

#include <fmt/format.h>

#include "models/formats/lmul.hpp"
#include "models/util/bits.hpp"
#include "rtlgen/ir/named_wires.hpp"

namespace tpe::rtl {

namespace {

ExprP ones(int w) { return cst(w, (w >= 64 ? ~uint64_t(0) : (uint64_t(1) << w) - 1)); }
// Bit `w-1` of a w-bit two's-complement difference: a - b < 0.
ExprP negative(Wires& W, const std::string& name, const ExprP& a, const ExprP& b) {
  const ExprP d = W(name, sub(a, b));
  return bit(d, d->width - 1);
}

// Sign, exponent field, mantissa field and the exponent+mantissa field of an input.
struct Fields {
  ExprP sign, em, exp, man;
};
Fields fields(Wires& W, const std::string& p, const ExprP& x, const FloatFormat& f) {
  const int em = f.exp_bits + f.man_bits;
  Fields r;
  r.sign = bit(x, em);
  r.em = W(p + "_em", slice(x, em - 1, 0));
  r.exp = W(p + "_exp", slice(r.em, em - 1, f.man_bits));
  r.man = W(p + "_man", slice(r.em, f.man_bits - 1, 0));
  return r;
}

struct Specials {
  ExprP nan, inf, zero;  // zero: exponent field 0 (zero or subnormal)
};
Specials specials(Wires& W, const std::string& p, const Fields& x, const FloatFormat& f) {
  const ExprP exp_ones = W(p + "_exp_ones", eq(x.exp, ones(f.exp_bits)));
  const ExprP man_nz = W(p + "_man_nz", red_or(x.man));
  Specials s;
  if (f.ieee_specials) {
    s.nan = W(p + "_nan", band(exp_ones, man_nz));
    s.inf = W(p + "_inf", band(exp_ones, bnot(man_nz)));
  } else {  // E4M3 style: only S.1..1.1..1 is NaN, no infinity
    s.nan = W(p + "_nan", band(exp_ones, eq(x.man, ones(f.man_bits))));
    s.inf = cst(1, 0);
  }
  s.zero = W(p + "_zero", eq(x.exp, cst(f.exp_bits, 0)));
  return s;
}

}  // namespace

std::string lmul_unit_name(const FloatFormat& f) { return fmt::format("lmul_mul_{}", f.name); }

Module make_lmul_unit(const FloatFormat& f) {
  const int e = f.exp_bits, mb = f.man_bits, W_in = f.total_bits(), EM = e + mb;
  Module m;
  m.name = lmul_unit_name(f);
  m.comment = fmt::format("L-Mul of two {} operands (e{}m{}): one integer add of the exponent+mantissa fields "
                          "plus the offset {} (2^-{}), re-biased to fp32; zero/subnormal -> 0, NaN/Inf policy "
                          "of docs/families/lmul.md.",
                          f.name, e, mb, lmul_offset_lsbs(mb), lmul_l(mb));
  m.add("a", W_in, SignalKind::Input);
  m.add("b", W_in, SignalKind::Input);
  m.add("p", 32, SignalKind::Output);
  Wires W{m};
  const Fields a = fields(W, "a", m.sig("a"), f), b = fields(W, "b", m.sig("b"), f);
  const Specials sa = specials(W, "a", a, f), sb = specials(W, "b", b, f);
  const ExprP sign = W("sign", bxor(a.sign, b.sign));
  // The adder: both fields and the offset; its carry out of the mantissa lands in the exponent.
  const int SW = EM + 2;
  const ExprP sum = W("sum", add(add(zext(a.em, SW), zext(b.em, SW)), cst(SW, lmul_offset_lsbs(mb))));
  // Re-bias to fp32 in 12-bit two's complement (covers every exponent sum of e <= 8).
  const int EW = 12;
  const int64_t rebias = 127 - 2 * int64_t(f.bias);
  const ExprP e32 = W("e32", add(zext(W("exp_sum", slice(sum, SW - 1, mb)), EW),
                                 cst(EW, uint64_t(rebias) & ((uint64_t(1) << EW) - 1))));
  const ExprP overflow = W("overflow", bnot(negative(W, "e32_m255", e32, cst(EW, 255))));
  const ExprP underflow = W("underflow", negative(W, "e32_m1", e32, cst(EW, 1)));
  std::vector<ExprP> normal_parts = {sign, slice(e32, 7, 0), W("man_sum", slice(sum, mb - 1, 0))};
  if (mb < 23) normal_parts.push_back(cst(23 - mb, 0));
  const ExprP normal = W("normal", cat(normal_parts));
  const ExprP nan = cst(32, 0x7FC00000u);
  const ExprP inf = W("inf", cat({sign, cst(31, 0x7F800000u)}));
  const ExprP zero = W("zero", cat({sign, cst(31, 0)}));
  const ExprP any_nan = W("any_nan", bor(sa.nan, sb.nan));
  const ExprP any_inf = W("any_inf", bor(sa.inf, sb.inf));
  const ExprP any_zero = W("any_zero", bor(sa.zero, sb.zero));
  m.assign("p", mux(any_nan, nan,
                    mux(any_inf, mux(any_zero, nan, inf),
                        mux(bor(any_zero, underflow), zero, mux(overflow, inf, normal)))));
  return m;
}

std::string fp_adder_name(const FloatFormat& f) { return fmt::format("fp_add_e{}m{}", f.exp_bits, f.man_bits); }

Module make_fp_adder(const FloatFormat& f) {
  if (!f.ieee_specials)
    throw std::invalid_argument(fmt::format("fp adder format = {}: allowed formats with IEEE specials", f.name));
  const int e = f.exp_bits, mb = f.man_bits, W_in = f.total_bits(), EM = e + mb;
  const int w = mb + 4;                              // hidden bit, mantissa, guard, round, sticky
  const int EWd = std::max(e, ceil_log2(w) + 1) + 2;  // exponent while normalizing (two's complement)
  Module m;
  m.name = fp_adder_name(f);
  m.comment = fmt::format("Floating-point adder e{}m{}, round to nearest even, subnormals in and out, "
                          "overflow to Inf (models/formats/fp_add.hpp).", e, mb);
  m.add("x", W_in, SignalKind::Input);
  m.add("y", W_in, SignalKind::Input);
  m.add("s", W_in, SignalKind::Output);
  Wires W{m};
  const Fields x = fields(W, "x", m.sig("x"), f), y = fields(W, "y", m.sig("y"), f);
  const Specials sx = specials(W, "x", x, f), sy = specials(W, "y", y, f);
  // The larger magnitude goes first; its sign is the result's (unless the sum is 0).
  const ExprP swap = W("swap", negative(W, "em_diff", cat({cst(1, 0), x.em}), cat({cst(1, 0), y.em})));
  const ExprP big_em = W("big_em", mux(swap, y.em, x.em)), small_em = W("small_em", mux(swap, x.em, y.em));
  const ExprP big_s = W("big_s", mux(swap, y.sign, x.sign)), small_s = W("small_s", mux(swap, x.sign, y.sign));
  const ExprP be = W("big_exp", slice(big_em, EM - 1, mb)), se = W("small_exp", slice(small_em, EM - 1, mb));
  // Subnormals: exponent 1 without the hidden bit.
  const ExprP be_eff = W("big_exp_eff", mux(eq(be, cst(e, 0)), cst(e, 1), be));
  const ExprP se_eff = W("small_exp_eff", mux(eq(se, cst(e, 0)), cst(e, 1), se));
  const ExprP X = W("sig_big", cat({red_or(be), slice(big_em, mb - 1, 0), cst(3, 0)}));
  ExprP Y = W("sig_small", cat({red_or(se), slice(small_em, mb - 1, 0), cst(3, 0)}));
  // Alignment: a barrel shifter right by the exponent difference; every bit
  // shifted out is ORed into bit 0 (sticky).
  const ExprP d = W("exp_diff", sub(be_eff, se_eff));
  for (int i = 0; i < e; ++i) {
    const long long sh = 1LL << i;
    ExprP shifted = sh >= w - 1 ? cat({cst(w - 1, 0), red_or(Y)})
                                : cat({cst(int(sh), 0), slice(Y, w - 1, int(sh) + 1), red_or(slice(Y, int(sh), 0))});
    Y = W(fmt::format("align_{}", i), mux(bit(d, i), shifted, Y));
  }
  const ExprP sub_op = W("sub_op", bxor(big_s, small_s));
  const ExprP Xe = cat({cst(1, 0), X}), Ye = cat({cst(1, 0), Y});
  const ExprP S = W("sum", mux(sub_op, sub(Xe, Ye), add(Xe, Ye)));  // w + 1 bits, never negative
  const ExprP is_zero = W("sum_zero", eq(S, cst(w + 1, 0)));
  const ExprP carry = bit(S, w);
  // A carry: one right shift (sticky kept), exponent + 1.
  ExprP cur = W("norm_r", mux(carry, cat({slice(S, w, 2), red_or(slice(S, 1, 0))}), slice(S, w - 1, 0)));
  const ExprP e0 = W("exp0", zext(be_eff, EWd));
  ExprP ecur = W("exp1", mux(carry, add(e0, cst(EWd, 1)), e0));
  // After a cancellation: left shifts by min(leading zeros, exponent - 1),
  // greedily by powers of two, each allowed only while the exponent stays >= 1.
  int top_stage = 0;
  while ((2 << top_stage) <= w - 1) ++top_stage;
  for (int j = top_stage; j >= 0; --j) {
    const int s = 1 << j;
    const ExprP top_zero = eq(slice(cur, w - 1, w - s), cst(s, 0));
    const ExprP room = bnot(negative(W, fmt::format("room_{}", j), ecur, cst(EWd, uint64_t(s + 1))));
    const ExprP go = W(fmt::format("lshift_{}", j), band(top_zero, room));
    cur = W(fmt::format("norm_l_{}", j), mux(go, cat({slice(cur, w - 1 - s, 0), cst(s, 0)}), cur));
    ecur = W(fmt::format("exp_l_{}", j), mux(go, sub(ecur, cst(EWd, uint64_t(s))), ecur));
  }
  // Round to nearest, ties to even, on guard / round / sticky.
  const ExprP keep = W("keep", slice(cur, w - 1, 3));
  const ExprP up = W("round_up", band(bit(cur, 2), bor(bor(bit(cur, 1), bit(cur, 0)), bit(keep, 0))));
  const ExprP R = W("rounded", add(cat({cst(1, 0), keep}), cat({cst(mb + 1, 0), up})));
  const ExprP rov = bit(R, mb + 1);  // rounding carried into the next binade
  const ExprP keep2 = W("keep2", mux(rov, slice(R, mb + 1, 1), slice(R, mb, 0)));
  const ExprP e2 = W("exp2", mux(rov, add(ecur, cst(EWd, 1)), ecur));
  const ExprP overflow = W("overflow", bnot(negative(W, "exp_m_max", e2, cst(EWd, (uint64_t(1) << e) - 1))));
  const ExprP exp_field = mux(bit(keep2, mb), slice(e2, e - 1, 0), cst(e, 0));  // no hidden bit: subnormal
  const ExprP normal = W("normal", cat({big_s, exp_field, slice(keep2, mb - 1, 0)}));
  // Specials.
  const ExprP nan = W("nan", bor(bor(sx.nan, sy.nan), band(band(sx.inf, sy.inf), bxor(x.sign, y.sign))));
  const ExprP any_inf = W("any_inf", bor(sx.inf, sy.inf));
  const ExprP inf_sign = mux(sx.inf, x.sign, y.sign);
  const ExprP inf_bits = cst(EM, uint64_t((uint64_t(1) << e) - 1) << mb);
  m.assign("s", mux(nan, cst(W_in, f.canonical_nan_bits()),
                    mux(any_inf, cat({inf_sign, inf_bits}),
                        mux(is_zero, cat({band(x.sign, y.sign), cst(EM, 0)}),
                            mux(overflow, cat({big_s, inf_bits}), normal)))));
  return m;
}

}  // namespace tpe::rtl
