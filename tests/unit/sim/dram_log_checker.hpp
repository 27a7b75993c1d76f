// An independent checker of a DRAM command log. It does not use DramUnit: it
// re-derives the legality of every command from the timing table as pairwise
// minimum distances to every earlier command of the same unit (plus the tFAW
// window, the bank states, one command per cycle, the data-bus occupancy and
// the refresh cadence), written from the JEDEC-style rules, not from the
// model's "earliest cycle" registers. Returns the list of violations.
#pragma once
#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "sim/dram/dram_command.hpp"
#include "sim/dram/dram_spec.hpp"

namespace tpe::dram::testing {

inline std::vector<std::string> check_dram_log(const DramSpec& s, const std::vector<IssuedCommand>& log,
                                               uint64_t end_cycle) {
  const DramTiming& t = s.t;
  const DramOrganisation& o = s.org;
  std::vector<std::string> errors;
  auto err = [&](const IssuedCommand& c, const std::string& what) {
    if (errors.size() < 20) errors.push_back(to_string(c) + ": " + what);
  };
  // Minimum distance from an earlier command `p` to a later `c` of the same unit (0 = none).
  auto min_gap = [&](const IssuedCommand& p, const IssuedCommand& c) -> int64_t {
    const bool all_p = p.cmd == Cmd::PREA || p.cmd == Cmd::REFab;
    const bool all_c = c.cmd == Cmd::PREA || c.cmd == Cmd::REFab;
    const bool same_bg = !all_p && !all_c && p.addr.bank_group == c.addr.bank_group;
    const bool same_bank = same_bg && p.addr.bank == c.addr.bank;
    const bool hits_bank = all_p || all_c || same_bank;  // an all-bank command touches every bank
    switch (p.cmd) {
      case Cmd::ACT:
        if (c.cmd == Cmd::ACT) return same_bank ? t.tRC : same_bg ? t.tRRD_L : t.tRRD_S;
        if (c.cmd == Cmd::RD && same_bank) return t.tRCDRD;
        if (c.cmd == Cmd::WR && same_bank) return t.tRCDWR;
        if ((c.cmd == Cmd::PRE || c.cmd == Cmd::PREA) && hits_bank) return t.tRAS;
        if (c.cmd == Cmd::REFab) return t.tRC;
        return 0;
      case Cmd::RD:
        if (c.cmd == Cmd::RD) return same_bg ? t.tCCD_L : t.tCCD_S;
        if (c.cmd == Cmd::WR) return std::max<int64_t>(same_bg ? t.tCCD_L : t.tCCD_S, t.RL + t.burst_cycles + 1 - t.WL);
        if ((c.cmd == Cmd::PRE || c.cmd == Cmd::PREA) && hits_bank) return t.tRTP;
        return 0;
      case Cmd::WR:
        if (c.cmd == Cmd::WR) return same_bg ? t.tCCD_L : t.tCCD_S;
        if (c.cmd == Cmd::RD) return t.WL + t.burst_cycles + (same_bg ? t.tWTR_L : t.tWTR_S);
        if ((c.cmd == Cmd::PRE || c.cmd == Cmd::PREA) && hits_bank) return t.WL + t.burst_cycles + t.tWR;
        return 0;
      case Cmd::PRE:
      case Cmd::PREA:
        if ((c.cmd == Cmd::ACT && hits_bank) || c.cmd == Cmd::REFab) return t.tRP;
        return 0;
      case Cmd::REFab:
        if (c.cmd == Cmd::ACT || c.cmd == Cmd::REFab) return t.tRFC;
        return 0;
    }
    return 0;
  };
  const int64_t horizon = std::max({t.tRFC, t.tRC, t.tFAW, t.WL + t.burst_cycles + t.tWR, t.RL + t.burst_cycles}) + 1;

  struct UnitState {
    std::vector<IssuedCommand> history;
    std::vector<int> open_row;  // -1 closed
    std::vector<uint64_t> acts;
    std::vector<std::pair<uint64_t, uint64_t>> bus;  // data-bus intervals [begin, end)
    std::vector<uint64_t> refs;
  };
  std::map<int, UnitState> units;
  for (int i = 0; i < o.units(); ++i) units[i];  // every unit refreshes, used or not
  uint64_t last_cycle = 0;
  for (const IssuedCommand& c : log) {
    if (c.cycle < last_cycle) err(c, "cycle goes backwards");
    last_cycle = c.cycle;
    UnitState& u = units[c.addr.unit(o)];
    if (u.open_row.empty()) u.open_row.assign(size_t(o.banks()), -1);
    // Pairwise distances (scan back only as far as the longest constraint).
    for (auto it = u.history.rbegin(); it != u.history.rend(); ++it) {
      const int64_t d = int64_t(c.cycle) - int64_t(it->cycle);
      if (d > horizon) break;
      if (d == 0) err(c, "two commands in one cycle on one unit");
      const int64_t need = min_gap(*it, c);
      if (d < need)
        err(c, fmt::format("only {} cycles after {} at {}, needs {}", d, cmd_name(it->cmd), it->cycle, need));
    }
    const size_t b = size_t(c.addr.bank_group * o.banks_per_group + c.addr.bank);
    switch (c.cmd) {
      case Cmd::ACT:
        if (u.open_row[b] != -1) err(c, "ACT to an open bank");
        u.open_row[b] = c.addr.row;
        u.acts.push_back(c.cycle);
        if (u.acts.size() > 4 && c.cycle - u.acts[u.acts.size() - 5] < uint64_t(t.tFAW))
          err(c, fmt::format("fifth ACT within tFAW = {} of the ACT at {}", t.tFAW, u.acts[u.acts.size() - 5]));
        break;
      case Cmd::RD:
      case Cmd::WR: {
        if (u.open_row[b] != c.addr.row) err(c, fmt::format("column command to row {} while row {} is open", c.addr.row, u.open_row[b]));
        const uint64_t begin = c.cycle + uint64_t(c.cmd == Cmd::RD ? t.RL : t.WL);
        for (const auto& iv : u.bus)
          if (begin < iv.second && iv.first < begin + uint64_t(t.burst_cycles)) err(c, "data bus collision");
        u.bus.emplace_back(begin, begin + uint64_t(t.burst_cycles));
        if (u.bus.size() > 8) u.bus.erase(u.bus.begin());
        break;
      }
      case Cmd::PRE:
        if (u.open_row[b] == -1) err(c, "PRE to a closed bank");
        u.open_row[b] = -1;
        break;
      case Cmd::PREA:
        std::fill(u.open_row.begin(), u.open_row.end(), -1);
        break;
      case Cmd::REFab:
        if (std::any_of(u.open_row.begin(), u.open_row.end(), [](int r) { return r != -1; }))
          err(c, "REFab with a bank open");
        u.refs.push_back(c.cycle);
        break;
    }
    u.history.push_back(c);
  }
  // Refresh cadence: the k-th REFab of a unit (k = 1, 2, ...) is issued in
  // [k tREFI, k tREFI + slack], slack = the longest a just-opened or just-written
  // bank can delay the precharge, plus tRP.
  const uint64_t slack = uint64_t(std::max(t.tRAS, t.tRCDWR + t.WL + t.burst_cycles + t.tWR) + t.tRP + 1);
  for (auto& [id, u] : units) {
    for (size_t k = 0; k < u.refs.size(); ++k) {
      const uint64_t due = uint64_t(k + 1) * uint64_t(t.tREFI);
      if (u.refs[k] < due || u.refs[k] > due + slack)
        errors.push_back(fmt::format("unit {}: REFab #{} at {} outside [{}, {}]", id, k + 1, u.refs[k], due, due + slack));
    }
    const uint64_t expected = end_cycle > slack ? (end_cycle - slack) / uint64_t(t.tREFI) : 0;
    if (u.refs.size() < expected)
      errors.push_back(fmt::format("unit {}: {} refreshes by cycle {}, expected >= {}", id, u.refs.size(), end_cycle, expected));
  }
  return errors;
}

}  // namespace tpe::dram::testing
