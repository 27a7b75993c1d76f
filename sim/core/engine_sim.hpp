// Runs a GEMM on one or more array devices in one SystemC simulation. Each
// device is paired with its own tiling controller in an EngineLoop (one clock
// cycle of controller + array, registered toward each other); a single
// SC_METHOD (ClockedEngines in engine_sim.cpp) steps every EngineLoop through
// each rising edge, in a fixed order, a quantum of up to kQuantumCycles edges
// per activation, so a model and its RTL advance in lockstep. The run ends
// when every engine is done or the cycle bound runs out. Re-entrant: a
// process may simulate any number of GEMMs, one after the other (the kernel
// is elaborated at the first call and paused, never stopped, after each).
#pragma once
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <vector>

#include "models/engine/engine_config.hpp"
#include "models/formats/matrix.hpp"
#include "sim/core/activity.hpp"
#include "sim/core/array_device.hpp"
#include "sim/core/family_sim.hpp"
#include "sim/core/memory_stage.hpp"

namespace tpe {

struct EngineRun {
  ResultMatrix c;
  ActivityTrace activity;  // cycles, array and buffer counters
  bool completed = false;  // false when max_cycles ran out first
  // With a memory (cfg.memory): the operands streamed through the DRAM
  // model around the compute (sim/core/memory_stage.hpp). activity.cycles
  // stays the compute cycles (what the RTL co-simulation compares).
  std::optional<MemoryRun> memory;
  uint64_t cycles() const { return memory ? memory->cycles() : activity.cycles; }  // compute + memory stalls
};

struct EngineSimOptions {
  uint64_t max_cycles = 0;                 // 0: a generous bound derived from the GEMM
  std::vector<std::ostream*> text_traces;  // per device, nullptr for none: one line per cycle
  double clock_period_ns = 1.0;            // simulated time per cycle (cycle counts do not depend on it)
  // One simulated time step per clock edge, the first edge one period after
  // the start (the reset edge's slot), so that sc_trace sees every edge
  // (sim/core/sc_trace_device.hpp); slower, and the run ends one period
  // after its last edge (that edge's sample). Cycle counts do not depend on it.
  bool edge_per_time_step = false;
  // Called after every quantum of edges with the edges stepped so far (the
  // progress line of `tpe sim`); empty: nothing called.
  std::function<void(uint64_t cycles)> on_quantum;
};

std::vector<EngineRun> simulate_gemm(const EngineConfig& cfg, const OperandMatrix& a, const OperandMatrix& b,
                                     const std::vector<ArrayDevice*>& devices, const EngineSimOptions& opt = {});

}  // namespace tpe
