// An example virtual platform with the tpe engine in it: a CPU-like
// testbench initiator, a router, a memory and the TLM-2.0 GEMM engine,
// whose interrupt line goes to the CPU. This is an ordinary SystemC
// program: its own sc_main, its own elaboration, its own sc_start. Walked
// through in docs/systemc.md.
//
//        +-----+  bus   +--------+  0x0000_0000  +--------+
//        | cpu |------->| router |-------------->| memory |<---+
//        +-----+        +--------+               +--------+    | mem (operand fetch,
//           ^               |      0x4000_0000  +--------+     |  result write-back)
//           |               +------------------>| engine |-----+
//           +------------- irq -----------------+--------+
//
// Usage: tpe_systemc_platform CONFIG.json [CONFIG.json ...]
// Runs two GEMMs on each configuration (CONFIG_ID selects it) and exits
// non-zero unless every result is correct.
#include <iostream>
#include <vector>

#include <systemc>
#include <tlm>

#include "cpu.hpp"
#include "models/engine/engine_config.hpp"
#include "models/engine/family_registry.hpp"
#include "router.hpp"
#include "sim/tlm/register_map.hpp"
#include "sim/tlm/tlm_gemm_engine.hpp"
#include "sim/tlm/tlm_memory.hpp"

int sc_main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: " << argv[0] << " CONFIG.json [CONFIG.json ...]\n";
    return 2;
  }
  tpe::register_builtin_families();  // the engine families the configurations may name
  std::vector<tpe::EngineConfig> configs;
  std::vector<GemmTask> tasks;
  try {
    for (int i = 1; i < argc; ++i) {
      configs.push_back(tpe::load_engine_config(argv[i]));
      const int id = int(configs.size()) - 1;
      tasks.push_back({id, 5, 7, 3});    // odd, smaller than most arrays
      tasks.push_back({id, 13, 21, 9});  // several tiles
    }
  } catch (const std::exception& e) {
    std::cerr << e.what() << "\n";
    return 2;
  }

  // The platform's memory map.
  constexpr uint64_t kMemoryBase = 0x0000'0000, kMemoryBytes = 1 << 20, kEngineBase = 0x4000'0000;
  // Loosely timed: initiators may run ahead of the kernel by up to 1 us.
  tlm::tlm_global_quantum::instance().set(sc_core::sc_time(1, sc_core::SC_US));

  Cpu cpu("cpu", configs, tasks, kEngineBase, kMemoryBase);
  Router router("router");
  tpe::TlmMemory memory("memory", kMemoryBytes, sc_core::sc_time(10, sc_core::SC_NS));  // 10 ns per access
  tpe::TlmGemmEngine engine("engine", configs, sc_core::sc_time(2, sc_core::SC_NS));     // a 500 MHz clock
  sc_core::sc_signal<bool> irq("irq");

  cpu.bus.bind(router.from);
  router.to.bind(memory.socket);  // window 0
  router.add_window(kMemoryBase, kMemoryBytes);
  router.to.bind(engine.regs);    // window 1
  router.add_window(kEngineBase, tpe::tlm_regs::kSize);
  engine.mem.bind(memory.socket);  // the engine masters memory directly
  engine.irq.bind(irq);
  cpu.irq.bind(irq);

  sc_core::sc_start();
  std::cout << "platform: " << cpu.completed() << " of " << tasks.size() << " GEMMs completed, " << cpu.failures()
            << " failed, simulated time " << sc_core::sc_time_stamp() << "\n";
  return cpu.failures() == 0 && cpu.completed() == int(tasks.size()) ? 0 : 1;
}
