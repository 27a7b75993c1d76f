// The cube's cycle model against a register-level oracle written here from
// the RTL's structure (docs/families/cube.md, rtlgen/families/cube/): the
// input register, every cell's reduction register (of the RTL's width) and
// accumulator, the read-out register. Driven with arbitrary stimulus the
// controller never produces: reads while feeds are in flight, a new `first`
// before the old tile was read, gaps, out-of-range rd_row. Every output of
// every cycle must agree.
#include <catch2/catch.hpp>

#include <random>

#include "models/families/cube/cube_spec.hpp"
#include "models/gemm/int_gemm.hpp"
#include "sim/families/cube/cube_model.hpp"
#include "models/util/bits.hpp"

using namespace tpe;
using namespace tpe::cube;

namespace {

struct Stimulus {
  bool in_valid = false, in_first = false, rd_en = false;
  int rd_row = 0;
  std::vector<int64_t> a, b;  // a_vec lanes (i*Z+k), b_vec lanes (k*Y+j)
};
struct Response {
  bool idle = true, out_valid = false;
  std::vector<int64_t> c;
};


ArrayInputs to_ports(const PortLayout& l, const Stimulus& s) {
  ArrayInputs in = l.make_inputs();
  in.port[l.input("in_valid")][0] = s.in_valid;
  in.port[l.input("in_first")][0] = s.in_first;
  in.port[l.input("rd_en")][0] = s.rd_en;
  in.port[l.input("rd_row")][0] = s.rd_row;
  in.port[l.input("a_vec")] = s.a;
  in.port[l.input("b_vec")] = s.b;
  return in;
}

// One cell: its registers as the RTL declares them.
struct Cell {
  int64_t dot = 0, acc = 0;  // dot: D bits, acc: acc_bits, each read in the product's signedness
};

struct CubeOracle {
  EngineConfig cfg;
  int X, Y, Z, D;
  bool s;
  // Input register.
  bool v_q = false, f_q = false;
  std::vector<int64_t> a_q, b_q;
  // Cells' control stage (every cell's v_d / f_d are equal) and the cells.
  bool v_d = false, f_d = false;
  std::vector<Cell> cells;
  Response out;

  explicit CubeOracle(const EngineConfig& c)
      : cfg(c), X(int(c.integer("x"))), Y(int(c.integer("y"))), Z(int(c.integer("z"))),
        s(product_is_signed(c.a, c.b)) {
    D = std::min(c.acc_bits, c.a.bits + c.b.bits + ceil_log2(Z));
    a_q.assign(X * Z, 0);
    b_q.assign(Z * Y, 0);
    cells.assign(X * Y, {});
    out.c.assign(Y, 0);
  }

  const Response& tick(const Stimulus& in) {
    // Next values, all from the current register contents.
    Response next_out = out;
    next_out.out_valid = in.rd_en;
    if (in.rd_en)
      for (int j = 0; j < Y; ++j) next_out.c[j] = in.rd_row < X ? cells[in.rd_row * Y + j].acc : 0;
    std::vector<Cell> next_cells = cells;
    for (int i = 0; i < X; ++i)
      for (int j = 0; j < Y; ++j) {
        Cell& n = next_cells[i * Y + j];
        const Cell& c = cells[i * Y + j];
        if (v_q) {
          int64_t sum = 0;
          for (int k = 0; k < Z; ++k) sum += a_q[i * Z + k] * b_q[k * Y + j];
          n.dot = wrap_to_accumulator(sum, D, s);
        }
        if (v_d) n.acc = wrap_to_accumulator((f_d ? 0 : c.acc) + c.dot, cfg.acc_bits, s);
      }
    const bool next_v_d = v_q, next_f_d = v_q ? f_q : f_d;
    if (in.in_valid) {
      for (int l = 0; l < X * Z; ++l) a_q[l] = to_port_value(in.a[l], cfg.a);
      for (int l = 0; l < Z * Y; ++l) b_q[l] = to_port_value(in.b[l], cfg.b);
      f_q = in.in_first;
    }
    v_q = in.in_valid;
    v_d = next_v_d;
    f_d = next_f_d;
    cells = next_cells;
    out = next_out;
    out.idle = !(v_q || v_d);
    return out;
  }
};

Stimulus random_inputs(const EngineConfig& cfg, std::mt19937_64& rng) {
  const int X = int(cfg.integer("x")), Y = int(cfg.integer("y")), Z = int(cfg.integer("z"));
  std::uniform_int_distribution<int> coin(0, 99);
  // Lanes beyond the format's range too: the ports keep the low bits.
  std::uniform_int_distribution<int64_t> av(cfg.a.min_value() - 3, cfg.a.max_value() + 3),
      bv(cfg.b.min_value() - 3, cfg.b.max_value() + 3);
  Stimulus in;
  in.in_valid = coin(rng) < 60;
  in.in_first = coin(rng) < 15;
  in.rd_en = coin(rng) < 35;
  in.rd_row = int(rng() % uint64_t(1 << std::max(1, ceil_log2(X))));
  for (int l = 0; l < X * Z; ++l) in.a.push_back(av(rng));
  for (int l = 0; l < Z * Y; ++l) in.b.push_back(bv(rng));
  return in;
}

void compare(const EngineConfig& cfg, uint64_t seed) {
  CubeModel model(cfg);
  CubeOracle oracle(cfg);
  const PortLayout layout = PortLayout::of(cfg);
  const int idle = layout.output("idle"), out_valid = layout.output("out_valid"), c_vec = layout.output("c_vec");
  std::mt19937_64 rng(seed);
  int compared = 0, idle_seen = 0;
  for (int t = 0; t < 800; ++t) {
    Stimulus in = random_inputs(cfg, rng);
    // The RTL's accumulators start unknown: the first feed clears them.
    if (t == 0) in.in_valid = in.in_first = true;
    // Quiet stretches, so that `idle` rises and falls.
    if (t % 50 > 45) in.in_valid = false;
    const Response want = oracle.tick(in);
    const ArrayInputs ports = to_ports(layout, in);
    const ArrayOutputs& got = model.tick(ports);
    INFO(cfg.tag() << " cycle " << t << " inputs " << layout.format_inputs(ports));
    REQUIRE(got.flag(idle) == want.idle);
    REQUIRE(got.flag(out_valid) == want.out_valid);
    idle_seen += want.idle;
    if (want.out_valid && t > 3) {
      REQUIRE(got.port[c_vec] == want.c);
      ++compared;
    }
  }
  CHECK(compared > 100);
  CHECK(idle_seen > 10);
}

}  // namespace

TEST_CASE("cube model matches a register-level oracle under arbitrary stimulus", "[sim]") {
  compare(make_config(3, 5, 2, {8, true}, {6, false}, 20), 11);  // X != Y != Z, u6 weights, wraps
  compare(make_config(4, 4, 4, {8, true}, {8, true}, 32), 12);
  compare(make_config(2, 3, 7, {4, false}, {4, false}, 9), 13);  // unsigned, a narrow accumulator
  compare(make_config(5, 2, 3, {16, true}, {2, true}, 40), 14);  // rd_row beyond X selects nothing
  compare(make_config(4, 4, 4, {8, true}, {8, true}, 16, "opt1"), 15);
}
