#include "sim/pim/hbmpim_schedule.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "sim/dram/dram_unit.hpp"

namespace tpe::pim {
namespace {

using dram::Cmd;

// Reserved rows of PIMSimulator's kernel (ref/pe_arith.md 6.1).
constexpr int kParkRow = kHbmPimParkRow;  // parkIn / parkOut reads
constexpr int kSbToHabRow = 0x17ff;       // SB -> HAB: 4 writes, column 0x1f
constexpr int kHabToSbRow = 0x1fff;       // HAB -> SB: 2 writes, column 0x1f
constexpr int kPimRegRow = 0x3fff;        // HAB <-> HAB_PIM (col 0), CRF (col 4..), GRF_A (col 8..)

// Issues one pseudo-channel's accesses in program order, each command at the
// earliest cycle the DRAM model allows (one command a cycle), opening and
// closing rows as needed and refreshing every tREFI.
class PchIssuer {
 public:
  PchIssuer(const dram::DramSpec& s, bool keep_cycles, bool keep_log)
      : spec_(s), dev_(s), keep_cycles_(keep_cycles), keep_log_(keep_log) {
    refresh_due_ = uint64_t(s.t.tREFI);
  }

  // Returns the cycle of the access's last data beat.
  uint64_t access(bool write, int bank, int row, int col) {
    if (now_ >= refresh_due_) {
      if (dev_.any_open()) command(Cmd::PREA, 0, 0, 0);
      command(Cmd::REFab, 0, 0, 0);
      refresh_due_ += uint64_t(spec_.t.tREFI);
    }
    if (dev_.is_open(bank) && dev_.open_row(bank) != row) command(Cmd::PRE, bank, dev_.open_row(bank), 0);
    if (!dev_.is_open(bank)) command(Cmd::ACT, bank, row, 0);
    const uint64_t at = command(write ? Cmd::WR : Cmd::RD, bank, row, col);
    const auto& t = spec_.t;
    const uint64_t end = at + uint64_t(write ? t.WL : t.RL) + uint64_t(t.burst_cycles);
    data_end_ = std::max(data_end_, end);
    return end - 1;
  }

  uint64_t cycles() const { return std::max(now_, data_end_); }
  const std::array<uint64_t, dram::kCmdCount>& counts() const { return counts_; }
  std::vector<dram::IssuedCommand> take_log() { return std::move(log_); }
  std::vector<uint64_t> take_cycles() { return std::move(cycles_); }

 private:
  uint64_t command(Cmd c, int bank, int row, int col) {
    const uint64_t limit = now_ + 1000000;  // far beyond any timing constraint: a stuck state is a bug
    while (!dev_.can_issue(c, bank, now_))
      if (++now_ > limit) throw std::logic_error(fmt::format("hbmpim: {} to bank {} never became legal", dram::cmd_name(c), bank));
    dev_.issue(c, bank, row, now_);
    ++counts_[size_t(c)];
    if (keep_cycles_) cycles_.push_back(now_);
    if (keep_log_) {
      dram::IssuedCommand ic;
      ic.cycle = now_;
      ic.cmd = c;
      ic.addr.bank_group = bank / spec_.org.banks_per_group;
      ic.addr.bank = bank % spec_.org.banks_per_group;
      ic.addr.row = row;
      ic.addr.column = col;
      log_.push_back(ic);
    }
    return now_++;
  }

  dram::DramSpec spec_;
  dram::DramUnit dev_;
  bool keep_cycles_, keep_log_;
  uint64_t now_ = 0, data_end_ = 0, refresh_due_ = 0;
  std::array<uint64_t, dram::kCmdCount> counts_{};
  std::vector<dram::IssuedCommand> log_;
  std::vector<uint64_t> cycles_;
};

// Bank layout per unit and parity, in bursts (column-linear, rows of
// `columns` bursts): weight block (j, t) at 64 x (j x tiles_of[p] + t / 2),
// column kb x 8 + o within it; the result bursts of (j, batch entry b) after
// the even banks' blocks.
void lay_out(HbmPimSchedule& s, const HbmPimConfig& cfg, int n, int k, int batch) {
  s.n = n;
  s.k = k;
  s.batch = batch;
  const int rows_per_tile = kGrfB * cfg.pim_units();
  s.output_tiles = (n + rows_per_tile - 1) / rows_per_tile;
  s.input_tiles = input_tiles(k);
  s.tiles_of[0] = (s.input_tiles + 1) / 2;
  s.tiles_of[1] = s.input_tiles / 2;
  s.result_base = s.output_tiles * s.tiles_of[0] * kMacsPerTile;
  s.bursts = s.result_base + s.output_tiles * batch * kGrfB;
}

}  // namespace

int hbmpim_rows_needed(const HbmPimConfig& cfg, int n, int k, int batch) {
  HbmPimSchedule s;
  lay_out(s, cfg, n, k, batch);
  return (s.bursts + cfg.dram.org.columns - 1) / cfg.dram.org.columns;
}

HbmPimSchedule hbmpim_schedule(const HbmPimConfig& cfg, int n, int k, int batch, bool keep_events, bool keep_log) {
  if (n < 1 || k < 1 || batch < 1)
    throw std::invalid_argument(fmt::format("hbmpim GEMV {}x{} batch {}: allowed N, K, batch >= 1", n, k, batch));
  const dram::DramOrganisation& org = cfg.dram.org;
  HbmPimSchedule s;
  lay_out(s, cfg, n, k, batch);
  if (hbmpim_rows_needed(cfg, n, k, batch) > kParkRow)
    throw std::invalid_argument(fmt::format(
        "hbmpim GEMV {}x{} batch {}: W needs {} rows of a bank; allowed up to {} (rows {:#x} and up are reserved by "
        "the kernel)", n, k, batch, hbmpim_rows_needed(cfg, n, k, batch), kParkRow, kParkRow));
  const int per_pch = cfg.units_per_pseudo_channel();
  const int J = s.output_tiles, T = s.input_tiles, B = batch;
  auto row_of = [&](int burst) { return burst / org.columns; };
  auto col_of = [&](int burst) { return burst % org.columns; };

  PchIssuer pch(cfg.dram, keep_events, keep_log);
  const int bpg = org.banks_per_group;
  auto flat = [&](int group, int b) { return group * bpg + b; };
  auto step = [&](const char* name) { ++s.steps[name]; };
  auto event = [&](uint64_t cycle, UnitEvent e) {
    if (!keep_events) return;
    e.cycle = cycle;
    if (!s.events.empty() && s.events.back().cycle >= cycle)  // the data bus carries one burst at a time
      throw std::logic_error(fmt::format("hbmpim: burst at cycle {} after one at {}", cycle, s.events.back().cycle));
    s.events.push_back(e);
  };

  // parkIn: one read to every bank (the bursts pass the units to the host).
  for (int b = 0; b < bpg; ++b)
    for (int g = 0; g < org.bank_groups; ++g) {
      UnitEvent e;
      e.op = UnitOp::Read;
      e.parity = b % 2;
      e.burst = -1;  // not a GEMV burst: its value is not used
      event(pch.access(false, flat(g, b), kParkRow, 0), e);
      step("park");
    }
  // SB -> HAB. From here to HAB -> SB an ACT opens the row in every bank of
  // its parity (the all-bank ACTs the command energy prices apart).
  const uint64_t acts_before_hab = pch.counts()[size_t(dram::Cmd::ACT)];
  for (int bank_no : {flat(0, 0), flat(0, 1), flat(2 % org.bank_groups, 0), flat(2 % org.bank_groups, 1)})
    pch.access(true, bank_no, kSbToHabRow, 0x1f), step("mode_change");
  // The CRF program MAC/JUMP/MAC/JUMP/EXIT fits one 8-instruction burst.
  pch.access(true, flat(0, 1), kPimRegRow, 0x4), step("crf_write");

  for (int j = 0; j < J; ++j)
    for (int bi = 0; bi < B; ++bi) {  // PIMSimulator's batch loop: the weights stream again for each input vector
      UnitEvent reset;
      reset.op = UnitOp::Reset;
      event(pch.access(true, flat(0, 0), kPimRegRow, 0), reset);  // HAB -> HAB_PIM: PC and GRF_B reset
      step("mode_change");
      for (int p = 0; p < 2; ++p)
        for (int t = p; t < T; t += 2) {
          for (int g = 0; g < kGrfA; ++g) {  // the host writes the input tile to GRF_A of every unit
            UnitEvent e;
            e.op = UnitOp::WriteGrfA;
            e.grf_a = g;
            e.batch = bi;
            e.input_tile = t;
            event(pch.access(true, flat(0, 1), kPimRegRow, 0x8 + g), e);
            step("grf_a_write");
          }
          const int block = s.weight_block(j, t);
          for (int c = 0; c < kMacsPerTile; ++c) {  // MAC GRF_B[c % 8] += bank x GRF_A[c / 8], all units
            UnitEvent e;
            e.op = UnitOp::Mac;
            e.grf_a = c / kGrfB;
            e.grf_b = c % kGrfB;
            e.parity = p;
            e.burst = block + c;
            event(pch.access(false, flat(0, p), row_of(block + c), col_of(block + c)), e);
            step("mac");
          }
        }
      for (int o = 0; o < kGrfB; ++o) {  // GRF_B -> the odd banks
        UnitEvent e;
        e.op = UnitOp::WriteBack;
        e.grf_b = o;
        e.parity = 1;
        e.burst = s.result_at(j, bi, o);
        event(pch.access(true, flat(0, 1), row_of(e.burst), col_of(e.burst)), e);
        step("grf_b_to_bank");
      }
      pch.access(true, flat(0, 0), kPimRegRow, 0), step("mode_change");  // HAB_PIM -> HAB
    }
  pch.access(true, flat(0, 0), kHabToSbRow, 0x1f), step("mode_change");  // HAB -> SB
  pch.access(true, flat(0, 1), kHabToSbRow, 0x1f), step("mode_change");
  s.ab_acts = pch.counts()[size_t(dram::Cmd::ACT)] - acts_before_hab;
  for (int b : {0, 1}) {  // parkOut
    UnitEvent e;
    e.op = UnitOp::Read;
    e.parity = b;
    e.burst = -1;
    event(pch.access(false, flat(0, b), kParkRow, 0), e);
    step("park");
  }

  // The host reads every unit's result bursts (and reduces the 16 lanes).
  for (int j = 0; j < J; ++j)
    for (int bi = 0; bi < B; ++bi)
      for (int v = 0; v < per_pch; ++v)
        for (int o = 0; o < kGrfB; ++o) {
          UnitEvent e;
          e.op = UnitOp::Read;
          e.grf_b = o;
          e.parity = 1;
          e.burst = s.result_at(j, bi, o);
          e.out_tile = j;
          e.batch = bi;
          e.unit = v;
          event(pch.access(false, 2 * v + 1, row_of(e.burst), col_of(e.burst)), e);
          step("result_read");
        }

  s.cycles = pch.cycles();
  s.commands = pch.counts();
  s.mac_commands = s.steps["mac"];
  s.bank_utilization = double(s.mac_commands) * cfg.dram.t.tCCD_L / double(s.cycles);
  s.command_cycles = pch.take_cycles();
  s.log = pch.take_log();
  return s;
}

HbmPimBanks preload_hbmpim_banks(const HbmPimConfig& cfg, const HbmPimSchedule& s, const Fp16Matrix& w) {
  const int units = cfg.pim_units(), rows_per_tile = kGrfB * units;
  HbmPimBanks b;
  for (int p = 0; p < 2; ++p) b.bank[p].assign(size_t(units), std::vector<Burst>(size_t(s.bursts), Burst{}));
  for (int j = 0; j < s.output_tiles; ++j)
    for (int t = 0; t < s.input_tiles; ++t) {
      const int p = t % 2, block = s.weight_block(j, t);
      for (int u = 0; u < units; ++u)
        for (int kb = 0; kb < kGrfA; ++kb)
          for (int o = 0; o < kGrfB; ++o) {
            const int n = j * rows_per_tile + kGrfB * u + o;
            Burst& burst = b.bank[p][size_t(u)][size_t(block + kb * kGrfB + o)];
            for (int l = 0; l < kLanes; ++l) {
              const int k = t * kInputTile + kb * kLanes + l;
              burst[size_t(l)] = (n < s.n && k < s.k) ? w(n, k) : 0;
            }
          }
    }
  return b;
}

}  // namespace tpe::pim
