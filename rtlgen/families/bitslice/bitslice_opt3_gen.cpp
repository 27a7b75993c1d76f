// The OPT3 bit-slice array top (docs/families/bitslice.md): at a load, an
// EN-T encoder per activation lane (the paper keeps EN-T codes in the input
// buffer) fills the digit registers, and the group's cycle count T (the
// slowest row's sum over digit positions of max(1, nonzero digits)) loads a
// down counter; each row's sparse encoder then issues one nonzero digit per
// cycle to the row's PEs, which compress it into their carry-save sum and
// carry. OPT4C (cfg.pe == "opt4c"): the rows step through the digit
// positions together (T: per position the most nonzero digits of any row,
// floored at 1, summed), so the shift by 2 x position is applied once per
// column to the weights and the PEs have none. The timing is
// sim/families/bitslice/bitslice_model's.
#include <algorithm>

#include <fmt/format.h>

#include "models/families/bitslice/bitslice_cycles.hpp"
#include "models/families/bitslice/digit_encodings.hpp"
#include "models/util/bits.hpp"
#include "rtlgen/core/array_gen.hpp"
#include "rtlgen/families/bitslice/bitslice_gen.hpp"
#include "rtlgen/families/bitslice/bitslice_pe_gen.hpp"

namespace tpe::rtl {
namespace {

std::string nm(const char* p, int i, int l, int k) { return fmt::format("{}_{}_{}_{}", p, i, l, k); }
ExprP bit(const Module& m, const std::string& s, int i) { return slice(m.sig(s), i, i); }

// EN-T encoder of lane x of a_vec (tpe_paper.md 1.6): sign-magnitude, the
// magnitude's radix-4 digits recoded with a carry (raw 3 -> -1 carry 1, raw 4
// -> 0 carry 1), the sign applied. Writes enc_<x>_<k> = {neg, two, nz}.
void add_encoder(Module& top, int x, const EngineConfig& cfg, int D) {
  const int AB = cfg.a.bits, MW = 2 * D;
  const std::string a = fmt::format("ea_{}", x), mag = fmt::format("emag_{}", x), mx = fmt::format("emx_{}", x);
  top.add(a, AB, SignalKind::Wire);
  top.assign(a, lane(top, "a_vec", x, AB));
  ExprP sign = cst(1, 0);
  top.add(mag, AB, SignalKind::Wire);
  if (cfg.a.is_signed) {
    sign = bit(top, a, AB - 1);
    top.assign(mag, mux(sign, sub(cst(AB, 0), top.sig(a)), top.sig(a)));
  } else {
    top.assign(mag, top.sig(a));
  }
  top.add(mx, MW, SignalKind::Wire);
  top.assign(mx, extend(top.sig(mag), MW, false));
  ExprP carry = cst(1, 0);
  for (int k = 0; k < D; ++k) {
    const ExprP hi = bit(top, mx, 2 * k + 1), lo = bit(top, mx, 2 * k);
    auto is = [&](int v) { return band(v & 2 ? hi : bnot(hi), v & 1 ? lo : bnot(lo)); };
    const ExprP c = carry, nc = bnot(carry);
    const ExprP zero = bor(band(is(0), nc), band(is(3), c));  // raw 0 or 4
    const ExprP two = bor(band(is(2), nc), band(is(1), c));
    const ExprP minus = bor(band(is(3), nc), band(is(2), c));  // raw 3: -1
    const std::string cn = nm("ecy", x, k, 0);
    top.add(cn, 1, SignalKind::Wire, /*may_be_unused=*/k == D - 1);  // the top digit never carries out
    top.assign(cn, bor(is(3), band(is(2), c)));
    carry = top.sig(cn);
    const std::string e = nm("enc", x, k, 0);
    top.add(e, 3, SignalKind::Wire);
    top.assign(e, cat({band(bnot(zero), bxor(minus, sign)), two, bnot(zero)}));
  }
}

}  // namespace

ExprP less_than(Module& m, const std::string& tag, const ExprP& a, const ExprP& b, int w) {
  m.add(tag + "_a", w + 1, SignalKind::Wire);
  m.assign(tag + "_a", cat({cst(1, 0), a}));
  m.add(tag + "_b", w + 1, SignalKind::Wire);
  m.assign(tag + "_b", cat({cst(1, 0), b}));
  m.add(tag + "_d", w + 1, SignalKind::Wire, /*may_be_unused=*/true);  // only the borrow is read
  m.assign(tag + "_d", sub(m.sig(tag + "_a"), m.sig(tag + "_b")));
  return bit(m, tag + "_d", w);
}

void add_step_counter(Module& top, int TW) {
  const ExprP v = top.sig("in_valid");
  top.add("left", TW, SignalKind::Reg);
  top.add("busy", 1, SignalKind::Wire);
  top.assign("busy", red_or(top.sig("left")));
  top.reg("left", mux(v, top.sig("t_in"), sub(top.sig("left"), cst(TW, 1))), bor(v, top.sig("busy")), cst(TW, 0));
  top.add("fresh", 1, SignalKind::Reg);  // the group's first step: clears on in_first
  top.reg("fresh", v, bor(v, top.sig("busy")));
  top.assign("idle", bnot(top.sig("busy")));
  top.assign("ready", bor(bnot(top.sig("busy")),
                          bor(eq(top.sig("left"), cst(TW, 1)), eq(top.sig("left"), cst(TW, 2)))));
  top.add("clr", 1, SignalKind::Wire);
  top.assign("clr", band(top.sig("f_q"), top.sig("fresh")));
}

Design generate_opt3(const EngineConfig& cfg) {
  // OPT4C, OPT4E: the array at one digit position at a time; OPT4E: S slots.
  const bool sync = cfg.pe == "opt4c" || cfg.pe == "opt4e";
  const int S = bitslice::issue_slots(cfg);
  const int R = int(cfg.integer("rows")), C = int(cfg.integer("cols")), G = int(cfg.integer("lanes"));
  const int ACC = cfg.acc_bits, D = bitslice::digit_count(bitslice::Encoding::EnT, cfg.a);
  const int TW = ceil_log2(D * G + 1), NW = ceil_log2(G + 1), PW = std::max(1, ceil_log2(D));
  Module pe = make_opt3_pe(cfg);
  Module top;
  top.name = cfg.tag();
  top.comment = fmt::format(
      "Bit-slice array {}x{}, {} lanes per group, {} PEs (EN-T encoded activations, zero digits skipped, one partial "
      "product per cycle, carry-save accumulators{}), {} x {} operands, {}-bit accumulators.",
      R, C, G, S > 1 ? "OPT4E" : sync ? "OPT4C" : "OPT3", sync ? "; rows synchronized per digit position, shifts per column" : "", cfg.a.tag(), cfg.b.tag(), ACC);
  add_bitslice_ports(top, R, C, G, cfg);
  add_bitslice_group_registers(top, R, C, G, cfg, false, true);
  const ExprP v = top.sig("in_valid");

  // Encoders on the input lanes; digit registers ad_<i>_<l>_<k> = {neg, two, nz}.
  for (int x = 0; x < R * G; ++x) add_encoder(top, x, cfg, D);
  for (int i = 0; i < R; ++i)
    for (int l = 0; l < G; ++l)
      for (int k = 0; k < D; ++k) {
        top.add(nm("ad", i, l, k), 3, SignalKind::Reg);
        top.reg(nm("ad", i, l, k), top.sig(nm("enc", i * G + l, k, 0)), v);
      }

  // The group's cycles from the encoders. OPT3: per row sum_k max(1,
  // popcount of nz over the lanes), then the maximum over the rows. OPT4C:
  // per position the maximum over the rows, then max(1, .) summed.
  // 1 as a TW-bit word when c holds, else 0 (the floor of an empty count).
  auto one_if = [&](const ExprP& c) { return TW == 1 ? c : cat({cst(TW - 1, 0), c}); };
  ExprP t_max;
  std::vector<ExprP> pos_max(static_cast<size_t>(D));
  for (int i = 0; i < R; ++i) {
    ExprP row;
    for (int k = 0; k < D; ++k) {
      for (int sl = 0; sl < S; ++sl) {  // OPT4E: a count per slot (lanes sl, sl + S, ...)
        ExprP cnt;
        for (int l = sl; l < G; l += S) {
          const std::string z = nm("enz", i, l, k);
          top.add(z, NW, SignalKind::Wire);
          const ExprP nz = bit(top, nm("enc", i * G + l, k, 0), 0);
          top.assign(z, NW == 1 ? nz : cat({cst(NW - 1, 0), nz}));
          cnt = cnt ? add(cnt, top.sig(z)) : top.sig(z);
        }
        const std::string n = nm("ennz", i, k, sl);
        top.add(n, NW, SignalKind::Wire);
        top.assign(n, cnt);
        if (sync) {
          if (!pos_max[size_t(k)]) {
            pos_max[size_t(k)] = top.sig(n);
          } else {
            const std::string mx = nm("pmax", i, k, sl);
            top.add(mx, NW, SignalKind::Wire);
            top.assign(mx, mux(less_than(top, nm("plt", i, k, sl), pos_max[size_t(k)], top.sig(n), NW), top.sig(n),
                               pos_max[size_t(k)]));
            pos_max[size_t(k)] = top.sig(mx);
          }
          continue;
        }
        const std::string f = nm("efl", i, k, 0);  // max(1, n): a zero count becomes 1
        top.add(f, TW, SignalKind::Wire);
        top.assign(f, extend(top.sig(n), TW, false));
        const std::string g = nm("eflo", i, k, 0);
        top.add(g, TW, SignalKind::Wire);
        top.assign(g, bor(top.sig(f), one_if(eq(top.sig(n), cst(NW, 0)))));
        row = row ? add(row, top.sig(g)) : top.sig(g);
      }
    }
    if (sync) continue;
    const std::string rt = signal_name("rowt", i);
    top.add(rt, TW, SignalKind::Wire);
    top.assign(rt, row);
    if (!t_max) {
      t_max = top.sig(rt);
    } else {
      const std::string mx = signal_name("tmax", i);
      top.add(mx, TW, SignalKind::Wire);
      top.assign(mx, mux(less_than(top, signal_name("tlt", i), t_max, top.sig(rt), TW), top.sig(rt), t_max));
      t_max = top.sig(mx);
    }
  }
  if (sync) {
    for (int k = 0; k < D; ++k) {
      const std::string f = signal_name("pfl", k);  // max(1, the position's most nonzero digits)
      top.add(f, TW, SignalKind::Wire);
      top.assign(f, bor(extend(pos_max[size_t(k)], TW, false), one_if(eq(pos_max[size_t(k)], cst(NW, 0)))));
      t_max = t_max ? add(t_max, top.sig(f)) : top.sig(f);
    }
  }
  top.add("t_in", TW, SignalKind::Wire);
  top.assign("t_in", t_max);

  // Down counter of the group's steps; busy while it is nonzero.
  add_step_counter(top, TW);

  // Each row's sparse encoder: position pos (one-hot ps), lanes taken at it,
  // done. OPT4C: one position for the array, no done (the down counter ends
  // the group as the last position ends).
  auto add_position = [&](const std::string& pos, const std::string& ps) {
    top.add(pos, PW, SignalKind::Reg);
    std::vector<ExprP> ps_bits;
    for (int k = D - 1; k >= 0; --k) ps_bits.push_back(eq(top.sig(pos), cst(PW, uint64_t(k))));
    top.add(ps, D, SignalKind::Wire);
    top.assign(ps, cat(ps_bits));
  };
  if (sync) add_position("pos", "ps");
  std::vector<ExprP> mores;
  for (int i = 0; i < R; ++i) {
    const std::string pos = sync ? "pos" : signal_name("pos", i), taken = signal_name("taken", i),
                      done = signal_name("done", i), ps = sync ? "ps" : signal_name("ps", i);
    top.add(taken, G, SignalKind::Reg);
    if (!sync) {
      add_position(pos, ps);
      top.add(done, 1, SignalKind::Reg);
    }
    // Field f (0 nz, 1 two, 2 neg) of each lane's digit at the row's position.
    auto field = [&](int l, int f) {
      std::vector<ExprP> t;
      for (int k = 0; k < D; ++k) t.push_back(band(bit(top, ps, k), bit(top, nm("ad", i, l, k), f)));
      return any_of(t);
    };
    std::vector<ExprP> cur_bits;
    for (int l = G - 1; l >= 0; --l) cur_bits.push_back(band(field(l, 0), bnot(bit(top, taken, l))));
    const std::string cur = signal_name("cur", i);
    top.add(cur, G, SignalKind::Wire);
    top.assign(cur, cat(cur_bits));
    // Each slot's lowest remaining lane, one-hot (a prefix OR chain over the
    // slot's lanes; one slot of every lane but for OPT4E).
    std::vector<ExprP> sel_bits(static_cast<size_t>(G));
    for (int sl = 0; sl < S; ++sl) {
      ExprP below = cst(1, 0);
      for (int l = sl; l < G; l += S) {
        sel_bits[size_t(G - 1 - l)] = band(bit(top, cur, l), bnot(below));
        below = l == sl ? bit(top, cur, l) : bor(below, bit(top, cur, l));
      }
    }
    const std::string sel = signal_name("sel", i);
    top.add(sel, G, SignalKind::Wire);
    top.assign(sel, cat(sel_bits));
    // Another lane remains after this one (OPT4E: in some slot).
    const std::string more = signal_name("more", i);
    top.add(more, 1, SignalKind::Wire);
    top.assign(more, red_or(band(top.sig(cur), bnot(top.sig(sel)))));
    // The selected digit's sign and |d| = 2, one bit per slot.
    std::vector<ExprP> neg_bits, two_bits;
    for (int sl = S - 1; sl >= 0; --sl) {
      std::vector<ExprP> negs, twos;
      for (int l = sl; l < G; l += S) {
        negs.push_back(band(bit(top, sel, l), field(l, 2)));
        twos.push_back(band(bit(top, sel, l), field(l, 1)));
      }
      neg_bits.push_back(any_of(negs));
      two_bits.push_back(any_of(twos));
    }
    top.add(signal_name("neg", i), S, SignalKind::Wire);
    top.assign(signal_name("neg", i), S == 1 ? neg_bits[0] : cat(neg_bits));
    top.add(signal_name("two", i), S, SignalKind::Wire);
    top.assign(signal_name("two", i), S == 1 ? two_bits[0] : cat(two_bits));
    if (sync) {  // the registers follow the array's any_more, below
      mores.push_back(top.sig(more));
      continue;
    }
    const std::string act = signal_name("act", i);  // the row steps this cycle
    top.add(act, 1, SignalKind::Wire);
    top.assign(act, band(top.sig("busy"), bnot(top.sig(done))));
    const ExprP last_pos = eq(top.sig(pos), cst(PW, uint64_t(D - 1)));
    const ExprP adv = band(top.sig(act), bnot(top.sig(more)));  // the position is finished
    top.reg(taken, mux(v, cst(G, 0), mux(top.sig(more), bor(top.sig(taken), top.sig(sel)), cst(G, 0))),
            bor(v, top.sig(act)));
    top.reg(pos, mux(v, cst(PW, 0), add(top.sig(pos), cst(PW, 1))), bor(v, band(adv, bnot(last_pos))));
    top.reg(done, mux(v, cst(1, 0), cst(1, 1)), bor(v, band(adv, last_pos)));
  }
  if (sync) {
    // A row with no digit left at the position waits (taken covers its
    // nonzero lanes) until no row has another: then all move on together.
    top.add("any_more", 1, SignalKind::Wire);
    top.assign("any_more", any_of(mores));
    const ExprP busy = top.sig("busy"), more = top.sig("any_more");
    for (int i = 0; i < R; ++i) {
      const std::string taken = signal_name("taken", i);
      top.reg(taken, mux(v, cst(G, 0), mux(more, bor(top.sig(taken), top.sig(signal_name("sel", i))), cst(G, 0))),
              bor(v, busy));
    }
    const ExprP last_pos = eq(top.sig("pos"), cst(PW, uint64_t(D - 1)));
    top.reg("pos", mux(v, cst(PW, 0), add(top.sig("pos"), cst(PW, 1))),
            bor(v, band(busy, band(bnot(more), bnot(last_pos)))));
  }

  // Column j's weights, all lanes, to the column's PEs. OPT4C: each shifted
  // by 2 x the array's position here, once for the column's R PEs.
  const int WB = sync ? opt4c_weight_bits(cfg) : cfg.b.bits;
  for (int j = 0; j < C; ++j) {
    std::vector<ExprP> lanes;
    for (int l = G - 1; l >= 0; --l) {
      const ExprP b = top.sig(signal_name("b_q", j, l));
      if (!sync) {
        lanes.push_back(b);
        continue;
      }
      const std::string bx = signal_name("bx", j, l);
      top.add(bx, WB, SignalKind::Wire);
      top.assign(bx, extend(b, WB, cfg.b.is_signed));
      std::vector<ExprP> picks;
      for (int k = 0; k < D && 2 * k < WB; ++k) {
        const ExprP sh = k == 0 ? top.sig(bx) : cat({slice(top.sig(bx), WB - 1 - 2 * k, 0), cst(2 * k, 0)});
        picks.push_back(band(repeat(WB, bit(top, "ps", k)), sh));
      }
      const std::string bs = signal_name("bsh", j, l);
      top.add(bs, WB, SignalKind::Wire);
      top.assign(bs, or_tree(picks));
      lanes.push_back(top.sig(bs));
    }
    top.add(signal_name("bcol", j), G * WB, SignalKind::Wire);
    top.assign(signal_name("bcol", j), cat(lanes));
  }
  for (int i = 0; i < R; ++i)
    for (int j = 0; j < C; ++j) {
      Instance inst{pe.name, signal_name("pe", i, j), {}};
      top.add(signal_name("acc_s", i, j), ACC, SignalKind::Wire);
      top.add(signal_name("acc_c", i, j), ACC, SignalKind::Wire);
      top.add(signal_name("acc_ch", i, j), ACC - 1, SignalKind::Wire);  // the PE's carry without its zero bit 0
      top.assign(signal_name("acc_c", i, j), cat({top.sig(signal_name("acc_ch", i, j)), cst(1, 0)}));
      inst.connections = {{"clk", top.sig("clk")},
                          {"rst", top.sig("rst")},
                          {"sel", top.sig(signal_name("sel", i))},
                          {"b", top.sig(signal_name("bcol", j))},
                          {"neg", top.sig(signal_name("neg", i))},
                          {"two", top.sig(signal_name("two", i))},
                          {"en", top.sig(sync ? "busy" : signal_name("act", i))},
                          {"clr", top.sig("clr")},
                          {"acc_s", top.sig(signal_name("acc_s", i, j))},
                          {"acc_c", top.sig(signal_name("acc_ch", i, j))}};
      if (!sync) inst.connections.push_back({"pos", top.sig(signal_name("ps", i))});
      top.instances.push_back(std::move(inst));
    }
  add_row_readout(top, {"acc_s", "acc_c"}, R, C, ACC, std::max(1, ceil_log2(R)));

  Design d;
  d.modules = {std::move(pe), std::move(top)};
  d.top = d.modules.back().name;
  return d;
}

}  // namespace tpe::rtl
