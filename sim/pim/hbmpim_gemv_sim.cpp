#include "sim/pim/hbmpim_gemv_sim.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "sim/dram/dram_controller.hpp"
#include "sim/dram/dram_unit.hpp"

namespace tpe::pim {
namespace {

using dram::Cmd;

// Reserved rows of PIMSimulator's kernel (ref/pe_arith.md 6.1).
constexpr int kParkRow = 1 << 12;      // parkIn / parkOut reads
constexpr int kSbToHabRow = 0x17ff;    // SB -> HAB: 4 writes, column 0x1f
constexpr int kHabToSbRow = 0x1fff;    // HAB -> SB: 2 writes, column 0x1f
constexpr int kPimRegRow = 0x3fff;     // HAB <-> HAB_PIM (col 0), CRF (col 4..), GRF_A (col 8..)

// Issues one pseudo-channel's accesses in program order, each command at the
// earliest cycle the DRAM model allows (one command a cycle), opening and
// closing rows as needed and refreshing every tREFI.
class PchIssuer {
 public:
  PchIssuer(const dram::DramSpec& s, bool keep_log) : spec_(s), dev_(s), keep_log_(keep_log) {
    refresh_due_ = uint64_t(s.t.tREFI);
  }

  void access(bool write, int bank, int row, int col) {
    if (now_ >= refresh_due_) {
      if (dev_.any_open()) command(Cmd::PREA, 0, 0, 0);
      command(Cmd::REFab, 0, 0, 0);
      refresh_due_ += uint64_t(spec_.t.tREFI);
    }
    if (dev_.is_open(bank) && dev_.open_row(bank) != row) command(Cmd::PRE, bank, dev_.open_row(bank), 0);
    if (!dev_.is_open(bank)) command(Cmd::ACT, bank, row, 0);
    const uint64_t at = command(write ? Cmd::WR : Cmd::RD, bank, row, col);
    const auto& t = spec_.t;
    data_end_ = std::max(data_end_, at + uint64_t(write ? t.WL : t.RL) + uint64_t(t.burst_cycles));
  }

  uint64_t cycles() const { return std::max(now_, data_end_); }
  const std::array<uint64_t, dram::kCmdCount>& counts() const { return counts_; }
  std::vector<dram::IssuedCommand> take_log() { return std::move(log_); }

 private:
  uint64_t command(Cmd c, int bank, int row, int col) {
    const uint64_t limit = now_ + 1000000;  // far beyond any timing constraint: a stuck state is a bug
    while (!dev_.can_issue(c, bank, now_))
      if (++now_ > limit) throw std::logic_error(fmt::format("hbmpim: {} to bank {} never became legal", dram::cmd_name(c), bank));
    dev_.issue(c, bank, row, now_);
    ++counts_[size_t(c)];
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
  bool keep_log_;
  uint64_t now_ = 0, data_end_ = 0, refresh_due_ = 0;
  std::array<uint64_t, dram::kCmdCount> counts_{};
  std::vector<dram::IssuedCommand> log_;
};

using Burst = std::array<uint16_t, kLanes>;

}  // namespace

PimGemvRun run_hbmpim_gemv(const HbmPimConfig& cfg, const Fp16Matrix& w, const std::vector<uint16_t>& x,
                           bool keep_log) {
  if (w.cols < 1 || x.empty() || x.size() % size_t(w.cols) != 0)
    throw std::invalid_argument(fmt::format(
        "hbmpim GEMV: x has {} elements; allowed: a positive multiple of W's {} columns (a batch of input vectors)",
        x.size(), w.cols));
  const dram::DramOrganisation& org = cfg.dram.org;
  const int N = w.rows, K = w.cols, B = int(x.size() / size_t(w.cols));
  const int per_pch = cfg.units_per_pseudo_channel(), units = cfg.pim_units();
  const int rows_per_tile = kGrfB * units;  // output rows of one output tile
  const int J = (N + rows_per_tile - 1) / rows_per_tile, T = input_tiles(K);
  const int tiles_of[2] = {(T + 1) / 2, T / 2};  // input tiles in the even / odd banks
  // Bank layout per unit and parity, in bursts (column-linear, rows of
  // `columns` bursts): weight block (j, tile) at 64 x (j x tiles_of[p] + t / 2),
  // column kb x 8 + o within it; the result bursts of (j, batch entry b) after
  // the even banks' blocks.
  const int result_base = J * tiles_of[0] * kMacsPerTile;
  const int bursts = result_base + J * B * kGrfB;
  auto result_at = [&](int j, int b, int o) { return result_base + (j * B + b) * kGrfB + o; };
  if ((bursts + org.columns - 1) / org.columns > kParkRow)
    throw std::invalid_argument(fmt::format(
        "hbmpim GEMV {}x{}: W needs {} rows of a bank; allowed up to {} (rows {:#x} and up are reserved by the kernel)", N,
        K, (bursts + org.columns - 1) / org.columns, kParkRow, kParkRow));
  auto row_of = [&](int burst) { return burst / org.columns; };
  auto col_of = [&](int burst) { return burst % org.columns; };

  // Preload (PIMKernel::preloadGemv; not timed, as in PIMSimulator's test):
  // unit u of output tile j holds rows j x rows_per_tile + 8u + o.
  std::vector<std::vector<Burst>> bank[2];
  for (int p = 0; p < 2; ++p) bank[p].assign(size_t(units), std::vector<Burst>(size_t(bursts), Burst{}));
  for (int j = 0; j < J; ++j)
    for (int t = 0; t < T; ++t) {
      const int p = t % 2, block = kMacsPerTile * (j * tiles_of[p] + t / 2);
      for (int u = 0; u < units; ++u)
        for (int kb = 0; kb < kGrfA; ++kb)
          for (int o = 0; o < kGrfB; ++o) {
            const int n = j * rows_per_tile + kGrfB * u + o;
            Burst& b = bank[p][size_t(u)][size_t(block + kb * kGrfB + o)];
            for (int l = 0; l < kLanes; ++l) {
              const int k = t * kInputTile + kb * kLanes + l;
              b[size_t(l)] = (n < N && k < K) ? w(n, k) : 0;
            }
          }
    }

  PimGemvRun run;
  run.output_tiles = J;
  run.input_tiles = T;
  PchIssuer pch(cfg.dram, keep_log);
  const int bpg = org.banks_per_group;
  auto flat = [&](int group, int b) { return group * bpg + b; };
  std::vector<Burst> grf_a(kGrfA);
  std::vector<std::array<Burst, kGrfB>> grf_b(static_cast<size_t>(units));
  auto step = [&](const char* name) { ++run.steps[name]; };

  // parkIn: one read to every bank.
  for (int b = 0; b < bpg; ++b)
    for (int g = 0; g < org.bank_groups; ++g) pch.access(false, flat(g, b), kParkRow, 0), step("park");
  // SB -> HAB.
  for (int bank_no : {flat(0, 0), flat(0, 1), flat(2 % org.bank_groups, 0), flat(2 % org.bank_groups, 1)})
    pch.access(true, bank_no, kSbToHabRow, 0x1f), step("mode_change");
  // The CRF program MAC/JUMP/MAC/JUMP/EXIT fits one 8-instruction burst.
  pch.access(true, flat(0, 1), kPimRegRow, 0x4), step("crf_write");

  for (int j = 0; j < J; ++j)
    for (int bi = 0; bi < B; ++bi) {  // PIMSimulator's batch loop: the weights stream again for each input vector
      const uint16_t* xb = x.data() + size_t(bi) * size_t(K);
      pch.access(true, flat(0, 0), kPimRegRow, 0), step("mode_change");  // HAB -> HAB_PIM: PC and GRF_B reset
      for (auto& regs : grf_b) regs = {};
      for (int p = 0; p < 2; ++p)
        for (int t = p; t < T; t += 2) {
          for (int g = 0; g < kGrfA; ++g) {  // the host writes the input tile to GRF_A of every unit
            pch.access(true, flat(0, 1), kPimRegRow, 0x8 + g), step("grf_a_write");
            for (int l = 0; l < kLanes; ++l) {
              const int k = t * kInputTile + g * kLanes + l;
              grf_a[size_t(g)][size_t(l)] = k < K ? xb[k] : 0;
            }
          }
          const int block = kMacsPerTile * (j * tiles_of[p] + t / 2);
          for (int c = 0; c < kMacsPerTile; ++c) {  // MAC GRF_B[c % 8] += bank x GRF_A[c / 8], all units
            pch.access(false, flat(0, p), row_of(block + c), col_of(block + c)), step("mac");
            const Burst& a = grf_a[size_t(c / kGrfB)];
            for (int u = 0; u < units; ++u) {
              const Burst& wb = bank[p][size_t(u)][size_t(block + c)];
              Burst& acc = grf_b[size_t(u)][size_t(c % kGrfB)];
              for (int l = 0; l < kLanes; ++l) acc[size_t(l)] = fp16_mac_bits(wb[size_t(l)], a[size_t(l)], acc[size_t(l)]);
            }
          }
        }
      for (int o = 0; o < kGrfB; ++o) {  // GRF_B -> the odd banks
        const int at = result_at(j, bi, o);
        pch.access(true, flat(0, 1), row_of(at), col_of(at)), step("grf_b_to_bank");
        for (int u = 0; u < units; ++u) bank[1][size_t(u)][size_t(at)] = grf_b[size_t(u)][size_t(o)];
      }
      pch.access(true, flat(0, 0), kPimRegRow, 0), step("mode_change");  // HAB_PIM -> HAB
    }
  pch.access(true, flat(0, 0), kHabToSbRow, 0x1f), step("mode_change");  // HAB -> SB
  pch.access(true, flat(0, 1), kHabToSbRow, 0x1f), step("mode_change");
  pch.access(false, flat(0, 0), kParkRow, 0), step("park");  // parkOut
  pch.access(false, flat(0, 1), kParkRow, 0), step("park");

  // The host reads every unit's result bursts and reduces the 16 lanes.
  run.y.assign(size_t(B) * size_t(N), 0);
  for (int j = 0; j < J; ++j)
    for (int bi = 0; bi < B; ++bi)
      for (int v = 0; v < per_pch; ++v)
        for (int o = 0; o < kGrfB; ++o) {
          const int at = result_at(j, bi, o);
          pch.access(false, 2 * v + 1, row_of(at), col_of(at)), step("result_read");
          for (int pc = 0; pc < cfg.pseudo_channels(); ++pc) {
            const int u = pc * per_pch + v, n = j * rows_per_tile + kGrfB * u + o;
            if (n < N) run.y[size_t(bi) * size_t(N) + size_t(n)] = lane_tree(bank[1][size_t(u)][size_t(at)].data());
          }
        }

  run.cycles = pch.cycles();
  run.commands = pch.counts();
  run.mac_commands = run.steps["mac"];
  run.bank_utilization = double(run.mac_commands) * cfg.dram.t.tCCD_L / double(run.cycles);
  run.log = pch.take_log();
  return run;
}

HostGemvRun run_host_gemv_read(const dram::DramSpec& spec, int n, int k) {
  HostGemvRun host;
  const uint64_t access = uint64_t(spec.org.access_bytes);
  const uint64_t requests = (uint64_t(n) * uint64_t(k) * 2 + access - 1) / access;
  dram::DramController ctl(spec, 32, false);
  uint64_t next = 0;
  while (next < requests || !ctl.idle()) {
    while (next < requests && ctl.enqueue(dram::DramRequest{next * access, false, next})) ++next;
    ctl.tick();
    ctl.take_completions();
  }
  host.cycles = ctl.now();
  host.bytes = ctl.stats().bytes;
  host.commands = ctl.stats().commands;
  return host;
}

}  // namespace tpe::pim
