// Switching activity of a real workload, measured from the operand streams.
//
// A ToggleRecorder sits between the controller and an array device (the C++
// model or the Verilated RTL) and counts, every clock edge, how many bits of
// each top-level input port change. It also reconstructs what every PE's input
// ports see: in these systolic arrays the operand registers only load when
// their valid bit is set, so PE(i,j)'s a_in carries lane i's sequence of
// *valid* values (delayed), b_in lane j's, and a WS PE's ps_in the running
// partial sum of the rows above it. Toggle counts of those sequences are the
// real switching activity a PE sees on an LLM workload: the counts the
// energy replay prices (hw/energy/energy_characterize fits their energies).
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "models/engine/engine_config.hpp"
#include "models/formats/matrix.hpp"
#include "sim/core/array_device.hpp"

namespace tpe::hw {

struct WorkloadToggles {
  uint64_t cycles = 0;       // the run's cycle count (trace convention)
  uint64_t edges = 0;        // clock edges the recorder saw
  uint64_t load_cycles = 0;  // WS: edges with w_load set
  ActivityTrace trace;       // the run's activity counters
  // Top-level input ports: toggles per bit per cycle (0..1), by port name.
  std::map<std::string, double> top_port_activity;
  // PE input ports while the PE does a MAC: toggles per bit per MAC, summed
  // over every PE of the array (so a port shared by all is weighted by use).
  std::map<std::string, double> pe_mac_activity;
  // WS PE weight-load ports: toggles per bit per PE load cycle.
  std::map<std::string, double> pe_load_activity;
  // Register outputs: mean toggle rates (recorded in the energy table for
  // reference).
  double pe_reg_activity_per_mac = 0;  // PE register bits: toggles per bit per MAC
  double reg_activity_per_cycle = 0;   // every register bit of the array: toggles per bit per cycle
  double pe_reg_bits = 0, top_reg_bits = 0;
  // Bit toggles on the PEs' data inputs (OS a_in + b_in, WS a_in + ps_in),
  // summed over every PE: the data-dependent part of the MAC energy.
  uint64_t pe_operand_toggle_bits = 0;
  // Bit toggles of the PEs' register outputs, summed over every PE (WS: but
  // the weight registers, counted next).
  uint64_t pe_register_toggle_bits = 0;
  // WS: bit toggles of the weight registers as weights shift down on loads.
  uint64_t pe_weight_toggle_bits = 0;
};

class ToggleRecorder final : public ArrayDevice {
 public:
  ToggleRecorder(const EngineConfig& cfg, ArrayDevice& inner);
  void reset() override { inner_.reset(); }
  const ArrayOutputs& tick(const ArrayInputs& in) override;
  const ArrayActivity* activity() const override { return inner_.activity(); }
  // Rates for a run of `trace.cycles` cycles with `trace.array.macs` MACs.
  WorkloadToggles result(const ActivityTrace& trace) const;

 private:
  void count_top(const ArrayInputs& in);
  void count_pe_os(const ArrayInputs& in);
  void count_pe_ws(const ArrayInputs& in);

  EngineConfig cfg_;
  ArrayDevice& inner_;
  ArrayInputs prev_;
  bool have_prev_ = false;
  uint64_t edges_ = 0, load_cycles_ = 0;
  std::map<std::string, uint64_t> top_toggles_;  // by port
  std::map<std::string, int> top_width_;
  // PE-side state: last valid values per lane / per PE.
  std::vector<int64_t> last_a_, last_b_, w_, last_ps_, last_w_in_;
  bool last_f_ = false, last_v_ = false, last_wl_ = false;
  uint64_t a_tog_ = 0, b_tog_ = 0, f_tog_ = 0, v_tog_ = 0, ps_tog_ = 0, w_tog_ = 0, wl_tog_ = 0;
  // Register toggles: PE registers (acc / ps_out) and the top's registers.
  std::vector<int64_t> acc_, last_out_;
  uint64_t acc_tog_ = 0, top_reg_tog_ = 0, ps_row0_tog_ = 0;
};

// Runs `a x b` on `dev` under the tiling controller (sim/core/engine_loop) with a
// recorder in between; returns the rates. Throws if the run does not finish.
WorkloadToggles measure_workload_toggles(const EngineConfig& cfg, const OperandMatrix& a, const OperandMatrix& b,
                                         ArrayDevice& dev, ResultMatrix* c_out = nullptr);

}  // namespace tpe::hw
