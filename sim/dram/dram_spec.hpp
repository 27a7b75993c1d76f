// A DRAM device description: organisation and timing table in DRAM clock
// cycles, read from a preset file under configs/dram/ (each names its source).
// Plain data, shared by the device model, the controller and the checker.
#pragma once
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace tpe::dram {

struct DramOrganisation {
  int channels = 1;          // independent channels
  int pseudo_channels = 1;   // per channel (HBM2 pseudo-channel mode: 2); each has its own banks and bus
  int bank_groups = 4;       // per pseudo-channel
  int banks_per_group = 4;
  int rows = 16384;          // per bank
  int columns = 32;          // column accesses (bursts) per row
  int access_bytes = 32;     // bytes moved by one RD or WR
  int row_buffers = 1;       // 2 = dual row buffer (NeuPIMs): a second buffer reserved for PIM traffic

  int banks() const { return bank_groups * banks_per_group; }
  int units() const { return channels * pseudo_channels; }  // independent command/data domains
  uint64_t row_bytes() const { return uint64_t(columns) * access_bytes; }
  uint64_t capacity_bytes() const { return uint64_t(units()) * banks() * rows * row_bytes(); }
};

// Every value in DRAM clock cycles (tCK).
struct DramTiming {
  int RL = 0, WL = 0, burst_cycles = 0;  // read/write latency, data-bus cycles of one access
  int tRCDRD = 0, tRCDWR = 0, tRP = 0, tRAS = 0, tRC = 0;
  int tCCD_S = 0, tCCD_L = 0, tRRD_S = 0, tRRD_L = 0, tFAW = 0;
  int tWTR_S = 0, tWTR_L = 0, tRTP = 0, tWR = 0;
  int tREFI = 0, tRFC = 0;
  // Data-bus turnaround from a read to a write (one idle cycle between the
  // read's last beat and the write's first): RD -> WR >= RL + burst - WL + 1.
  int read_to_write() const { return RL + burst_cycles - WL + 1; }
  // Write data end to a read: WR -> RD >= WL + burst + tWTR.
  int write_to_read(bool same_group) const { return WL + burst_cycles + (same_group ? tWTR_L : tWTR_S); }
  // Column to column: tCCD, but never closer than one burst on the data bus
  // (NewtonSim's tCCD_S = 1 with a 2-cycle burst), as DRAMsim3 does.
  int ccd(bool same_group) const { return std::max(same_group ? tCCD_L : tCCD_S, burst_cycles); }
  int write_to_precharge() const { return WL + burst_cycles + tWR; }
};

// Datasheet currents of the device (mA) at VDD (V), for the command energy
// (sim/dram/dram_energy.hpp), with the PIM commands' multiples of a standard
// command and the source of every figure.
struct DramPower {
  double vdd_v = 0;
  double idd0_ma = 0, idd2n_ma = 0, idd3n_ma = 0, idd4r_ma = 0, idd4w_ma = 0, idd5ab_ma = 0;
  double pim_column_factor = 1, pim_act_factor = 1;
  std::string source;
};

struct DramSpec {
  std::string name;
  std::string source;  // where the numbers come from (printed with every result)
  std::string file;    // the preset file it was read from ("" when built in code)
  double tck_ns = 1.0;
  DramOrganisation org;
  DramTiming t;
  std::optional<DramPower> power;  // absent: the preset gives no currents (no command energy)

  double peak_gbps() const {  // all units' data buses busy every cycle
    return double(org.units()) * org.access_bytes / (t.burst_cycles * tck_ns);
  }
};

// Parses and validates; errors name source, field, value and allowed range.
DramSpec parse_dram_spec(const nlohmann::json& j, const std::string& source);
// `name_or_path`: a preset name ("hbm2" -> configs/dram/hbm2.json) or a .json path.
DramSpec load_dram_spec(const std::string& name_or_path);
// The preset names found in configs/dram/, sorted.
std::vector<std::string> dram_preset_names();

}  // namespace tpe::dram
