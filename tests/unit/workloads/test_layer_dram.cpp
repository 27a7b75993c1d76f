// `tpe layer --dram`: every op of a layer streamed through the DRAM model.
// Each op's time (compute + memory stalls) is at least its compute-bound time
// (the closed form) and at least its bandwidth roofline (its compulsory
// traffic, A and B read once and C written once, at the preset's peak
// bandwidth). The same engine at 8x the DRAM's clock asks 8x the bytes per
// DRAM cycle: it spends a larger share of its time stalled.
#include <catch2/catch.hpp>

#include <string>

#include "models/engine/engine_config.hpp"
#include "models/engine/family_registry.hpp"
#include "sim/dram/dram_spec.hpp"
#include "sim/workload/layer_on_engine.hpp"
#include "workloads/model_catalog.hpp"

using namespace tpe;

namespace {

// Fraction of the layer's time spent stalled on the DRAM; checks every op's bounds.
double stalled_share(const PhaseSpec& ph, int clock_mhz) {
  const EngineConfig cfg = parse_engine_config(
      R"({"family":"systolic","dataflow":"os","rows":4,"cols":4,"a":{"bits":8,"signed":true},)"
      R"("b":{"bits":8,"signed":true},"acc_bits":32,"memory":{"preset":"hbm2","channels":1,"clock_mhz":)" +
          std::to_string(clock_mhz) + "}}",
      "<test>");
  const double engine_ns = 1000.0 / clock_mhz;
  const dram::DramSpec hbm2 = dram::load_dram_spec("hbm2");
  const double peak_bytes_per_ns = 2 * 32 / (hbm2.t.burst_cycles * hbm2.tck_ns);  // one channel = 2 pseudo-channels
  LayerRunOptions opt;
  opt.fidelity = SimFidelity::ClosedForm;
  const LayerOnEngine r = run_layer_on_engine(cfg, make_workload(find_model("stories260K"), ph, "w8a8"), opt);
  double stall = 0, total = 0;
  for (const OpOnEngine& o : r.layer) {
    INFO(o.op.name);
    REQUIRE(o.memory);
    const double compute = double(*closed_form_cycles(cfg, GemmShape{o.op.m, o.op.k, o.op.n}));
    const double cycles = double(o.cycles_each + o.memory->stall_cycles);
    CHECK(o.memory->compute_cycles == uint64_t(compute));
    CHECK(cycles >= compute);
    CHECK(cycles * engine_ns >= o.dram_bytes(cfg) / double(o.op.count) / peak_bytes_per_ns);
    // Whole accesses: at least the compulsory bytes move.
    CHECK(double(o.memory->bytes_read + o.memory->bytes_written) >= o.dram_bytes(cfg) / double(o.op.count));
    stall += double(o.stall_cycles());
    total += double(o.cycles() + o.stall_cycles());
  }
  return stall / total;
}

}  // namespace

TEST_CASE("layer on a DRAM: between the compute-bound and the bandwidth-roofline bounds", "[workload][layer][memory]") {
  PhaseSpec decode;
  decode.phase = Phase::Decode;
  decode.batch = 1;
  decode.ctx = 16;
  PhaseSpec prefill;
  prefill.seq = 16;
  for (const PhaseSpec& ph : {decode, prefill}) {
    INFO(ph.str());
    const double slow = stalled_share(ph, 1000), fast = stalled_share(ph, 8000);
    CHECK(fast > slow);
  }
}
