// One decoder layer of a catalog model (and its lm_head) on an engine: every
// GEMM/GEMV of the phase's GEMM list (workloads/gemm_list) with seeded
// synthetic operands at the real shapes, in the engine's operand formats.
// An op listed `count` times (e.g. one attention GEMM per KV head) runs once
// and counts `count` times: identical shapes take identical cycles on every
// data-independent family; for data-dependent ones each instance would differ,
// so there the figure is one sampled instance times count (said in the report).
//
//  - CycleModel: each GEMM on the SystemC cycle model, values checked against
//    the reference (check_values) or not;
//  - ClosedForm: the family's closed-form cycles from the shape alone, no
//    operands at all (refused for families without a closed form).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/engine/engine_config.hpp"
#include "sim/core/activity.hpp"
#include "sim/core/memory_stage.hpp"
#include "sim/workload/sim_gemm_engine.hpp"
#include "workloads/gemm_list.hpp"

namespace tpe {

struct OpOnEngine {
  GemmOp op;
  uint64_t cycles_each = 0;  // one instance
  ActivityTrace activity;    // one instance (ClosedForm: cycles and mac only)
  bool values_checked = false;
  // Wall time of the parts (CycleModel): making operands, the simulation, the reference check.
  double operand_seconds = 0, sim_seconds = 0, check_seconds = 0;
  // With a memory (cfg.memory): one instance streamed through the DRAM model.
  std::optional<MemoryRun> memory;
  uint64_t cycles() const { return cycles_each * uint64_t(op.count); }  // compute cycles
  uint64_t stall_cycles() const { return memory ? memory->stall_cycles * uint64_t(op.count) : 0; }
  // Compulsory DRAM traffic of all instances: A and B read once, C written
  // once at the accumulator width, in the engine's formats (bytes).
  double dram_bytes(const EngineConfig& cfg) const;
};

struct LayerOnEngine {
  std::vector<OpOnEngine> layer;
  OpOnEngine lm_head;
  uint64_t layer_cycles() const;
  double layer_macs() const;
};

struct LayerRunOptions {
  SimFidelity fidelity = SimFidelity::CycleModel;
  bool check_values = true;
  bool lm_head = true;
  uint64_t seed = 1;
};

LayerOnEngine run_layer_on_engine(const EngineConfig& cfg, const Workload& w, const LayerRunOptions& opt = {});

// One GEMM of shape s, as run_layer_on_engine runs each op.
OpOnEngine run_op_on_engine(const EngineConfig& cfg, const GemmOp& op, const LayerRunOptions& opt, uint64_t seed);

// A trace times n (n identical runs), for energy replay.
ActivityTrace scaled(const ActivityTrace& t, uint64_t n);

}  // namespace tpe
