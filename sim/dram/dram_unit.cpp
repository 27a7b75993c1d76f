#include "sim/dram/dram_unit.hpp"

#include <algorithm>

namespace tpe::dram {

DramUnit::DramUnit(const DramSpec& spec) : spec_(spec), banks_(size_t(spec.org.banks())) {}

bool DramUnit::any_open() const {
  return std::any_of(banks_.begin(), banks_.end(), [](const Bank& b) { return b.open; });
}

bool DramUnit::can_issue(Cmd c, int bank, uint64_t now) const {
  const auto& t = spec_.t;
  switch (c) {
    case Cmd::ACT: {
      const Bank& b = banks_[bank];
      if (b.open || now < b.next[int(Cmd::ACT)]) return false;
      // tFAW: the fifth ACT waits until tFAW after the fourth-last one.
      if (acts_seen_ >= 4 && now < last_acts_[acts_seen_ % 4] + uint64_t(t.tFAW)) return false;
      return true;
    }
    case Cmd::RD:
    case Cmd::WR:
    case Cmd::PRE: {
      const Bank& b = banks_[bank];
      return b.open && now >= b.next[int(c)];
    }
    case Cmd::PREA:
      for (const Bank& b : banks_)
        if (b.open && now < b.next[int(Cmd::PRE)]) return false;
      return any_open();
    case Cmd::REFab:
      return !any_open() && now >= next_ref_;
  }
  return false;
}

void DramUnit::issue(Cmd c, int bank, int row, uint64_t now) {
  const auto& t = spec_.t;
  const int nb = int(banks_.size());
  switch (c) {
    case Cmd::ACT: {
      Bank& b = banks_[bank];
      b.open = true;
      b.row = row;
      at_least(b.next[int(Cmd::RD)], now + t.tRCDRD);
      at_least(b.next[int(Cmd::WR)], now + t.tRCDWR);
      at_least(b.next[int(Cmd::PRE)], now + t.tRAS);
      at_least(b.next[int(Cmd::ACT)], now + t.tRC);
      for (int i = 0; i < nb; ++i)
        at_least(banks_[i].next[int(Cmd::ACT)], now + (group_of(i) == group_of(bank) ? t.tRRD_L : t.tRRD_S));
      at_least(next_ref_, now + t.tRC);  // a refresh counts as an activation of every bank
      last_acts_[acts_seen_ % 4] = now;
      ++acts_seen_;
      break;
    }
    case Cmd::RD: {
      for (int i = 0; i < nb; ++i) {
        const bool same = group_of(i) == group_of(bank);
        at_least(banks_[i].next[int(Cmd::RD)], now + t.ccd(same));
        at_least(banks_[i].next[int(Cmd::WR)], now + std::max(t.ccd(same), t.read_to_write()));
      }
      at_least(banks_[bank].next[int(Cmd::PRE)], now + t.tRTP);
      break;
    }
    case Cmd::WR: {
      for (int i = 0; i < nb; ++i) {
        const bool same = group_of(i) == group_of(bank);
        at_least(banks_[i].next[int(Cmd::WR)], now + t.ccd(same));
        at_least(banks_[i].next[int(Cmd::RD)], now + t.write_to_read(same));
      }
      at_least(banks_[bank].next[int(Cmd::PRE)], now + t.write_to_precharge());
      break;
    }
    case Cmd::PRE: {
      Bank& b = banks_[bank];
      b.open = false;
      b.row = -1;
      at_least(b.next[int(Cmd::ACT)], now + t.tRP);
      at_least(next_ref_, now + t.tRP);
      break;
    }
    case Cmd::PREA:
      for (Bank& b : banks_) {
        if (b.open) at_least(b.next[int(Cmd::ACT)], now + t.tRP);
        b.open = false;
        b.row = -1;
      }
      at_least(next_ref_, now + t.tRP);
      break;
    case Cmd::REFab:
      for (Bank& b : banks_) at_least(b.next[int(Cmd::ACT)], now + t.tRFC);
      at_least(next_ref_, now + t.tRFC);
      break;
  }
}

}  // namespace tpe::dram
