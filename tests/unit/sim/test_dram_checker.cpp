// Thousands of random requests through the FR-FCFS controller; an independent
// checker replays the issued command log and verifies every timing
// constraint, bank state, data-bus occupancy and the refresh cadence, and that
// every request was served exactly once by a column command to its address.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <random>
#include <tuple>

#include "dram_log_checker.hpp"
#include "sim/dram/dram_controller.hpp"

using namespace tpe::dram;

namespace {

void random_run(const std::string& preset, uint64_t seed, int requests, uint64_t span_bytes) {
  const DramSpec s = load_dram_spec(preset);
  DramController c(s, 16);
  std::mt19937_64 rng(seed);
  std::vector<DramRequest> reqs;
  for (int i = 0; i < requests; ++i)
    reqs.push_back(DramRequest{rng() % span_bytes / s.org.access_bytes * s.org.access_bytes, rng() % 3 == 0,
                               uint64_t(i)});
  size_t next = 0;
  while (next < reqs.size() || !c.idle()) {
    // Bursty arrivals: sometimes nothing for a while, so refresh meets idle and busy banks.
    if (rng() % 4 != 0)
      while (next < reqs.size() && c.enqueue(reqs[next])) {
        ++next;
        // Every 1500 requests a long pause: the run spans several tREFI and
        // refreshes also meet idle, precharged banks.
        if (next % 1500 == 0)
          for (int i = 0; i < 2000; ++i) c.tick();
        if (rng() % 3 == 0) break;
      }
    c.tick();
    REQUIRE(c.now() < 50'000'000);
  }
  const auto errors = testing::check_dram_log(s, c.log(), c.now());
  for (const auto& e : errors) UNSCOPED_INFO(e);
  CHECK(errors.empty());
  // Every request served once: the multiset of (unit, bank, row, column, kind) matches.
  using Key = std::tuple<int, int, int, int, bool>;
  std::map<Key, int> want;
  for (const auto& r : reqs) {
    const DramAddress a = decode_address(s.org, r.addr);
    ++want[Key{a.unit(s.org), a.flat_bank(s.org), a.row, a.column, r.write}];
  }
  for (const auto& cmd : c.log())
    if (cmd.cmd == Cmd::RD || cmd.cmd == Cmd::WR)
      --want[Key{cmd.addr.unit(s.org), cmd.addr.flat_bank(s.org), cmd.addr.row, cmd.addr.column, cmd.cmd == Cmd::WR}];
  CHECK(std::all_of(want.begin(), want.end(), [](const auto& kv) { return kv.second == 0; }));
  CHECK(c.take_completions().size() == reqs.size());
  CHECK(c.stats().reads + c.stats().writes == reqs.size());
  // The run is long enough to cross several refresh intervals.
  CHECK(c.stats().commands[int(Cmd::REFab)] >= uint64_t(s.org.units()));
}

}  // namespace

TEST_CASE("dram checker: random requests on hbm2 obey every constraint", "[dram]") {
  random_run("hbm2", 1, 6000, 1 << 20);          // 1 MiB: many row conflicts
  random_run("hbm2", 2, 3000, uint64_t(1) << 32);  // the whole stack
}

TEST_CASE("dram checker: random requests on hbm2_dual and gddr6_aim obey every constraint", "[dram]") {
  random_run("hbm2_dual", 3, 6000, 1 << 20);
  random_run("gddr6_aim", 4, 6000, 1 << 20);
}

TEST_CASE("dram checker: the checker catches a violation", "[dram]") {
  const DramSpec s = load_dram_spec("hbm2");
  DramAddress a;
  std::vector<IssuedCommand> log = {{0, Cmd::ACT, a}, {uint64_t(s.t.tRCDRD - 1), Cmd::RD, a}};
  CHECK(testing::check_dram_log(s, log, 100).size() == 1);
  // Four ACTs tRRD_S apart in four bank groups, a fifth tRRD_S later: legal
  // for every pairwise rule, but inside tFAW (hbm2_dual: 30 > 4 x 4).
  const DramSpec d = load_dram_spec("hbm2_dual");
  std::vector<IssuedCommand> faw;
  for (int i = 0; i < 5; ++i) {
    DramAddress x;
    x.bank_group = i % 4;
    x.bank = i / 4;
    faw.push_back(IssuedCommand{uint64_t(i * d.t.tRRD_S), Cmd::ACT, x});
  }
  const auto errors = testing::check_dram_log(d, faw, 100);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].find("tFAW") != std::string::npos);
}
