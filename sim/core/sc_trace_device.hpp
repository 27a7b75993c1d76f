// An ArrayDevice that records the port values of the device it wraps into a
// SystemC VCD (sc_trace): rst and every port of the family, named and
// sized as on the RTL top, as they are after each rising edge (inputs as
// sampled at the edge, outputs as registered by it), a data port whose gate
// is off (its value does not matter) as X; no clock signal:
// sc_trace samples once per time step, one step per edge. sc_trace samples once
// per simulated time step, so run it with
// EngineSimOptions::edge_per_time_step. The trace file must be created
// before the kernel starts (a SystemC rule): construct it before the
// process's first simulate_gemm.
#pragma once
#include <deque>
#include <string>
#include <vector>

#include <systemc>

#include "models/engine/engine_config.hpp"
#include "sim/core/array_device.hpp"

namespace tpe {

class ScTraceDevice final : public ArrayDevice {
 public:
  // Writes `<vcd_stem>.vcd`. Throws std::logic_error after the kernel started.
  ScTraceDevice(ArrayDevice& inner, const EngineConfig& cfg, const std::string& vcd_stem);
  ~ScTraceDevice() override;
  ScTraceDevice(const ScTraceDevice&) = delete;
  ScTraceDevice& operator=(const ScTraceDevice&) = delete;

  void reset() override;
  const ArrayOutputs& tick(const ArrayInputs& in) override;
  const std::vector<uint64_t>* counters() const override { return inner_.counters(); }

 private:
  void record(const ArrayInputs* in, const ArrayOutputs* out);

  ArrayDevice& inner_;
  PortLayout layout_;
  sc_core::sc_trace_file* file_ = nullptr;
  bool rst_ = false;
  // Traced by reference: the addresses must stay put (deque).
  std::deque<sc_dt::sc_lv_base> in_bits_, out_bits_;
  std::vector<int> in_gate_, out_gate_;  // index of the port that qualifies each, or -1
  std::deque<bool> in_flags_, out_flags_;
};

}  // namespace tpe
