#include "sim/core/memory_stage.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "models/engine/config_fields.hpp"
#include "models/engine/family_registry.hpp"
#include "sim/dram/dram_controller.hpp"
#include "sim/dram/dram_spec.hpp"

namespace tpe {
namespace {

using dram::DramController;
using dram::DramRequest;

uint64_t ceil_div(uint64_t a, uint64_t b) { return (a + b - 1) / b; }

// Where the operands and the result live, and which accesses a block needs.
struct Layout {
  uint64_t access;                       // bytes of one DRAM access
  int a_bits, b_bits, c_bits;            // stored widths (C at the accumulator width)
  uint64_t a_base, a_stride, b_base, b_stride, c_base, c_stride;

  Layout(const EngineConfig& cfg, const GemmShape& s, uint64_t access_bytes)
      : access(access_bytes), a_bits(cfg.a.bits), b_bits(cfg.b.bits), c_bits(cfg.acc_bits) {
    a_stride = row_bytes(uint64_t(s.k) * a_bits);
    b_stride = row_bytes(uint64_t(s.k) * b_bits);
    c_stride = row_bytes(uint64_t(s.n) * c_bits);
    a_base = 0;
    b_base = a_base + a_stride * uint64_t(s.m);
    c_base = b_base + b_stride * uint64_t(s.n);
  }
  uint64_t row_bytes(uint64_t bits) const { return ceil_div(ceil_div(bits, 8), access) * access; }
  // The accesses holding bits [bit0, bit1) of the row at `row_base`.
  template <class F>
  void accesses(uint64_t row_base, uint64_t bit0, uint64_t bit1, F&& f) const {
    const uint64_t first = (bit0 / 8) / access, last = (ceil_div(bit1, 8) - 1) / access;
    for (uint64_t i = first; i <= last; ++i) f(row_base + i * access);
  }
};

struct Block {
  int m0, rows, n0, cols, k0, kc;
  bool last_of_tile;
  uint64_t tile;
};

}  // namespace

nlohmann::json MemoryRun::to_json() const {
  nlohmann::json cmds = nlohmann::json::object();
  for (int c = 0; c < dram::kCmdCount; ++c) cmds[dram::cmd_name(dram::Cmd(c))] = commands[size_t(c)];
  return {{"preset", preset},
          {"source", source},
          {"channels", channels},
          {"dram_clock_ns", dram_clock_ns},
          {"engine_clock_ns", engine_clock_ns},
          {"peak_gb_s", peak_gb_s},
          {"compute_cycles", compute_cycles},
          {"stall_cycles", stall_cycles},
          {"cycles", cycles()},
          {"dram_cycles", dram_cycles},
          {"tiles", tiles},
          {"blocks", blocks},
          {"k_chunk", k_chunk},
          {"bytes_read", bytes_read},
          {"bytes_written", bytes_written},
          {"reads", reads},
          {"writes", writes},
          {"row_hits", row_hits},
          {"dram_commands", cmds}};
}

MemoryRun run_memory_stage(const EngineConfig& cfg, const GemmShape& s, uint64_t compute_cycles) {
  if (!cfg.memory) throw std::logic_error("run_memory_stage: the engine names no memory");
  const MemoryConfig& mc = *cfg.memory;
  const std::optional<GemmShape> tile = family_of(cfg).spec->memory_tile(cfg);
  if (!tile)
    throw std::invalid_argument(fmt::format("family '{}' declares no memory tile (FamilySpec::memory_tile): its "
                                            "engines cannot name a memory",
                                            cfg.family));
  dram::DramSpec spec = dram::load_dram_spec(mc.preset);
  if (mc.channels) spec.org.channels = mc.channels;
  DramController dram(spec, 32, /*keep_log=*/false);
  const Layout L(cfg, s, uint64_t(spec.org.access_bytes));

  MemoryRun r;
  r.preset = spec.name;
  r.source = spec.source;
  r.channels = spec.org.channels;
  r.dram_clock_ns = spec.tck_ns;
  r.peak_gb_s = spec.peak_gbps();
  r.engine_clock_ns = mc.clock_mhz ? 1000.0 / mc.clock_mhz : spec.tck_ns;
  r.compute_cycles = compute_cycles;

  // Blocking: tiles of C, K in chunks that fit one buffer slot (half a buffer).
  const int tm = std::min(tile->m, s.m), tn = std::min(tile->n, s.n);
  const uint64_t a_slot = uint64_t(mc.a_buffer_kib) * 1024 / 2, b_slot = uint64_t(mc.b_buffer_kib) * 1024 / 2,
                 c_slot = uint64_t(mc.c_buffer_kib) * 1024 / 2;
  const uint64_t kc_a = a_slot * 8 / (uint64_t(tm) * L.a_bits), kc_b = b_slot * 8 / (uint64_t(tn) * L.b_bits);
  const std::string& src = cfg.name;
  if (kc_a < 1)
    config::fail(src, "memory.a_buffer_kib", std::to_string(mc.a_buffer_kib),
                 fmt::format("at least {} KiB: two slots of one K step of {} rows of A at {} bits",
                             ceil_div(2 * ceil_div(uint64_t(tm) * L.a_bits, 8), 1024), tm, L.a_bits));
  if (kc_b < 1)
    config::fail(src, "memory.b_buffer_kib", std::to_string(mc.b_buffer_kib),
                 fmt::format("at least {} KiB: two slots of one K step of {} columns of B at {} bits",
                             ceil_div(2 * ceil_div(uint64_t(tn) * L.b_bits, 8), 1024), tn, L.b_bits));
  const uint64_t c_tile_bytes = uint64_t(tm) * ceil_div(uint64_t(tn) * L.c_bits, 8);
  if (c_tile_bytes > c_slot)
    config::fail(src, "memory.c_buffer_kib", std::to_string(mc.c_buffer_kib),
                 fmt::format("at least {} KiB: two slots of a {}x{} tile of C at {} bits", ceil_div(2 * c_tile_bytes, 1024),
                             tm, tn, L.c_bits));
  uint64_t kc = std::min<uint64_t>({kc_a, kc_b, uint64_t(s.k)});
  // Chunks on whole accesses where they can be (no access fetched twice).
  const uint64_t step = std::max<uint64_t>(1, L.access * 8 / uint64_t(std::max(L.a_bits, L.b_bits)));
  if (kc < uint64_t(s.k) && kc >= step) kc -= kc % step;
  r.k_chunk = int(kc);

  std::vector<Block> blocks;
  uint64_t t = 0;
  for (int m0 = 0; m0 < s.m; m0 += tm)
    for (int n0 = 0; n0 < s.n; n0 += tn, ++t)
      for (int k0 = 0; k0 < s.k; k0 += int(kc)) {
        const int kk = std::min(int(kc), s.k - k0);
        blocks.push_back(Block{m0, std::min(tm, s.m - m0), n0, std::min(tn, s.n - n0), k0, kk, k0 + kk >= s.k, t});
      }
  r.tiles = t;
  r.blocks = blocks.size();

  // Compute ticks of each block: the compute cycles apportioned by MACs
  // (cumulative, so they add up exactly), in DRAM clock cycles.
  const double ratio = r.engine_clock_ns / r.dram_clock_ns;  // DRAM cycles per engine cycle
  const double total_macs = s.macs();
  std::vector<uint64_t> ticks(blocks.size());
  {
    double macs = 0;
    uint64_t prev = 0;
    for (size_t b = 0; b < blocks.size(); ++b) {
      macs += double(blocks[b].rows) * blocks[b].cols * blocks[b].kc;
      const uint64_t upto = uint64_t(std::llround(double(compute_cycles) * macs / total_macs));
      ticks[b] = uint64_t(std::ceil(double(upto - prev) * ratio - 1e-9));
      prev = upto;
    }
  }

  // The requests of a block's loads and of a tile's write-back.
  std::deque<DramRequest> fifo;  // issued in order by the DMA
  std::vector<uint64_t> outstanding(blocks.size(), 0), ready(blocks.size(), 0);
  auto load = [&](size_t b) {
    const Block& k = blocks[b];
    auto push = [&](uint64_t addr) {
      fifo.push_back(DramRequest{addr, false, 2 * b});
      ++outstanding[b];
    };
    for (int i = 0; i < k.rows; ++i)
      L.accesses(L.a_base + uint64_t(k.m0 + i) * L.a_stride, uint64_t(k.k0) * L.a_bits,
                 uint64_t(k.k0 + k.kc) * L.a_bits, push);
    for (int j = 0; j < k.cols; ++j)
      L.accesses(L.b_base + uint64_t(k.n0 + j) * L.b_stride, uint64_t(k.k0) * L.b_bits,
                 uint64_t(k.k0 + k.kc) * L.b_bits, push);
  };
  std::vector<uint64_t> c_outstanding(t, 0), c_done(t, 0);
  auto write_back = [&](size_t b) {
    const Block& k = blocks[b];
    for (int i = 0; i < k.rows; ++i)
      L.accesses(L.c_base + uint64_t(k.m0 + i) * L.c_stride, uint64_t(k.n0) * L.c_bits,
                 uint64_t(k.n0 + k.cols) * L.c_bits, [&](uint64_t addr) {
                   fifo.push_back(DramRequest{addr, true, 2 * k.tile + 1});
                   ++c_outstanding[k.tile];
                 });
  };

  const uint64_t kNever = std::numeric_limits<uint64_t>::max();
  size_t next_load = 0, cur = 0;   // next block to load; block computing or next to compute
  bool computing = false;
  uint64_t end = 0, prev_end = 0;  // of the computing block; of the last finished one
  std::vector<uint64_t> finished(blocks.size(), kNever);
  uint64_t compute_ticks = 0;
  for (;;) {
    const uint64_t now = dram.now();
    for (const auto& c : dram.take_completions()) {
      if (c.write) {
        --c_outstanding[c.id / 2];
        c_done[c.id / 2] = std::max(c_done[c.id / 2], c.cycle);
      } else {
        --outstanding[c.id / 2];
        ready[c.id / 2] = std::max(ready[c.id / 2], c.cycle);
      }
    }
    // Everything that happens at `now`, until nothing more does.
    for (bool moved = true; moved;) {
      moved = false;
      if (computing && end <= now) {
        computing = false;
        finished[cur] = prev_end = end;
        if (blocks[cur].last_of_tile) write_back(cur);
        ++cur;
        moved = true;
      }
      // Two slots: block b loads once block b-2 has left its slot.
      while (next_load < blocks.size() && (next_load < 2 || finished[next_load - 2] <= now)) load(next_load++), moved = true;
      if (!computing && cur < blocks.size() && cur < next_load && outstanding[cur] == 0 && ready[cur] <= now &&
          prev_end <= now) {
        const Block& k = blocks[cur];
        // C has two slots: the tile two before must be written back.
        const bool c_free = !k.last_of_tile || k.tile < 2 ||
                            (c_outstanding[k.tile - 2] == 0 && c_done[k.tile - 2] <= now);
        if (c_free) {
          computing = true;
          end = now + ticks[cur];
          compute_ticks += ticks[cur];
          moved = true;
        }
      }
    }
    while (!fifo.empty() && dram.can_accept(fifo.front().addr)) {
      dram.enqueue(fifo.front());
      fifo.pop_front();
    }
    const bool all_written = t == 0 || (c_outstanding[t - 1] == 0 && cur == blocks.size());
    if (cur == blocks.size() && fifo.empty() && dram.queues_empty() && all_written) {
      uint64_t last = prev_end;
      for (uint64_t i = 0; i < t; ++i) last = std::max(last, c_done[i]);
      if (now < last) dram.skip_to(last);
      r.dram_cycles = std::max(last, prev_end);
      break;
    }
    if (!fifo.empty() || !dram.queues_empty()) {
      dram.tick();
      continue;
    }
    // Nothing for the DRAM to do: jump to the next event.
    uint64_t next = kNever;
    if (computing) next = std::min(next, end);
    if (cur < blocks.size() && outstanding[cur] == 0 && ready[cur] > now) next = std::min(next, ready[cur]);
    for (uint64_t i = 0; i < t; ++i)
      if (c_outstanding[i] == 0 && c_done[i] > now) next = std::min(next, c_done[i]);
    if (next == kNever) throw std::logic_error("memory stage: no next event (a bug)");
    dram.skip_to(next);
  }

  const uint64_t stall_ticks = r.dram_cycles - compute_ticks;
  r.stall_cycles = uint64_t(std::ceil(double(stall_ticks) / ratio - 1e-9));
  const dram::DramStats& st = dram.stats();
  r.reads = st.reads;
  r.writes = st.writes;
  r.row_hits = st.row_hits;
  r.bytes_read = st.reads * uint64_t(spec.org.access_bytes);
  r.bytes_written = st.writes * uint64_t(spec.org.access_bytes);
  r.commands = st.commands;
  return r;
}

}  // namespace tpe
