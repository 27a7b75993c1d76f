#include "rtlgen/families/hbmpim/fp16_mul_gen.hpp"

#include <fmt/format.h>

#include "rtlgen/ir/named_wires.hpp"

namespace tpe::rtl {
namespace {

constexpr int kEw = 8;  // biased exponent while normalizing, two's complement (-33..46 fits)

}  // namespace

Module make_fp16_multiplier() {
  Module m;
  m.name = kFp16MulName;
  m.comment = "fp16 x fp16 rounded once to nearest-even: subnormals in and out, overflow to Inf, canonical NaN 0x7E00 "
              "(models/pim/hbmpim_arith fp16_mul_bits).";
  m.add("a", 16, SignalKind::Input);
  m.add("b", 16, SignalKind::Input);
  m.add("p", 16, SignalKind::Output);
  Wires W{m};
  struct In {
    ExprP sign, exp, man, nan, inf, zero, sig, exp_eff;
  };
  auto unpack = [&](const std::string& n) {
    const ExprP x = m.sig(n);
    In r;
    r.sign = bit(x, 15);
    r.exp = W(n + "_exp", slice(x, 14, 10));
    r.man = W(n + "_man", slice(x, 9, 0));
    const ExprP exp_ones = W(n + "_exp_ones", eq(r.exp, cst(5, 31)));
    const ExprP exp_zero = W(n + "_exp_zero", eq(r.exp, cst(5, 0)));
    const ExprP man_nz = W(n + "_man_nz", red_or(r.man));
    r.nan = W(n + "_nan", band(exp_ones, man_nz));
    r.inf = W(n + "_inf", band(exp_ones, bnot(man_nz)));
    r.zero = W(n + "_zero", band(exp_zero, bnot(man_nz)));
    r.sig = W(n + "_sig", cat({bnot(exp_zero), r.man}));                  // hidden bit, 10 fraction bits
    r.exp_eff = W(n + "_exp_eff", mux(exp_zero, cst(5, 1), r.exp));      // a subnormal's exponent is 1
    return r;
  };
  const In a = unpack("a"), b = unpack("b");
  const ExprP sign = W("sign", bxor(a.sign, b.sign));
  // The exact product of the significands: 22 bits, value P x 2^-20.
  ExprP P = W("prod", mul(zext(a.sig, 22), zext(b.sig, 22), false));
  // Biased exponent with the leading one at bit 21: ea + eb - 14.
  ExprP E = W("exp0", sub(add(zext(a.exp_eff, kEw), zext(b.exp_eff, kEw)), cst(kEw, 14)));
  // Left normalization (a subnormal input leaves leading zeros): greedy shifts by 16, 8, 4, 2, 1.
  for (int s : {16, 8, 4, 2, 1}) {
    const ExprP go = W(fmt::format("lshift_{}", s), eq(slice(P, 21, 22 - s), cst(s, 0)));
    P = W(fmt::format("norm_{}", s), mux(go, cat({slice(P, 21 - s, 0), cst(s, 0)}), P));
    E = W(fmt::format("exp_{}", s), mux(go, sub(E, cst(kEw, uint64_t(s))), E));
  }
  // Below the normal range (E <= 0): shift right by 1 - E (up to 34), lost bits into a sticky bit.
  const ExprP tiny = W("tiny", bor(bit(E, kEw - 1), eq(E, cst(kEw, 0))));
  const ExprP rsh = W("rshift", mux(tiny, sub(cst(kEw, 1), E), cst(kEw, 0)));
  ExprP R = P;
  ExprP sticky = cst(1, 0);
  for (int i = 0; i < 6; ++i) {
    const int s = 1 << i;
    const ExprP go = bit(rsh, i);
    const ExprP lost = s >= 22 ? red_or(R) : red_or(slice(R, s - 1, 0));
    const ExprP shifted = s >= 22 ? cst(22, 0) : cat({cst(s, 0), slice(R, 21, s)});
    sticky = W(fmt::format("sticky_{}", s), bor(sticky, band(go, lost)));
    R = W(fmt::format("rnorm_{}", s), mux(go, shifted, R));
  }
  // Exponent field: E when normal, 0 when subnormal; RNE on guard (bit 10) and sticky.
  const ExprP exp_field = W("exp_field", mux(tiny, cst(5, 0), slice(E, 4, 0)));
  const ExprP kept = W("kept", cat({cst(1, 0), exp_field, slice(R, 20, 11)}));
  const ExprP st = W("sticky", bor(sticky, red_or(slice(R, 9, 0))));
  const ExprP up = W("round_up", band(bit(R, 10), bor(st, bit(R, 11))));
  const ExprP rounded = W("rounded", add(kept, zext(up, 16)));  // a carry into exponent 31 is Inf
  // E >= 31 before rounding: overflow.
  const ExprP e_m31 = W("exp_m31", sub(E, cst(kEw, 31)));
  const ExprP overflow = W("overflow", band(bnot(bit(E, kEw - 1)), bnot(bit(e_m31, kEw - 1))));
  const ExprP nan = W("nan", bor(bor(a.nan, b.nan), bor(band(a.inf, b.zero), band(b.inf, a.zero))));
  const ExprP inf = W("inf", bor(a.inf, b.inf));
  const ExprP zero = W("zero", bor(a.zero, b.zero));
  m.assign("p", mux(nan, cst(16, 0x7E00),
                    mux(bor(inf, overflow), cat({sign, cst(15, 0x7C00)}),
                        mux(zero, cat({sign, cst(15, 0)}), cat({sign, slice(rounded, 14, 0)})))));
  return m;
}

}  // namespace tpe::rtl
