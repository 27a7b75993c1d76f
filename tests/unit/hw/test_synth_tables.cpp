// Technology scaling (hw/synth/tech_scaling) and the memory energy tables
// (hw/energy/memory_energy): values against the published figures they come from.
#include <catch2/catch.hpp>

#include <set>

#include "hw/energy/memory_energy.hpp"
#include "hw/synth/tech_scaling.hpp"

using namespace tpe::hw;

TEST_CASE("synth scaling: Stillmaker & Baas factors reproduce the paper's own example", "[synth]") {
  // Corrigendum to Stillmaker & Baas 2017, section 4.2.1: 1 pJ/op at 65 nm,
  // 1.3 V scales to 0.4571/2.604 x 1 pJ = 0.1755 pJ/op at 32 nm, 0.9 V.
  const ScalingFactors f = scaling_factors(65, 32, ScalingModel::StillmakerBaas2017, 1.3, 0.9);
  CHECK(f.energy == Approx(0.1755).epsilon(1e-3));
  CHECK(f.source.find("Stillmaker") != std::string::npos);
  CHECK_FALSE(f.derived);
}

TEST_CASE("synth scaling: 180 nm to 45 nm and 28 nm", "[synth]") {
  const ScalingFactors f45 = scaling_factors(180, 45);
  CHECK(f45.from_vdd == Approx(1.8));
  CHECK(f45.to_vdd == Approx(1.0));
  CHECK(f45.area == Approx(0.053));  // the paper's area table
  CHECK(f45.delay > 0.05);
  CHECK(f45.delay < 0.5);
  CHECK(f45.energy < f45.delay);     // energy shrinks faster than delay
  CHECK(f45.energy > 0);
  const ScalingFactors f32 = scaling_factors(180, 32), f20 = scaling_factors(180, 20);
  const ScalingFactors f28 = scaling_factors(180, 28);
  CHECK(f28.derived);
  CHECK(f28.source.find("interpolation") != std::string::npos);
  CHECK(f28.area < f32.area);
  CHECK(f28.area > f20.area);
  // Identity and inverse.
  const ScalingFactors id = scaling_factors(180, 180);
  CHECK(id.area == Approx(1));
  CHECK(id.delay == Approx(1));
  CHECK(id.energy == Approx(1));
  const ScalingFactors back = scaling_factors(45, 180);
  CHECK(back.delay * f45.delay == Approx(1));

  const ScalingFactors d = scaling_factors(180, 45, ScalingModel::Dennard);
  CHECK(d.area == Approx(0.0625));
  CHECK(d.delay == Approx(0.25));
  CHECK(d.energy == Approx(0.015625));
  CHECK(d.source.find("Dennard") != std::string::npos);
  CHECK_THROWS_AS(scaling_factors(180, 40), std::invalid_argument);
}

TEST_CASE("synth scaling: a report scales area, delay and energy together", "[synth]") {
  SynthReport r;
  r.technology.node_nm = 180;
  r.technology.voltage_v = 1.8;
  r.total_area_um2 = 40000;
  r.timing.clock_period_ns = 10;
  r.timing.critical_path_ns = 7.5;
  r.power.dynamic_mw = 2.5;
  r.power.leakage_mw = 1e-4;
  const ScaledEstimate e = scale_report(r, 45);
  CHECK(e.area_um2 == Approx(40000 * 0.053));
  CHECK(e.critical_path_ns == Approx(7.5 * e.factors.delay));
  CHECK(e.fmax_mhz == Approx(1000 / e.critical_path_ns));
  CHECK(e.dynamic_energy_per_cycle_pj == Approx(25 * e.factors.energy));
}

TEST_CASE("synth memory energy: DRAM per-bit figures with sources", "[synth]") {
  CHECK(dram_energy("HBM2").read_pj_per_bit == Approx(3.9));
  CHECK(dram_energy("lpddr4").read_pj_per_bit == Approx(8.0));
  CHECK(dram_energy("DDR3").read_pj_per_bit == Approx(70.0));
  CHECK(dram_energy("HBM2").source.find("Accelergy") != std::string::npos);
  // DDR4 is computed from datasheet currents (TN-40-07): the burst term is
  // 1.2 V x (145 - 55) mA x 4 x 0.833 ns / 64 bit = 5.6228 pJ/bit (the
  // 5.62275 pJ/b read energy the DRAM_info survey tabulates for this part),
  // the row term (1.2 x 5 mA x 39 + 1.2 x 10 mA x 16) x 0.833 ns / 8192 bit
  // = 0.0433 pJ/bit.
  CHECK(dram_energy("ddr4").read_pj_per_bit == Approx(5.62275 + 0.04333).epsilon(1e-3));
  CHECK(dram_energy("DDR4").note.find("lower bound") != std::string::npos);
  CHECK_THROWS_AS(dram_energy("DDR9"), std::out_of_range);
}

TEST_CASE("synth memory energy: SRAM per bit by capacity, every entry sourced", "[synth]") {
  std::set<std::string> names;
  for (const auto& e : memory_energy_table()) {
    CHECK_FALSE(e.source.empty());
    CHECK(e.read_pj_per_bit > 0);
    CHECK(e.write_pj_per_bit > 0);
    names.insert(e.name);
  }
  CHECK(names.size() == memory_energy_table().size());
  // Horowitz 45 nm: 10 / 20 / 100 pJ per 64-bit access at 8 KB / 32 KB / 1 MB.
  CHECK(sram_energy_per_bit(8 * 1024).read_pj_per_bit == Approx(10.0 / 64));
  CHECK(sram_energy_per_bit(32 * 1024).read_pj_per_bit == Approx(20.0 / 64));
  CHECK(sram_energy_per_bit(1024 * 1024).read_pj_per_bit == Approx(100.0 / 64));
  const auto mid = sram_energy_per_bit(128 * 1024);
  CHECK(mid.read_pj_per_bit > 20.0 / 64);
  CHECK(mid.read_pj_per_bit < 100.0 / 64);
  CHECK(mid.note.find("interpolation") != std::string::npos);
  CHECK(sram_energy_per_bit(1024).note.find("extrapolated") != std::string::npos);
  CHECK(mid.node_nm == 45);
  CHECK(mid.vdd_v == Approx(0.9));
}
