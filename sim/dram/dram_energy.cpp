#include "sim/dram/dram_energy.hpp"

#include <fmt/format.h>

namespace tpe::dram {

double DramCommandEnergy::of(Cmd c) const {
  switch (c) {
    case Cmd::ACT: return act_pj;
    case Cmd::RD: return rd_pj;
    case Cmd::WR: return wr_pj;
    case Cmd::PRE:
    case Cmd::PREA: return pre_pj;
    case Cmd::REFab: return refab_pj;
  }
  return 0;
}

std::optional<DramCommandEnergy> dram_command_energy(const DramSpec& spec) {
  if (!spec.power) return std::nullopt;
  const DramPower& p = *spec.power;
  const DramTiming& t = spec.t;
  const double v = p.vdd_v, tck = spec.tck_ns;
  DramCommandEnergy e;
  e.act_pj = v * (p.idd0_ma * t.tRC - p.idd3n_ma * t.tRAS - p.idd2n_ma * t.tRP) * tck;
  e.rd_pj = v * (p.idd4r_ma - p.idd3n_ma) * t.burst_cycles * tck;
  e.wr_pj = v * (p.idd4w_ma - p.idd3n_ma) * t.burst_cycles * tck;
  e.pre_pj = 0;
  e.refab_pj = v * (p.idd5ab_ma - p.idd3n_ma) * t.tRFC * tck;
  e.background_pj_per_cycle = v * p.idd3n_ma * tck;
  e.pim_column_factor = p.pim_column_factor;
  e.pim_act_factor = p.pim_act_factor;
  e.source = fmt::format("{}; priced by DRAMsim3's IDD method (docs/dram.md, \"Command energy\")", p.source);
  return e;
}

double DramEnergyBreakdown::total_pj() const {
  double s = pim_column_pj + pim_act_pj + background_pj;
  for (double x : by_command_pj) s += x;
  return s;
}

nlohmann::json DramEnergyBreakdown::to_json() const {
  nlohmann::json j;
  for (int c = 0; c < kCmdCount; ++c) j["commands_pj"][cmd_name(Cmd(c))] = by_command_pj[size_t(c)];
  j["pim_all_bank_column_pj"] = pim_column_pj;
  j["pim_all_bank_act_pj"] = pim_act_pj;
  j["background_pj"] = background_pj;
  j["total_pj"] = total_pj();
  return j;
}

DramEnergyBreakdown price_dram_commands(const DramCommandEnergy& e, const DramCommandCounts& n) {
  DramEnergyBreakdown b;
  const double units = double(n.units);
  std::array<uint64_t, kCmdCount> single = n.commands;  // the all-bank ones are priced apart
  single[size_t(Cmd::RD)] -= n.ab_column_reads;
  single[size_t(Cmd::WR)] -= n.ab_column_writes;
  single[size_t(Cmd::ACT)] -= n.ab_acts;
  for (int c = 0; c < kCmdCount; ++c) b.by_command_pj[size_t(c)] = units * double(single[size_t(c)]) * e.of(Cmd(c));
  b.pim_column_pj =
      units * e.pim_column_factor * (double(n.ab_column_reads) * e.rd_pj + double(n.ab_column_writes) * e.wr_pj);
  b.pim_act_pj = units * e.pim_act_factor * double(n.ab_acts) * e.act_pj;
  b.background_pj = units * double(n.cycles) * e.background_pj_per_cycle;
  return b;
}

}  // namespace tpe::dram
