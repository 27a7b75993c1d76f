// DRAM model against hand-computed command sequences. Every expected cycle is
// derived in the test from the preset's timing table, whose values are first
// checked against the numbers of the source (PIMSimulator / NewtonSim ini).
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <vector>

#include "sim/dram/dram_controller.hpp"
#include "sim/dram/dram_spec.hpp"

using namespace tpe::dram;

namespace {

// Runs a list of (enqueue cycle, address, write) to completion; returns the log.
struct Req { uint64_t at; DramAddress a; bool write; };

std::vector<IssuedCommand> run(const DramSpec& s, const std::vector<Req>& reqs, DramController** keep = nullptr) {
  static DramController* last = nullptr;
  delete last;
  last = new DramController(s);
  DramController& c = *last;
  size_t next = 0;
  while (next < reqs.size() || !c.idle()) {
    while (next < reqs.size() && reqs[next].at <= c.now()) {
      REQUIRE(c.enqueue(DramRequest{encode_address(s.org, reqs[next].a), reqs[next].write, next}));
      ++next;
    }
    c.tick();
  }
  if (keep) *keep = last;
  return c.log();
}

DramAddress at(int bg, int bank, int row, int col) {
  DramAddress a;
  a.bank_group = bg;
  a.bank = bank;
  a.row = row;
  a.column = col;
  return a;
}

std::vector<std::pair<uint64_t, Cmd>> cmds(const std::vector<IssuedCommand>& log) {
  std::vector<std::pair<uint64_t, Cmd>> out;
  for (const auto& c : log) out.emplace_back(c.cycle, c.cmd);
  return out;
}

using P = std::pair<uint64_t, Cmd>;

}  // namespace

namespace Catch {
template <>
struct StringMaker<P> {
  static std::string convert(const P& p) { return std::to_string(p.first) + " " + cmd_name(p.second); }
};
}  // namespace Catch

TEST_CASE("dram presets hold their sources' timing tables", "[dram]") {
  const DramSpec h = load_dram_spec("hbm2");
  // PIMSimulator ini/HBM2_samsung_2M_16B_x64.ini
  CHECK(h.t.RL == 20); CHECK(h.t.WL == 8); CHECK(h.t.tCCD_S == 2); CHECK(h.t.tCCD_L == 4);
  CHECK(h.t.tRCDRD == 14); CHECK(h.t.tRCDWR == 10); CHECK(h.t.tRP == 14); CHECK(h.t.tRAS == 33);
  CHECK(h.t.tRC == 47); CHECK(h.t.tRRD_S == 4); CHECK(h.t.tRRD_L == 6); CHECK(h.t.tWTR_S == 4);
  CHECK(h.t.tWTR_L == 9); CHECK(h.t.tFAW == 16); CHECK(h.t.tREFI == 3900); CHECK(h.t.tRFC == 350);
  CHECK(h.org.row_bytes() == 1024);  // 128 columns x 64 bit
  CHECK(h.org.units() == 16);        // NUM_CHANS=16 pseudo-channels of 64 bit
  // 16 pseudo-channels x 64 bit x 2 Gb/s = 256 GB/s per stack.
  CHECK(h.peak_gbps() == Approx(16 * 64 / 8 * 2.0));
  const DramSpec n = load_dram_spec("hbm2_dual");
  CHECK(n.t.tFAW == 30); CHECK(n.t.tCCD_S == 1); CHECK(n.t.tRAS == 34); CHECK(n.t.tRFC == 260);
  CHECK(n.org.row_buffers == 2); CHECK(n.org.row_bytes() == 1024);
  const DramSpec g = load_dram_spec("gddr6_aim");
  CHECK(g.tck_ns == 0.5); CHECK(g.t.RL == 50); CHECK(g.t.tRCDRD == 36); CHECK(g.t.tRC == 89);
  CHECK(g.org.row_bytes() == 2048);  // 1K columns of 2 B
  // 32 channels x 16 bit x 16 Gb/s = 1024 GB/s.
  CHECK(g.peak_gbps() == Approx(32 * 16 / 8 * 16.0));
  for (const auto& name : dram_preset_names()) CHECK_FALSE(load_dram_spec(name).source.empty());
}

TEST_CASE("dram address mapping round trips and spreads a stream over channels, then bank groups", "[dram]") {
  const DramSpec s = load_dram_spec("hbm2");
  const auto& o = s.org;
  for (uint64_t addr : {uint64_t(0), uint64_t(32), uint64_t(12345 * 32), uint64_t(987654321) / 32 * 32}) {
    CHECK(encode_address(o, decode_address(o, addr)) == addr);
  }
  // 32 B accesses: +32 B -> next channel; +8*32 -> pseudo-channel 1; +16*32 -> bank group 1;
  // +64*32 -> column 1; +64*32*32 -> bank 1; +64*32*32*4 -> row 1.
  CHECK(decode_address(o, 32).channel == 1);
  CHECK(decode_address(o, 8 * 32).pseudo_channel == 1);
  CHECK(decode_address(o, 16 * 32).bank_group == 1);
  CHECK(decode_address(o, 64 * 32).column == 1);
  CHECK(decode_address(o, 64 * 32 * 32).bank == 1);
  CHECK(decode_address(o, 64 * 32 * 32 * 4).row == 1);
}

TEST_CASE("dram row hit: ACT, RD after tRCDRD, RD after tCCD_L", "[dram]") {
  const DramSpec s = load_dram_spec("hbm2");
  const auto& t = s.t;
  DramController* c = nullptr;
  auto log = run(s, {{0, at(0, 0, 5, 0), false}, {0, at(0, 0, 5, 1), false}}, &c);
  const uint64_t rd1 = t.tRCDRD;             // 14
  const uint64_t rd2 = rd1 + t.tCCD_L;       // same bank group: 18
  CHECK(cmds(log) == std::vector<P>{{0, Cmd::ACT}, {rd1, Cmd::RD}, {rd2, Cmd::RD}});
  CHECK(c->stats().row_hits == 1);
  auto done = c->take_completions();
  REQUIRE(done.size() == 2);
  CHECK(done[1].cycle == rd2 + t.RL + t.burst_cycles);  // 40: last beat of the second read
}

TEST_CASE("dram row miss: PRE after tRAS, ACT after tRP and tRC", "[dram]") {
  const DramSpec s = load_dram_spec("hbm2");
  const auto& t = s.t;
  auto log = run(s, {{0, at(1, 2, 7, 3), false}, {0, at(1, 2, 9, 3), false}});
  const uint64_t rd1 = t.tRCDRD;                                            // 14
  const uint64_t pre = std::max<uint64_t>(t.tRAS, rd1 + t.tRTP);          // 33
  const uint64_t act2 = std::max<uint64_t>(pre + t.tRP, t.tRC);            // 47
  const uint64_t rd2 = act2 + t.tRCDRD;                                     // 61
  CHECK(cmds(log) == std::vector<P>{{0, Cmd::ACT}, {rd1, Cmd::RD}, {pre, Cmd::PRE}, {act2, Cmd::ACT}, {rd2, Cmd::RD}});
  CHECK(log[2].addr.row == 7);
  CHECK(log[3].addr.row == 9);
}

TEST_CASE("dram bank-group switch: tRRD_S/tCCD_S across groups, tRRD_L/tCCD_L within", "[dram]") {
  const DramSpec s = load_dram_spec("hbm2");
  const auto& t = s.t;
  SECTION("two bank groups") {
    auto log = run(s, {{0, at(0, 0, 1, 0), false}, {0, at(1, 0, 1, 0), false},
                       {0, at(0, 0, 1, 1), false}, {0, at(1, 0, 1, 1), false}});
    const uint64_t act2 = t.tRRD_S;                                              // 4
    const uint64_t r1 = t.tRCDRD;                                                // 14
    const uint64_t r2 = std::max<uint64_t>(act2 + t.tRCDRD, r1 + t.tCCD_S);      // 18
    const uint64_t r3 = std::max<uint64_t>(r1 + t.tCCD_L, r2 + t.tCCD_S);        // 20
    const uint64_t r4 = std::max<uint64_t>(r2 + t.tCCD_L, r3 + t.tCCD_S);        // 22
    CHECK(cmds(log) == std::vector<P>{{0, Cmd::ACT}, {act2, Cmd::ACT}, {r1, Cmd::RD}, {r2, Cmd::RD}, {r3, Cmd::RD}, {r4, Cmd::RD}});
  }
  SECTION("one bank group, two banks: first ready lets the younger hit go first") {
    auto log = run(s, {{0, at(2, 0, 1, 0), false}, {0, at(2, 1, 1, 0), false},
                       {0, at(2, 0, 1, 1), false}, {0, at(2, 1, 1, 1), false}});
    const uint64_t act2 = t.tRRD_L;                                              // 6
    const uint64_t r1 = t.tRCDRD;                                                // 14: bank 0 col 0
    // At r1 + tCCD_L = 18 bank 1 is not ready (6 + 14 = 20), bank 0 col 1 is: it goes first.
    const uint64_t r2 = r1 + t.tCCD_L;                                           // 18: bank 0 col 1
    REQUIRE(r2 < act2 + t.tRCDRD);
    const uint64_t r3 = std::max<uint64_t>(act2 + t.tRCDRD, r2 + t.tCCD_L);      // 22: bank 1 col 0
    const uint64_t r4 = r3 + t.tCCD_L;                                           // 26: bank 1 col 1
    CHECK(cmds(log) == std::vector<P>{{0, Cmd::ACT}, {act2, Cmd::ACT}, {r1, Cmd::RD}, {r2, Cmd::RD}, {r3, Cmd::RD}, {r4, Cmd::RD}});
    CHECK(log[3].addr.bank == 0);
    CHECK(log[3].addr.column == 1);
  }
}

TEST_CASE("dram tFAW: the fifth ACT waits for the four-activate window", "[dram]") {
  const DramSpec s = load_dram_spec("hbm2_dual");  // tFAW 30 > 4 x tRRD_S 16
  const auto& t = s.t;
  REQUIRE(t.tFAW > 4 * t.tRRD_S);
  auto log = run(s, {{0, at(0, 0, 3, 0), false}, {0, at(1, 0, 3, 0), false}, {0, at(2, 0, 3, 0), false},
                     {0, at(3, 0, 3, 0), false}, {0, at(0, 1, 3, 0), false}});
  std::vector<uint64_t> acts, rds;
  for (const auto& c : log) (c.cmd == Cmd::ACT ? acts : rds).push_back(c.cycle);
  const uint64_t s1 = t.tRRD_S;
  CHECK(acts == std::vector<uint64_t>{0, s1, 2 * s1, 3 * s1, uint64_t(t.tFAW)});  // 0 4 8 12 30
  CHECK(rds == std::vector<uint64_t>{uint64_t(t.tRCDRD), s1 + t.tRCDRD, 2 * s1 + t.tRCDRD, 3 * s1 + t.tRCDRD,
                                     uint64_t(t.tFAW + t.tRCDRD)});
}

TEST_CASE("dram write then read: tRCDWR, write-to-read tWTR_L, write recovery before PRE", "[dram]") {
  const DramSpec s = load_dram_spec("hbm2");
  const auto& t = s.t;
  auto log = run(s, {{0, at(0, 0, 4, 0), true}, {0, at(0, 0, 4, 1), false}, {0, at(0, 0, 8, 0), false}});
  const uint64_t wr = t.tRCDWR;                                               // 10
  const uint64_t rd = wr + t.WL + t.burst_cycles + t.tWTR_L;                  // 29
  const uint64_t pre = std::max<uint64_t>({uint64_t(t.tRAS), wr + t.WL + t.burst_cycles + t.tWR, rd + t.tRTP});  // 36
  const uint64_t act = std::max<uint64_t>(pre + t.tRP, t.tRC);                // 50
  CHECK(cmds(log) == std::vector<P>{{0, Cmd::ACT}, {wr, Cmd::WR}, {rd, Cmd::RD}, {pre, Cmd::PRE}, {act, Cmd::ACT},
                                    {act + t.tRCDRD, Cmd::RD}});
}

TEST_CASE("dram refresh: PREA at tREFI, REFab after tRP, the next ACT after tRFC", "[dram]") {
  nlohmann::json j = nlohmann::json::parse(R"({"name":"r","source":"test","tck_ns":1.0,
    "organisation":{"channels":1,"pseudo_channels":1,"bank_groups":4,"banks_per_group":4,"rows":64,"columns":32,
                    "access_bytes":32,"row_buffers":1},
    "timing":{"RL":20,"WL":8,"burst_cycles":2,"tRCDRD":14,"tRCDWR":10,"tRP":14,"tRAS":33,"tRC":47,"tCCD_S":2,
              "tCCD_L":4,"tRRD_S":4,"tRRD_L":6,"tFAW":16,"tWTR_S":4,"tWTR_L":9,"tRTP":5,"tWR":16,"tREFI":200,"tRFC":50}})");
  const DramSpec s = parse_dram_spec(j, "test");
  const auto& t = s.t;
  DramController* c = nullptr;
  auto log = run(s, {{0, at(0, 0, 1, 0), false}, {205, at(0, 0, 1, 1), false}}, &c);
  const uint64_t prea = t.tREFI;                 // 200: the row is still open (open page)
  const uint64_t ref = prea + t.tRP;             // 214
  const uint64_t act = ref + t.tRFC;             // 264
  CHECK(cmds(log) == std::vector<P>{{0, Cmd::ACT}, {uint64_t(t.tRCDRD), Cmd::RD}, {prea, Cmd::PREA}, {ref, Cmd::REFab},
                                    {act, Cmd::ACT}, {act + t.tRCDRD, Cmd::RD}});
  CHECK(c->stats().row_hits == 0);  // the refresh closed the row the second read wanted
}

TEST_CASE("dram random reads are bounded by the activation rate, sequential reads by the data bus", "[dram]") {
  // Random 32 B reads all miss: each needs an ACT, and a unit issues at most
  // one ACT per max(tRRD_S, tFAW / 4) cycles, so the data bus (one access per
  // burst_cycles) is busy at most burst_cycles / that of the time.
  for (const char* name : {"hbm2", "hbm2_dual", "gddr6_aim"}) {
    const DramSpec s = load_dram_spec(name);
    const double act_interval = std::max(double(s.t.tRRD_S), s.t.tFAW / 4.0);
    const double bound = s.t.burst_cycles / act_interval;
    for (bool random : {true, false}) {
      DramController c(s, 32, false);
      std::mt19937_64 rng(7);
      const uint64_t accesses = s.org.capacity_bytes() / uint64_t(s.org.access_bytes);
      uint64_t i = 0;
      const uint64_t n = 40000;
      while (i < n || !c.idle()) {
        while (i < n && c.enqueue(DramRequest{(random ? rng() % accesses : i) * uint64_t(s.org.access_bytes), false, i})) ++i;
        c.tick();
      }
      const double fraction = double(c.stats().bytes) / (double(c.now()) * s.tck_ns) / s.peak_gbps();
      INFO(name << (random ? " random " : " sequential ") << fraction << " of peak, ACT bound " << bound);
      if (random) {
        CHECK(fraction <= bound);
        CHECK(fraction >= 0.6 * bound);
      } else {
        CHECK(fraction <= 1.0);
        CHECK(fraction >= 0.85);  // row hits across bank groups: only ACT/PRE bubbles and refresh
      }
    }
  }
}
