// The addertree cycle model against a register-level oracle written here
// from the RTL's structure (docs/families/addertree.md: input register,
// weight shift registers, the tree's pipeline registers, output register),
// driven with arbitrary stimulus the controller never produces: weights
// loaded while rows are in flight and on the very edge a row is sampled,
// idle gaps, back-to-back rows. Every output of every cycle must agree.
// Then the whole engine loop on the model against the integer reference and
// the closed-form cycle count, for every stages value of several shapes.
#include <catch2/catch.hpp>

#include <random>

#include "models/engine/family_registry.hpp"
#include "models/families/addertree/addertree_spec.hpp"
#include "models/gemm/gemm_operands.hpp"
#include "models/gemm/int_gemm.hpp"
#include "sim/core/engine_loop.hpp"
#include "sim/families/addertree/addertree_model.hpp"

using namespace tpe;
using namespace tpe::addertree;

namespace {

struct Stimulus {
  bool in_valid = false, w_load = false;
  std::vector<int64_t> a, p, w;
};
struct Response {
  bool idle = true, out_valid = false;
  std::vector<int64_t> c;
};

ArrayInputs to_ports(const PortLayout& l, const Stimulus& s) {
  ArrayInputs in = l.make_inputs();
  in.port[size_t(l.input("in_valid"))][0] = s.in_valid;
  in.port[size_t(l.input("w_load"))][0] = s.w_load;
  in.port[size_t(l.input("a_vec"))] = s.a;
  in.port[size_t(l.input("p_vec"))] = s.p;
  in.port[size_t(l.input("w_vec"))] = s.w;
  return in;
}

// Register-level array. Every register takes its next value from the
// current state only; the tree is evaluated level by level between the
// pipeline registers, which sit after tree level floor(s * depth / (stages+1))
// (level 0 = the products).
struct Oracle {
  EngineConfig cfg;
  int K, N, S, D;
  bool sgn;
  // Top input register.
  int v_r = 0;
  std::vector<int64_t> a_r, p_r;
  // Per unit j: weights w[j][k]; per stage s: valid, tree nodes, partial sum; output register.
  std::vector<std::vector<int64_t>> w;
  std::vector<int> vs;                                  // vs[s-1]
  std::vector<int> level_of;                            // level_of[s-1]: tree level stage s holds
  std::vector<std::vector<std::vector<int64_t>>> nodes;  // nodes[s-1][j]
  std::vector<std::vector<int64_t>> ps;                 // ps[s-1][j]
  std::vector<int64_t> c;
  int v_out = 0;

  explicit Oracle(const EngineConfig& e)
      : cfg(e), K(int(e.integer("k"))), N(int(e.integer("n"))), S(int(e.integer("stages"))),
        D(ceil_log2(K)), sgn(product_is_signed(e.a, e.b)) {
    a_r.assign(K, 0), p_r.assign(N, 0), c.assign(N, 0);
    w.assign(N, std::vector<int64_t>(K, 0));
    vs.assign(S, 0);
    for (int s = 1; s <= S; ++s) level_of.push_back(s * D / (S + 1));
    nodes.assign(S, std::vector<std::vector<int64_t>>(N));
    ps.assign(S, std::vector<int64_t>(N, 0));
  }
  // Reduces tree nodes from level `from` to level `to` by pairwise sums.
  static std::vector<int64_t> reduce(std::vector<int64_t> v, int from, int to) {
    for (int l = from; l < to; ++l) {
      std::vector<int64_t> next;
      for (size_t i = 0; i < v.size(); i += 2) next.push_back(v[i] + (i + 1 < v.size() ? v[i + 1] : 0));
      v = next;
    }
    return v;
  }
  Response tick(const Stimulus& in) {
    // Next state of every register, from the current state.
    std::vector<std::vector<std::vector<int64_t>>> n_nodes = nodes;
    std::vector<std::vector<int64_t>> n_ps = ps;
    std::vector<int64_t> n_c = c;
    for (int j = 0; j < N; ++j) {
      std::vector<int64_t> prods(K);
      for (int k = 0; k < K; ++k) prods[k] = a_r[k] * w[j][k];
      // Stage inputs: the previous stage's (or the input register's) values, reduced.
      std::vector<int64_t> v = prods;
      int level = 0;
      int64_t psum = p_r[j];
      int valid = v_r;
      for (int s = 1; s <= S; ++s) {
        if (valid) n_nodes[s - 1][j] = reduce(v, level, level_of[s - 1]), n_ps[s - 1][j] = psum;
        v = nodes[s - 1][j], level = level_of[s - 1], psum = ps[s - 1][j], valid = vs[s - 1];
      }
      if (valid) n_c[j] = reduce(v, level, D)[0] + psum;
    }
    const int n_v_out = S ? vs[S - 1] : v_r;
    std::vector<int> n_vs = vs;
    for (int s = S; s >= 1; --s) n_vs[s - 1] = s == 1 ? v_r : vs[s - 2];
    if (in.in_valid) {
      for (int k = 0; k < K; ++k) a_r[k] = to_port_value(in.a[k], cfg.a);
      for (int j = 0; j < N; ++j) p_r[j] = in.p[j];
    }
    v_r = in.in_valid;
    if (in.w_load)
      for (int j = 0; j < N; ++j) {
        for (int k = 0; k + 1 < K; ++k) w[j][k] = w[j][k + 1];
        w[j][K - 1] = to_port_value(in.w[j], cfg.b);
      }
    nodes = n_nodes, ps = n_ps, c = n_c, vs = n_vs, v_out = n_v_out;
    Response r;
    r.out_valid = v_out;
    for (int j = 0; j < N; ++j) r.c.push_back(wrap_to_accumulator(c[j], cfg.acc_bits, sgn));
    bool busy = v_r;
    for (int x : vs) busy |= x != 0;
    r.idle = !busy;
    return r;
  }
};

Stimulus random_inputs(const EngineConfig& cfg, std::mt19937_64& rng) {
  const int K = int(cfg.integer("k")), N = int(cfg.integer("n"));
  std::uniform_int_distribution<int> coin(0, 99);
  std::uniform_int_distribution<int64_t> av(cfg.a.min_value(), cfg.a.max_value()),
      bv(cfg.b.min_value(), cfg.b.max_value()), pv(-(int64_t(1) << 40), int64_t(1) << 40);
  Stimulus in;
  in.in_valid = coin(rng) < 60;
  in.w_load = coin(rng) < 25;
  for (int k = 0; k < K; ++k) in.a.push_back(av(rng));
  for (int j = 0; j < N; ++j) in.p.push_back(pv(rng)), in.w.push_back(bv(rng));
  return in;
}

void compare(const EngineConfig& cfg, uint64_t seed) {
  INFO(cfg.tag());
  AdderTreeModel model(cfg);
  Oracle oracle(cfg);
  const PortLayout layout = PortLayout::of(cfg);
  const int idle = layout.output("idle"), out_valid = layout.output("out_valid"), c_vec = layout.output("c_vec");
  std::mt19937_64 rng(seed);
  int compared = 0;
  for (int t = 0; t < 500; ++t) {
    const Stimulus in = random_inputs(cfg, rng);
    const Response want = oracle.tick(in);
    const ArrayInputs ports = to_ports(layout, in);
    const ArrayOutputs& got = model.tick(ports);
    INFO("cycle " << t << " inputs " << layout.format_inputs(ports));
    REQUIRE(got.flag(idle) == want.idle);
    REQUIRE(got.flag(out_valid) == want.out_valid);
    if (want.out_valid) {
      REQUIRE(got.port[size_t(c_vec)] == want.c);
      ++compared;
    }
  }
  CHECK(compared > 150);
}

}  // namespace

TEST_CASE("addertree model matches a register-level oracle under arbitrary stimulus", "[sim]") {
  register_builtin_families();
  // Every stages value of K = 4 and K = 5 (an odd tree), K = 2, narrow wrapping accumulators, unsigned operands.
  for (int s = 0; s <= 2; ++s) compare(make_config(4, 3, s, {8, true}, {6, false}, 20), 10 + s);
  for (int s = 0; s <= 3; ++s) compare(make_config(5, 2, s, {4, false}, {8, true}, 14), 20 + s);
  compare(make_config(2, 1, 1, {16, true}, {2, true}, 40), 30);
  compare(make_config(16, 4, 4, {8, true}, {8, true}, 16), 31);
  compare(make_config(7, 3, 2, {5, false}, {3, false}, 9), 32);
}

TEST_CASE("addertree engine on the model equals the reference and the closed-form cycle count", "[sim]") {
  register_builtin_families();
  const std::vector<GemmShape> shapes = {{1, 1, 1}, {3, 1, 5}, {7, 9, 6}, {1, 20, 11}, {9, 16, 8}, {5, 33, 17}};
  for (int k : {2, 4, 5, 8})
    for (int s = 0; s <= ceil_log2(k); ++s)
      for (const auto& shape : shapes) {
        const EngineConfig cfg = make_config(k, 3, s, {8, true}, {8, true}, 24);
        INFO(cfg.tag() << " " << shape.str());
        const GemmOperands ops = make_gemm_operands(cfg, shape, uint64_t(k * 100 + s), "random");
        auto model = make_array_model(cfg);
        EngineLoop loop(cfg, ops.a, ops.b, *model);
        for (uint64_t i = 0; i < 100000 && !loop.done(); ++i) loop.step();
        REQUIRE(loop.done());
        const EngineRun run = loop.result();
        REQUIRE(run.c == int_gemm(ops.a, ops.b, cfg.a, cfg.b, cfg.acc_bits));
        // Hand-derived: per fold k loads, m rows, the last result s+1 edges after its row, seen by the
        // controller one edge later, whose next load goes to the edge after that; the count ends at the
        // last result, one edge before the next load would be.
        const uint64_t folds = uint64_t((shape.n + 2) / 3) * uint64_t((shape.k + k - 1) / k);
        const uint64_t expected = folds * uint64_t(k + shape.m + s + 2) - 1;
        CHECK(run.activity.cycles == expected);
        CHECK(closed_form_cycles(cfg, shape) == expected);
        CHECK(run.activity.counters[0] == folds * uint64_t(shape.m) * uint64_t(k) * 3);  // "mac"
      }
}
