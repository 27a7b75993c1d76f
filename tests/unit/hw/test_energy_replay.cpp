// Energy replay arithmetic, trace/config refusal, the event stream, and the
// energy table's JSON form. No synthesis: a hand-made table.
#include <catch2/catch.hpp>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "hw/energy/energy_replay.hpp"
#include "hw/energy/event_stream.hpp"
#include "models/engine/family_registry.hpp"
#include "models/families/systolic/systolic_spec.hpp"
#include "models/gemm/gemm_operands.hpp"

using namespace tpe;
using tpe::systolic::Dataflow;
namespace fs = std::filesystem;

namespace {

EngineConfig cfg_4x4(Dataflow d = Dataflow::OutputStationary, int cols = 4) {
  return systolic::make_config(d, 4, cols, {8, true}, {8, true}, 32);
}

hw::EnergyTable made_up_table(const EngineConfig& cfg) {
  hw::EnergyTable t;
  t.config_tag = cfg.tag();
  t.node_nm = 180;
  t.voltage_v = 1.8;
  auto a = [&](const char* k, double v) { t.actions[k] = {v, "pJ", "x", "test"}; };
  a("pe_idle_dynamic", 0.5);
  a("pe_leakage", 0.001);  // mW -> 0.01 pJ at 10 ns
  a("top_idle_dynamic", 3.0);
  a("top_leakage", 0.01);  // 0.1 pJ at 10 ns
  a("mac", 10.0);
  a("acc_readout", 2.0);
  a("skew_reg_write_bit", 0.125);
  t.area = {1e6, "um2", "array", "test"};
  t.fmax = {100.0, "MHz", "clock", "test"};
  return t;
}

}  // namespace

TEST_CASE("energy: replay is count x energy per action, summed", "[energy]") {
  const EngineConfig cfg = cfg_4x4();
  ActivityTrace tr;
  tr.cycles = 100;
  tr.counter_names = {"mac", "acc_readout", "skew_reg_write_bits"};
  tr.counters = {1000, 16, 800};
  tr.buffers["a"] = {4096, 0};
  const hw::EnergyReport r = hw::replay_energy(made_up_table(cfg), cfg, tr, {4, 4, 4});
  const double want = 100 * (16 * 0.51 + 3.1) + 1000 * 10 + 16 * 2 + 800 * 0.125;
  CHECK(r.clock_ns == Approx(10.0));  // 1000 / Fmax
  CHECK(r.array_pj == Approx(want));
  CHECK(r.total_pj == Approx(want));
  // The array did 1000 MAC operations (priced above, padding included) for a
  // 4x4x4 GEMM of 64 MACs: per-MAC and per-op figures count the 64 real ones.
  CHECK(r.macs == 1000);
  CHECK(r.useful_macs == 64);
  CHECK(r.pj_per_mac == Approx(want / 64));
  CHECK(r.avg_power_mw == Approx(want * 1e-12 / (100 * 10e-9) * 1e3));
  CHECK(r.tops_per_w == Approx(128 / (want * 1e-12) / 1e12));
  CHECK(r.tops_per_mm2 == Approx(128 / (100 * 10e-9) / 1e12 / 1.0));
  const nlohmann::json j = hw::to_json(r);
  CHECK(j["macs"] == 64);
  CHECK(j["macs"].is_number_integer());
  CHECK(j["array_mac_operations"] == 1000);

  hw::ReplayOptions o;
  o.sram_kib = 32;
  o.dram = "HBM2";
  o.clock_ns = 20;
  const hw::EnergyReport m = hw::replay_energy(made_up_table(cfg), cfg, tr, {4, 4, 4}, o);
  CHECK(m.sram_pj == Approx(4096 * 20.0 / 64));  // Horowitz 32 KB: 20 pJ per 64 bits
  CHECK(m.dram_pj == Approx((16 * 8 + 16 * 8 + 16 * 32) * 3.9));
  CHECK(m.array_pj == Approx(want + 100 * 16 * 0.01 + 100 * 0.1));  // leakage x the longer period
  CHECK_THROWS_WITH(hw::replay_energy(made_up_table(cfg_4x4(Dataflow::WeightStationary)), cfg, tr, {4, 4, 4}),
                    Catch::Contains("energy table is for"));
}

TEST_CASE("energy: a trace made for another config is refused with the reason", "[energy]") {
  const EngineConfig cfg = cfg_4x4();
  // Counters a 4x4x4 GEMM can produce (the parser checks them against the
  // shape): the closed-form cycles, the 64 MACs, C written once (16 x 32 bits).
  const uint64_t cycles = family_of(cfg).spec->closed_form_cycles(cfg, {4, 4, 4}).value();
  const nlohmann::json buf = {{"read_bits", 0}, {"write_bits", 0}};
  nlohmann::json j = {{"format", "tpe-activity-v1"},
                      {"config", cfg.to_json()},
                      {"config_tag", cfg.tag()},
                      {"gemm", {{"m", 4}, {"k", 4}, {"n", 4}}},
                      {"counters", {{"cycles", cycles},
                                    {"array", {{"mac", 64}, {"acc_readout", 0}, {"skew_reg_write_bits", 0}}},
                                    {"buffers", {{"a", buf}, {"b", buf}, {"c", {{"read_bits", 0}, {"write_bits", 512}}}}}}}};
  CHECK_NOTHROW(hw::check_trace_matches(hw::parse_activity_trace(j.dump(), "t.json"), cfg));
  const EngineConfig other = cfg_4x4(Dataflow::OutputStationary, 8);
  CHECK_THROWS_WITH(hw::check_trace_matches(hw::parse_activity_trace(j.dump(), "t.json"), other),
                    Catch::Contains("trace refused") && Catch::Contains(cfg.tag()));
  j["config"]["acc_bits"] = 24;  // tag kept, a field edited: the trace contradicts itself
  CHECK_THROWS_WITH(hw::check_trace_matches(hw::parse_activity_trace(j.dump(), "t.json"), cfg),
                    Catch::Contains("field 'config_tag' has value \"" + cfg.tag()));
  j["config"]["acc_bits"] = 32;
  j["config"]["name"] = "renamed";  // the free-text name may differ
  CHECK_NOTHROW(hw::check_trace_matches(hw::parse_activity_trace(j.dump(), "t.json"), cfg));
  j["config"]["acc_bits"] = 32;
  j["counters"]["array"]["operand_forward"] = 7;  // not a counter of the family
  CHECK_THROWS_WITH(hw::parse_activity_trace(j.dump(), "t.json"),
                    Catch::Contains("'counters.array.operand_forward' is not a counter of family 'systolic'"));
  j.erase("counters");
  CHECK_THROWS_WITH(hw::parse_activity_trace(j.dump(), "t.json"), Catch::Contains("no field 'counters'"));
}

TEST_CASE("energy: the per-cycle event stream adds up to the aggregate counters", "[energy]") {
  for (Dataflow d : {Dataflow::OutputStationary, Dataflow::WeightStationary, Dataflow::InputStationary}) {
    const EngineConfig cfg = cfg_4x4(d);
    const GemmOperands ops = make_gemm_operands(cfg, {9, 13, 7}, 3, "stories260K");
    ActivityTrace agg;
    const hw::EventStream s = hw::record_event_stream(cfg, ops.a, ops.b, &agg);
    const hw::EventStream raw = hw::record_event_stream(cfg, ops.a, ops.b, nullptr, false);
    CHECK(s.records() < raw.records());  // run-length records are smaller
    CHECK(raw.records() == agg.cycles);
    const fs::path p = fs::path(TPE_BINARY_DIR) / ("test_events_" + cfg.tag() + ".bin");
    hw::write_event_stream(s, p.string());
    const hw::EventStream back = hw::read_event_stream(p.string());
    CHECK(back.config_tag == cfg.tag());
    CHECK(back.gemm.k == 13);
    const ActivityTrace t = hw::totals_to_trace(hw::replay_event_stream(back));
    CHECK(t.to_json() == agg.to_json());
    CHECK(hw::totals_to_trace(hw::replay_event_stream(raw)).to_json() == agg.to_json());
    fs::resize_file(p, fs::file_size(p) - 3);
    CHECK_THROWS_WITH(hw::read_event_stream(p.string()), Catch::Contains("truncated"));
  }
}

TEST_CASE("energy: table JSON round trip", "[energy]") {
  const hw::EnergyTable t = made_up_table(cfg_4x4());
  const hw::EnergyTable u = hw::energy_table_from_json(hw::to_json(t));
  CHECK(hw::to_json(u) == hw::to_json(t));
  CHECK(u.pe_idle_pj(10) == Approx(0.51));
  nlohmann::json j = hw::to_json(t);
  j["actions"].erase("mac");
  CHECK_THROWS_WITH(hw::energy_table_from_json(j).action("mac"), Catch::Contains("no action 'mac'"));
}
