// The gate-level co-simulation behind the energy figures (hw/gatelevel/gate_level_model):
// the synthesized netlist computes the reference result, quiet cycles toggle
// nothing, and its port nets toggle exactly as the controller drove them.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>

#include "hw/energy/workload_toggles.hpp"
#include "hw/gatelevel/gate_level_model.hpp"
#include "hw/verilator/rtl_array_device.hpp"
#include "models/engine/engine_config.hpp"
#include "models/gemm/gemm_operands.hpp"
#include "models/gemm/int_gemm.hpp"

using namespace tpe;
namespace fs = std::filesystem;

namespace {
// Shared with the ground-truth test: the same netlist builds once.
std::string cache_dir() { return (fs::path(TPE_BINARY_DIR) / "test_energy_cache").string(); }
}  // namespace

TEST_CASE("gate level: the OS 4x4 netlist is bit-exact, quiet when idle, and counts its port toggles",
          "[energy][gate]") {
  const EngineConfig cfg = load_engine_config(std::string(TPE_SOURCE_DIR) + "/configs/systolic_os_4x4_int8.json");
  hw::GateLevelOptions opt;
  opt.cache_dir = cache_dir();
  const hw::GateLevelDesign d = hw::prepare_gate_level(cfg, opt);
  // 16 PEs and 4 read-out columns (docs/architecture.md, "Control fan-out").
  CHECK(d.netlist.module(d.top).submodules.size() == 16 + 4);

  // Idle: after reset, with every input quiet, no net may move. (One model
  // of a library at a time: Verilator 5.006 deadlocks destroying the second
  // of two live models with public scopes.)
  {
    hw::RtlArrayDevice idle(cfg, d.library_path, 5);
    idle.watch_nets(d.top);
    // The first-flag skew registers have no reset and shift every cycle:
    // let their random start values out, then count from a second reset.
    const ArrayInputs quiet = PortLayout::of(cfg).make_inputs();
    idle.reset();
    for (int i = 0; i < 8; ++i) idle.tick(quiet);
    idle.reset();
    for (int i = 0; i < 50; ++i) idle.tick(quiet);
    uint64_t moved = 0;
    for (const auto& [net, t] : idle.net_toggles()->toggles_by_net()) moved += t;
    CHECK(idle.net_toggles()->cycles() == 50);
    CHECK(idle.net_toggles()->net_bits() > 1000);
    CHECK(moved == 0);
  }

  // A real GEMM with an odd shape: the netlist's result is the reference's
  // (extreme operand values included), and the 1-bit control ports toggle
  // as often as the recorder saw the controller change them.
  GemmOperands ops = make_gemm_operands(cfg, {9, 13, 6}, 3, "random");
  ops.a(0, 0) = -128;
  ops.b(0, 0) = -128;
  hw::RtlArrayDevice dev(cfg, d.library_path, 9);
  dev.watch_nets(d.top);
  ResultMatrix c;
  const hw::WorkloadToggles rec = hw::measure_workload_toggles(cfg, ops.a, ops.b, dev, &c);
  CHECK(c == int_gemm(ops.a, ops.b, cfg.a, cfg.b, cfg.acc_bits));
  const auto nets = dev.net_toggles()->toggles_by_net();
  for (const char* port : {"in_valid", "in_first", "rd_en"}) {
    INFO(port);
    REQUIRE(nets.count(port));
    CHECK(double(nets.at(port)) == Approx(rec.toggles.rates.at("top_port_activity").at(port) * double(rec.cycles)).margin(1e-6));
  }
  // Every PE's accumulator moved; a PE's a_in bit toggles as often as its row
  // neighbour's (operands pass along a row unchanged), but for the start:
  // pe_2_0's a_in is the output of row 2's two skew stages, which start from
  // random state and shift every edge, so their two random values flush
  // through it (up to 2 changes) beside the first value (1).
  uint64_t acc = 0;
  for (int k = 0; k < 32; ++k) acc += nets.at("pe_1_2/acc[" + std::to_string(k) + "]");
  CHECK(acc > 0);
  for (int k = 0; k < 8; ++k) {
    const std::string bit = "/a_in[" + std::to_string(k) + "]";
    const int64_t first = int64_t(nets.at("pe_2_0" + bit)), last = int64_t(nets.at("pe_2_3" + bit));
    CHECK(first > 5);
    CHECK(std::abs(first - last) <= 2 + 1);
  }
}
