// The hbmpim family on the plugin interface: the near-bank units' model at
// register level (hand-driven events against values computed with the
// reference's fp16 operations), and a GEMV through simulate_gemm (the
// SystemC path of tpe sim and cosim) against the reference, with cycles equal
// to the DRAM schedule and activity counts derived from the mapping by hand.
#include <catch2/catch.hpp>

#include "models/engine/engine_config.hpp"
#include "models/engine/family_registry.hpp"
#include "models/pim/hbmpim_arith.hpp"
#include "sim/core/engine_sim.hpp"
#include "sim/families/hbmpim/hbmpim_model.hpp"
#include "sim/families/hbmpim/hbmpim_spec.hpp"
#include "sim/pim/hbmpim_gemv_sim.hpp"

using namespace tpe;

namespace {
const char* kDesc =
    R"({"family":"hbmpim","pe":"baseline","dram_preset":"hbm2","channels":1,"pseudo_channels":1,)"
    R"("a":{"bits":16,"signed":false},"b":{"bits":16,"signed":false},"acc_bits":16})";
}  // namespace

TEST_CASE("hbmpim model: GRF_A write, two MACs, write-back and read at register level", "[hbmpim][sim]") {
  register_builtin_families();
  const EngineConfig cfg = parse_engine_config(kDesc, "test");
  const PortLayout l = PortLayout::of(cfg);
  hbmpim::HbmPimModel model(cfg);
  ArrayInputs in = l.make_inputs();
  const int dv = l.input("data_valid"), op = l.input("op"), ga = l.input("grf_a"), gb = l.input("grf_b"),
            host = l.input("host_burst"), bank = l.input("bank_burst");
  const int ov = l.output("out_valid"), dq = l.output("dq");
  REQUIRE(in.port[size_t(bank)].size() == 8 * 16);  // 8 units (one pseudo-channel of 16 banks) x 16 lanes
  auto event = [&](pim::UnitOp o, int a, int b) {
    in.set(dv, 1);
    in.set(op, int(o));
    in.set(ga, a);
    in.set(gb, b);
    return model.tick(in);
  };
  // GRF_A[3] := 1.5 in every lane (0x3E00), lane 5 = -2 (0xC000).
  for (auto& v : in.port[size_t(host)]) v = 0x3E00;
  in.port[size_t(host)][5] = 0xC000;
  CHECK_FALSE(event(pim::UnitOp::WriteGrfA, 3, 0).flag(ov));
  // MAC GRF_B[6] += bank x GRF_A[3] twice: unit u lane l sees 0x3C00 + u (1 + u 2^-10).
  for (int u = 0; u < 8; ++u)
    for (int k = 0; k < 16; ++k) in.port[size_t(bank)][size_t(u * 16 + k)] = 0x3C00 + u;
  CHECK_FALSE(event(pim::UnitOp::Mac, 3, 6).flag(ov));
  CHECK_FALSE(event(pim::UnitOp::Mac, 3, 6).flag(ov));
  in.set(dv, 0);
  CHECK_FALSE(model.tick(in).flag(ov));  // an idle edge changes nothing
  const ArrayOutputs& wb = event(pim::UnitOp::WriteBack, 0, 6);
  REQUIRE(wb.flag(ov));
  for (int u = 0; u < 8; ++u)
    for (int k = 0; k < 16; ++k) {
      const uint16_t w = uint16_t(0x3C00 + u), x = k == 5 ? 0xC000 : 0x3E00;
      const uint16_t p = pim::fp16_mul_bits(w, x);
      const uint16_t want = pim::fp16_add_bits(p, pim::fp16_add_bits(p, 0));
      INFO("unit " << u << " lane " << k);
      CHECK(wb.port[size_t(dq)][size_t(u * 16 + k)] == want);
    }
  CHECK(wb.port[size_t(dq)][0] == 0x4200);      // 1.5 + 1.5 = 3
  CHECK(wb.port[size_t(dq)][5] == 0xC400);      // -2 - 2 = -4
  // Reset clears GRF_B; a write-back then shows +0; a read passes the bank through.
  CHECK_FALSE(event(pim::UnitOp::Reset, 0, 0).flag(ov));
  CHECK(event(pim::UnitOp::WriteBack, 0, 6).port[size_t(dq)][0] == 0);
  const ArrayOutputs& rd = event(pim::UnitOp::Read, 0, 0);
  CHECK(rd.port[size_t(dq)][7 * 16 + 2] == 0x3C07);
  const std::vector<uint64_t>& c = *model.counters();
  CHECK(c[hbmpim::kMac] == 2 * 8 * 16);
  CHECK(c[hbmpim::kGrfAWrites] == 1);
  CHECK(c[hbmpim::kWritebacks] == 2 * 8);
  CHECK(c[hbmpim::kReads] == 8);
}

TEST_CASE("hbmpim family: a 2 x 300 x 37 GEMV batch through simulate_gemm", "[hbmpim][sim]") {
  register_builtin_families();
  const EngineConfig cfg = parse_engine_config(kDesc, "test");
  const GemmShape s{2, 300, 37};
  const GemmOperands ops = family_of(cfg).spec->make_operands(cfg, s, 7, "random");
  auto model = make_array_model(cfg);
  const EngineRun run = simulate_gemm(cfg, ops.a, ops.b, {model.get()})[0];
  REQUIRE(run.completed);
  CHECK(run.c == engine_reference(cfg, ops.a, ops.b));
  // Cycles: the schedule's, first command to the last data beat of the read-out.
  const pim::HbmPimConfig dev = pim::make_hbmpim_config("hbm2", 1, 1, "test");
  CHECK(run.activity.cycles == pim::run_hbmpim_gemv(dev, hbmpim::weights_of(ops.b), hbmpim::inputs_of(ops.a)).cycles);
  CHECK(run.activity.cycles == *closed_form_cycles(cfg, s));
  // By hand from the mapping: 8 units, 1 output tile (64 rows), 3 input tiles, batch 2.
  const uint64_t units = 8, tiles = 3, batch = 2;
  CHECK(run.activity.counter("mac") == batch * tiles * 64 * units * 16);
  CHECK(run.activity.counter("grf_a_writes") == batch * tiles * 8);
  CHECK(run.activity.counter("writebacks") == batch * 8 * units);
  // Reads: park in (16 banks) and out (2), then each unit's 8 result bursts per batch entry.
  CHECK(run.activity.counter("reads") == (16 + 2 + batch * units * 8) * units);
}
