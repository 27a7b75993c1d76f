// The Laconic-like bit-slice array (docs/families/bitslice.md): at a load,
// a radix-4 Booth (MBE) encoder per activation lane and per weight lane
// fills the digit registers, and the group's steps T = max(1, max over PEs
// and lanes of nonzero a digits x nonzero w digits) load the down counter.
// Every lane of a PE steps through its term pairs, one per cycle (a digits
// outer, w digits inner, lowest position first): the term d_a * d_w *
// 4^(k_a + k_w) is a signed power of two, and the PE adds its G lanes' terms
// to the accumulator. The timing is sim/families/bitslice/bitslice_model's.
#include <algorithm>

#include <fmt/format.h>

#include "models/families/bitslice/digit_encodings.hpp"
#include "models/util/bits.hpp"
#include "rtlgen/core/array_gen.hpp"
#include "rtlgen/families/bitslice/bitslice_gen.hpp"

namespace tpe::rtl {
namespace {

std::string nm(const char* p, int x, int k) { return fmt::format("{}_{}_{}", p, x, k); }
ExprP bit(const Module& m, const std::string& s, int i) { return slice(m.sig(s), i, i); }

// MBE encoder of lane x of port `port` (format f, D digits): digit k from the
// bit triple (a[2k+1], a[2k], a[2k-1]) of the sign- (unsigned: zero-)
// extended value. Writes <p>enc_<x>_<k> = {neg, two, nz}.
void add_mbe_encoder(Module& top, const std::string& p, const char* port, int x, const IntFormat& f, int D) {
  const std::string v = p + fmt::format("in_{}", x), e = p + fmt::format("ext_{}", x);
  top.add(v, f.bits, SignalKind::Wire);
  top.assign(v, lane(top, port, x, f.bits));
  top.add(e, 2 * D, SignalKind::Wire, /*may_be_unused=*/true);  // a copy of the sign may go unread
  top.assign(e, extend(top.sig(v), 2 * D, f.is_signed));
  for (int k = 0; k < D; ++k) {
    const ExprP hi = bit(top, e, 2 * k + 1), mid = bit(top, e, 2 * k);
    const ExprP lo = k == 0 ? cst(1, 0) : bit(top, e, 2 * k - 1);
    const ExprP nz = bor(bxor(hi, mid), bxor(mid, lo));
    const ExprP neg = band(hi, bnot(band(mid, lo)));
    const ExprP two = bor(band(hi, band(bnot(mid), bnot(lo))), band(bnot(hi), band(mid, lo)));
    top.add(nm((p + "enc").c_str(), x, k), 3, SignalKind::Wire);
    top.assign(nm((p + "enc").c_str(), x, k), cat({neg, two, nz}));
  }
}

// The lowest set bit of `src` (width w) as a one-hot wire `name`.
ExprP lowest_one(Module& m, const std::string& name, const ExprP& src, int w) {
  m.add(name + "_v", w, SignalKind::Wire);
  m.assign(name + "_v", src);
  std::vector<ExprP> bits(static_cast<size_t>(w));
  ExprP below = cst(1, 0);
  for (int k = 0; k < w; ++k) {
    bits[size_t(w - 1 - k)] = band(bit(m, name + "_v", k), bnot(below));
    below = k == 0 ? bit(m, name + "_v", 0) : bor(below, bit(m, name + "_v", k));
  }
  m.add(name, w, SignalKind::Wire);
  m.assign(name, cat(bits));
  return m.sig(name);
}

// Laconic PE: ports clk rst ld a_nz_in[G*Da] b_nz_in[G*Db] a_dig[G*Da*2]
// b_dig[G*Db*2] b_nz[G*Db] en clr -> acc. Per lane: the a digits left
// (arem) and the w digits left for the current a digit (brem), loaded on
// ld from the encoders; on en each lane with both nonzero issues the pair
// (lowest of arem, lowest of brem), drops that w digit and, when it was the
// last, reloads brem and drops the a digit. acc <= (clr ? 0 : acc) + the sum
// of the lanes' terms +-2^(2 k_a + 2 k_w + |d_a|-1 + |d_w|-1).
Module make_laconic_pe(const EngineConfig& cfg) {
  const int G = int(cfg.integer("lanes")), ACC = cfg.acc_bits;
  const int Da = bitslice::digit_count(bitslice::Encoding::Mbe, cfg.a);
  const int Db = bitslice::digit_count(bitslice::Encoding::Mbe, cfg.b);
  Module m;
  m.name = fmt::format("pe_bs_laconic_g{}_{}{}_acc{}", G, cfg.a.tag(), cfg.b.tag(), ACC);
  m.comment = "Laconic PE: per lane one Booth term pair per cycle, a signed power of two; the lanes' terms summed.";
  m.add("clk", 1, SignalKind::Input);
  m.add("rst", 1, SignalKind::Input);
  m.add("ld", 1, SignalKind::Input);
  m.add("a_nz_in", G * Da, SignalKind::Input);
  m.add("b_nz_in", G * Db, SignalKind::Input);
  m.add("a_dig", G * Da * 2, SignalKind::Input);
  m.add("b_dig", G * Db * 2, SignalKind::Input);
  m.add("b_nz", G * Db, SignalKind::Input);
  m.add("en", 1, SignalKind::Input);
  m.add("clr", 1, SignalKind::Input);
  m.add("acc", ACC, SignalKind::Output);
  const ExprP ld = m.sig("ld"), run = band(m.sig("en"), bnot(m.sig("rst")));
  ExprP sum;
  for (int l = 0; l < G; ++l) {
    const std::string ar = fmt::format("arem_{}", l), br = fmt::format("brem_{}", l);
    m.add(ar, Da, SignalKind::Reg);
    m.add(br, Db, SignalKind::Reg);
    const ExprP sa = lowest_one(m, fmt::format("sa_{}", l), m.sig(ar), Da);
    const ExprP sb = lowest_one(m, fmt::format("sb_{}", l), m.sig(br), Db);
    const std::string act = fmt::format("act_{}", l);
    m.add(act, 1, SignalKind::Wire);
    m.assign(act, band(red_or(m.sig(ar)), red_or(m.sig(br))));
    // The issued digits' fields ({neg, two} at bits 2k+1, 2k of lane l's slice).
    auto field = [&](const char* dig, int D, const ExprP& sel, int f) {
      std::vector<ExprP> t;
      for (int k = 0; k < D; ++k) t.push_back(band(slice(sel, k, k), slice(m.sig(dig), (l * D + k) * 2 + f, (l * D + k) * 2 + f)));
      return any_of(t);
    };
    const ExprP neg = bxor(field("a_dig", Da, sa, 1), field("b_dig", Db, sb, 1));
    const ExprP ta = field("a_dig", Da, sa, 0), tb = field("b_dig", Db, sb, 0);
    // 4^(k_a + k_w), one-hot in the accumulator's width.
    std::vector<ExprP> w0(static_cast<size_t>(ACC), cst(1, 0));
    for (int s = 0; s + 0 <= Da + Db - 2 && 2 * s < ACC; ++s) {
      std::vector<ExprP> pairs;
      for (int ka = 0; ka < Da; ++ka) {
        const int kb = s - ka;
        if (kb < 0 || kb >= Db) continue;
        pairs.push_back(band(slice(sa, ka, ka), slice(sb, kb, kb)));
      }
      w0[size_t(ACC - 1 - 2 * s)] = any_of(pairs);
    }
    const std::string p0 = fmt::format("p0_{}", l), mag = fmt::format("mag_{}", l), term = fmt::format("term_{}", l);
    m.add(p0, ACC, SignalKind::Wire);
    m.assign(p0, cat(w0));
    auto shl = [&](int n) { return n == 0 ? m.sig(p0) : n >= ACC ? cst(ACC, 0) : cat({slice(m.sig(p0), ACC - 1 - n, 0), cst(n, 0)}); };
    m.add(mag, ACC, SignalKind::Wire);
    m.assign(mag, mux(band(ta, tb), shl(2), mux(bor(ta, tb), shl(1), shl(0))));
    m.add(term, ACC, SignalKind::Wire);
    m.assign(term, mux(neg, sub(cst(ACC, 0), m.sig(mag)), m.sig(mag)));
    sum = sum ? add(sum, m.sig(term)) : m.sig(term);
    // Sequencing.
    const std::string brn = fmt::format("brn_{}", l);  // brem without the issued w digit
    m.add(brn, Db, SignalKind::Wire);
    m.assign(brn, band(m.sig(br), bnot(sb)));
    const ExprP wrap = bnot(red_or(m.sig(brn)));
    const ExprP step = band(run, m.sig(act));
    m.reg(br, mux(ld, slice(m.sig("b_nz_in"), (l + 1) * Db - 1, l * Db),
                  mux(wrap, slice(m.sig("b_nz"), (l + 1) * Db - 1, l * Db), m.sig(brn))),
          bor(ld, step));
    m.reg(ar, mux(ld, slice(m.sig("a_nz_in"), (l + 1) * Da - 1, l * Da), band(m.sig(ar), bnot(sa))),
          bor(ld, band(step, wrap)));
  }
  m.add("acc_base", ACC, SignalKind::Wire);
  m.assign("acc_base", mux(m.sig("clr"), cst(ACC, 0), m.sig("acc")));
  m.reg("acc", add(m.sig("acc_base"), sum), run);
  return m;
}

}  // namespace

Design generate_laconic(const EngineConfig& cfg) {
  const int R = int(cfg.integer("rows")), C = int(cfg.integer("cols")), G = int(cfg.integer("lanes"));
  const int ACC = cfg.acc_bits;
  const int Da = bitslice::digit_count(bitslice::Encoding::Mbe, cfg.a);
  const int Db = bitslice::digit_count(bitslice::Encoding::Mbe, cfg.b);
  const int NA = ceil_log2(Da + 1), NB = ceil_log2(Db + 1), TW = std::max(1, ceil_log2(Da * Db + 1));
  Module pe = make_laconic_pe(cfg);
  Module top;
  top.name = cfg.tag();
  top.comment = fmt::format(
      "Bit-slice array {}x{}, {} lanes per group, Laconic-like PEs (both operands Booth-encoded, one term pair per lane "
      "and cycle), {} x {} operands, {}-bit accumulators.",
      R, C, G, cfg.a.tag(), cfg.b.tag(), ACC);
  add_bitslice_ports(top, R, C, G, cfg);
  add_bitslice_group_registers(top, R, C, G, cfg, false, false);
  const ExprP v = top.sig("in_valid");
  for (int x = 0; x < R * G; ++x) add_mbe_encoder(top, "a", "a_vec", x, cfg.a, Da);
  for (int x = 0; x < C * G; ++x) add_mbe_encoder(top, "b", "b_vec", x, cfg.b, Db);
  // Digit registers and each lane's nonzero count (from the encoders).
  // The a digits keep {neg, two} (the lanes' a masks load from the
  // encoders and only shrink); the w digits keep their nonzero bit too,
  // which reloads a lane's w mask for each a digit.
  auto lane_regs = [&](const char* p, int lanes, int D, int NW, bool keep_nz) {
    for (int x = 0; x < lanes; ++x) {
      ExprP cnt;
      for (int k = 0; k < D; ++k) {
        const std::string e = nm((std::string(p) + "enc").c_str(), x, k), d = nm((std::string(p) + "d").c_str(), x, k);
        top.add(d, keep_nz ? 3 : 2, SignalKind::Reg);
        top.reg(d, keep_nz ? top.sig(e) : slice(top.sig(e), 2, 1), v);
        const ExprP nz = bit(top, e, 0);
        const ExprP z = NW == 1 ? nz : cat({cst(NW - 1, 0), nz});
        cnt = cnt ? add(cnt, z) : z;
      }
      const std::string n = fmt::format("{}n_{}", p, x);
      top.add(n, NW, SignalKind::Wire);
      top.assign(n, cnt);
      const std::string nt = fmt::format("{}nt_{}", p, x);
      top.add(nt, TW, SignalKind::Wire);
      top.assign(nt, extend(top.sig(n), TW, false));
    }
  };
  lane_regs("a", R * G, Da, NA, false);
  lane_regs("b", C * G, Db, NB, true);
  // T: the largest product of counts over every PE and lane, at least 1.
  ExprP t_max;
  int n = 0;
  for (int i = 0; i < R; ++i)
    for (int j = 0; j < C; ++j)
      for (int l = 0; l < G; ++l) {
        const std::string pr = fmt::format("tp_{}_{}_{}", i, j, l);
        top.add(pr, TW, SignalKind::Wire);
        top.assign(pr, mul(top.sig(fmt::format("ant_{}", i * G + l)), top.sig(fmt::format("bnt_{}", j * G + l)), false));
        if (!t_max) {
          t_max = top.sig(pr);
          continue;
        }
        const std::string mx = fmt::format("tmx_{}", n);
        top.add(mx, TW, SignalKind::Wire);
        top.assign(mx, mux(less_than(top, fmt::format("tlt_{}", n), t_max, top.sig(pr), TW), top.sig(pr), t_max));
        t_max = top.sig(mx);
        ++n;
      }
  top.add("t_raw", TW, SignalKind::Wire);
  top.assign("t_raw", t_max);
  top.add("t_in", TW, SignalKind::Wire);
  const ExprP zero_t = eq(top.sig("t_raw"), cst(TW, 0));  // an all-zero group still takes one step
  top.assign("t_in", bor(top.sig("t_raw"), TW == 1 ? zero_t : cat({cst(TW - 1, 0), zero_t})));
  add_step_counter(top, TW);

  // Per row and per column: the encoders' nonzero masks (for the load) and
  // the registered digits' {neg, two} and nonzero masks.
  auto bus = [&](const char* p, const char* what, int x0, int D) {
    std::vector<ExprP> parts;  // most significant first: lane G-1 .. 0, digit D-1 .. 0
    for (int l = G - 1; l >= 0; --l)
      for (int k = D - 1; k >= 0; --k) {
        const std::string src = std::string(what) == "nz_in" ? nm((std::string(p) + "enc").c_str(), x0 + l, k)
                                                             : nm((std::string(p) + "d").c_str(), x0 + l, k);
        if (std::string(what) == "dig")
          parts.push_back(std::string(p) == "a" ? top.sig(src) : slice(top.sig(src), 2, 1));
        else
          parts.push_back(bit(top, src, 0));
      }
    return cat(parts);
  };
  for (int i = 0; i < R; ++i)
    for (int j = 0; j < C; ++j) {
      Instance inst{pe.name, signal_name("pe", i, j), {}};
      top.add(signal_name("acc", i, j), ACC, SignalKind::Wire);
      inst.connections = {{"clk", top.sig("clk")},
                          {"rst", top.sig("rst")},
                          {"ld", v},
                          {"a_nz_in", bus("a", "nz_in", i * G, Da)},
                          {"b_nz_in", bus("b", "nz_in", j * G, Db)},
                          {"a_dig", bus("a", "dig", i * G, Da)},
                          {"b_dig", bus("b", "dig", j * G, Db)},
                          {"b_nz", bus("b", "nz", j * G, Db)},
                          {"en", top.sig("busy")},
                          {"clr", top.sig("clr")},
                          {"acc", top.sig(signal_name("acc", i, j))}};
      top.instances.push_back(std::move(inst));
    }
  add_row_readout(top, {"acc"}, R, C, ACC, std::max(1, ceil_log2(R)));

  Design d;
  d.modules = {std::move(pe), std::move(top)};
  d.top = d.modules.back().name;
  return d;
}

}  // namespace tpe::rtl
