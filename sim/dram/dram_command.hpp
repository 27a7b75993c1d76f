// DRAM commands, decoded addresses and the issued-command log record.
#pragma once
#include <cstdint>
#include <string>

#include "sim/dram/dram_spec.hpp"

namespace tpe::dram {

enum class Cmd : uint8_t { ACT, RD, WR, PRE, PREA, REFab };
constexpr int kCmdCount = 6;
const char* cmd_name(Cmd c);

// A location inside the memory. `unit` = channel * pseudo_channels + pseudo_channel.
struct DramAddress {
  int channel = 0, pseudo_channel = 0, bank_group = 0, bank = 0;  // bank: within its group
  int row = 0, column = 0;
  int unit(const DramOrganisation& o) const { return channel * o.pseudo_channels + pseudo_channel; }
  int flat_bank(const DramOrganisation& o) const { return bank_group * o.banks_per_group + bank; }
};

// Address mapping (documented in docs/dram.md), from the least significant end
// of the byte address: offset within one access | channel | pseudo-channel |
// bank group | column | bank | row. Consecutive accesses spread over channels,
// then pseudo-channels, then bank groups (so a stream alternates groups and
// pays tCCD_S, not tCCD_L), then walk the columns of one open row.
DramAddress decode_address(const DramOrganisation& o, uint64_t byte_addr);
uint64_t encode_address(const DramOrganisation& o, const DramAddress& a);

struct IssuedCommand {
  uint64_t cycle = 0;
  Cmd cmd = Cmd::ACT;
  DramAddress addr;  // bank fields meaningless for PREA/REFab; row for ACT, row+column for RD/WR
};

std::string to_string(const IssuedCommand& c);

}  // namespace tpe::dram
