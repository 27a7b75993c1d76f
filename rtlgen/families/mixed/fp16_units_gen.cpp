#include "rtlgen/families/mixed/fp16_units_gen.hpp"

#include <fmt/format.h>

#include "rtlgen/ir/named_wires.hpp"

namespace tpe::rtl {
namespace {

constexpr int kEw = 9;  // fp32 biased exponent: 79..158 for a product, 103..142 widened (unsigned)

// An fp16 input port's fields and classes, as named wires `<port>_...`.
struct Fp16In {
  ExprP sign, nan, inf, zero, sig, exp_eff;
};
Fp16In unpack(Wires& W, const std::string& port) {
  const ExprP x = W.m.sig(port);
  Fp16In r;
  r.sign = bit(x, 15);
  const ExprP exp = W(port + "_exp", slice(x, 14, 10));
  const ExprP man = W(port + "_man", slice(x, 9, 0));
  const ExprP exp_ones = W(port + "_exp_ones", eq(exp, cst(5, 31)));
  const ExprP exp_zero = W(port + "_exp_zero", eq(exp, cst(5, 0)));
  const ExprP man_nz = W(port + "_man_nz", red_or(man));
  r.nan = W(port + "_nan", band(exp_ones, man_nz));
  r.inf = W(port + "_inf", band(exp_ones, bnot(man_nz)));
  r.zero = W(port + "_zero", band(exp_zero, bnot(man_nz)));
  r.sig = W(port + "_sig", cat({bnot(exp_zero), man}));              // hidden bit, 10 fraction bits
  r.exp_eff = W(port + "_exp_eff", mux(exp_zero, cst(5, 1), exp));  // a subnormal's exponent is 1
  return r;
}

}  // namespace

Module make_fp16_exact_mul() {
  Module m;
  m.name = kFp16ExactMulName;
  m.comment = "fp16 x fp16 -> fp32, exact (no rounding needed): subnormal inputs normalized, NaN -> 0x7FC00000, "
              "Inf x 0 -> NaN.";
  m.add("a", 16, SignalKind::Input);
  m.add("b", 16, SignalKind::Input);
  m.add("p", 32, SignalKind::Output);
  Wires W{m};
  const Fp16In a = unpack(W, "a"), b = unpack(W, "b");
  const ExprP sign = W("sign", bxor(a.sign, b.sign));
  // P x 2^(ea + eb - 50); with the leading one at bit 21 the fp32 biased
  // exponent is ea + eb - 50 + 21 + 127 = ea + eb + 98, less the left shifts.
  ExprP P = W("prod", mul(zext(a.sig, 22), zext(b.sig, 22), false));
  ExprP E = W("exp0", add(add(zext(a.exp_eff, kEw), zext(b.exp_eff, kEw)), cst(kEw, 98)));
  for (int s : {16, 8, 4, 2, 1}) {  // greedy: at most 20 shifts (two smallest subnormals)
    const ExprP go = W(fmt::format("lshift_{}", s), eq(slice(P, 21, 22 - s), cst(s, 0)));
    P = W(fmt::format("norm_{}", s), mux(go, cat({slice(P, 21 - s, 0), cst(s, 0)}), P));
    E = W(fmt::format("exp_{}", s), mux(go, sub(E, cst(kEw, uint64_t(s))), E));
  }
  const ExprP nan = W("nan", bor(bor(a.nan, b.nan), bor(band(a.inf, b.zero), band(b.inf, a.zero))));
  const ExprP inf = W("inf", bor(a.inf, b.inf));
  const ExprP zero = W("zero", bor(a.zero, b.zero));
  m.assign("p", mux(nan, cst(32, 0x7FC00000u),
                    mux(inf, cat({sign, cst(31, 0x7F800000u)}),
                        mux(zero, cat({sign, cst(31, 0)}), cat({sign, slice(E, 7, 0), slice(P, 20, 0), cst(2, 0)})))));
  return m;
}

Module make_fp16_to_fp32() {
  Module m;
  m.name = kFp16ToFp32Name;
  m.comment = "fp16 -> fp32, exact: subnormals normalized, NaN -> 0x7FC00000.";
  m.add("a", 16, SignalKind::Input);
  m.add("p", 32, SignalKind::Output);
  Wires W{m};
  const Fp16In a = unpack(W, "a");
  // A subnormal (exponent field 0 read as 1) goes left until its leading one is the hidden bit.
  ExprP sig = a.sig;
  ExprP E = W("exp0", add(zext(a.exp_eff, kEw), cst(kEw, 112)));
  for (int s : {8, 4, 2, 1}) {
    const ExprP go = W(fmt::format("lshift_{}", s), eq(slice(sig, 10, 11 - s), cst(s, 0)));
    sig = W(fmt::format("norm_{}", s), mux(go, cat({slice(sig, 10 - s, 0), cst(s, 0)}), sig));
    E = W(fmt::format("exp_{}", s), mux(go, sub(E, cst(kEw, uint64_t(s))), E));
  }
  m.assign("p", mux(a.nan, cst(32, 0x7FC00000u),
                    mux(a.inf, cat({a.sign, cst(31, 0x7F800000u)}),
                        mux(a.zero, cat({a.sign, cst(31, 0)}), cat({a.sign, slice(E, 7, 0), slice(sig, 9, 0), cst(13, 0)})))));
  return m;
}

Module make_fp32_to_fp16() {
  Module m;
  m.name = kFp32ToFp16Name;
  m.comment = "fp32 -> fp16 rounded once to nearest-even: subnormal results, overflow to Inf, NaN -> 0x7E00.";
  m.add("x", 32, SignalKind::Input);
  m.add("h", 16, SignalKind::Output);
  Wires W{m};
  const ExprP x = m.sig("x");
  const ExprP sign = bit(x, 31);
  const ExprP E = W("exp", slice(x, 30, 23));
  const ExprP man = W("man", slice(x, 22, 0));
  const ExprP exp_ones = W("exp_ones", eq(E, cst(8, 255)));
  const ExprP man_nz = W("man_nz", red_or(man));
  const ExprP nan = W("nan", band(exp_ones, man_nz));
  const ExprP inf = W("inf", band(exp_ones, bnot(man_nz)));
  // fp16's biased exponent would be E - 112. At or above 31: overflow.
  const ExprP overflow = W("overflow", bnot(bit(W("e_m143", sub(zext(E, 9), cst(9, 143))), 8)));
  // Below 1 (E < 113): the significand goes right by 113 - E more places
  // (saturated at 31: from 25 on only the sticky bit is left).
  const ExprP below = W("below", bit(W("e_m113", sub(zext(E, 9), cst(9, 113))), 8));
  const ExprP d_full = W("d_full", sub(cst(8, 113), E));  // meaningful when below
  const ExprP d = W("rshift", mux(below, mux(eq(slice(d_full, 7, 5), cst(3, 0)), slice(d_full, 4, 0), cst(5, 31)),
                                  cst(5, 0)));
  ExprP R = W("sig", cat({red_or(E), man}));  // 24 bits, hidden bit from the exponent
  ExprP sticky = cst(1, 0);
  for (int i = 0; i < 5; ++i) {
    const int s = 1 << i;
    const ExprP go = bit(d, i);
    const ExprP lost = red_or(slice(R, s - 1, 0));
    sticky = W(fmt::format("sticky_{}", s), bor(sticky, band(go, lost)));
    R = W(fmt::format("rsh_{}", s), mux(go, cat({cst(s, 0), slice(R, 23, s)}), R));
  }
  // Keep 10 fraction bits (bits 22..13), guard bit 12, sticky below.
  const ExprP exp_field = W("exp_field", mux(below, cst(5, 0), slice(W("e_m112", sub(E, cst(8, 112))), 4, 0)));
  const ExprP kept = W("kept", cat({exp_field, slice(R, 22, 13)}));
  const ExprP st = W("sticky", bor(sticky, red_or(slice(R, 11, 0))));
  const ExprP up = W("round_up", band(bit(R, 12), bor(st, bit(R, 13))));
  const ExprP rounded = W("rounded", add(kept, zext(up, 15)));  // a carry into exponent 31 is Inf
  m.assign("h", mux(nan, cst(16, 0x7E00),
                    mux(bor(inf, overflow), cat({sign, cst(15, 0x7C00)}), cat({sign, rounded}))));
  return m;
}

}  // namespace tpe::rtl
