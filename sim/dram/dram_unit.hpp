// The state of one independent DRAM unit (a channel, or a pseudo-channel in
// HBM2 pseudo-channel mode): per-bank open row and, per bank and command, the
// earliest cycle the timing table allows. Issuing a command pushes those
// earliest cycles forward; nothing here decides what to issue (the
// controller does) and nothing here is clocked: times are explicit.
#pragma once
#include <array>
#include <cstdint>
#include <vector>

#include "sim/dram/dram_command.hpp"
#include "sim/dram/dram_spec.hpp"

namespace tpe::dram {

class DramUnit {
 public:
  explicit DramUnit(const DramSpec& spec);

  // True when `c` to `bank` (flat index; ignored for PREA/REFab) is legal at
  // cycle `now`: the bank state fits (ACT needs a closed bank, RD/WR an open
  // one, REFab all closed) and every timing constraint has elapsed.
  bool can_issue(Cmd c, int bank, uint64_t now) const;
  // Applies the command; the caller has checked can_issue.
  void issue(Cmd c, int bank, int row, uint64_t now);

  bool is_open(int bank) const { return banks_[bank].open; }
  int open_row(int bank) const { return banks_[bank].row; }
  bool any_open() const;

 private:
  struct Bank {
    bool open = false;
    int row = -1;
    std::array<uint64_t, kCmdCount> next{};  // earliest cycle per command kind
  };
  int group_of(int bank) const { return bank / spec_.org.banks_per_group; }
  void at_least(uint64_t& slot, uint64_t v) { if (v > slot) slot = v; }

  DramSpec spec_;
  std::vector<Bank> banks_;
  std::array<uint64_t, 4> last_acts_{};  // the last four ACT cycles, for tFAW
  int acts_seen_ = 0;
  uint64_t next_ref_ = 0;  // earliest REFab: tRC after an ACT, tRP after a PRE, tRFC after a REFab
};

}  // namespace tpe::dram
