// PIMSimulator's GEMV kernel on HBM-PIM (PIMKernel::executeGemv, non-tree
// variant) as a timed command stream, without values: park, SB -> HAB mode
// entry, CRF program, per output tile and input vector HAB -> HAB_PIM
// (GRF_B reset), 8 GRF_A writes + 64 MAC column reads per input tile (even
// banks' tiles, then odd banks'), GRF_B -> bank, HAB_PIM -> HAB, HAB -> SB,
// park out, then the host's read of the result bursts. Each command issues in
// program order at the earliest cycle sim/dram's DramUnit allows (bank state,
// the preset's whole timing table, one command a cycle), with PRE/ACT
// inserted and PREA + REFab every tREFI.
//
// The schedule also lists the bursts the near-bank units take part in, at the
// cycle of the burst's last beat at the bank IO (a read: issue + RL + burst -
// 1; a write: issue + WL + burst - 1): the units act when the data is there.
// These events are what the family's cycle model and RTL execute
// (sim/families/hbmpim); the DRAM timing stays here (docs/pim.md).
//
// Every pseudo-channel runs the same stream in lock-step, so one DramUnit
// times them all; all-bank commands are timed on the bank the kernel
// addresses (bank 0 of group 0 for even, bank 1 for odd).
#pragma once
#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "models/pim/hbmpim_arith.hpp"
#include "models/pim/hbmpim_unit_ops.hpp"
#include "sim/dram/dram_command.hpp"
#include "sim/pim/hbmpim_config.hpp"

namespace tpe::pim {


struct UnitEvent {
  uint64_t cycle = 0;  // the burst's last beat, DRAM cycles from the first command
  UnitOp op = UnitOp::Reset;
  int grf_a = 0, grf_b = 0;  // register indices (WriteGrfA, Mac: grf_a; Mac, WriteBack, Read: grf_b)
  int parity = 0;            // the bank of the pair: 0 even, 1 odd (Mac, WriteBack, Read)
  int burst = 0;             // the bank address in bursts (Mac, WriteBack, Read)
  int batch = 0, input_tile = 0;  // WriteGrfA: x[batch][input_tile x 128 + grf_a x 16 + lane]
  int out_tile = 0, unit = 0;     // Read: output tile j, unit v of every pseudo-channel (grf_b = o)
};

struct HbmPimSchedule {
  int n = 0, k = 0, batch = 0;
  int output_tiles = 0, input_tiles = 0;
  int tiles_of[2] = {0, 0};  // input tiles in the even / odd banks
  int result_base = 0;       // first result burst
  int bursts = 0;            // bursts of a bank the GEMV uses
  uint64_t cycles = 0;       // first command to the last data beat of the read-out
  std::array<uint64_t, dram::kCmdCount> commands{};  // one pseudo-channel's, by type
  std::map<std::string, uint64_t> steps;             // kernel steps (column commands), one pseudo-channel's
  uint64_t mac_commands = 0;
  uint64_t ab_acts = 0;  // ACTs issued in all-bank mode (SB -> HAB .. HAB -> SB), one pseudo-channel's
  double bank_utilization = 0;  // MAC column commands x tCCD_L / cycles
  std::vector<uint64_t> command_cycles;  // issue cycle of every command (keep_events)
  std::vector<UnitEvent> events;         // by cycle, strictly increasing (keep_events)
  std::vector<dram::IssuedCommand> log;  // pseudo-channel 0's commands (keep_log)

  // Bank address of weight block (output tile j, input tile t), in bursts.
  int weight_block(int j, int t) const { return kMacsPerTile * (j * tiles_of[t % 2] + t / 2); }
  int result_at(int j, int b, int o) const { return result_base + (j * batch + b) * kGrfB + o; }
};

// Throws std::invalid_argument when W does not fit below the kernel's reserved rows.
HbmPimSchedule hbmpim_schedule(const HbmPimConfig& cfg, int n, int k, int batch, bool keep_events,
                               bool keep_log = false);
// The largest N x K (at this batch) whose weights and results fit: rows of a bank used.
int hbmpim_rows_needed(const HbmPimConfig& cfg, int n, int k, int batch);
constexpr int kHbmPimParkRow = 1 << 12;  // rows from here up are the kernel's (park, mode change, registers)

using Burst = std::array<uint16_t, kLanes>;

// The banks' contents after PIMKernel::preloadGemv (not timed, as in
// PIMSimulator's test): unit u of output tile j holds rows j x 8 units + 8u + o;
// bank[p][u][burst]. W is N x K (row n = output n); zero-padded.
struct HbmPimBanks {
  std::vector<std::vector<Burst>> bank[2];
};
HbmPimBanks preload_hbmpim_banks(const HbmPimConfig& cfg, const HbmPimSchedule& s, const Fp16Matrix& w);

}  // namespace tpe::pim
