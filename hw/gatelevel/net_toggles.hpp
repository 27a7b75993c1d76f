// Per-net toggle counts of a Verilated gate-level netlist.
//
// The netlist's nets are made public (a Verilator config file with
// `public_flat_rw` for each netlist module, hw/gatelevel/gate_level_model), so the
// shim can list every one with the address of its value. After every clock
// cycle sample() compares each net with its value one cycle earlier and counts
// the bits that changed: the zero-delay toggle count per net per cycle that
// OpenSTA's per-pin activities take (toggles per clock period).
#pragma once
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace tpe::hw {

class NetToggleCounter {
 public:
  using CountFn = int (*)(void*);
  using InfoFn = void (*)(void*, int, const char**, const char**, int*, int*, int*, const void**);
  // `top_scope` is Verilator's scope of the top module ("top.<module>"); nets
  // outside it (the duplicate "top.TOP" port view) are not watched.
  NetToggleCounter(void* model, CountFn count, InfoFn info, const std::string& top_scope);

  // Call once per clock cycle, after the edge has settled. The first call
  // only records the starting values.
  void sample();
  // Forgets the counts and starts again from the current values (after reset).
  void restart();
  uint64_t cycles() const { return cycles_; }  // samples after the first
  size_t net_bits() const { return counts_.size(); }
  // Toggles by net bit, keyed "<instance path>/<net>" with the path "" for
  // the top ("acc[3]", "pe_0_0/_0123_"); a bus bit is "name[index]".
  std::unordered_map<std::string, uint64_t> toggles_by_net() const;

 private:
  struct Var {
    std::string path, name;
    int width = 0, lsb = 0, bytes = 0;
    const uint8_t* data = nullptr;
    size_t prev_offset = 0;   // into prev_
    size_t count_offset = 0;  // into counts_
  };
  std::vector<Var> vars_;
  std::vector<uint8_t> prev_;
  std::vector<uint64_t> counts_;
  uint64_t cycles_ = 0;
  bool first_ = true;
};

}  // namespace tpe::hw
