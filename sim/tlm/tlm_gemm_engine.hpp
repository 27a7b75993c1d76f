// The engine as a loosely-timed TLM-2.0 component for a user's virtual
// platform: software programs registers through `regs` (the map in
// sim/tlm/register_map.hpp, docs/systemc.md), writes START, and the engine
// fetches A and B from platform memory through `mem`, runs the GEMM on the
// family's cycle model (the same controller and EngineLoop as `tpe sim`, so
// values and cycle counts are identical), writes C back through `mem` and
// raises `irq` when IRQ_ENABLE is set.
//
// Timing: the engine's thread is temporally decoupled with a
// tlm_utils::tlm_quantumkeeper (the platform's tlm_global_quantum applies).
// Memory transactions carry the keeper's local time; the GEMM itself takes
// exactly cycles x clock_period of simulated time, cycles being the cycle
// model's count (CYCLES_LO/HI). With zero-latency memory, the interrupt
// rises exactly cycles x clock_period after START.
//
// Family-agnostic: nothing in it names a family; the configurations decide.
// Instantiate it during elaboration, like any module; bind `irq` to a signal.
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>
#include <tlm_utils/tlm_quantumkeeper.h>

#include "models/engine/engine_config.hpp"
#include "models/formats/matrix.hpp"
#include "sim/core/activity.hpp"

namespace tpe {

class TlmGemmEngine : public sc_core::sc_module {
 public:
  tlm_utils::simple_target_socket<TlmGemmEngine> regs;  // register map
  tlm_utils::simple_initiator_socket<TlmGemmEngine> mem;  // operand fetch, result write-back
  sc_core::sc_out<bool> irq;                               // level: STATUS.DONE && IRQ_ENABLE

  // `configs` are the engine configurations CONFIG_ID selects among (at
  // least one; each validated, its family registered). `clock_period` is
  // the engine's clock.
  TlmGemmEngine(sc_core::sc_module_name name, std::vector<EngineConfig> configs, sc_core::sc_time clock_period);
  SC_HAS_PROCESS(TlmGemmEngine);

  const sc_core::sc_time& clock_period() const { return period_; }
  // The counters of the last completed GEMM (cycles, array and buffer
  // activity), as `tpe sim --json` reports them.
  const ActivityTrace& last_activity() const { return last_activity_; }

 private:
  void reg_transport(tlm::tlm_generic_payload& tx, sc_core::sc_time& delay);
  uint32_t read_reg(uint32_t offset) const;
  void write_reg(uint32_t offset, uint32_t value, const sc_core::sc_time& delay);
  void update_irq();        // schedules drive_irq
  void drive_irq();         // SC_METHOD: the one process that writes `irq` (a signal has one driver)
  void run();  // SC_THREAD: one GEMM per START
  uint32_t execute();  // returns an ErrorCode
  bool transfer(tlm::tlm_command cmd, uint64_t addr, unsigned char* data, unsigned len);
  bool fetch(uint64_t base, uint32_t stride, int rows, int cols, const IntFormat& f, OperandMatrix& out,
             uint32_t& error);

  std::vector<EngineConfig> configs_;
  sc_core::sc_time period_;
  tlm_utils::tlm_quantumkeeper qk_;
  sc_core::sc_event start_, irq_changed_;
  // Register state.
  uint32_t config_id_ = 0, status_ = 0, irq_enable_ = 0, error_code_ = 0, m_ = 0, k_ = 0, n_ = 0;
  uint64_t a_addr_ = 0, b_addr_ = 0, c_addr_ = 0, cycles_ = 0;
  uint32_t a_stride_ = 0, b_stride_ = 0, c_stride_ = 0, gemm_count_ = 0;
  ActivityTrace last_activity_;
};

}  // namespace tpe
