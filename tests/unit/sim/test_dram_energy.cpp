// DRAM command energy (sim/dram/dram_energy) against figures worked out by
// hand from the hbm2 preset's currents, which are first checked against the
// numbers of their source (NewtonSim's HBM2_8Gb_x128 ini), and the HBM-PIM
// kernel's all-bank commands counted from its program.
#include <catch2/catch.hpp>

#include "sim/dram/dram_energy.hpp"
#include "sim/dram/dram_spec.hpp"
#include "sim/pim/hbmpim_config.hpp"
#include "sim/pim/hbmpim_schedule.hpp"

using namespace tpe;
using namespace tpe::dram;

TEST_CASE("dram energy: hbm2 command energies from NewtonSim's HBM2 currents") {
  const DramSpec s = load_dram_spec("hbm2");
  REQUIRE(s.power);
  const DramPower& p = *s.power;
  // NewtonSim HBM2_8Gb_x128: VDD 1.2 V, IDD0 65, IDD2N 40, IDD3N 55, IDD4R 390, IDD4W 500, IDD5AB 250 mA.
  CHECK(p.vdd_v == 1.2);
  CHECK(p.idd0_ma == 65);
  CHECK(p.idd2n_ma == 40);
  CHECK(p.idd3n_ma == 55);
  CHECK(p.idd4r_ma == 390);
  CHECK(p.idd4w_ma == 500);
  CHECK(p.idd5ab_ma == 250);
  const auto e = dram_command_energy(s);
  REQUIRE(e);
  // tCK 1 ns, tRC 47, tRAS 33, tRP 14, 2-cycle bursts, tRFC 350 (PIMSimulator's HBM2 ini).
  CHECK(e->act_pj == Approx(1.2 * (65 * 47 - 55 * 33 - 40 * 14)));  // 816 pJ
  CHECK(e->act_pj == Approx(816));
  CHECK(e->rd_pj == Approx(804));      // 1.2 x 335 mA x 2 ns
  CHECK(e->wr_pj == Approx(1068));     // 1.2 x 445 mA x 2 ns
  CHECK(e->refab_pj == Approx(81900)); // 1.2 x 195 mA x 350 ns
  CHECK(e->pre_pj == 0);
  CHECK(e->background_pj_per_cycle == Approx(66));  // 1.2 x 55 mA x 1 ns
  CHECK(e->pim_column_factor == 4);
  CHECK(e->pim_act_factor == 4);
  CHECK(e->source.find("NewtonSim") != std::string::npos);

  // A run of two pseudo-channels: 10 ACT (4 all-bank), 100 RD (64 all-bank),
  // 20 WR (8 all-bank), 6 PRE, 1 REFab, 1000 cycles.
  DramCommandCounts n;
  n.commands[size_t(Cmd::ACT)] = 10;
  n.commands[size_t(Cmd::RD)] = 100;
  n.commands[size_t(Cmd::WR)] = 20;
  n.commands[size_t(Cmd::PRE)] = 6;
  n.commands[size_t(Cmd::REFab)] = 1;
  n.ab_acts = 4, n.ab_column_reads = 64, n.ab_column_writes = 8, n.cycles = 1000, n.units = 2;
  const DramEnergyBreakdown b = price_dram_commands(*e, n);
  CHECK(b.by_command_pj[size_t(Cmd::ACT)] == Approx(2 * 6 * 816.0));
  CHECK(b.by_command_pj[size_t(Cmd::RD)] == Approx(2 * 36 * 804.0));
  CHECK(b.by_command_pj[size_t(Cmd::WR)] == Approx(2 * 12 * 1068.0));
  CHECK(b.by_command_pj[size_t(Cmd::PRE)] == 0);
  CHECK(b.by_command_pj[size_t(Cmd::REFab)] == Approx(2 * 81900.0));
  CHECK(b.pim_column_pj == Approx(2 * 4 * (64 * 804.0 + 8 * 1068.0)));
  CHECK(b.pim_act_pj == Approx(2 * 4 * 4 * 816.0));
  CHECK(b.background_pj == Approx(2 * 1000 * 66.0));
  CHECK(b.total_pj() == Approx(2 * (6 * 816.0 + 36 * 804.0 + 12 * 1068.0 + 81900.0) +
                               8 * (64 * 804.0 + 8 * 1068.0) + 32 * 816.0 + 132000.0));
}

TEST_CASE("dram energy: a preset without currents has none, bad currents are refused with the field") {
  DramSpec s = load_dram_spec("hbm2");
  s.power.reset();
  CHECK_FALSE(dram_command_energy(s));
  nlohmann::json j = nlohmann::json::parse(R"({"name": "x", "source": "test", "tck_ns": 1,
    "organisation": {"channels": 1, "pseudo_channels": 1, "bank_groups": 1, "banks_per_group": 2, "rows": 16,
                     "columns": 4, "access_bytes": 32, "row_buffers": 1},
    "timing": {"RL": 2, "WL": 1, "burst_cycles": 2, "tRCDRD": 2, "tRCDWR": 2, "tRP": 2, "tRAS": 3, "tRC": 5,
               "tCCD_S": 1, "tCCD_L": 1, "tRRD_S": 1, "tRRD_L": 1, "tFAW": 4, "tWTR_S": 1, "tWTR_L": 1,
               "tRTP": 1, "tWR": 1, "tREFI": 1000, "tRFC": 10},
    "power": {"vdd_v": 1.2, "idd0_ma": 65, "idd2n_ma": 40, "idd3n_ma": 55, "idd4r_ma": 30, "idd4w_ma": 500,
              "idd5ab_ma": 250, "pim_column_factor": 4, "pim_act_factor": 4, "source": "test"}})");
  REQUIRE_THROWS_WITH(parse_dram_spec(j, "x.json"),
                      Catch::Contains("field 'power.idd4r_ma' has value 30") && Catch::Contains(">= idd3n_ma"));
  j["power"]["idd4r_ma"] = 390;
  j["power"].erase("source");
  REQUIRE_THROWS_WITH(parse_dram_spec(j, "x.json"), Catch::Contains("source"));
}

// The kernel's all-bank commands, counted from PIMSimulator's GEMV program:
// 64 MAC column reads per (output tile, input vector, input tile) and 8
// GRF_B write-backs per (output tile, input vector); every all-bank ACT is an
// ACT of the stream.
TEST_CASE("dram energy: HBM-PIM kernel all-bank commands") {
  const pim::HbmPimConfig dev = pim::make_hbmpim_config("hbm2", 1, 0, "test");  // 2 pseudo-channels, 16 units
  REQUIRE(dev.pim_units() == 16);
  const int n = 300, k = 1000, batch = 2;
  const pim::HbmPimSchedule s = pim::hbmpim_schedule(dev, n, k, batch, false);
  const int J = (n + 8 * 16 - 1) / (8 * 16), T = (k + 127) / 128;  // 8 outputs per unit, 128 inputs per tile
  CHECK(s.mac_commands == uint64_t(J) * batch * T * 64);
  CHECK(s.steps.at("grf_b_to_bank") == uint64_t(J) * batch * 8);
  CHECK(s.ab_acts > 0);
  CHECK(s.ab_acts <= s.commands[size_t(Cmd::ACT)]);
}
