// A cycle-level DRAM controller: one request queue per unit (channel or
// pseudo-channel), FR-FCFS scheduling with an open-page policy, all-bank
// refresh every tREFI. Stepped once per DRAM clock by tick(); every command it
// issues is logged so an independent checker can replay the log.
//
// Per unit and cycle at most one command issues (one command bus):
//   1. refresh due (a multiple of tREFI has passed): PREA if a bank is open,
//      then REFab; nothing else issues until the refresh is out;
//   2. else the oldest queued request whose row is open and whose RD/WR is
//      legal now (first ready: row hits go before older misses);
//   3. else the oldest request whose row command is legal now: ACT on a closed
//      bank, or PRE on a bank open on another row provided no queued request
//      still hits that open row (open page: rows stay open until a conflict).
#pragma once
#include <array>
#include <cstdint>
#include <deque>
#include <vector>

#include "sim/dram/dram_command.hpp"
#include "sim/dram/dram_spec.hpp"
#include "sim/dram/dram_unit.hpp"

namespace tpe::dram {

struct DramRequest {
  uint64_t addr = 0;  // byte address (mapped by decode_address)
  bool write = false;
  uint64_t id = 0;    // the caller's tag, returned with the completion
};

struct DramCompletion {
  uint64_t id = 0;
  uint64_t cycle = 0;  // read: last data beat arrived; write: last data beat sent
  bool write = false;
};

struct DramStats {
  std::array<uint64_t, kCmdCount> commands{};
  uint64_t reads = 0, writes = 0;
  uint64_t row_hits = 0;  // requests served by a row opened for an earlier request
  uint64_t bytes = 0;
  double row_hit_rate() const { return reads + writes ? double(row_hits) / double(reads + writes) : 0.0; }
};

class DramController {
 public:
  explicit DramController(const DramSpec& spec, int queue_depth = 32, bool keep_log = true);

  const DramSpec& spec() const { return spec_; }
  uint64_t now() const { return now_; }

  // False when the target unit's queue is full (retry on a later cycle).
  bool enqueue(const DramRequest& r);
  bool can_accept(uint64_t addr) const;
  // One DRAM clock: schedule and issue, then advance the clock.
  void tick();
  // Nothing queued and every issued access has finished its data transfer.
  bool idle() const;
  // Ticks until idle; returns the cycle count.
  uint64_t drain();
  // No request queued in any unit (issued accesses may still be moving data).
  bool queues_empty() const;
  // Advances to `cycle` exactly as ticking would: with nothing queued a tick
  // only issues refreshes, so the clock jumps from one refresh to the next
  // (the memory stage's idle stretches while the engine computes).
  void skip_to(uint64_t cycle);

  // Completions so far (in issue order), and clearing them.
  std::vector<DramCompletion> take_completions();
  const std::vector<IssuedCommand>& log() const { return log_; }
  const DramStats& stats() const { return stats_; }
  uint64_t last_data_cycle() const { return last_data_; }

 private:
  struct Pending {
    DramRequest req;
    DramAddress a;
    bool caused_act = false;
  };
  struct Unit {
    DramUnit dev;
    std::deque<Pending> queue;
    uint64_t refresh_due;
  };
  void schedule(int u);
  void issue(int u, Cmd c, const DramAddress& a);

  DramSpec spec_;
  int depth_;
  bool keep_log_;
  uint64_t now_ = 0;
  uint64_t last_data_ = 0;
  std::vector<Unit> units_;
  std::vector<IssuedCommand> log_;
  std::vector<DramCompletion> done_;
  DramStats stats_;
};

}  // namespace tpe::dram
