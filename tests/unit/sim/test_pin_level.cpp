// The pin-level pieces on every registered family, without a kernel (the
// SystemC swap against the Verilator --sc model is tests/pin/): the
// generated module declares exactly the RTL top's ports, with the RTL's
// names, directions and widths; and the pin-level core and testbench,
// stepped with pin timing (every value through a bit vector of the port's
// width), give the same per-edge trace as EngineLoop (the loop `tpe sim`
// runs) and the reference GEMM's C.
#include <catch2/catch.hpp>

#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "models/engine/family_registry.hpp"
#include "models/gemm/gemm_operands.hpp"
#include "models/gemm/int_gemm.hpp"
#include "rtlgen/core/generate.hpp"
#include "sim/core/engine_loop.hpp"
#include "sim/core/family_sim.hpp"
#include "sim/pin/pin_level.hpp"
#include "sim/pin/pin_module_gen.hpp"

using namespace tpe;

namespace {

std::vector<MatrixCase> first_case_of_every_family() {
  std::vector<MatrixCase> cases;
  for (const std::string& fam : registered_families())
    for (const MatrixCase& mc : find_family(fam).spec->test_matrix())
      if (!mc.full_only && mc.operands != "stories260K") {
        cases.push_back(mc);
        break;
      }
  return cases;
}

// A port's values through a bit vector of its width, as they cross the pins.
void through_pins(const PortSpec& p, std::vector<int64_t>& lanes) {
  if (p.width() == 1) {
    lanes[0] = lanes[0] != 0;
    return;
  }
  sc_dt::sc_bv_base bits(p.width());
  pin_pack(lanes, p.lane_bits, bits);
  pin_unpack(bits, p.lane_bits, p.is_signed, lanes);
}

}  // namespace

TEST_CASE("pin level: the generated module has the RTL top's ports, for every family", "[sim][pin]") {
  for (const MatrixCase& mc : first_case_of_every_family()) {
    INFO(mc.name);
    const EngineConfig cfg = parse_engine_config(mc.config_json, mc.name);
    const rtl::GeneratedRtl rtl = rtl::generate_rtl(cfg);
    const rtl::Module* top = rtl.design.find(rtl.top);
    REQUIRE(top);
    const std::string header = systemc_pin_module_header(cfg, rtl.top);
    const std::string module = header.substr(0, header.find("class " + rtl.top + "_bench"));
    size_t declared = 0;
    for (const std::string kind : {"sc_core::sc_in<", "sc_core::sc_out<"})
      for (size_t pos = 0; (pos = module.find(kind, pos)) != std::string::npos; pos += kind.size()) ++declared;
    CHECK(declared == top->ports().size());
    for (const rtl::Signal* s : top->ports()) {
      const std::string type = s->width == 1 ? "bool" : fmt::format("sc_dt::sc_bv<{}>", s->width);
      const std::string dir = s->kind == rtl::SignalKind::Input ? "sc_in" : "sc_out";
      CHECK(module.find(fmt::format("sc_core::{}<{}> {}{{\"{}\"}};", dir, type, s->name, s->name)) != std::string::npos);
    }
  }
}

TEST_CASE("pin level: core and bench with pin timing == EngineLoop, for every family", "[sim][pin]") {
  for (const MatrixCase& mc : first_case_of_every_family()) {
    INFO(mc.name);
    const EngineConfig cfg = parse_engine_config(mc.config_json, mc.name);
    const GemmOperands ops = make_gemm_operands(cfg, mc.shape, mc.seed, mc.operands);
    const std::string json = cfg.to_json().dump();

    // The reference run: EngineLoop's own trace.
    auto dev = make_array_model(cfg);
    dev->reset();
    std::ostringstream want_trace;
    EngineLoop loop(cfg, ops.a, ops.b, *dev, &want_trace);
    while (!loop.done()) loop.step();

    // Pin timing: at each edge the array samples the pins' inputs (the bench's
    // previous decision) and the bench reads the pins' outputs (the array's
    // after the previous edge); both then update their pins.
    PinLevelCore core(json);
    PinBench bench(json, ops.a, ops.b);
    const PortLayout& L = core.layout();
    core.reset();
    ArrayInputs pins_in = L.make_inputs();
    ArrayOutputs pins_out = L.make_outputs();
    for (uint64_t edge = 0; edge < 100000; ++edge) {
      bench.outputs() = pins_out;
      if (bench.edge()) break;
      for (size_t p = 0; p < L.in.size(); ++p) core.input(int(p)) = pins_in.port[p];
      core.tick();
      pins_in = bench.inputs();
      for (size_t p = 0; p < L.in.size(); ++p) through_pins(L.in[p], pins_in.port[p]);
      for (size_t p = 0; p < L.out.size(); ++p) {
        pins_out.port[p] = core.output(int(p));
        through_pins(L.out[p], pins_out.port[p]);
      }
    }
    std::string got_trace;
    for (const std::string& line : bench.trace()) got_trace += line + "\n";
    CHECK(got_trace == want_trace.str());
    CHECK(bench.result() == engine_reference(cfg, ops.a, ops.b));
    CHECK(bench.cycles() == loop.cycles());
  }
}
