#include "sim/dram/dram_command.hpp"

#include <fmt/format.h>

namespace tpe::dram {

const char* cmd_name(Cmd c) {
  switch (c) {
    case Cmd::ACT: return "ACT";
    case Cmd::RD: return "RD";
    case Cmd::WR: return "WR";
    case Cmd::PRE: return "PRE";
    case Cmd::PREA: return "PREA";
    case Cmd::REFab: return "REFab";
  }
  return "?";
}

DramAddress decode_address(const DramOrganisation& o, uint64_t byte_addr) {
  uint64_t x = byte_addr / uint64_t(o.access_bytes);
  DramAddress a;
  a.channel = int(x % o.channels); x /= o.channels;
  a.pseudo_channel = int(x % o.pseudo_channels); x /= o.pseudo_channels;
  a.bank_group = int(x % o.bank_groups); x /= o.bank_groups;
  a.column = int(x % o.columns); x /= o.columns;
  a.bank = int(x % o.banks_per_group); x /= o.banks_per_group;
  a.row = int(x % o.rows);  // addresses beyond the capacity wrap around
  return a;
}

uint64_t encode_address(const DramOrganisation& o, const DramAddress& a) {
  uint64_t x = uint64_t(a.row);
  x = x * o.banks_per_group + a.bank;
  x = x * o.columns + a.column;
  x = x * o.bank_groups + a.bank_group;
  x = x * o.pseudo_channels + a.pseudo_channel;
  x = x * o.channels + a.channel;
  return x * o.access_bytes;
}

std::string to_string(const IssuedCommand& c) {
  return fmt::format("{:>8} {:<5} ch{} pc{} bg{} ba{} row{} col{}", c.cycle, cmd_name(c.cmd), c.addr.channel,
                     c.addr.pseudo_channel, c.addr.bank_group, c.addr.bank, c.addr.row, c.addr.column);
}

}  // namespace tpe::dram
