// A CPU-like testbench initiator: the software side of the engine. For each
// GEMM it writes A and B into memory, programs the engine's registers
// (docs/systemc.md), writes START, sleeps until the interrupt, reads the
// cycle counter and C, and checks C against its own reference GEMM.
#pragma once
#include <cstdint>
#include <random>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

#include "models/engine/engine_config.hpp"

struct GemmTask {
  int config_id;
  int m, k, n;
};

class Cpu : public sc_core::sc_module {
 public:
  tlm_utils::simple_initiator_socket<Cpu> bus;
  sc_core::sc_in<bool> irq;

  Cpu(sc_core::sc_module_name name, std::vector<tpe::EngineConfig> configs, std::vector<GemmTask> tasks,
      uint64_t engine_base, uint64_t memory_base);
  SC_HAS_PROCESS(Cpu);

  int failures() const { return failures_; }
  int completed() const { return completed_; }

 private:
  void software();  // SC_THREAD
  void access(tlm::tlm_command cmd, uint64_t addr, unsigned char* data, unsigned len);
  void write32(uint64_t addr, uint32_t v);
  uint32_t read32(uint64_t addr);

  std::vector<tpe::EngineConfig> configs_;
  std::vector<GemmTask> tasks_;
  uint64_t engine_, memory_;
  std::mt19937_64 rng_{2024};
  int failures_ = 0, completed_ = 0;
};
