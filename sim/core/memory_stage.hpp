// The memory stage: an engine that names a memory (EngineConfig::memory)
// streams its operands from DRAM through double-buffered on-chip buffers,
// and its results back, through the cycle-level DRAM model (sim/dram).
//
// Policy (docs/architecture.md, "Memory stage"):
//  - Blocking. C is cut into the family's memory tiles
//    (FamilySpec::memory_tile), visited row-major over N then M; each tile's
//    K range is cut into chunks of kc so that one chunk of A (tile rows x kc)
//    fits half the A buffer and one of B (kc x tile columns) half the B
//    buffer. A block = one (tile, K chunk); its operands are loaded before it
//    computes. Nothing is kept across tiles: every tile streams its own A rows
//    and B columns (an engine without a scratchpad large enough for reuse).
//  - Layout in DRAM: A row-major (M x K), B as weights are stored, one row per
//    output column (N x K, as llama2.c's W[out][in]), C row-major (M x N) at
//    the accumulator width; values packed at their bit width, every row
//    starting on a DRAM access boundary.
//  - Double buffering, prefetch depth 1: two slots per buffer; block b+1's
//    loads are issued while block b computes, as soon as block b-1 has
//    freed its slot. A block starts computing when its last operand beat has
//    arrived and the previous block is done. A tile's C goes out when its
//    last block is done; C has two slots, so a tile's last block waits for
//    the write-back of the tile two before it.
//  - Requests enter the DRAM controller in issue order (a DMA engine with
//    one in-order request stream, blocked while the target queue is full).
//  - Compute: the engine's compute cycles (the cycle model's count, or the
//    closed form) are apportioned to the blocks by their MACs; while a
//    block waits for operands or a C slot, the engine is stalled (its clock
//    gated), so cycles = compute cycles + stall cycles.
// The RTL has no DRAM: stall cycles are outside the co-simulation invariant,
// which keeps comparing compute cycles.
#pragma once
#include <array>
#include <cstdint>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "models/engine/engine_config.hpp"
#include "models/formats/matrix.hpp"
#include "sim/dram/dram_command.hpp"

namespace tpe {

struct MemoryRun {
  std::string preset, source;  // the DRAM preset's name and where its numbers come from
  int channels = 0;            // channels simulated
  double dram_clock_ns = 1.0, engine_clock_ns = 1.0;
  double peak_gb_s = 0;         // every data bus of the simulated channels busy every cycle
  uint64_t compute_cycles = 0;  // engine cycles
  uint64_t stall_cycles = 0;    // engine cycles the engine waited for the memory
  uint64_t cycles() const { return compute_cycles + stall_cycles; }
  uint64_t dram_cycles = 0;     // the whole run in DRAM clock cycles
  uint64_t tiles = 0, blocks = 0;
  int k_chunk = 0;  // kc
  uint64_t bytes_read = 0, bytes_written = 0;  // DRAM traffic (whole accesses)
  uint64_t reads = 0, writes = 0, row_hits = 0;
  std::array<uint64_t, dram::kCmdCount> commands{};

  // The figures with their units in the key names (tpe sim --json "memory").
  nlohmann::json to_json() const;
};

// The GEMM `shape` on cfg's memory, given the engine's compute cycles for it.
// Throws ConfigError naming memory.*_buffer_kib when a buffer cannot hold two
// of the smallest blocks, std::invalid_argument when the family declares no
// memory tile; cfg.memory must be set.
MemoryRun run_memory_stage(const EngineConfig& cfg, const GemmShape& shape, uint64_t compute_cycles);

}  // namespace tpe
