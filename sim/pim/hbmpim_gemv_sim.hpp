// The cycle model of an fp16 GEMV y = W x on HBM-PIM: PIMSimulator's GEMV
// kernel (PIMKernel::executeGemv, non-tree variant) as a command stream --
// park, SB -> HAB mode entry, CRF program, per output tile HAB -> HAB_PIM,
// 8 GRF_A writes + 64 MAC column reads per input tile (even banks' tiles,
// then odd banks'), GRF_B -> bank, HAB_PIM -> HAB, HAB -> SB, park out, then
// the host reads the result bursts -- timed by the sim/dram model (DramUnit:
// bank states and the timing table; refresh every tREFI). The near-bank units
// execute each command on their GRF_A/GRF_B registers, so the values come
// from the model, not from the reference (they must agree bit for bit).
//
// Every pseudo-channel runs the same stream in lock-step (all-bank commands
// reach every PIM unit of a pseudo-channel; the host sends the same stream to
// each), so one DramUnit times them all; all-bank commands are timed on the
// bank the kernel addresses (bank 0 of group 0 for even, bank 1 for odd), the
// banks they also reach do the same at the same cycles. docs/pim.md.
#pragma once
#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "models/pim/hbmpim_arith.hpp"
#include "sim/dram/dram_command.hpp"
#include "sim/pim/hbmpim_config.hpp"

namespace tpe::pim {

struct PimGemvRun {
  std::vector<uint16_t> y;   // batch x N outputs, fp16 bits
  uint64_t cycles = 0;       // DRAM clocks, first command to the result's last data beat
  int output_tiles = 0, input_tiles = 0;
  // Commands of one pseudo-channel by type; the device issues this x pseudo-channels.
  std::array<uint64_t, dram::kCmdCount> commands{};
  // The same stream by kernel step (column commands; ACT/PRE/REF not included).
  std::map<std::string, uint64_t> steps;
  uint64_t mac_commands = 0;  // per pseudo-channel
  // Share of the run in which the PIM units' bank reads run at their peak
  // (one all-bank MAC column command per tCCD_L).
  double bank_utilization = 0;
  std::vector<dram::IssuedCommand> log;  // pseudo-channel 0's commands, when asked for
};

// x holds a batch of input vectors of K one after another (PIMSimulator's
// num_batch: each output tile runs once per vector). Throws
// std::invalid_argument when the shapes disagree or W does not fit below the
// reserved rows.
PimGemvRun run_hbmpim_gemv(const HbmPimConfig& cfg, const Fp16Matrix& w, const std::vector<uint16_t>& x,
                           bool keep_log = false);

// The same GEMV without PIM: the host reads W (N x K fp16) once, sequentially,
// over the channels of the same DRAM (sim/dram's FR-FCFS controller); a
// batch reuses W on the host, so it is read once whatever the batch.
struct HostGemvRun {
  uint64_t cycles = 0;
  uint64_t bytes = 0;
  std::array<uint64_t, dram::kCmdCount> commands{};
};
HostGemvRun run_host_gemv_read(const dram::DramSpec& spec, int n, int k);

}  // namespace tpe::pim
