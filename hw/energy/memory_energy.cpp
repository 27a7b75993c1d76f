#include "hw/energy/memory_energy.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <sstream>
#include <stdexcept>

namespace tpe::hw {

namespace {

constexpr double KB = 1024.0;
const char* kHorowitz = "M. Horowitz, \"Computing's Energy Problem (and what we can do about it)\", ISSCC 2014, "
                        "45 nm, 0.9 V (via sim_anchors.md 9.1)";
const char* kAccelergy45 = "Timeloop/Accelergy exercises reference output, CACTI estimate, 45 nm "
                           "(simple_weight_stationary ERT; via sim_anchors.md 9.5); VDD not stated";
const char* kAccelergy65 = "Timeloop/Accelergy exercises reference output, CACTI estimate, 65 nm "
                           "(eyeriss_like ERT; via sim_anchors.md 9.5); VDD not stated";
const char* kZigzag = "ZigZag example hardware tpu_like.yaml (KU Leuven; via sim_anchors.md 9.8); node and VDD "
                      "not stated";
const char* kCactiPlugin = "Accelergy CACTI plug-in cacti_wrapper.py DRAM table (via sim_anchors.md 9.3)";

MemoryEnergyEntry sram(const std::string& name, double cap, int bits, double read_pj, double write_pj, double nm,
                       double v, const char* src) {
  MemoryEnergyEntry e;
  e.kind = MemoryKind::Sram;
  e.name = name;
  e.capacity_bytes = cap;
  e.access_bits = bits;
  e.read_pj_per_bit = read_pj / bits;
  e.write_pj_per_bit = write_pj / bits;
  e.node_nm = nm;
  e.vdd_v = v;
  e.source = src;
  std::ostringstream n;
  n << "derived: " << read_pj << " pJ read";
  if (write_pj != read_pj) n << " / " << write_pj << " pJ write";
  else n << " (read and write not distinguished by the source)";
  n << " per " << bits << "-bit access / " << bits;
  e.note = n.str();
  return e;
}

MemoryEnergyEntry dram(const std::string& name, double pj_per_bit, const std::string& src, const std::string& note) {
  MemoryEnergyEntry e;
  e.kind = MemoryKind::Dram;
  e.name = name;
  e.read_pj_per_bit = e.write_pj_per_bit = pj_per_bit;
  e.source = src;
  e.note = note;
  return e;
}

// DDR4 from its datasheet currents, by Micron's TN-40-07 method: a read or
// write burst (BL8 on a x8 device = 64 bits, 4 clocks) costs
// VDD x (IDD4R/W - IDD3N) x 4 tCK above active standby, and one row
// activation VDD x (IDD0 - IDD3N) x tRAS + VDD x (IDD0 - IDD2N) x tRP,
// spread over a 1 KB page when the traffic streams whole rows (compulsory
// GEMM operand traffic does). Currents: DDR4 8Gb x8 DDR4-2400R as tabulated
// in Ramulator2's DDR4 power model (VDD 1.2 V, IDD0 60 mA, IDD2N 50 mA,
// IDD3N 55 mA, IDD4R = IDD4W 145 mA; tCK 0.833 ns, tRAS 39 tCK, tRP 16 tCK).
// Core only: no I/O termination, refresh or background power, so it is a
// lower bound next to the HBM2 and LPDDR4 rows.
MemoryEnergyEntry ddr4_from_idd() {
  const double vdd = 1.2, tck = 0.833e-9, idd0 = 60e-3, idd2n = 50e-3, idd3n = 55e-3, idd4 = 145e-3;
  const double burst_bits = 64, page_bits = 8 * 1024;
  const double burst_j = vdd * (idd4 - idd3n) * 4 * tck;
  const double row_j = vdd * (idd0 - idd3n) * 39 * tck + vdd * (idd0 - idd2n) * 16 * tck;
  const double pj_per_bit = (burst_j / burst_bits + row_j / page_bits) * 1e12;
  return dram("DDR4", pj_per_bit,
              "computed by Micron TN-40-07's method from DDR4 8Gb x8 DDR4-2400R currents (Ramulator2's DDR4 table)",
              "core access energy only, whole 1 KB rows streamed: no I/O termination, refresh or background; a "
              "lower bound");
}

std::string upper(std::string s) {
  for (auto& c : s) c = char(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

const std::vector<MemoryEnergyEntry>& memory_energy_table() {
  static const std::vector<MemoryEnergyEntry> t = [] {
    std::vector<MemoryEnergyEntry> v;
    v.push_back(sram("SRAM 8 KB", 8 * KB, 64, 10, 10, 45, 0.9, kHorowitz));
    v.push_back(sram("SRAM 32 KB", 32 * KB, 64, 20, 20, 45, 0.9, kHorowitz));
    v.push_back(sram("SRAM 1 MB", 1024 * KB, 64, 100, 100, 45, 0.9, kHorowitz));
    v.push_back(sram("PE scratchpad 192x16b", 384, 16, 0.68, 1.58, 45, 0, kAccelergy45));
    v.push_back(sram("global buffer 128 KB (32 banks)", 128 * KB, 64, 32.38, 26.16, 45, 0, kAccelergy45));
    v.push_back(sram("global buffer 128 KB", 128 * KB, 64, 18.18, 14.14, 65, 0, kAccelergy65));
    v.push_back(sram("SRAM 2 MB", 2048 * KB, 2048, 416.16, 378.4, 0, 0, kZigzag));
    const std::string same = "read, write and update priced the same by the source";
    v.push_back(dram("HBM2", 3.9, std::string(kCactiPlugin) + "; no citation in the file", same));
    v.push_back(dram("HMC", 4.2, std::string(kCactiPlugin) + "; no citation in the file", same));
    v.push_back(dram("LPDDR4", 8.0, std::string(kCactiPlugin) + ", cited as \"public data\"", same +
                     "; agrees with Accelergy's 512 pJ per 64-bit LPDDR4 access (sim_anchors.md 9.5)"));
    v.push_back(dram("GDDR5", 14.0, std::string(kCactiPlugin) + "; no citation in the file", same));
    v.push_back(dram("LPDDR", 40.0, std::string(kCactiPlugin) + ", citing Malladi et al. ISCA'12", same));
    v.push_back(dram("DDR3", 70.0, std::string(kCactiPlugin) + ", citing Chatterjee et al. MICRO'17", same));
    v.push_back(ddr4_from_idd());
    return v;
  }();
  return t;
}

const MemoryEnergyEntry& dram_energy(const std::string& type) {
  const std::string want = upper(type);
  for (const auto& e : memory_energy_table())
    if (e.kind == MemoryKind::Dram && upper(e.name) == want) return e;
  std::string listed;
  for (const auto& e : memory_energy_table())
    if (e.kind == MemoryKind::Dram) listed += (listed.empty() ? "" : ", ") + e.name;
  throw std::out_of_range("DRAM energy: unknown type '" + type + "' (listed: " + listed + ")");
}

MemoryEnergyEntry sram_energy_per_bit(double capacity_bytes) {
  if (!(capacity_bytes > 0)) throw std::invalid_argument("SRAM energy: capacity must be > 0 bytes");
  // Horowitz's three points, per bit of a 64-bit access.
  const double cap[3] = {8 * KB, 32 * KB, 1024 * KB};
  const double pj[3] = {10.0 / 64, 20.0 / 64, 100.0 / 64};
  const int seg = capacity_bytes <= cap[1] ? 0 : 1;
  const double slope = std::log(pj[seg + 1] / pj[seg]) / std::log(cap[seg + 1] / cap[seg]);
  const double e = pj[seg] * std::pow(capacity_bytes / cap[seg], slope);
  MemoryEnergyEntry r;
  r.kind = MemoryKind::Sram;
  std::ostringstream name;
  name << "SRAM " << capacity_bytes / KB << " KB";
  r.name = name.str();
  r.capacity_bytes = capacity_bytes;
  r.access_bits = 64;
  r.read_pj_per_bit = r.write_pj_per_bit = e;
  r.node_nm = 45;
  r.vdd_v = 0.9;
  r.source = kHorowitz;
  const bool outside = capacity_bytes < cap[0] || capacity_bytes > cap[2];
  std::ostringstream note;
  note << "derived: log-log " << (outside ? "extrapolation" : "interpolation") << " of Horowitz's 8 KB / 32 KB / 1 MB "
       << "64-bit access energies (10 / 20 / 100 pJ), exponent " << slope;
  if (outside) note << "; extrapolated outside 8 KB..1 MB";
  r.note = note.str();
  return r;
}

}  // namespace tpe::hw
