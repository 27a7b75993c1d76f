// The bitslice cycle model against a register-by-register oracle written
// here from the generated RTL's structure (rtlgen/families/bitslice: group
// registers a_q/b_q/f_q loading on in_valid; a step counter that restarts
// on a load, counts while busy and wraps at its width; one-hot plane decode;
// clr = f_q & (step == 0); each PE's acc loading on busy; the output
// register loading on rd_en through a one-hot select that gives 0 past the
// array; idle = !busy; ready = !busy | step >= T - 2), driven with stimulus
// the controller never produces: loads in the middle of a group, reads while
// a group is stepping, garbage lanes while in_valid is low, rows past the
// array. Every output of every cycle must agree.
//
// Then the reference's cycle function (models/families/bitslice/
// bitslice_cycles) against the model and the controller on thousands of
// random groups.
#include <catch2/catch.hpp>

#include <random>

#include "models/engine/family_registry.hpp"
#include "models/families/bitslice/bitslice_cycles.hpp"
#include "models/families/bitslice/bitslice_spec.hpp"
#include "models/gemm/int_gemm.hpp"
#include "sim/core/engine_loop.hpp"
#include "sim/families/bitslice/bitslice_model.hpp"

using namespace tpe;

namespace {

struct Stimulus {
  bool in_valid = false, in_first = false, rd_en = false;
  int rd_row = 0;
  std::vector<int64_t> a, b;
};
struct Response {
  bool idle = true, ready = true, out_valid = false;
  std::vector<int64_t> c;
};

ArrayInputs to_ports(const PortLayout& l, const Stimulus& s) {
  ArrayInputs in = l.make_inputs();
  in.set(l.input("in_valid"), s.in_valid);
  in.set(l.input("in_first"), s.in_first);
  in.set(l.input("rd_en"), s.rd_en);
  in.set(l.input("rd_row"), s.rd_row);
  in.port[size_t(l.input("a_vec"))] = s.a;
  in.port[size_t(l.input("b_vec"))] = s.b;
  return in;
}

// The RTL's registers, one edge at a time: each next value computed from
// the current ones before any is replaced.
// EN-T digits of v written independently of the encoder under test: the
// magnitude's digits lie in {-1, 0, 1, 2}, a complete residue system mod 4,
// so each digit is the magnitude's residue mapped into that set; the sign
// multiplies every digit.
std::vector<int> ent_digits(int64_t v, int count) {
  const int sign = v < 0 ? -1 : 1;
  int64_t m = v < 0 ? -v : v;
  std::vector<int> d;
  for (int k = 0; k < count; ++k) {
    const int r = int(((m + 1) % 4) - 1);
    d.push_back(sign * r);
    m = (m - r) / 4;
  }
  return d;
}

// MBE digit k of v (format f): the Booth triple (a[2k+1], a[2k], a[2k-1])
// of the two's-complement bits, written out here.
int mbe_digit(int64_t v, int k) {
  auto b = [&](int i) { return i < 0 ? 0 : int((uint64_t(v) >> i) & 1); };
  return -2 * b(2 * k + 1) + b(2 * k) + b(2 * k - 1);
}

struct Oracle {
  int R, C, G, T, SW;
  bool opt3, opt4c, laconic;  // opt3 also for opt4c/opt4e; opt4c also for opt4e (one position for the array)
  int S = 1;                  // opt4e: min(4, G) issue slots per row
  int Da = 0, Db = 0;
  std::vector<uint32_t> arem, brem;  // laconic: per PE lane
  int D = 0;
  // OPT3: digits [i*G+l][k], each PE's sum and carry, each row's sequencer,
  // the down counter and the first-step flag.
  std::vector<std::vector<int>> dig;
  std::vector<uint64_t> s_reg, c_reg;
  std::vector<int> pos, done;
  std::vector<uint32_t> taken;
  int left = 0, fresh = 0;
  EngineConfig cfg;
  bool c_signed;
  std::vector<int64_t> a_q, b_q, acc;
  int f_q = 0, busy = 0, step = 0;
  Response out;
  explicit Oracle(const EngineConfig& c)
      : R(int(c.integer("rows"))),
        C(int(c.integer("cols"))),
        G(int(c.integer("lanes"))),
        T(c.a.bits),  // Stripes: one step per bit plane
        opt3(c.pe == "opt3" || c.pe == "opt4c" || c.pe == "opt4e"),
        opt4c(c.pe == "opt4c" || c.pe == "opt4e"),
        laconic(c.pe == "laconic"),
        cfg(c),
        c_signed(product_is_signed(c.a, c.b)) {
    D = c.a.is_signed ? (c.a.bits + 1) / 2 : c.a.bits / 2 + 1;  // the EN-T digits of the format
    if (c.pe == "opt4e") S = std::min(4, G);
    dig.assign(size_t(R * G), std::vector<int>(size_t(D), 0));
    Da = c.a.is_signed ? (c.a.bits + 1) / 2 : c.a.bits / 2 + 1;
    Db = c.b.is_signed ? (c.b.bits + 1) / 2 : c.b.bits / 2 + 1;
    arem.assign(size_t(R * C * G), 0);
    brem.assign(size_t(R * C * G), 0);
    s_reg.assign(size_t(R * C), 0);
    c_reg.assign(size_t(R * C), 0);
    pos.assign(size_t(R), 0);
    done.assign(size_t(R), 1);
    taken.assign(size_t(R), 0);
    SW = 1;
    while ((1 << SW) < T) ++SW;
    a_q.assign(size_t(R * G), 0);
    b_q.assign(size_t(C * G), 0);
    acc.assign(size_t(R * C), 0);
    out.c.assign(size_t(C), 0);
  }
  // Plane s of activation a times weight b: bit s of a's port bits, worth
  // 2^s, or -2^s on a signed a's top bit.
  int64_t plane_term(int64_t a, int64_t b, int s) const {
    const int64_t bit = (a >> s) & 1;
    const int64_t weight = cfg.a.is_signed && s == cfg.a.bits - 1 ? -(int64_t(1) << s) : int64_t(1) << s;
    return bit * weight * b;
  }
  uint64_t mask() const { return cfg.acc_bits >= 64 ? ~uint64_t(0) : (uint64_t(1) << cfg.acc_bits) - 1; }
  // One edge of the OPT3 array: each row's sparse encoder issues its lowest
  // remaining nonzero digit at its position into one 3:2 compressor row.
  void tick_opt3(const Stimulus& in) {
    out.out_valid = in.rd_en;
    if (in.rd_en)
      for (int j = 0; j < C; ++j)
        out.c[size_t(j)] = in.rd_row < R ? wrap_to_accumulator(int64_t((s_reg[size_t(in.rd_row * C + j)] +
                                                                         c_reg[size_t(in.rd_row * C + j)]) & mask()),
                                                               cfg.acc_bits, c_signed)
                                         : 0;
    const bool busy = left != 0, clr = first_q && fresh;
    bool any_more = false;  // opt4c/opt4e: some row (slot) has another digit at the position
    std::vector<uint32_t> issued(size_t(R), 0);
    for (int i = 0; i < R && busy && opt4c; ++i) {
      // OPT4C and OPT4E: each of the row's S slots (lanes s, s + S, ...)
      // issues its lowest remaining nonzero digit; the partial products are
      // summed into the PE's sum and carry.
      const int k = pos[size_t(i)];
      std::vector<int> lanes_now;
      for (int sl = 0; sl < S; ++sl) {
        int first = -1, left_in_slot = 0;
        for (int l = sl; l < G; l += S)
          if (dig[size_t(i * G + l)][size_t(k)] != 0 && !((taken[size_t(i)] >> l) & 1)) {
            if (first < 0) first = l;
            ++left_in_slot;
          }
        if (first >= 0) lanes_now.push_back(first);
        any_more = any_more || left_in_slot >= 2;
      }
      for (int j = 0; j < C; ++j) {
        uint64_t sum = clr ? 0 : s_reg[size_t(i * C + j)] + c_reg[size_t(i * C + j)];
        for (int l : lanes_now)
          sum += uint64_t(int64_t(dig[size_t(i * G + l)][size_t(k)]) * b_q[size_t(j * G + l)]) << (2 * k);
        s_reg[size_t(i * C + j)] = sum & mask();
        c_reg[size_t(i * C + j)] = 0;
      }
      for (int l : lanes_now) issued[size_t(i)] |= 1u << l;
    }
    for (int i = 0; i < R && busy && !opt4c; ++i) {
      if (done[size_t(i)]) continue;
      const int k = pos[size_t(i)];
      uint32_t cur = 0;
      for (int l = 0; l < G; ++l)
        if (dig[size_t(i * G + l)][size_t(k)] != 0 && !((taken[size_t(i)] >> l) & 1)) cur |= 1u << l;
      int lane_sel = -1;
      for (int l = G - 1; l >= 0; --l)
        if ((cur >> l) & 1) lane_sel = l;
      for (int j = 0; j < C; ++j) {
        uint64_t& sr = s_reg[size_t(i * C + j)];
        uint64_t& cr = c_reg[size_t(i * C + j)];
        const uint64_t sb = clr ? 0 : sr, cb = clr ? 0 : cr;
        const uint64_t pp =
            lane_sel < 0 ? 0
                         : (uint64_t(int64_t(dig[size_t(i * G + lane_sel)][size_t(k)]) * b_q[size_t(j * G + lane_sel)])
                            << (2 * k)) & mask();
        sr = (sb ^ cb ^ pp) & mask();
        cr = (((sb & cb) | (pp & (sb | cb))) << 1) & mask();
      }
      const int remaining = __builtin_popcount(cur);
      if (remaining >= 2) {
        taken[size_t(i)] |= 1u << lane_sel;
      } else {
        taken[size_t(i)] = 0;
        if (k == D - 1)
          done[size_t(i)] = 1;
        else
          pos[size_t(i)] = k + 1;
      }
    }
    if (opt4c && busy) {
      // The array moves on when no row has another digit at the position;
      // until then a row's issued lanes stay taken (it waits).
      for (int i = 0; i < R; ++i) {
        if (!any_more)
          taken[size_t(i)] = 0;
        else
          taken[size_t(i)] |= issued[size_t(i)];
        if (!any_more && pos[size_t(i)] < D - 1) ++pos[size_t(i)];
      }
    }
    if (in.in_valid && opt4c) {
      // Per position the most nonzero digits of any row, at least one.
      int t = 0;
      for (int x = 0; x < R * G; ++x) dig[size_t(x)] = ent_digits(to_port_value(in.a[size_t(x)], cfg.a), D);
      for (int k = 0; k < D; ++k) {
        int most = 1;
        for (int i = 0; i < R; ++i)
          for (int sl = 0; sl < S; ++sl) {
            int nnz = 0;
            for (int l = sl; l < G; l += S) nnz += dig[size_t(i * G + l)][size_t(k)] != 0;
            most = std::max(most, nnz);
          }
        t += most;
      }
      std::fill(pos.begin(), pos.end(), 0);
      std::fill(taken.begin(), taken.end(), 0u);
      for (int x = 0; x < C * G; ++x) b_q[size_t(x)] = to_port_value(in.b[size_t(x)], cfg.b);
      first_q = in.in_first;
      left = t;
      fresh = 1;
    } else if (in.in_valid) {
      int t = 0;
      for (int i = 0; i < R; ++i) {
        int row = 0;
        for (int k = 0; k < D; ++k) {
          int nnz = 0;
          for (int l = 0; l < G; ++l) {
            dig[size_t(i * G + l)] = ent_digits(to_port_value(in.a[size_t(i * G + l)], cfg.a), D);
            nnz += dig[size_t(i * G + l)][size_t(k)] != 0;
          }
          row += std::max(1, nnz);
        }
        t = std::max(t, row);
        pos[size_t(i)] = 0;
        taken[size_t(i)] = 0;
        done[size_t(i)] = 0;
      }
      for (int x = 0; x < C * G; ++x) b_q[size_t(x)] = to_port_value(in.b[size_t(x)], cfg.b);
      first_q = in.in_first;
      left = t;
      fresh = 1;
    } else if (busy) {
      --left;
      fresh = 0;
    }
    out.idle = left == 0;
    out.ready = left <= 2;
  }
  uint32_t mask_of(int64_t v, int digits) const {
    uint32_t m = 0;
    for (int k = 0; k < digits; ++k) m |= uint32_t(mbe_digit(v, k) != 0) << k;
    return m;
  }
  // One edge of the Laconic array: every PE lane issues its next term pair.
  void tick_laconic(const Stimulus& in) {
    out.out_valid = in.rd_en;
    if (in.rd_en)
      for (int j = 0; j < C; ++j) out.c[size_t(j)] = in.rd_row < R ? acc[size_t(in.rd_row * C + j)] : 0;
    const bool busy_now = left != 0, clr = first_q && fresh;
    for (int i = 0; i < R && busy_now; ++i)
      for (int j = 0; j < C; ++j) {
        int64_t sum = clr ? 0 : acc[size_t(i * C + j)];
        for (int l = 0; l < G; ++l) {
          uint32_t& ar = arem[size_t((i * C + j) * G + l)];
          uint32_t& br = brem[size_t((i * C + j) * G + l)];
          if (ar == 0 || br == 0) continue;
          int ka = 0, kb = 0;
          while (!((ar >> ka) & 1)) ++ka;
          while (!((br >> kb) & 1)) ++kb;
          const int64_t av = a_q[size_t(i * G + l)], bv = b_q[size_t(j * G + l)];
          sum += int64_t(mbe_digit(av, ka)) * mbe_digit(bv, kb) * (int64_t(1) << (2 * (ka + kb)));
          br &= ~(1u << kb);
          if (br == 0) {
            br = mask_of(bv, Db);
            ar &= ~(1u << ka);
          }
        }
        acc[size_t(i * C + j)] = wrap_to_accumulator(sum, cfg.acc_bits, c_signed);
      }
    if (in.in_valid) {
      for (int x = 0; x < R * G; ++x) a_q[size_t(x)] = to_port_value(in.a[size_t(x)], cfg.a);
      for (int x = 0; x < C * G; ++x) b_q[size_t(x)] = to_port_value(in.b[size_t(x)], cfg.b);
      int t = 0;
      for (int i = 0; i < R; ++i)
        for (int j = 0; j < C; ++j)
          for (int l = 0; l < G; ++l) {
            const uint32_t am = mask_of(a_q[size_t(i * G + l)], Da), bm = mask_of(b_q[size_t(j * G + l)], Db);
            arem[size_t((i * C + j) * G + l)] = am;
            brem[size_t((i * C + j) * G + l)] = bm;
            t = std::max(t, __builtin_popcount(am) * __builtin_popcount(bm));
          }
      left = std::max(t, 1);
      first_q = in.in_first;
      fresh = 1;
    } else if (busy_now) {
      --left;
      fresh = 0;
    }
    out.idle = left == 0;
    out.ready = left <= 2;
  }
  int first_q = 0;
  bool clears_now() const { return opt3 || laconic ? left != 0 && first_q && fresh : busy && f_q && step == 0; }
  bool mid_group() const { return opt3 || laconic ? left != 0 && !fresh : busy && step > 0; }

  const Response& tick(const Stimulus& in) {
    if (opt3) {
      tick_opt3(in);
      return out;
    }
    if (laconic) {
      tick_laconic(in);
      return out;
    }
    out.out_valid = in.rd_en;
    if (in.rd_en)
      for (int j = 0; j < C; ++j) out.c[size_t(j)] = in.rd_row < R ? acc[size_t(in.rd_row * C + j)] : 0;
    const bool clr = f_q && step == 0;
    if (busy) {
      for (int i = 0; i < R; ++i)
        for (int j = 0; j < C; ++j) {
          int64_t sum = clr ? 0 : acc[size_t(i * C + j)];
          for (int l = 0; l < G; ++l) sum += plane_term(a_q[size_t(i * G + l)], b_q[size_t(j * G + l)], step);
          acc[size_t(i * C + j)] = wrap_to_accumulator(sum, cfg.acc_bits, c_signed);
        }
    }
    const bool last = step == T - 1;
    if (in.in_valid) {
      for (int x = 0; x < R * G; ++x) a_q[size_t(x)] = to_port_value(in.a[size_t(x)], cfg.a);
      for (int x = 0; x < C * G; ++x) b_q[size_t(x)] = to_port_value(in.b[size_t(x)], cfg.b);
      f_q = in.in_first;
      step = 0;
      busy = 1;
    } else if (busy) {
      step = (step + 1) & ((1 << SW) - 1);
      busy = !last;
    }
    out.idle = !busy;
    out.ready = !busy || step >= T - 2;
    return out;
  }
};

Stimulus random_inputs(const EngineConfig& cfg, std::mt19937_64& rng, int rd_rows) {
  const int R = int(cfg.integer("rows")), C = int(cfg.integer("cols")), G = int(cfg.integer("lanes"));
  std::uniform_int_distribution<int> pct(0, 99);
  std::uniform_int_distribution<int64_t> av(cfg.a.min_value(), cfg.a.max_value()),
      bv(cfg.b.min_value(), cfg.b.max_value());
  Stimulus s;
  s.in_valid = pct(rng) < 15;
  s.in_first = pct(rng) < 30;
  s.rd_en = pct(rng) < 30;
  s.rd_row = int(rng() % uint64_t(rd_rows));
  for (int x = 0; x < R * G; ++x) s.a.push_back(av(rng));
  for (int x = 0; x < C * G; ++x) s.b.push_back(bv(rng));
  return s;
}

// long_groups: the format and lanes allow groups of more than one step.
void compare(const EngineConfig& cfg, uint64_t seed, bool long_groups = true) {
  bitslice::BitsliceModel model(cfg);
  Oracle oracle(cfg);
  const PortLayout layout = PortLayout::of(cfg);
  const int idle = layout.output("idle"), ready = layout.output("ready"), out_valid = layout.output("out_valid"),
            c_vec = layout.output("c_vec");
  const int rd_rows = 1 << layout.in[size_t(layout.input("rd_row"))].lane_bits;
  std::mt19937_64 rng(seed);
  // The RTL's accumulators start unknown: values are compared once a
  // cleared step (first group, step 0) has happened.
  bool cleared = false;
  int compared = 0, mid_group_loads = 0, mid_group_reads = 0;
  for (int t = 0; t < 1500; ++t) {
    Stimulus in = random_inputs(cfg, rng, rd_rows);
    if (t == 0) in.in_valid = in.in_first = true;
    const bool clears_now = oracle.clears_now();
    mid_group_loads += in.in_valid && oracle.mid_group();
    const Response want = oracle.tick(in);
    const ArrayInputs ports = to_ports(layout, in);
    const ArrayOutputs& got = model.tick(ports);
    INFO("cycle " << t << " inputs " << layout.format_inputs(ports));
    REQUIRE(got.flag(idle) == want.idle);
    REQUIRE(got.flag(ready) == want.ready);
    REQUIRE(got.flag(out_valid) == want.out_valid);
    if (want.out_valid && cleared) {
      REQUIRE(got.port[size_t(c_vec)] == want.c);
      ++compared;
      mid_group_reads += !want.idle;
    }
    cleared |= clears_now;
  }
  CHECK(compared > 200);
  if (long_groups) {
    CHECK(mid_group_loads > 20);
    CHECK(mid_group_reads > 50);
  }
}

EngineConfig cfg_of(int r, int c, int g, IntFormat a, IntFormat b, int acc, const std::string& pe = "stripes") {
  register_builtin_families();
  return bitslice::make_config(r, c, g, a, b, acc, pe);
}

}  // namespace

TEST_CASE("bitslice model matches a register-level oracle under arbitrary stimulus", "[sim][bitslice]") {
  compare(cfg_of(3, 2, 4, {8, true}, {8, true}, 32), 21);    // rd_row 3 is past the array
  compare(cfg_of(2, 3, 3, {6, false}, {5, true}, 14), 22);   // unsigned activations, T = 6 (no counter wrap), wraps
  compare(cfg_of(1, 1, 1, {2, true}, {8, false}, 9), 23);    // T = 2: ready whenever idle or busy
  compare(cfg_of(4, 2, 5, {3, true}, {4, false}, 8), 24);    // T = 3, the counter rests at 3
}

TEST_CASE("bitslice OPT3 model matches a register-level oracle under arbitrary stimulus", "[sim][bitslice]") {
  compare(cfg_of(3, 2, 4, {8, true}, {8, true}, 32, "opt3"), 31);
  compare(cfg_of(2, 3, 3, {8, false}, {5, true}, 14, "opt3"), 32);  // unsigned: a fifth digit; the accumulator wraps
  compare(cfg_of(1, 1, 1, {2, true}, {8, false}, 9, "opt3"), 33, false);  // one digit, one lane: every group one step
  compare(cfg_of(4, 2, 5, {5, true}, {4, false}, 12, "opt3"), 34);
}

TEST_CASE("bitslice OPT4C model matches a register-level oracle under arbitrary stimulus", "[sim][bitslice]") {
  compare(cfg_of(3, 2, 4, {8, true}, {8, true}, 32, "opt4c"), 51);
  compare(cfg_of(2, 3, 3, {8, false}, {5, true}, 14, "opt4c"), 52);  // unsigned: a fifth digit; the accumulator wraps
  compare(cfg_of(1, 1, 1, {2, true}, {8, false}, 9, "opt4c"), 53, false);  // one digit, one lane: every group one step
  compare(cfg_of(4, 2, 5, {5, true}, {4, false}, 12, "opt4c"), 54);
  compare(cfg_of(4, 3, 2, {8, true}, {8, true}, 16, "opt4c"), 55);  // weights shifted past the 16-bit accumulator
}

TEST_CASE("bitslice OPT4E model matches a register-level oracle under arbitrary stimulus", "[sim][bitslice]") {
  compare(cfg_of(3, 2, 8, {8, true}, {8, true}, 32, "opt4e"), 61);  // two lanes per slot
  compare(cfg_of(2, 3, 6, {8, false}, {5, true}, 14, "opt4e"), 62);  // slots of 2, 2, 1, 1 lanes; wraps
  compare(cfg_of(1, 1, 3, {2, true}, {8, false}, 9, "opt4e"), 63, false);  // three slots of one lane: one step
  compare(cfg_of(4, 2, 11, {5, true}, {4, false}, 12, "opt4e"), 64);
  compare(cfg_of(2, 2, 4, {8, true}, {8, true}, 16, "opt4e"), 65);  // one lane per slot: D steps a group
}

TEST_CASE("bitslice Laconic model matches a register-level oracle under arbitrary stimulus", "[sim][bitslice]") {
  compare(cfg_of(3, 2, 4, {8, true}, {8, true}, 32, "laconic"), 41);
  compare(cfg_of(2, 3, 3, {8, false}, {5, false}, 14, "laconic"), 42);  // unsigned: fifth and third digits; wraps
  compare(cfg_of(1, 1, 1, {2, true}, {2, true}, 9, "laconic"), 43, false);  // one digit each: one step a group
  compare(cfg_of(4, 2, 5, {5, true}, {4, false}, 12, "laconic"), 44);
}

TEST_CASE("bitslice: the reference cycle function equals the model on thousands of random groups",
          "[sim][bitslice]") {
  register_builtin_families();
  std::mt19937_64 rng(5);
  uint64_t groups = 0, opt3_groups = 0, opt4c_groups = 0, opt4e_groups = 0, laconic_groups = 0;
  int runs = 0;
  while (groups < 25000) {
    const int r = 1 + int(rng() % 4), c = 1 + int(rng() % 3), g = 1 + int(rng() % 10);
    const IntFormat a{2 + int(rng() % 7), rng() % 3 != 0}, b{2 + int(rng() % 7), rng() % 2 != 0};
    const char* variants[] = {"stripes", "opt3", "laconic", "opt4c", "opt4e"};
    const EngineConfig cfg = cfg_of(r, c, g, a, b, 32, variants[runs % 5]);
    const int M = 1 + int(rng() % 9), K = 1 + int(rng() % 40), N = 1 + int(rng() % 5);
    // Values drawn from narrow and wide ranges, with runs of zeros: groups
    // that are empty, sparse and dense.
    auto draw = [&](const IntFormat& f, int rows, int cols) {
      OperandMatrix m(rows, cols);
      const int mode = int(rng() % 3);
      for (auto& v : m.data) {
        const int64_t span = mode == 0 ? 1 : mode == 1 ? 3 : f.max_value() - f.min_value();
        int64_t x = f.min_value() + int64_t(rng() % uint64_t(span + 1));
        if (mode < 2) x = std::clamp<int64_t>(int64_t(rng() % 7) - 3, f.min_value(), f.max_value());
        if (rng() % 4 == 0) x = 0;
        v = int32_t(x);
      }
      return m;
    };
    const OperandMatrix A = draw(a, M, K), B = draw(b, K, N);
    auto model = make_array_model(cfg);
    model->reset();
    EngineLoop loop(cfg, A, B, *model);
    for (int n = 0; !loop.done() && n < 2000000; ++n) loop.step();
    REQUIRE(loop.done());
    const EngineRun run = loop.result();
    INFO("run " << runs << " " << cfg.tag() << " GEMM " << M << "x" << K << "x" << N);
    REQUIRE(run.c == int_gemm(A, B, cfg.a, cfg.b, cfg.acc_bits));
    REQUIRE(run.activity.cycles == bitslice::gemm_cycles(cfg, A, B));
    groups += run.activity.counter("group_load");
    if (runs % 5 == 1) opt3_groups += run.activity.counter("group_load");
    if (runs % 5 == 2) laconic_groups += run.activity.counter("group_load");
    if (runs % 5 == 3) opt4c_groups += run.activity.counter("group_load");
    if (runs % 5 == 4) opt4e_groups += run.activity.counter("group_load");
    ++runs;
  }
  CHECK(runs > 50);
  CHECK(opt3_groups > 2000);
  CHECK(laconic_groups > 2000);
  CHECK(opt4c_groups > 2000);
  CHECK(opt4e_groups > 2000);
}
