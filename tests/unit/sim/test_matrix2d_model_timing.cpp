// The matrix2d cycle model against a register-by-register oracle written
// here from the generated RTL's structure (rtlgen/families/matrix2d:
// broadcast registers a_q/b_q/f_q loading on in_valid, v_q always; every
// PE's acc loading on v_q; the output register loading on rd_en through a
// one-hot select that gives 0 for a row past the array), driven with
// stimulus the controller never produces: reads while operands are still
// being added, `first` in the middle of a stream, idle gaps, garbage on the
// operand lanes while in_valid is low, row numbers past the array. Every
// output of every cycle must agree. With "schedule":"overlap" the oracle
// adds the edge register l_q (in_last, loading on in_valid) and one shadow
// per PE written with the new accumulator on v_q && l_q; the read-out
// selects the shadows; `last` is driven at random, in and out of tiles.
#include <catch2/catch.hpp>

#include <random>

#include "models/engine/family_registry.hpp"
#include "models/families/matrix2d/matrix2d_spec.hpp"
#include "models/gemm/int_gemm.hpp"
#include "sim/families/matrix2d/matrix2d_model.hpp"

using namespace tpe;

namespace {

struct Stimulus {
  bool in_valid = false, in_first = false, in_last = false, rd_en = false;
  int rd_row = 0;
  std::vector<int64_t> a, b;
};
struct Response {
  bool idle = true, out_valid = false;
  std::vector<int64_t> c;
};

ArrayInputs to_ports(const PortLayout& l, const Stimulus& s, bool overlap) {
  ArrayInputs in = l.make_inputs();
  in.set(l.input("in_valid"), s.in_valid);
  in.set(l.input("in_first"), s.in_first);
  if (overlap) in.set(l.input("in_last"), s.in_last);
  in.set(l.input("rd_en"), s.rd_en);
  in.set(l.input("rd_row"), s.rd_row);
  in.port[size_t(l.input("a_vec"))] = s.a;
  in.port[size_t(l.input("b_vec"))] = s.b;
  return in;
}

// The RTL's registers, one edge at a time: each next value computed from
// the current ones before any is replaced.
struct Oracle {
  int R, C;
  EngineConfig cfg;
  bool c_signed, overlap;
  std::vector<int64_t> a_q, b_q, acc, sh;
  int v_q = 0, f_q = 0, l_q = 0;
  Response out;
  explicit Oracle(const EngineConfig& c)
      : R(int(c.integer("rows"))), C(int(c.integer("cols"))), cfg(c), c_signed(product_is_signed(c.a, c.b)),
        overlap(matrix2d::Params::of(c).overlap) {
    a_q.assign(size_t(R), 0);
    b_q.assign(size_t(C), 0);
    acc.assign(size_t(R * C), 0);
    sh = acc;
    out.c.assign(size_t(C), 0);
  }
  const Response& tick(const Stimulus& in) {
    // Output register and out_valid (the accumulators before this edge).
    out.out_valid = in.rd_en;
    if (in.rd_en)
      for (int j = 0; j < C; ++j) out.c[size_t(j)] = in.rd_row < R ? (overlap ? sh : acc)[size_t(in.rd_row * C + j)] : 0;
    // PEs: the broadcast registers before this edge.
    std::vector<int64_t> next_acc = acc;
    if (v_q)
      for (int i = 0; i < R; ++i)
        for (int j = 0; j < C; ++j) {
          const int64_t base = f_q ? 0 : acc[size_t(i * C + j)];
          next_acc[size_t(i * C + j)] = wrap_to_accumulator(base + a_q[size_t(i)] * b_q[size_t(j)], cfg.acc_bits, c_signed);
        }
    if (overlap && v_q && l_q) sh = next_acc;
    acc = next_acc;
    // Broadcast registers.
    if (in.in_valid) {
      for (int i = 0; i < R; ++i) a_q[size_t(i)] = to_port_value(in.a[size_t(i)], cfg.a);
      for (int j = 0; j < C; ++j) b_q[size_t(j)] = to_port_value(in.b[size_t(j)], cfg.b);
      f_q = in.in_first;
      l_q = in.in_last;
    }
    v_q = in.in_valid;
    out.idle = !v_q;
    return out;
  }
};

Stimulus random_inputs(const EngineConfig& cfg, std::mt19937_64& rng, int rd_rows) {
  const int R = int(cfg.integer("rows")), C = int(cfg.integer("cols"));
  std::uniform_int_distribution<int> pct(0, 99);
  std::uniform_int_distribution<int64_t> av(cfg.a.min_value(), cfg.a.max_value()),
      bv(cfg.b.min_value(), cfg.b.max_value());
  Stimulus s;
  s.in_valid = pct(rng) < 60;
  s.in_first = pct(rng) < 15;
  s.in_last = pct(rng) < 20;
  s.rd_en = pct(rng) < 30;
  s.rd_row = int(rng() % uint64_t(rd_rows));
  for (int i = 0; i < R; ++i) s.a.push_back(av(rng));
  for (int j = 0; j < C; ++j) s.b.push_back(bv(rng));
  return s;
}

void compare(const EngineConfig& cfg, uint64_t seed) {
  matrix2d::Matrix2dModel model(cfg);
  Oracle oracle(cfg);
  const PortLayout layout = PortLayout::of(cfg);
  const int idle = layout.output("idle"), out_valid = layout.output("out_valid"), c_vec = layout.output("c_vec");
  const int rd_rows = 1 << layout.in[size_t(layout.input("rd_row"))].lane_bits;  // every value the port can carry
  std::mt19937_64 rng(seed);
  // The RTL's accumulators start unknown: the first feed clears them all,
  // so values are compared only once a `first` has been added.
  // Overlap: the shadows are known once written from cleared accumulators.
  bool cleared = false, shadow_known = !oracle.overlap;
  int compared = 0, reads_past_array = 0;
  for (int t = 0; t < 800; ++t) {
    Stimulus in = random_inputs(cfg, rng, rd_rows);
    if (t == 0) in.in_valid = in.in_first = true;
    const bool clears_now = oracle.v_q && oracle.f_q;
    const bool shadow_now = oracle.v_q && oracle.l_q && (cleared || clears_now);
    const Response want = oracle.tick(in);
    const ArrayInputs ports = to_ports(layout, in, oracle.overlap);
    const ArrayOutputs& got = model.tick(ports);
    INFO("cycle " << t << " inputs " << layout.format_inputs(ports));
    REQUIRE(got.flag(idle) == want.idle);
    REQUIRE(got.flag(out_valid) == want.out_valid);
    if (want.out_valid && cleared && shadow_known) {
      REQUIRE(got.port[size_t(c_vec)] == want.c);
      ++compared;
      reads_past_array += in.rd_row >= int(cfg.integer("rows"));
    }
    cleared |= clears_now;
    shadow_known |= shadow_now;
  }
  CHECK(compared > 150);
  if (rd_rows > int(cfg.integer("rows"))) CHECK(reads_past_array > 5);
}

EngineConfig cfg_of(int r, int c, IntFormat a, IntFormat b, int acc, const std::string& pe = "baseline",
                    const std::string& schedule = "serial") {
  register_builtin_families();
  return matrix2d::make_config(r, c, a, b, acc, pe, schedule);
}

}  // namespace

TEST_CASE("matrix2d model matches a register-level oracle under arbitrary stimulus", "[sim][matrix2d]") {
  compare(cfg_of(3, 5, {8, true}, {6, false}, 20), 11);   // rows past the array: rd_row 3
  compare(cfg_of(4, 4, {8, true}, {8, true}, 32), 12);
  compare(cfg_of(1, 1, {8, true}, {8, true}, 32), 13);    // rd_row 1 is past the array
  compare(cfg_of(6, 2, {4, false}, {4, false}, 7), 14);   // unsigned, the accumulator wraps
  compare(cfg_of(5, 7, {16, true}, {2, true}, 40, "opt1"), 15);
}

TEST_CASE("matrix2d overlap model (shadow accumulators) matches a register-level oracle", "[sim][matrix2d]") {
  compare(cfg_of(3, 5, {8, true}, {6, false}, 20, "baseline", "overlap"), 21);  // rd_row 3 is past the array
  compare(cfg_of(4, 4, {8, true}, {8, true}, 32, "baseline", "overlap"), 22);
  compare(cfg_of(6, 2, {4, false}, {4, false}, 7, "baseline", "overlap"), 24);  // the accumulator wraps
  compare(cfg_of(5, 7, {16, true}, {2, true}, 40, "opt1", "overlap"), 25);
}
