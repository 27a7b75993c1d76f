// The HBM-PIM cycle model: its near-bank units' values against the fp16
// reference, its command log against the independent DRAM rule checker, its
// kernel steps against counts derived from the mapping, and PIMSimulator's
// published check (4096 x 4096: PIM under half the host's cycles).
#include <catch2/catch.hpp>

#include "models/pim/hbmpim_operands.hpp"
#include "sim/pim/hbmpim_gemv_sim.hpp"
#include "tests/unit/sim/dram_log_checker.hpp"

using namespace tpe;
using namespace tpe::pim;

namespace {
HbmPimConfig one_channel() { return make_hbmpim_config("hbm2", 1, 0, "test"); }
}  // namespace

TEST_CASE("hbmpim model equals the reference bit for bit on random and odd shapes", "[hbmpim]") {
  const HbmPimConfig cfg = one_channel();
  REQUIRE(cfg.pim_units() == 16);
  for (auto [n, k] : {std::pair{1, 1}, {37, 300}, {129, 128}, {300, 1000}}) {
    const GemvOperands ops = make_gemv_operands(n, k, "random", uint64_t(n * 7 + k));
    const PimGemvRun run = run_hbmpim_gemv(cfg, ops.w, ops.x);
    INFO(n << "x" << k);
    CHECK(run.y == hbmpim_gemv_reference(ops.w, ops.x));
  }
}

TEST_CASE("hbmpim model equals the reference on stories260K and on specials", "[hbmpim]") {
  const HbmPimConfig cfg = one_channel();
  const GemvOperands ops = make_gemv_operands(64, 172, "stories260K", 3);  // one layer's w2: 64 x 172
  const PimGemvRun run = run_hbmpim_gemv(cfg, ops.w, ops.x);
  CHECK(run.y == hbmpim_gemv_reference(ops.w, ops.x));
  // Infinities, NaNs, overflowing products, subnormals among the operands.
  GemvOperands sp = make_gemv_operands(40, 260, "random", 5);
  const uint16_t specials[] = {0x7C00, 0xFC00, 0x7E00, 0x7BFF, 0xFBFF, 0x0001, 0x8001, 0x8000};
  for (size_t i = 0; i < sp.w.data.size(); i += 97) sp.w.data[i] = specials[(i / 97) % 8];
  for (size_t i = 0; i < sp.x.size(); i += 31) sp.x[i] = specials[(i / 31 + 3) % 8];
  const std::vector<uint16_t> ref = hbmpim_gemv_reference(sp.w, sp.x);
  CHECK(run_hbmpim_gemv(cfg, sp.w, sp.x).y == ref);
  int nan = 0;
  for (uint16_t y : ref) nan += y == kCanonicalNaN;
  CHECK(nan > 0);  // the case does reach the specials
}

TEST_CASE("hbmpim command stream obeys every DRAM timing rule (independent checker)", "[hbmpim]") {
  const HbmPimConfig cfg = one_channel();
  // 300 x 1000: 3 output tiles of 128 rows, 8 input tiles: about 13 k cycles,
  // three refresh intervals.
  const GemvOperands ops = make_gemv_operands(300, 1000, "random", 2);
  const PimGemvRun run = run_hbmpim_gemv(cfg, ops.w, ops.x, true);
  dram::DramSpec one_unit = cfg.dram;  // the log is one pseudo-channel's
  one_unit.org.channels = 1;
  one_unit.org.pseudo_channels = 1;
  const auto errors = dram::testing::check_dram_log(one_unit, run.log, run.cycles);
  for (const auto& e : errors) UNSCOPED_INFO(e);
  CHECK(errors.empty());
  // A refresh every tREFI (the last one may fall after the last command).
  const uint64_t refreshes = run.commands[size_t(dram::Cmd::REFab)], due = run.cycles / uint64_t(cfg.dram.t.tREFI);
  CHECK(refreshes >= 2);
  CHECK((refreshes == due || refreshes + 1 == due));

  // Steps from the mapping: J = 3 output tiles, T = 8 input tiles.
  const int J = 3, T = 8;
  CHECK(run.output_tiles == J);
  CHECK(run.input_tiles == T);
  CHECK(run.steps.at("mac") == uint64_t(J * T * 64));
  CHECK(run.steps.at("grf_a_write") == uint64_t(J * T * 8));
  CHECK(run.steps.at("grf_b_to_bank") == uint64_t(J * 8));
  CHECK(run.steps.at("mode_change") == uint64_t(4 + 2 * J + 2));  // SB->HAB, per tile HAB<->HAB_PIM, HAB->SB
  CHECK(run.steps.at("result_read") == uint64_t(J * 8 * 8));
  CHECK(run.steps.at("park") == 16 + 2);
  // Column commands to one bank group are tCCD_L apart at best.
  const uint64_t columns = run.commands[size_t(dram::Cmd::RD)] + run.commands[size_t(dram::Cmd::WR)];
  CHECK(columns == run.steps.at("mac") + run.steps.at("grf_a_write") + run.steps.at("grf_b_to_bank") +
                       run.steps.at("mode_change") + run.steps.at("result_read") + run.steps.at("park") + 1);
  CHECK(run.cycles >= (run.steps.at("mac") + run.steps.at("grf_a_write")) * uint64_t(cfg.dram.t.tCCD_L));
  CHECK(run.bank_utilization > 0.3);
  CHECK(run.bank_utilization < 1.0);
}

TEST_CASE("hbmpim 4096x4096 GEMV takes under half the host's cycles (PIMSimulator's test)", "[hbmpim]") {
  const HbmPimConfig cfg = make_hbmpim_config("hbm2", 8, 0, "test");
  REQUIRE(cfg.pim_units() == 128);
  const GemvOperands ops = make_gemv_operands(4096, 4096, "random", 1);
  const PimGemvRun run = run_hbmpim_gemv(cfg, ops.w, ops.x);
  CHECK(run.y == hbmpim_gemv_reference(ops.w, ops.x));
  const HostGemvRun host = run_host_gemv_read(cfg.dram, 4096, 4096);
  CHECK(host.bytes == uint64_t(4096) * 4096 * 2);
  // The host cannot beat its channels' peak: 32 MiB at 256 B per cycle.
  CHECK(host.cycles >= host.bytes / 256);
  CHECK(double(run.cycles) < 0.5 * double(host.cycles));
}

TEST_CASE("hbmpim Llama-2-7B FFN shape (11008 x 4096) is bit-exact and under half the host's cycles", "[hbmpim][full]") {
  // A synthetic Llama-2-7B up/gate projection for one decode token: W 11008 x 4096.
  const HbmPimConfig cfg = make_hbmpim_config("hbm2", 8, 0, "test");
  const GemvOperands ops = make_gemv_operands(11008, 4096, "random", 11);
  const PimGemvRun run = run_hbmpim_gemv(cfg, ops.w, ops.x);
  CHECK(run.y == hbmpim_gemv_reference(ops.w, ops.x));
  CHECK(run.output_tiles == 11);  // ceil(11008 / (8 x 128))
  const HostGemvRun host = run_host_gemv_read(cfg.dram, 11008, 4096);
  CHECK(double(run.cycles) < 0.5 * double(host.cycles));
}

TEST_CASE("hbmpim batch: each input vector is its own GEMV, the weights stream once per vector", "[hbmpim]") {
  const HbmPimConfig cfg = one_channel();
  const GemvOperands ops = make_gemv_operands(150, 300, "random", 9, 3);
  const PimGemvRun run = run_hbmpim_gemv(cfg, ops.w, ops.x);
  REQUIRE(run.y.size() == 3 * 150);
  for (int b = 0; b < 3; ++b) {  // against three separate single-vector references
    const std::vector<uint16_t> xb(ops.x.begin() + b * 300, ops.x.begin() + (b + 1) * 300);
    const std::vector<uint16_t> yb(run.y.begin() + b * 150, run.y.begin() + (b + 1) * 150);
    CHECK(yb == hbmpim_gemv_reference(ops.w, xb));
  }
  // J = 2 output tiles of 128 rows, T = 3 input tiles, B = 3.
  CHECK(run.steps.at("mac") == uint64_t(2 * 3 * 3 * 64));
  CHECK(run.steps.at("grf_a_write") == uint64_t(2 * 3 * 3 * 8));
  CHECK(run.steps.at("result_read") == uint64_t(2 * 3 * 8 * 8));
  CHECK(run.steps.at("mode_change") == uint64_t(4 + 2 * 2 * 3 + 2));
}
