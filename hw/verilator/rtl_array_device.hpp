// The Verilated RTL of an array behind the ArrayDevice interface, loaded
// from the shared library build_verilated_library made. Fields of
// ArrayInputs go to the top-level ports of the same name (lane i of a vector
// at bits [i*w +: w]); outputs come back the same way.
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

 private:
  struct Port {
    int id = -1;
    int width = 0;
  };
  Port port(const std::string& name, bool input, bool required) const;
  void set_bit(const Port& p, bool v);
  void set_lanes(const Port& p, const std::vector<int64_t>& lanes, int lane_bits);
  void set_value(const Port& p, uint64_t v);
  bool get_bit(const Port& p);
  void get_lanes(const Port& p, std::vector<int64_t>& lanes);
  void clock_edge();

  EngineConfig cfg_;
  void* lib_ = nullptr;
  void* model_ = nullptr;
  // The shim's C ABI.
  void (*destroy_)(void*) = nullptr;
  void (*set_)(void*, int, const uint32_t*) = nullptr;
  void (*get_)(void*, int, uint32_t*) = nullptr;
  void (*eval_)(void*) = nullptr;
  std::vector<std::string> names_;
  std::vector<int> widths_, is_input_;
  Port clk_, rst_, in_valid_, in_first_, a_vec_, b_vec_, p_vec_, w_load_, w_vec_, rd_en_, rd_row_, out_valid_, c_vec_,
      idle_;
  std::vector<uint32_t> words_;
  bool result_signed_;
  ArrayOutputs out_;
  std::string path_;
  std::unique_ptr<NetToggleCounter> nets_;
};

}  // namespace tpe::hw
