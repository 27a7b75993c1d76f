// The lutgemm cycle model at register level (the register-level oracle style
// of test_systolic_model_timing): every edge's out_valid and fp16 results for
// a hand-driven stimulus, the expected values worked out by hand in the test
// (small exact values, then overflow to Inf and Inf - Inf = NaN); then whole
// GEMMs through the controller: cycles equal tiles x ceil(K/8) written out,
// C the reference.
#include <catch2/catch.hpp>

#include "models/engine/engine_config.hpp"
#include "models/engine/family_registry.hpp"
#include "models/families/lutgemm/lutgemm_spec.hpp"
#include "models/formats/float_formats.hpp"
#include "models/gemm/gemm_operands.hpp"
#include "sim/core/array_io.hpp"
#include "sim/core/engine_sim.hpp"
#include "sim/core/family_sim.hpp"
#include "sim/families/lutgemm/lutgemm_model.hpp"

using namespace tpe;

namespace {
int64_t h(double v) { return int64_t(encode(fp16_format(), v)); }
}  // namespace

TEST_CASE("lutgemm model: plane sums per edge, fold scales them, first restarts, last sets out_valid",
          "[lutgemm][sim]") {
  register_builtin_families();
  // 1 x 1 PE, q = 2 planes.
  const EngineConfig cfg = parse_engine_config(
      R"({"family":"lutgemm","rows":1,"cols":1,"group_size":16,"a":{"bits":16,"signed":false},)"
      R"("b":{"bits":2,"signed":false},"acc_bits":16})", "test");
  const PortLayout l = PortLayout::of(cfg);
  lutgemm::LutGemmModel model(cfg);
  const int v = l.input("in_valid"), first = l.input("first"), last = l.input("last"), fold = l.input("fold"),
            act = l.input("act"), code = l.input("code"), alpha = l.input("alpha"), bias = l.input("q_bias");
  const int ov = l.output("out_valid"), c = l.output("c_vec");
  ArrayInputs in = l.make_inputs();
  // Edge 0 (first): x = 1, 2, 3, 4, 0, 0, 0, 0. Plane 0 byte 0x0F: +1+2+3+4 = 10; plane 1 byte 0x05:
  // +1-2+3-4 = -2; the bias entry (255) = 10. No fold: y = +0.
  in.set(v, 1);
  in.set(first, 1);
  in.port[size_t(act)] = {h(1), h(2), h(3), h(4), 0, 0, 0, 0};
  in.port[size_t(code)] = {0x0F, 0x05};
  ArrayOutputs out = model.tick(in);
  CHECK_FALSE(out.flag(ov));
  CHECK(out.port[size_t(c)][0] == 0);
  in = l.make_inputs();
  out = model.tick(in);  // nothing sampled
  CHECK(out.port[size_t(c)][0] == 0);
  // Edge 2 (fold, last): x = 0.5, 0.5, 0...; plane 0 byte 0x03: +1 -> 11; plane 1 byte 0x00: -1 -> -3;
  // bias entry +1 -> 11. alpha = 2, 0.25, q_bias = -1: y = 2*11 + 0.25*(-3) + (-1)*11 = 10.25.
  in.set(v, 1);
  in.set(fold, 1);
  in.set(last, 1);
  in.port[size_t(act)] = {h(0.5), h(0.5), 0, 0, 0, 0, 0, 0};
  in.port[size_t(code)] = {0x03, 0x00};
  in.port[size_t(alpha)] = {h(2), h(0.25)};
  in.port[size_t(bias)] = {h(-1)};
  out = model.tick(in);
  CHECK(out.flag(ov));
  CHECK(out.port[size_t(c)][0] == h(10.25));
  // Edge 3 (first, fold): x = 65504 (fp16's largest) x 8. Plane 0 byte 0xFF: the sum overflows to +Inf;
  // plane 1 byte 0x00: -Inf; alpha = 1, 1: Inf + (-Inf) = NaN, the canonical 0x7E00.
  in.set(first, 1);
  in.set(last, 0);
  in.port[size_t(act)] = std::vector<int64_t>(8, h(65504));
  in.port[size_t(code)] = {0xFF, 0x00};
  in.port[size_t(alpha)] = {h(1), h(1)};
  in.port[size_t(bias)] = {0};
  out = model.tick(in);
  CHECK_FALSE(out.flag(ov));  // out_valid lasts one edge
  CHECK(out.port[size_t(c)][0] == 0x7E00);
  // Edge 4 (first, no fold): x = 1, 0...: plane 0 byte 0x01 -> 1, plane 1 byte 0x00 -> -1, bias entry 1;
  // y restarts at +0. Edge 5 (fold, x = +0): every entry is +-0, so the sums hold: alpha = 3, 0,
  // q_bias = 0: y = 3*1 + 0*(-1) + 0*1 = 3.
  in.set(fold, 0);
  in.port[size_t(act)] = {h(1), 0, 0, 0, 0, 0, 0, 0};
  in.port[size_t(code)] = {0x01, 0x00};
  out = model.tick(in);
  CHECK(out.port[size_t(c)][0] == 0);
  in.set(first, 0);
  in.set(fold, 1);
  in.port[size_t(act)] = std::vector<int64_t>(8, 0);
  in.port[size_t(alpha)] = {h(3), 0};
  out = model.tick(in);
  CHECK(out.port[size_t(c)][0] == h(3));
  const std::vector<uint64_t>& n = *model.counters();
  CHECK(n[lutgemm::kMac] == 5 * 8);  // 5 sampled blocks x 1 PE x 8
  CHECK(n[lutgemm::kTableBuilds] == 5);
  CHECK(n[lutgemm::kLookups] == 5 * 3);  // q planes + the bias entry
  CHECK(n[lutgemm::kFolds] == 3);
  CHECK(n[lutgemm::kResultValues] == 1);
}

TEST_CASE("lutgemm model: whole GEMMs take tiles x ceil(K/8) cycles and equal the reference", "[lutgemm][sim]") {
  register_builtin_families();
  const EngineConfig cfg = parse_engine_config(
      R"({"family":"lutgemm","rows":2,"cols":3,"group_size":16,"a":{"bits":16,"signed":false},)"
      R"("b":{"bits":3,"signed":false},"acc_bits":16})", "test");
  auto model = make_array_model(cfg);
  struct Case {
    GemmShape s;
    uint64_t cycles;  // ceil(M/2) * ceil(N/3) * ceil(K/8), written out
  };
  for (const Case& k : {Case{{3, 37, 19}, 2 * 7 * 5}, Case{{2, 1, 3}, 1}, Case{{5, 17, 4}, 3 * 2 * 3},
                        Case{{2, 8, 3}, 1}}) {
    INFO(k.s.str());
    const GemmOperands ops = make_gemm_operands(cfg, k.s, 5, "random");
    const EngineRun run = simulate_gemm(cfg, ops.a, ops.b, {model.get()})[0];
    CHECK(run.completed);
    CHECK(run.activity.cycles == k.cycles);
    CHECK(run.c == engine_reference(cfg, ops.a, ops.b));
  }
}
