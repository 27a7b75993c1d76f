// The lazy OS/WS/IS cycle models against a register-by-register oracle
// written here from the RTL's structure (docs/families/systolic.md), driven
// with arbitrary stimulus the controller never produces: reads while
// operands are still in flight, a new tile starting before the old one
// drained, idle gaps, weights or activations reloaded mid-stream. Every
// output of every cycle must agree. The IS oracle can also carry its partial
// sums in OPT1's carry-save form (Booth partial products and 3:2 cells, bit
// by bit), which must come out equal to the binary sums the model computes.
#include <catch2/catch.hpp>

#include <random>

#include "models/families/systolic/systolic_spec.hpp"
#include "models/gemm/int_gemm.hpp"
#include "sim/families/systolic/systolic_os_model.hpp"
#include "sim/families/systolic/systolic_stationary_model.hpp"

using namespace tpe;
using namespace tpe::systolic;

namespace {

EngineConfig cfg_of(Dataflow df, int r, int c) { return make_config(df, r, c, {8, true}, {6, false}, 20); }

// The oracle's own view of the ports, by field.
struct Stimulus {
  bool in_valid = false, in_first = false, in_last = false, in_swap = false, w_load = false, a_load = false, rd_en = false;
  int rd_row = 0;
  std::vector<int64_t> a, b, psum, w;
};
struct Response {
  bool idle = true, out_valid = false;
  std::vector<int64_t> c;
};

// The same stimulus on the family's port list, as the controller drives it.
ArrayInputs to_ports(const PortLayout& l, const Stimulus& s) {
  ArrayInputs in = l.make_inputs();
  for (size_t p = 0; p < l.in.size(); ++p) {
    const std::string& n = l.in[p].name;
    auto& v = in.port[p];
    if (n == "in_valid") v[0] = s.in_valid;
    if (n == "in_first") v[0] = s.in_first;
    if (n == "in_last") v[0] = s.in_last;
    if (n == "in_swap") v[0] = s.in_swap;
    if (n == "w_load") v[0] = s.w_load;
    if (n == "a_load") v[0] = s.a_load;
    if (n == "rd_en") v[0] = s.rd_en;
    if (n == "rd_row") v[0] = s.rd_row;
    if (n == "a_vec") v = s.a;
    if (n == "b_vec") v = s.b;
    if (n == "p_vec") v = s.psum;
    if (n == "w_vec") v = s.w;
  }
  return in;
}

// Register-level OS array: skew chains, PE registers, read-out register.
// With `shadow` (the overlapped schedule) a last flag travels beside the
// first flag, each PE copies its new accumulator into a shadow register on
// a valid operand with `last`, and the read-out takes the shadows.
struct OsOracle {
  int R, C;
  EngineConfig cfg;
  bool shadow;
  std::vector<std::vector<int64_t>> a_sk, b_sk;
  std::vector<std::vector<int>> v_sk, f_sk, l_sk;  // per row: valid/first/last skew
  std::vector<int64_t> a_q, b_q, acc, sh;
  std::vector<int> v_q, f_q, l_q;
  Response out;
  explicit OsOracle(const EngineConfig& c, bool with_shadow = false)
      : R(int(c.integer("rows"))), C(int(c.integer("cols"))), cfg(c), shadow(with_shadow) {
    a_sk.assign(R, {});
    v_sk.assign(R, {});
    f_sk.assign(R, {});
    l_sk.assign(R, {});
    for (int i = 0; i < R; ++i)
      a_sk[i].assign(i + 1, 0), v_sk[i].assign(i + 1, 0), f_sk[i].assign(i + 1, 0), l_sk[i].assign(i + 1, 0);
    b_sk.assign(C, {});
    for (int j = 0; j < C; ++j) b_sk[j].assign(j + 1, 0);
    a_q.assign(R * C, 0), b_q.assign(R * C, 0), acc.assign(R * C, 0), v_q.assign(R * C, 0), f_q.assign(R * C, 0);
    sh.assign(R * C, 0), l_q.assign(R * C, 0);
    out.c.assign(C, 0);
  }
  const Response& tick(const Stimulus& in) {
    auto na = a_q, nb = b_q, nacc = acc, nsh = sh;
    auto nv = v_q, nf = f_q, nl = l_q;
    for (int i = 0; i < R; ++i)
      for (int j = 0; j < C; ++j) {
        const int p = i * C + j;
        const int v = j ? v_q[p - 1] : v_sk[i][i], f = j ? f_q[p - 1] : f_sk[i][i], l = j ? l_q[p - 1] : l_sk[i][i];
        const int64_t a = j ? a_q[p - 1] : a_sk[i][i], b = i ? b_q[p - C] : b_sk[j][j];
        nv[p] = v;
        if (v) na[p] = a, nb[p] = b, nf[p] = f, nl[p] = l, nacc[p] = (f ? 0 : acc[p]) + a * b;
        if (v && l) nsh[p] = nacc[p];
      }
    out.out_valid = in.rd_en;
    const std::vector<int64_t>& read = shadow ? sh : acc;
    if (in.rd_en)
      for (int j = 0; j < C; ++j) out.c[j] = wrap_to_accumulator(read[in.rd_row * C + j], cfg.acc_bits, true);
    for (int i = 0; i < R; ++i) {
      for (int d = i; d > 0; --d)
        a_sk[i][d] = a_sk[i][d - 1], v_sk[i][d] = v_sk[i][d - 1], f_sk[i][d] = f_sk[i][d - 1], l_sk[i][d] = l_sk[i][d - 1];
      a_sk[i][0] = in.in_valid ? in.a[i] : 0;
      v_sk[i][0] = in.in_valid;
      f_sk[i][0] = in.in_valid && in.in_first;
      l_sk[i][0] = in.in_valid && in.in_last;
    }
    for (int j = 0; j < C; ++j) {
      for (int d = j; d > 0; --d) b_sk[j][d] = b_sk[j][d - 1];
      b_sk[j][0] = in.in_valid ? in.b[j] : 0;
    }
    a_q = na, b_q = nb, acc = nacc, v_q = nv, f_q = nf, sh = nsh, l_q = nl;
    bool busy = false;
    for (int x : v_q) busy |= x;
    for (int i = 0; i < R; ++i)
      for (int d = 0; d <= i; ++d) busy |= v_sk[i][d] != 0;
    out.idle = !busy;
    return out;
  }
};

// Register-level WS array: weight shift, skews, PEs, de-skew, output register.
// With `dbuf` (the overlapped schedule) the loads shift a shadow chain `w`;
// each PE computes with its active copy `act`, which it takes from the
// shadow when the swap token passes (the token moves every edge, skewed
// like the data; vectors behind it use the new copy).
struct WsOracle {
  int R, C;
  EngineConfig cfg;
  bool dbuf;
  std::vector<int64_t> w, act, a_q, ps_q;
  std::vector<int> v_q, s_q;
  std::vector<std::vector<int64_t>> a_sk, p_sk, ds;
  std::vector<int> v_hist, s_hist;  // valid / swap sampled d+1 edges ago, shared by all rows
  Response out;
  explicit WsOracle(const EngineConfig& c, bool double_buffered = false)
      : R(int(c.integer("rows"))), C(int(c.integer("cols"))), cfg(c), dbuf(double_buffered) {
    w.assign(R * C, 0), a_q.assign(R * C, 0), ps_q.assign(R * C, 0), v_q.assign(R * C, 0);
    act.assign(R * C, 0), s_q.assign(R * C, 0), s_hist.assign(R, 0);
    a_sk.assign(R, {});
    for (int i = 0; i < R; ++i) a_sk[i].assign(i + 1, 0);
    p_sk.assign(C, {});
    ds.assign(C, {});
    for (int j = 0; j < C; ++j) p_sk[j].assign(j + 1, 0), ds[j].assign(C - 1 - j, 0);
    v_hist.assign(R, 0);
    out.c.assign(C, 0);
  }
  const Response& tick(const Stimulus& in) {
    // Output register and de-skew chains sample the old bottom row.
    out.out_valid = v_q[(R - 1) * C + C - 1];
    for (int j = 0; j < C; ++j) {
      const int64_t from_pe = ps_q[(R - 1) * C + j];
      const int64_t leaving = ds[j].empty() ? from_pe : ds[j].back();
      out.c[j] = wrap_to_accumulator(leaving, cfg.acc_bits, true);
      for (int d = int(ds[j].size()) - 1; d > 0; --d) ds[j][d] = ds[j][d - 1];
      if (!ds[j].empty()) ds[j][0] = from_pe;
    }
    auto na = a_q, nps = ps_q, nact = act;
    auto nv = v_q, ns = s_q;
    for (int i = 0; i < R; ++i)
      for (int j = 0; j < C; ++j) {
        const int p = i * C + j;
        const int v = j ? v_q[p - 1] : v_hist[i], sw = j ? s_q[p - 1] : s_hist[i];
        const int64_t a = j ? a_q[p - 1] : a_sk[i][i];
        const int64_t ps_in = i ? ps_q[p - C] : p_sk[j][j];
        nv[p] = v;
        ns[p] = sw;
        if (dbuf && sw) nact[p] = w[p];  // the shadow before this edge's load
        if (!v) continue;
        // The weight before this edge's load (serial) or the active one before this edge's copy (dbuf).
        na[p] = a, nps[p] = ps_in + a * (dbuf ? act[p] : w[p]);
      }
    if (in.w_load) {
      for (int i = R - 1; i > 0; --i)
        for (int j = 0; j < C; ++j) w[i * C + j] = w[(i - 1) * C + j];
      for (int j = 0; j < C; ++j) w[j] = in.w[j];
    }
    for (int d = R - 1; d > 0; --d) v_hist[d] = v_hist[d - 1], s_hist[d] = s_hist[d - 1];
    v_hist[0] = in.in_valid;
    s_hist[0] = in.in_swap;
    for (int i = 0; i < R; ++i) {
      for (int d = i; d > 0; --d) a_sk[i][d] = a_sk[i][d - 1];
      a_sk[i][0] = in.in_valid ? in.a[i] : 0;
    }
    for (int j = 0; j < C; ++j) {
      for (int d = j; d > 0; --d) p_sk[j][d] = p_sk[j][d - 1];
      p_sk[j][0] = in.in_valid ? in.psum[j] : 0;
    }
    a_q = na, ps_q = nps, v_q = nv, act = nact, s_q = ns;
    bool busy = false;
    for (int x : v_q) busy |= x;
    for (int x : v_hist) busy |= x;
    out.idle = !busy;
    return out;
  }
};

// Register-level IS array: A^T held (a row of it loaded at the top per
// a_load, shifting down), columns of B streamed through a skew into the rows
// and passed right, partial sums down the columns, de-skew, output register.
// With `carry_save`, each PE passes (sum, carry) down as the OPT1 PE does and
// the bottom of each column adds them.
struct IsOracle {
  int R, C, ACC;
  EngineConfig cfg;
  bool carry_save;
  std::vector<int64_t> held, b_q, sum_q, carry_q;  // per PE (carry only with carry_save)
  std::vector<int> v_q;
  std::vector<std::vector<int64_t>> b_sk, p_sk, ds;
  std::vector<int> v_hist;
  Response out;
  IsOracle(const EngineConfig& c, bool cs)
      : R(int(c.integer("rows"))), C(int(c.integer("cols"))), ACC(c.acc_bits), cfg(c), carry_save(cs) {
    held.assign(R * C, 0), b_q.assign(R * C, 0), sum_q.assign(R * C, 0), carry_q.assign(R * C, 0);
    v_q.assign(R * C, 0);
    b_sk.assign(R, {});
    for (int i = 0; i < R; ++i) b_sk[i].assign(i + 1, 0);
    p_sk.assign(C, {});
    ds.assign(C, {});
    for (int j = 0; j < C; ++j) p_sk[j].assign(j + 1, 0), ds[j].assign(C - 1 - j, 0);
    v_hist.assign(R, 0);
    out.c.assign(C, 0);
  }
  uint64_t mask() const { return ACC >= 64 ? ~uint64_t(0) : (uint64_t(1) << ACC) - 1; }
  // OPT1: the radix-4 Booth digits of a (bit window a[2k+1], a[2k], a[2k-1])
  // times b, each shifted by 2k, and the incoming sum and carry, reduced by
  // 3:2 cells (consecutive triples per level) to a sum and a carry.
  std::pair<uint64_t, uint64_t> compress(int64_t a, int64_t b, uint64_t s_in, uint64_t c_in) const {
    const int digits = (cfg.a.bits + (cfg.a.is_signed ? 0 : 1) + 1) / 2;
    std::vector<uint64_t> ops;
    auto bit = [&](int i) { return i < 0 ? 0 : int((uint64_t(a) >> std::min(i, 63)) & 1); };
    for (int k = 0; k < digits; ++k) {
      const int d = -2 * bit(2 * k + 1) + bit(2 * k) + bit(2 * k - 1);
      ops.push_back((uint64_t(int64_t(d) * b) << (2 * k)) & mask());
    }
    ops.push_back(s_in & mask());
    ops.push_back(c_in & mask());
    while (ops.size() > 2) {
      std::vector<uint64_t> next;
      size_t i = 0;
      for (; i + 3 <= ops.size(); i += 3) {
        const uint64_t x = ops[i], y = ops[i + 1], z = ops[i + 2];
        next.push_back(x ^ y ^ z);
        next.push_back((((x & y) | (x & z) | (y & z)) << 1) & mask());
      }
      for (; i < ops.size(); ++i) next.push_back(ops[i]);
      ops = next;
    }
    return {ops[0], ops[1]};
  }
  const Response& tick(const Stimulus& in) {
    out.out_valid = v_q[(R - 1) * C + C - 1];
    for (int j = 0; j < C; ++j) {
      const int p = (R - 1) * C + j;
      const int64_t from_pe = carry_save ? int64_t((uint64_t(sum_q[p]) + uint64_t(carry_q[p])) & mask()) : sum_q[p];
      const int64_t leaving = ds[j].empty() ? from_pe : ds[j].back();
      out.c[j] = wrap_to_accumulator(leaving, ACC, product_is_signed(cfg.a, cfg.b));  // u x u: zero-extended
      for (int d = int(ds[j].size()) - 1; d > 0; --d) ds[j][d] = ds[j][d - 1];
      if (!ds[j].empty()) ds[j][0] = from_pe;
    }
    auto nb = b_q, ns = sum_q, nc = carry_q;
    auto nv = v_q;
    for (int i = 0; i < R; ++i)
      for (int j = 0; j < C; ++j) {
        const int p = i * C + j;
        const int v = j ? v_q[p - 1] : v_hist[i];
        const int64_t b = j ? b_q[p - 1] : b_sk[i][i];
        const int64_t s_in = i ? sum_q[p - C] : p_sk[j][j], c_in = i ? carry_q[p - C] : 0;
        nv[p] = v;
        if (!v) continue;
        nb[p] = b;
        if (carry_save) {
          const auto [s, c] = compress(held[p], b, uint64_t(s_in), uint64_t(c_in));
          ns[p] = int64_t(s), nc[p] = int64_t(c);
        } else {
          ns[p] = s_in + held[p] * b;  // the activation before this edge's load
        }
      }
    if (in.a_load) {
      for (int i = R - 1; i > 0; --i)
        for (int j = 0; j < C; ++j) held[i * C + j] = held[(i - 1) * C + j];
      for (int j = 0; j < C; ++j) held[j] = in.a[j];
    }
    for (int d = R - 1; d > 0; --d) v_hist[d] = v_hist[d - 1];
    v_hist[0] = in.in_valid;
    for (int i = 0; i < R; ++i) {
      for (int d = i; d > 0; --d) b_sk[i][d] = b_sk[i][d - 1];
      b_sk[i][0] = in.in_valid ? in.b[i] : 0;
    }
    for (int j = 0; j < C; ++j) {
      for (int d = j; d > 0; --d) p_sk[j][d] = p_sk[j][d - 1];
      p_sk[j][0] = in.in_valid ? in.psum[j] : 0;
    }
    b_q = nb, sum_q = ns, carry_q = nc, v_q = nv;
    bool busy = false;
    for (int x : v_q) busy |= x;
    for (int x : v_hist) busy |= x;
    out.idle = !busy;
    return out;
  }
};

Stimulus random_inputs(const EngineConfig& cfg, std::mt19937_64& rng, Dataflow df) {
  const bool os = df == Dataflow::OutputStationary;
  const int rows = int(cfg.integer("rows")), cols = int(cfg.integer("cols"));
  std::uniform_int_distribution<int> coin(0, 99);
  std::uniform_int_distribution<int64_t> av(cfg.a.min_value(), cfg.a.max_value()), bv(cfg.b.min_value(), cfg.b.max_value()),
      pv(-(1 << 18), (1 << 18) - 1);
  Stimulus in;
  in.in_valid = coin(rng) < 60;
  if (df == Dataflow::InputStationary) {  // b_vec streams R lanes, a_vec loads C lanes of A^T
    for (int i = 0; i < rows; ++i) in.b.push_back(bv(rng));
    for (int j = 0; j < cols; ++j) in.psum.push_back(pv(rng)), in.a.push_back(av(rng));
    in.a_load = coin(rng) < 20;
    return in;
  }
  for (int i = 0; i < rows; ++i) in.a.push_back(av(rng));
  if (os) {
    in.in_first = coin(rng) < 15;
    in.in_last = coin(rng) < 15;  // only the overlapped array has the port
    for (int j = 0; j < cols; ++j) in.b.push_back(bv(rng));
    in.rd_en = coin(rng) < 30;
    in.rd_row = int(rng() % uint64_t(rows));
  } else {
    for (int j = 0; j < cols; ++j) in.psum.push_back(pv(rng)), in.w.push_back(bv(rng));
    in.w_load = coin(rng) < 20;
    in.in_swap = coin(rng) < 10;  // only the double-buffered array has the port
  }
  return in;
}

template <class Model, class Oracle>
void compare(const EngineConfig& cfg, uint64_t seed, Oracle oracle) {
  const Dataflow df = Params::of(cfg).dataflow;
  const bool os = df == Dataflow::OutputStationary;
  Model model(cfg);
  const PortLayout layout = PortLayout::of(cfg);
  const int idle = layout.output("idle"), out_valid = layout.output("out_valid"), c_vec = layout.output("c_vec");
  const int rows = int(cfg.integer("rows")), cols = int(cfg.integer("cols"));
  std::mt19937_64 rng(seed);
  // The RTL's accumulators start unknown: begin every PE with a `first` (OS)
  // or weights loaded (WS) before comparing outputs that depend on them.
  int compared = 0;
  for (int t = 0; t < 600; ++t) {
    Stimulus in = random_inputs(cfg, rng, df);
    if (os && t == 0) in.in_valid = in.in_first = true;
    if (os && t == 1) in.in_valid = in.in_last = true;  // every shadow written before it is read
    const Response want = oracle.tick(in);
    const ArrayInputs ports = to_ports(layout, in);
    const ArrayOutputs& got = model.tick(ports);
    INFO("cycle " << t << " inputs " << layout.format_inputs(ports));
    REQUIRE(got.flag(idle) == want.idle);
    REQUIRE(got.flag(out_valid) == want.out_valid);
    if (want.out_valid && t > rows + cols + 2) {
      REQUIRE(got.port[c_vec] == want.c);
      ++compared;
    }
  }
  CHECK(compared > 50);
}

}  // namespace

TEST_CASE("systolic model OS matches a register-level oracle under arbitrary stimulus", "[sim]") {
  for (auto [r, c, seed] : {std::tuple{3, 5, 11}, {4, 4, 12}, {1, 1, 13}}) {
    const EngineConfig cfg = cfg_of(Dataflow::OutputStationary, r, c);
    compare<SystolicOsModel>(cfg, seed, OsOracle(cfg));
  }
}

TEST_CASE("systolic model OS overlap (shadow accumulators) matches a register-level oracle under arbitrary stimulus",
          "[sim]") {
  // Random `first` and `last` flags, reads of rows whose shadows are being
  // rewritten column by column as a `last` passes: every column checked.
  for (auto [r, c, seed] : {std::tuple{3, 5, 14}, {4, 4, 15}, {1, 1, 16}, {5, 2, 17}}) {
    const EngineConfig cfg =
        make_config(Dataflow::OutputStationary, r, c, {8, true}, {6, false}, 20, "baseline", Schedule::Overlap);
    compare<SystolicOsModel>(cfg, seed, OsOracle(cfg, true));
  }
}

TEST_CASE("systolic model WS matches a register-level oracle under arbitrary stimulus", "[sim]") {
  for (auto [r, c, seed] : {std::tuple{3, 5, 21}, {4, 2, 22}, {1, 1, 23}}) {
    const EngineConfig cfg = cfg_of(Dataflow::WeightStationary, r, c);
    compare<SystolicStationaryModel>(cfg, seed, WsOracle(cfg));
  }
}

TEST_CASE("systolic model WS overlap (double-buffered weights) matches a register-level oracle under arbitrary stimulus",
          "[sim]") {
  // Random loads and swap tokens: loads land while a token is halfway across
  // the array, so PEs of one wave take different shadows; every output compared.
  for (auto [r, c, seed] : {std::tuple{3, 5, 24}, {4, 2, 25}, {1, 1, 26}, {4, 4, 27}}) {
    const EngineConfig cfg =
        make_config(Dataflow::WeightStationary, r, c, {8, true}, {6, false}, 20, "baseline", Schedule::Overlap);
    compare<SystolicStationaryModel>(cfg, seed, WsOracle(cfg, true));
  }
}

TEST_CASE("systolic model IS matches a register-level oracle under arbitrary stimulus", "[sim]") {
  for (auto [r, c, seed] : {std::tuple{3, 5, 31}, {4, 2, 32}, {1, 1, 33}, {5, 3, 34}}) {
    const EngineConfig cfg = cfg_of(Dataflow::InputStationary, r, c);
    compare<SystolicStationaryModel>(cfg, seed, IsOracle(cfg, false));
  }
}

TEST_CASE("systolic model IS matches an OPT1 carry-save register-level oracle with wrapping accumulators", "[sim]") {
  // acc_bits = a.bits + b.bits: the partial sums fed in (18 bits) and the
  // products wrap; Booth digits of a signed and of an unsigned multiplier.
  for (auto [a, seed] : {std::pair{IntFormat{8, true}, 41}, std::pair{IntFormat{5, false}, 42}}) {
    const EngineConfig cfg = make_config(Dataflow::InputStationary, 3, 4, a, {6, false}, a.bits + 6, "opt1");
    compare<SystolicStationaryModel>(cfg, uint64_t(seed), IsOracle(cfg, true));
  }
}
