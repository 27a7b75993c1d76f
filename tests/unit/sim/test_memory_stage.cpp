// The memory stage (sim/core/memory_stage.hpp) against hand-computed stall
// counts. Every expected cycle below is worked out in the comments from the
// DRAM timing table (HBM2 of configs/dram/hbm2.json: RL 20, WL 8, burst 2,
// tRCDRD 14, tRCDWR 10, tRP 14, tRAS 33, tRC 47, tCCD_S/L 2/4, tRRD_S 4,
// tWTR_L 9, tRTP 5), the documented DRAM layout (A row-major, B one row per
// output column, C row-major at the accumulator width, rows on 32 B access
// boundaries) and the double-buffering policy; the compute cycles are given,
// so the stalls are the memory stage's alone.
#include <catch2/catch.hpp>

#include <string>

#include "models/engine/engine_config.hpp"
#include "models/engine/family_registry.hpp"
#include "models/formats/operands.hpp"
#include "models/gemm/gemm_operands.hpp"
#include "sim/core/engine_sim.hpp"
#include "sim/core/family_sim.hpp"
#include "sim/core/memory_stage.hpp"
#include "sim/dram/dram_command.hpp"

using namespace tpe;

namespace {

const std::string kOneBank = std::string(TPE_SOURCE_DIR) + "/tests/data/dram/one_bank.json";

// Systolic OS 4x4 int8 (memory tile 4 x 4) with a memory.
EngineConfig os4x4(const std::string& memory) {
  return parse_engine_config(
      R"({"family":"systolic","dataflow":"os","rows":4,"cols":4,"a":{"bits":8,"signed":true},)"
      R"("b":{"bits":8,"signed":true},"acc_bits":32,"memory":)" + memory + "}",
      "test.json");
}

uint64_t cmd(const MemoryRun& r, dram::Cmd c) { return r.commands[size_t(c)]; }

// The one-bank preset under the OS 4x4 engine.
MemoryRun one_bank(const GemmShape& s, uint64_t compute_cycles, const std::string& extra = "") {
  return run_memory_stage(os4x4(R"({"preset":")" + kOneBank + "\"" + extra + "}"), s, compute_cycles);
}

}  // namespace

TEST_CASE("memory stage: one tile on HBM2, loads then compute then write-back", "[memory]") {
  // 4x8x4, one channel = 2 pseudo-channels. A rows at accesses 0..3, B rows
  // at 4..7, C rows at 8..11; access x goes to pseudo-channel x % 2, bank
  // group (x / 2) % 4, column x / 8: each pseudo-channel reads bank groups
  // 0, 1, 2, 3 (row 0) and writes groups 0, 1 (column 1, the open row).
  // Reads: ACT at 0, 4, 8, 12 (tRRD_S); RD at 14, 18, 22, 26 (tRCDRD); the
  // last beat at 26 + RL + burst = 48: compute 100 cycles from 48 to 148.
  // Writes at 148 and 150 (tCCD_S), the last beat at 150 + WL + burst = 160.
  const EngineConfig cfg = os4x4(R"({"preset":"hbm2","channels":1})");
  const MemoryRun r = run_memory_stage(cfg, GemmShape{4, 8, 4}, 100);
  CHECK(r.tiles == 1);
  CHECK(r.blocks == 1);
  CHECK(r.dram_cycles == 160);
  CHECK(r.compute_cycles == 100);
  CHECK(r.stall_cycles == 60);
  CHECK(r.cycles() == 160);
  CHECK(r.reads == 8);
  CHECK(r.writes == 4);
  CHECK(r.bytes_read == 8 * 32);
  CHECK(r.bytes_written == 4 * 32);
  CHECK(cmd(r, dram::Cmd::ACT) == 8);
  CHECK(cmd(r, dram::Cmd::PRE) == 0);
  CHECK(r.row_hits == 4);  // the writes find their rows open
}

TEST_CASE("memory stage: a row miss on the write-back", "[memory]") {
  // One bank, rows of two 32 B columns. 1x32x1: A at access 0 (row 0),
  // B at 1 (row 0, a hit), C at 2 (row 1: a miss).
  // ACT 0; RD A 14 (last beat 36); RD B 18 (tCCD_L; 40). Compute 10: 40..50.
  // Write at 50: PRE at 50 (tRAS from 0 and tRTP from 18 have passed),
  // ACT 64 (tRP), WR 74 (tRCDWR), last beat 74 + 8 + 2 = 84.
  const MemoryRun r = one_bank(GemmShape{1, 32, 1}, 10);
  CHECK(r.dram_cycles == 84);
  CHECK(r.stall_cycles == 74);
  CHECK(cmd(r, dram::Cmd::ACT) == 2);
  CHECK(cmd(r, dram::Cmd::PRE) == 1);
  CHECK(cmd(r, dram::Cmd::RD) == 2);
  CHECK(cmd(r, dram::Cmd::WR) == 1);
  CHECK(r.row_hits == 1);
}

// 1x32x8 on one bank: two tiles of 1 x 4 (two blocks, both loaded at once:
// two slots). Accesses: A at 0 (row 0), B rows at 1..8 (rows 0,1,1,2,2,3,3,4
// by access / 2), C's one row at 9 (row 4, column 1). Queue order: block 0
// = 0, 1, 2, 3, 4; block 1 = 0, 5, 6, 7, 8. FR-FCFS on the one bank:
//   ACT r0 0; RD 14, 18, 22 (three hits on row 0: two A, one B);
//   PRE 33 (tRAS); ACT r1 47 (tRP, tRC); RD 61, 65;
//   PRE 80 (tRAS); ACT r2 94; RD 108 (access 4: block 0's last, beat at 130), RD 112;
//   PRE 127; ACT r3 141; RD 155, 159; PRE 174; ACT r4 188; then access 8.
TEST_CASE("memory stage: compute-bound, stalls = first load + last write", "[memory]") {
  // 500 compute cycles per block: block 0 computes 130..630, block 1 (its
  // loads ended at 224: RD of access 8 at 202) 630..1130. Tile 0's C is
  // written at 630 (a row-4 hit), tile 1's at 1130, last beat 1140.
  const MemoryRun r = one_bank(GemmShape{1, 32, 8}, 1000);
  CHECK(r.tiles == 2);
  CHECK(r.blocks == 2);
  CHECK(r.dram_cycles == 1140);
  CHECK(r.stall_cycles == 140);  // 130 before the first block, 10 after the last
  CHECK(r.reads == 10);
  CHECK(r.writes == 2);
}

TEST_CASE("memory stage: bandwidth-bound, the second block waits for its operands", "[memory]") {
  // 10 compute cycles per block: block 0 computes 130..140 and its C write
  // joins the queue at 140, behind accesses 6, 7, 8. ACT r3 141, RD 155, 159;
  // PRE 174; ACT r4 188 (for access 8, the oldest). The write is a row-4 hit
  // legal at 198 (tRCDWR) before the read (tRCDRD: 202): WR 198; the read then
  // waits tWTR: 198 + WL + burst + tWTR_L = 217, last beat 239. Block 1
  // computes 239..249; tile 1's write at 249, last beat 259.
  const MemoryRun r = one_bank(GemmShape{1, 32, 8}, 20);
  CHECK(r.dram_cycles == 259);
  CHECK(r.stall_cycles == 239);
  // The data bus alone needs 12 accesses x 2 cycles: the stall is far more
  // than that, the row misses of the one bank set the pace.
  CHECK(r.cycles() > 12 * 2);
}

TEST_CASE("memory stage: an engine clock slower than the DRAM's counts stalls in engine cycles", "[memory]") {
  // The row-miss case at a 500 MHz engine on the 1 GHz DRAM: 10 engine
  // cycles of compute = 20 DRAM cycles, so 40..60, the write at 60: PRE 60,
  // ACT 74, WR 84, last beat 94. Stall = 94 - 20 = 74 DRAM cycles = 37 engine cycles.
  const MemoryRun r = one_bank(GemmShape{1, 32, 1}, 10, R"(,"clock_mhz":500)");
  CHECK(r.dram_cycles == 94);
  CHECK(r.stall_cycles == 37);
}

TEST_CASE("memory stage: buffers too small for two blocks are refused naming the field", "[memory]") {
  // A 4x4 output tile of i8 needs 4 B of A per K step: two slots of 1 KiB
  // always fit; a C tile of 4x4 x 32 bits = 64 B: two fit in 1 KiB too. A
  // systolic WS tile streams every row of A: 4096 rows x 1 B x 2 slots = 8 KiB.
  const EngineConfig cfg = parse_engine_config(
      R"({"family":"systolic","dataflow":"ws","rows":4,"cols":4,"a":{"bits":8,"signed":true},)"
      R"("b":{"bits":8,"signed":true},"acc_bits":32,"memory":{"preset":"hbm2","a_buffer_kib":4}})",
      "ws.json");
  REQUIRE_THROWS_WITH(run_memory_stage(cfg, GemmShape{4096, 8, 4}, 100),
                      Catch::Contains("memory.a_buffer_kib") && Catch::Contains("has value 4") &&
                          Catch::Contains("at least 8 KiB"));
}

TEST_CASE("memory description: validated with file, field, value and allowed values", "[memory][config]") {
  auto refused = [](const std::string& memory) {
    try {
      parse_engine_config(R"({"family":"systolic","dataflow":"os","rows":4,"cols":4,"a":{"bits":8},"b":{"bits":8},)"
                          R"("acc_bits":32,"memory":)" + memory + "}",
                          "eng.json");
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  const std::string preset = refused(R"({"preset":"ddr9"})");
  CHECK_THAT(preset, Catch::Contains("eng.json") && Catch::Contains("memory.preset") && Catch::Contains("ddr9") &&
                         Catch::Contains("\"hbm2\""));
  CHECK_THAT(refused(R"({"channels":2})"), Catch::Contains("memory.preset") && Catch::Contains("(missing)"));
  CHECK_THAT(refused(R"({"preset":"hbm2","channels":5000})"),
             Catch::Contains("memory.channels") && Catch::Contains("5000") && Catch::Contains("0..1024"));
  CHECK_THAT(refused(R"({"preset":"hbm2","b_buffer_kib":0})"),
             Catch::Contains("memory.b_buffer_kib") && Catch::Contains("1..65536"));
  CHECK_THAT(refused(R"({"preset":"hbm2","clock_mhz":-3})"), Catch::Contains("memory.clock_mhz"));
  CHECK_THAT(refused(R"({"preset":"hbm2","prefetch":3})"),
             Catch::Contains("memory.prefetch") && Catch::Contains("(unknown field)"));
  CHECK_THAT(refused(R"("hbm2")"), Catch::Contains("memory") && Catch::Contains("an object"));
}

TEST_CASE("memory description: the tag and the JSON without a memory are unchanged", "[memory][config]") {
  const std::string base = R"({"family":"systolic","dataflow":"os","rows":4,"cols":4,"a":{"bits":8},"b":{"bits":8},"acc_bits":32)";
  const EngineConfig plain = parse_engine_config(base + "}", "a.json");
  const EngineConfig with = parse_engine_config(base + R"(,"memory":{"preset":"hbm2","channels":2}})", "b.json");
  CHECK(!plain.memory);
  CHECK(!plain.to_json().contains("memory"));
  CHECK(with.tag() == plain.tag());  // the array, its RTL and caches do not depend on the memory
  REQUIRE(with.memory);
  CHECK(with.memory->channels == 2);
  // Round trip through the description's JSON.
  CHECK(parse_engine_config(with.to_json().dump(), "c.json").memory == with.memory);
}

TEST_CASE("memory stage: simulate_gemm adds the stalls to the cycle model's compute cycles", "[memory][sim]") {
  // The one-tile case on the cycle model: compute cycles = the closed form
  // (unchanged by the memory), values exact, and the memory run is the one
  // of those compute cycles.
  const EngineConfig cfg = os4x4(R"({"preset":"hbm2","channels":1})");
  const GemmShape s{4, 8, 4};
  const GemmOperands ops = make_gemm_operands(cfg, s, 3, "random");
  auto model = make_array_model(cfg);
  const EngineRun run = simulate_gemm(cfg, ops.a, ops.b, {model.get()})[0];
  REQUIRE(run.completed);
  CHECK(run.c == engine_reference(cfg, ops.a, ops.b));
  CHECK(run.activity.cycles == *closed_form_cycles(cfg, s));
  REQUIRE(run.memory);
  CHECK(run.memory->compute_cycles == run.activity.cycles);
  CHECK(run.memory->stall_cycles == 60);  // as in the one-tile case: load 48 + write-back 12
  CHECK(run.cycles() == run.activity.cycles + 60);
}
