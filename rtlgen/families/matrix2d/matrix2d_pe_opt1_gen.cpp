// OPT1 for the broadcast array, written from the seed paper's description
// (../shared/ref/tpe_paper.md 1.2): radix-4 Booth recoding of a, partial
// products of b, one carry-save tree with the fed-back sum and carry.
// Unlike a negate-per-digit Booth unit, a negative digit here takes the
// one's complement of its partial product and puts the +1 into a separate
// correction word (bit 2k for digit k) that enters the same tree: no
// carry chain anywhere in the PE.
#include "rtlgen/families/matrix2d/matrix2d_pe_gen.hpp"

#include <algorithm>
#include <deque>

#include <fmt/format.h>

#include "models/families/matrix2d/matrix2d_spec.hpp"
#include "rtlgen/core/carry_save.hpp"

namespace tpe::rtl {
namespace {

// Radix-4 digits of a multiplier of format `f`: an unsigned one gets a zero
// sign bit above its top bit.
int radix4_digits(const IntFormat& f) { return (f.bits + (f.is_signed ? 0 : 1) + 1) / 2; }

// Low bits of the final sum and carry that are zero by construction (a
// shifted partial product's low bits are; see rtlgen/core/carry_save.hpp).
std::pair<int, int> structural_zeros(const std::vector<int>& words, int acc) {
  return feedback_zeros(acc, [&](int s, int c) {
    std::deque<int> tz(words.begin(), words.end());
    tz.push_back(s);
    tz.push_back(c);
    return reduce_oldest_first(tz, [acc](int x, int y, int z) { return compress_zeros(x, y, z, acc); });
  });
}

}  // namespace

Module make_matrix2d_opt1_pe(const EngineConfig& cfg) {
  const int AB = cfg.a.bits, BB = cfg.b.bits, ACC = cfg.acc_bits;
  const int AW = 2 * radix4_digits(cfg.a), PPW = BB + 2;  // PPW holds 2|b| and its complement
  // Digits whose partial products land inside the accumulator (bit 2k < ACC).
  const int digits = std::min(radix4_digits(cfg.a), (ACC + 1) / 2);
  Module m;
  const bool shadow = matrix2d::Params::of(cfg).overlap;
  m.name = pe_name(cfg);
  m.comment = "2-D matrix OPT1 PE: Booth partial products, correction bits and the carry-save accumulator in one tree.";
  m.add("clk", 1, SignalKind::Input);
  m.add("rst", 1, SignalKind::Input);
  m.add("a_in", AB, SignalKind::Input);
  m.add("b_in", BB, SignalKind::Input);
  m.add("v_in", 1, SignalKind::Input);
  m.add("f_in", 1, SignalKind::Input);
  if (shadow) m.add("l_in", 1, SignalKind::Input);
  // Partial product k is a word shifted by 2k; the correction word has bit 0.
  std::vector<int> word_zeros;
  for (int k = 0; k < digits; ++k) word_zeros.push_back(2 * k);
  word_zeros.push_back(0);
  const auto [SZ, CZ] = structural_zeros(word_zeros, ACC);
  m.add("acc_s", ACC - SZ, accumulator_kind(cfg));  // bits [ACC-1:SZ] of the sum (the rest are 0)
  m.add("acc_c", ACC - CZ, accumulator_kind(cfg));  // bits [ACC-1:CZ] of the carry
  m.add("a_x", AW, SignalKind::Wire, /*may_be_unused=*/true);  // an odd-width a's top bit is a copy of its sign
  m.assign("a_x", extend(m.sig("a_in"), AW, cfg.a.is_signed));
  m.add("b_x", PPW, SignalKind::Wire);
  m.assign("b_x", extend(m.sig("b_in"), PPW, cfg.b.is_signed));
  m.add("b_x2", PPW, SignalKind::Wire);
  m.assign("b_x2", cat({slice(m.sig("b_x"), PPW - 2, 0), cst(1, 0)}));

  std::deque<ExprP> terms;  // ACC-wide words whose sum (mod 2^ACC) is the next accumulator
  std::vector<ExprP> negs(size_t(digits), cst(1, 0));
  for (int k = 0; k < digits; ++k) {
    const std::string d = fmt::format("d{}_", k);
    // Digit k from bits a[2k+1], a[2k], a[2k-1] (a[-1] = 0): value -2*hi + mid + lo.
    const ExprP hi_bit = slice(m.sig("a_x"), 2 * k + 1, 2 * k + 1), mid = slice(m.sig("a_x"), 2 * k, 2 * k);
    const ExprP lo = k == 0 ? cst(1, 0) : slice(m.sig("a_x"), 2 * k - 1, 2 * k - 1);
    m.add(d + "x1", 1, SignalKind::Wire);  // |digit| = 1
    m.assign(d + "x1", bxor(mid, lo));
    m.add(d + "x2", 1, SignalKind::Wire);  // |digit| = 2: 011 or 100
    m.assign(d + "x2", band(bnot(bxor(mid, lo)), bxor(hi_bit, mid)));
    m.add(d + "neg", 1, SignalKind::Wire);  // digit < 0 (111 is zero, not negative)
    m.assign(d + "neg", band(hi_bit, bnot(band(mid, lo))));
    const int keep = ACC - 2 * k;  // the partial product's bits that land inside the accumulator
    m.add(d + "pp", PPW, SignalKind::Wire, /*may_be_unused=*/keep < PPW);  // |digit|*b, one's-complemented when negative
    m.assign(d + "pp", bxor(repeat(PPW, m.sig(d + "neg")),
                            bor(band(repeat(PPW, m.sig(d + "x1")), m.sig("b_x")),
                                band(repeat(PPW, m.sig(d + "x2")), m.sig("b_x2")))));
    negs[size_t(k)] = m.sig(d + "neg");
    m.add(d + "word", ACC, SignalKind::Wire);
    const ExprP ext = extend(m.sig(d + "pp"), keep, true);
    m.assign(d + "word", k == 0 ? ext : cat({ext, cst(2 * k, 0)}));
    terms.push_back(m.sig(d + "word"));
  }
  // The +1 of every negative digit, at bit 2k.
  std::vector<ExprP> bits;
  for (int b = ACC - 1; b >= 0; --b) bits.push_back(b % 2 == 0 && b / 2 < digits ? negs[size_t(b / 2)] : cst(1, 0));
  m.add("corr", ACC, SignalKind::Wire);
  m.assign("corr", cat(bits));
  terms.push_back(m.sig("corr"));
  // The fed-back accumulator (its structurally zero low bits restored),
  // zero on the first feed of a tile.
  const std::pair<const char*, int> halves[] = {{"s", SZ}, {"c", CZ}};
  for (const auto& [half, zeros] : halves) {
    const std::string fb = fmt::format("fb_{}", half), acc = fmt::format("acc_{}", half);
    m.add(fb, ACC, SignalKind::Wire);
    const ExprP full = zeros == 0 ? m.sig(acc) : cat({m.sig(acc), cst(zeros, 0)});
    m.assign(fb, mux(m.sig("f_in"), cst(ACC, 0), full));
    terms.push_back(m.sig(fb));
  }
  int n = 0;
  const auto [sum, carry] = reduce_oldest_first(terms, [&](const ExprP& x, const ExprP& y, const ExprP& z) {
    return compress(m, fmt::format("csa{}", n++), x, y, z);
  });
  for (const auto& [half, word] : {std::pair{"s", sum}, std::pair{"c", carry}}) {
    const int zeros = std::string(half) == "s" ? SZ : CZ;
    const std::string w = fmt::format("next_{}", half);
    m.add(w, ACC, SignalKind::Wire, /*may_be_unused=*/zeros > 0);  // its low `zeros` bits are 0
    m.assign(w, word);
    m.reg(fmt::format("acc_{}", half), slice(m.sig(w), ACC - 1, zeros), pe_enable(m));
    if (shadow) add_shadow(m, fmt::format("acc_{}", half), slice(m.sig(w), ACC - 1, zeros));
  }
  return m;
}

}  // namespace tpe::rtl
