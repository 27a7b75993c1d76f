// Switching activity of a systolic array on a real workload, measured from
// the operand streams.
//
// The recorder sits between the controller and an array device (the C++
// model or the Verilated RTL) and counts, every clock edge, how many bits of
// each top-level input port change. It also reconstructs what every PE's input
// ports see: the skew stages shift every edge, so the lane's first PE sees
// the port's own sequence (delayed); the PE operand registers only load when
// their valid bit is set, so the other PEs of row i see lane i's sequence of
// *valid* values (delayed), b_in lane j's, and a WS PE's ps_in the running
// partial sum of the rows above it. Toggle counts of those sequences are the
// real switching activity a PE sees on an LLM workload: the counts the
// energy replay prices (hw/energy/energy_characterize fits their energies).
//
// Counts (ToggleCounts::bits): pe_operand_bits (OS a_in + b_in, WS a_in +
// ps_in, IS b_in + ps_in, summed over every PE), pe_register_bits (PE
// register outputs, but the held operands), pe_weight_bits (WS weight
// registers as weights shift down) or pe_held_bits (IS: the held activation
// registers as they shift down). The overlapped OS array's shadow
// accumulators and last-flag registers count as PE registers. OPT1's carry-save partial sum is counted as
// the binary value it stands for (its fit is made on its own gate-level runs).
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "models/engine/engine_config.hpp"
#include "models/formats/matrix.hpp"
#include "hw/energy/family_energy.hpp"
#include "models/families/systolic/systolic_spec.hpp"
#include "sim/core/array_device.hpp"

namespace tpe::systolic {

// The toggle count of the held operands' registers: WS "pe_weight_bits", IS "pe_held_bits".
const char* held_bits_key(const Params& p);

class SystolicToggleRecorder final : public hw::ToggleRecorder {
 public:
  SystolicToggleRecorder(const EngineConfig& cfg, ArrayDevice& inner);
  const ArrayOutputs& tick(const ArrayInputs& in) override;
  // Counts and rates for a run of `trace.cycles` cycles with `trace.macs()` MACs.
  hw::ToggleCounts result(const ActivityTrace& trace) const override;

 private:
  // The ports' values, decoded from the family's port list.
  struct Ports {
    bool in_valid = false, in_first = false, in_last = false, in_swap = false, w_load = false, rd_en = false;
    int rd_row = 0;
    std::vector<int64_t> a, b, psum, w;
  };
  Ports decode(const ArrayInputs& in) const;
  void count_top(const Ports& in);
  void count_pe_os(const Ports& in);
  void count_skew_os(const Ports& in);
  // Toggles of the free-running skew stages of `lanes` lanes (lane i has i+1
  // stages) between two port values; adds the lanes' own toggles to pe_in.
  static uint64_t port_lane_toggles(const std::vector<int64_t>& now, const std::vector<int64_t>& before, size_t lanes,
                                    int bits, uint64_t& pe_in);
  void count_pe_stationary(const Ports& in);  // WS and IS

  EngineConfig cfg_;
  Params p_;
  StationaryRoles roles_;  // WS / IS: which ports hold and stream
  int x_bits_ = 0, h_bits_ = 0;  // bits of the streamed (OS: a) and the held (OS: b) operand
  PortLayout layout_;
  Ports prev_;
  bool have_prev_ = false;
  uint64_t edges_ = 0, load_cycles_ = 0;
  std::map<std::string, uint64_t> top_toggles_;  // by port
  std::map<std::string, int> top_width_;
  // PE-side state: last valid values per lane / per PE.
  std::vector<int64_t> last_a_, last_b_, w_, last_ps_, last_w_in_;
  bool last_f_ = false, last_l_ = false, last_s_ = false, last_v_ = false, last_wl_ = false;
  uint64_t a_tog_ = 0, b_tog_ = 0, f_tog_ = 0, v_tog_ = 0, ps_tog_ = 0, w_tog_ = 0, wl_tog_ = 0;
  // Register toggles: PE registers (acc / ps_out) and the top's registers.
  std::vector<int64_t> acc_, last_out_;
  uint64_t acc_tog_ = 0, top_reg_tog_ = 0, ps_row0_tog_ = 0;
  // Overlapped OS: shadow accumulators (what the read-out takes) and the last flag.
  // Overlapped WS/IS: w_ is the shadow chain the loads shift, act_ the active
  // held operands a swap copies from it (their toggles count as held bits).
  std::vector<int64_t> shadow_, act_;
  uint64_t sh_tog_ = 0, l_tog_ = 0;  // l_tog_: the flag registers (OS last, WS/IS swap)
};

}  // namespace tpe::systolic
