// The Verilated RTL of an array behind the ArrayDevice interface, loaded
// from the shared library build_verilated_library made. Every port of the
// family's list (FamilySpec::ports) maps to the top-level port of the same
// name (lane i at bits [i*w +: w]); outputs come back the same way.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "hw/gatelevel/net_toggles.hpp"
#include "models/engine/engine_config.hpp"
#include "sim/core/array_device.hpp"

namespace tpe::hw {

class RtlArrayDevice final : public ArrayDevice {
 public:
  // `seed` randomizes the initial register state (X-initialization).
  RtlArrayDevice(const EngineConfig& cfg, const std::string& library_path, uint64_t seed);
  ~RtlArrayDevice() override;
  RtlArrayDevice(const RtlArrayDevice&) = delete;
  RtlArrayDevice& operator=(const RtlArrayDevice&) = delete;

  void reset() override;
  const ArrayOutputs& tick(const ArrayInputs& in) override;

  // Counts toggles of every public net from now on, one sample per clock
  // cycle (a gate-level netlist built with public nets, hw/gatelevel/gate_level_model).
  // `top_module` is the netlist's top module name.
  void watch_nets(const std::string& top_module);
  const NetToggleCounter* net_toggles() const { return nets_.get(); }

  // Writes a VCD of every signal of the RTL from the next clock edge on
  // (needs a library built with trace = true). Clock edge n (n = 0: the
  // first, e.g. the reset edge) is at n x period_ps picoseconds, the falling
  // edge before it half a period earlier. Throws naming the path when the
  // library has no tracing or the file cannot be written.
  void write_wave(const std::string& vcd_path, uint64_t period_ps = 1000);

 private:
  struct Port {
    int id = -1;
    int width = 0;
  };
  Port port(const std::string& name, bool input) const;
  void set_value(const Port& p, uint64_t v);
  void set_lanes(const Port& p, const std::vector<int64_t>& lanes, int lane_bits);
  void get_lanes(const Port& p, std::vector<int64_t>& lanes, int lane_bits, bool is_signed);
  void clock_edge();

  EngineConfig cfg_;
  PortLayout layout_;
  void* lib_ = nullptr;
  void* model_ = nullptr;
  // The shim's C ABI.
  void (*destroy_)(void*) = nullptr;
  void (*set_)(void*, int, const uint32_t*) = nullptr;
  void (*get_)(void*, int, uint32_t*) = nullptr;
  void (*eval_)(void*) = nullptr;
  std::vector<std::string> names_;
  std::vector<int> widths_, is_input_;
  Port clk_, rst_;
  std::vector<Port> in_ports_, out_ports_;  // the family's ports, in its order
  std::vector<int> in_gate_, out_gate_;      // index of the port that qualifies each, or -1
  std::vector<uint32_t> words_;
  ArrayOutputs out_;
  std::string path_;
  std::unique_ptr<NetToggleCounter> nets_;
  void (*trace_dump_)(void*, uint64_t) = nullptr;
  uint64_t wave_period_ps_ = 1000, wave_edges_ = 0;
};

}  // namespace tpe::hw
