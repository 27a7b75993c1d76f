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

namespace tpe::rtl {
namespace {

// Radix-4 digits of a multiplier of format `f`: an unsigned one gets a zero
// sign bit above its top bit.
int radix4_digits(const IntFormat& f) { return (f.bits + (f.is_signed ? 0 : 1) + 1) / 2; }

// A word-level 3:2 compressor: x + y + z == s + c (mod 2^width).
std::pair<ExprP, ExprP> compress(Module& m, const std::string& tag, const ExprP& x, const ExprP& y, const ExprP& z) {
  const int w = x->width;
  m.add(tag + "_s", w, SignalKind::Wire);
  m.assign(tag + "_s", bxor(x, bxor(y, z)));
  m.add(tag + "_maj", w, SignalKind::Wire, /*may_be_unused=*/true);  // the top bit carries out of the word
  m.assign(tag + "_maj", bor(band(x, y), band(z, bor(x, y))));
  m.add(tag + "_c", w, SignalKind::Wire);
  m.assign(tag + "_c", w == 1 ? cst(1, 0) : cat({slice(m.sig(tag + "_maj"), w - 2, 0), cst(1, 0)}));
  return {m.sig(tag + "_s"), m.sig(tag + "_c")};
}

}  // namespace

Module make_matrix2d_opt1_pe(const EngineConfig& cfg) {
  const int AB = cfg.a.bits, BB = cfg.b.bits, ACC = cfg.acc_bits;
  const int AW = 2 * radix4_digits(cfg.a), PPW = BB + 2;  // PPW holds 2|b| and its complement
  // Digits whose partial products land inside the accumulator (bit 2k < ACC).
  const int digits = std::min(radix4_digits(cfg.a), (ACC + 1) / 2);
  Module m;
  m.name = fmt::format("pe_m2d_opt1_{}{}_acc{}", cfg.a.tag(), cfg.b.tag(), ACC);
  m.comment = "2-D matrix OPT1 PE: Booth partial products, correction bits and the carry-save accumulator in one tree.";
  m.add("clk", 1, SignalKind::Input);
  m.add("rst", 1, SignalKind::Input);
  m.add("a_in", AB, SignalKind::Input);
  m.add("b_in", BB, SignalKind::Input);
  m.add("v_in", 1, SignalKind::Input);
  m.add("f_in", 1, SignalKind::Input);
  m.add("acc_s", ACC, SignalKind::Output);
  m.add("acc_c", ACC, SignalKind::Output);
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
  // The fed-back accumulator, zero on the first feed of a tile.
  for (const char* half : {"s", "c"}) {
    const std::string fb = fmt::format("fb_{}", half), acc = fmt::format("acc_{}", half);
    m.add(fb, ACC, SignalKind::Wire);
    m.assign(fb, mux(m.sig("f_in"), cst(ACC, 0), m.sig(acc)));
    terms.push_back(m.sig(fb));
  }
  // Reduce three words to two until two are left, oldest first: the words
  // that entered first (the partial products) meet first, the fed-back
  // sum and carry join late and see the fewest compressor levels.
  int n = 0;
  while (terms.size() > 2) {
    const ExprP x = terms[0], y = terms[1], z = terms[2];
    terms.erase(terms.begin(), terms.begin() + 3);
    auto [s, c] = compress(m, fmt::format("csa{}", n++), x, y, z);
    terms.push_back(s);
    terms.push_back(c);
  }
  m.reg("acc_s", terms[0], pe_enable(m));
  m.reg("acc_c", terms[1], pe_enable(m));
  return m;
}

}  // namespace tpe::rtl
