#include "rtlgen/families/bitslice/bitslice_pe_gen.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "models/families/bitslice/bitslice_cycles.hpp"
#include "models/families/bitslice/digit_encodings.hpp"
#include "models/util/bits.hpp"
#include "rtlgen/core/array_gen.hpp"

namespace tpe::rtl {

int stripes_term_bits(const EngineConfig& cfg) { return cfg.a.bits + cfg.b.bits + 1; }

Module make_stripes_pe(const EngineConfig& cfg) {
  const int G = int(cfg.integer("lanes")), ACC = cfg.acc_bits, WB = stripes_term_bits(cfg);
  const int PW = WB + ceil_log2(G);  // the exact sum of G terms
  Module m;
  m.name = fmt::format("pe_bs_stripes_g{}_w{}_acc{}", G, WB, ACC);
  m.comment = "Stripes PE: one activation bit plane per cycle ANDs the column's shifted weights into an adder tree.";
  m.add("clk", 1, SignalKind::Input);
  m.add("rst", 1, SignalKind::Input);
  m.add("abit", G, SignalKind::Input);
  m.add("w", G * WB, SignalKind::Input);
  m.add("en", 1, SignalKind::Input);
  m.add("clr", 1, SignalKind::Input);
  m.add("acc", ACC, SignalKind::Output);
  ExprP sum;
  for (int l = 0; l < G; ++l) {
    const std::string t = fmt::format("t_{}", l);
    m.add(t, WB, SignalKind::Wire);
    m.assign(t, band(repeat(WB, slice(m.sig("abit"), l, l)), slice(m.sig("w"), (l + 1) * WB - 1, l * WB)));
    const ExprP x = extend(m.sig(t), PW, true);
    sum = sum ? add(sum, x) : x;
  }
  m.add("partial", PW, SignalKind::Wire, /*may_be_unused=*/ACC < PW);
  m.assign("partial", sum);
  m.add("partial_acc", ACC, SignalKind::Wire);
  m.assign("partial_acc", extend(m.sig("partial"), ACC, true));
  m.add("acc_base", ACC, SignalKind::Wire);
  m.assign("acc_base", mux(m.sig("clr"), cst(ACC, 0), m.sig("acc")));
  m.reg("acc", add(m.sig("acc_base"), m.sig("partial_acc")), band(m.sig("en"), bnot(m.sig("rst"))));
  return m;
}

}  // namespace tpe::rtl

namespace tpe::rtl {

int opt4c_weight_bits(const EngineConfig& cfg) {
  const int D = bitslice::digit_count(bitslice::Encoding::EnT, cfg.a);
  return std::min(cfg.acc_bits, cfg.b.bits + 2 * (D - 1));
}

Module make_opt3_pe(const EngineConfig& cfg) {
  // OPT4C's and OPT4E's PEs are OPT3's without the shifter: their weights
  // arrive shifted. OPT4E's PE group has S slots (own lane select and
  // partial product each) into one compressor and one sum/carry pair.
  const bool shifter = cfg.pe == "opt3";
  const int S = bitslice::issue_slots(cfg);
  const int G = int(cfg.integer("lanes")), ACC = cfg.acc_bits;
  const int BB = shifter ? cfg.b.bits : opt4c_weight_bits(cfg), PPW = BB + 2;
  const int D = shifter ? bitslice::digit_count(bitslice::Encoding::EnT, cfg.a) : 1;
  Module m;
  if (shifter) {
    m.name = fmt::format("pe_bs_opt3_g{}_{}_d{}_acc{}", G, cfg.b.tag(), D, ACC);
    m.comment = "OPT3 PE: one EN-T partial product per cycle into a 3:2 compressor; sum and carry kept until read-out.";
  } else if (S == 1) {
    m.name = fmt::format("pe_bs_opt4c_g{}_w{}{}_acc{}", G, cfg.b.is_signed ? "s" : "u", BB, ACC);
    m.comment = "OPT4C PE: the column's shifted weight of the selected lane, +-1 or +-2 times, into a 3:2 compressor.";
  } else {
    m.name = fmt::format("pe_bs_opt4e_g{}_s{}_w{}{}_acc{}", G, S, cfg.b.is_signed ? "s" : "u", BB, ACC);
    m.comment = fmt::format(
        "OPT4E PE group: {} slots, each the shifted weight of its selected lane +-1 or +-2 times; the {} partial "
        "products, sum and carry into one {}:2 compressor ({} rows of 3:2).",
        S, S, S + 2, S);
  }
  m.add("clk", 1, SignalKind::Input);
  m.add("rst", 1, SignalKind::Input);
  m.add("sel", G, SignalKind::Input);  // one-hot per slot (the slots' lanes are disjoint)
  m.add("b", G * BB, SignalKind::Input);
  m.add("neg", S, SignalKind::Input);
  m.add("two", S, SignalKind::Input);
  if (shifter)  // positions past the accumulator add nothing
    m.add("pos", D, SignalKind::Input, /*may_be_unused=*/2 * (D - 1) >= ACC);
  m.add("en", 1, SignalKind::Input);
  m.add("clr", 1, SignalKind::Input);
  m.add("acc_s", ACC, SignalKind::Output);
  // The carry's bit 0 is always 0: it is neither registered nor put on a
  // port (a constant output port of a hierarchical PE crashes OpenSTA
  // 2.0.17's power report); the read-out puts it back.
  m.add("acc_c", ACC - 1, SignalKind::Output);
  auto name = [&](const char* n, int t) { return S == 1 ? std::string(n) : fmt::format("{}_{}", n, t); };
  auto slot_bit = [&](const char* port, int t) { return S == 1 ? m.sig(port) : slice(m.sig(port), t, t); };
  std::vector<std::string> pps;
  for (int t = 0; t < S; ++t) {
    // The slot's selected lane's weight (one-hot AND-OR), then +-b or +-2b exactly.
    std::vector<ExprP> picks;
    for (int l = t; l < G; l += S)
      picks.push_back(band(repeat(BB, slice(m.sig("sel"), l, l)), slice(m.sig("b"), (l + 1) * BB - 1, l * BB)));
    m.add(name("bsel", t), BB, SignalKind::Wire);
    m.assign(name("bsel", t), or_tree(picks));
    m.add(name("bx", t), PPW, SignalKind::Wire);
    m.assign(name("bx", t), extend(m.sig(name("bsel", t)), PPW, cfg.b.is_signed));
    m.add(name("mag", t), PPW, SignalKind::Wire);
    m.assign(name("mag", t), mux(slot_bit("two", t), cat({slice(m.sig(name("bx", t)), PPW - 2, 0), cst(1, 0)}),
                                 m.sig(name("bx", t))));
    m.add(name("pp", t), PPW, SignalKind::Wire, /*may_be_unused=*/ACC < PPW);
    m.assign(name("pp", t), mux(slot_bit("neg", t), sub(cst(PPW, 0), m.sig(name("mag", t))), m.sig(name("mag", t))));
    m.add(name("pp_acc", t), ACC, SignalKind::Wire);
    m.assign(name("pp_acc", t), extend(m.sig(name("pp", t)), ACC, true));
    m.add(name("ppw", t), ACC, SignalKind::Wire);
    if (shifter) {
      std::vector<ExprP> shifted;
      for (int k = 0; k < D && 2 * k < ACC; ++k) {
        const ExprP sh = k == 0 ? m.sig("pp_acc") : cat({slice(m.sig("pp_acc"), ACC - 1 - 2 * k, 0), cst(2 * k, 0)});
        shifted.push_back(band(repeat(ACC, slice(m.sig("pos"), k, k)), sh));
      }
      m.assign("ppw", or_tree(shifted));
    } else {
      m.assign(name("ppw", t), m.sig(name("pp_acc", t)));
    }
    pps.push_back(name("ppw", t));
  }
  m.add("s_b", ACC, SignalKind::Wire);
  m.assign("s_b", mux(m.sig("clr"), cst(ACC, 0), m.sig("acc_s")));
  m.add("c_b", ACC, SignalKind::Wire);
  m.assign("c_b", mux(m.sig("clr"), cst(ACC, 0), cat({m.sig("acc_c"), cst(1, 0)})));
  // Rows of 3:2 compressors, slot 0's partial product first: (sum, carry,
  // pp_t) -> (sum, carry); the last row's outputs are the registers' inputs.
  std::string sum = "s_b", carry = "c_b";
  for (int t = 0; t < S; ++t) {
    const ExprP x = m.sig(sum), y = m.sig(carry), z = m.sig(pps[size_t(t)]);
    const std::string maj = name("maj", t);
    m.add(maj, ACC, SignalKind::Wire, /*may_be_unused=*/true);  // the top bit carries out of the word
    m.assign(maj, bor(band(x, y), band(z, bor(x, y))));
    if (t == S - 1) {
      const ExprP en = band(m.sig("en"), bnot(m.sig("rst")));
      m.reg("acc_s", bxor(x, bxor(y, z)), en);
      m.reg("acc_c", slice(m.sig(maj), ACC - 2, 0), en);
      break;
    }
    m.add(name("cs_s", t), ACC, SignalKind::Wire);
    m.assign(name("cs_s", t), bxor(x, bxor(y, z)));
    m.add(name("cs_c", t), ACC, SignalKind::Wire);
    m.assign(name("cs_c", t), cat({slice(m.sig(maj), ACC - 2, 0), cst(1, 0)}));
    sum = name("cs_s", t);
    carry = name("cs_c", t);
  }
  return m;
}

}  // namespace tpe::rtl
