// The pin-level cycle model and the Verilator --sc model of the same
// generated Verilog, each in its own instance of the same generated
// testbench (tpe_pins::<top>_bench<Dut>), in one SystemC simulation. Passes
// when both print identical per-edge port traces (inputs sampled, outputs
// after the edge, data ports while their gate is set), both results equal
// the reference GEMM and both cycle counts equal the family's closed form.
// PIN_TOP (the RTL top's name) and PIN_HEADER come from the build.
#include <fstream>
#include <iostream>

#include <systemc>

#include "Vtop.h"
#include "models/engine/family_registry.hpp"
#include "models/gemm/gemm_operands.hpp"
#include "models/gemm/int_gemm.hpp"
#include PIN_HEADER

#define PIN_CAT2(a, b) a##b
#define PIN_CAT(a, b) PIN_CAT2(a, b)
using ModelPins = tpe_pins::PIN_CAT(PIN_TOP, _pins);
template <class Dut>
using Bench = tpe_pins::PIN_CAT(PIN_TOP, _bench)<Dut>;

int sc_main(int argc, char** argv) {
  tpe::register_builtin_families();
  const std::string trace_dir = argc > 1 ? argv[1] : ".";
  const tpe::EngineConfig cfg = tpe::parse_engine_config(tpe_pins::PIN_CAT(PIN_TOP, _config)(), "pin test");
  const tpe::GemmShape shape{7, 9, 6};  // odd: partial tiles in every dimension
  const tpe::GemmOperands ops = tpe::make_gemm_operands(cfg, shape, 5, "random");
  const uint64_t bound = 4 * tpe::closed_form_cycles(cfg, shape).value_or(1000) + 100;
  const sc_core::sc_time period(1, sc_core::SC_NS);

  Bench<ModelPins> model("model", ops.a, ops.b, period, bound);
  Bench<Vtop> rtl("rtl", ops.a, ops.b, period, bound);
  while (!(model.done && rtl.done) && model.edges < bound && rtl.edges < bound) sc_core::sc_start(100, sc_core::SC_NS);

  const auto& tm = model.bench.trace();
  const auto& tr = rtl.bench.trace();
  std::ofstream(trace_dir + "/pin_model.trace") << [&] { std::string s; for (auto& l : tm) s += l + "\n"; return s; }();
  std::ofstream(trace_dir + "/pin_rtl.trace") << [&] { std::string s; for (auto& l : tr) s += l + "\n"; return s; }();
  const tpe::ResultMatrix want = tpe::int_gemm(ops.a, ops.b, cfg.a, cfg.b, cfg.acc_bits);
  const auto closed = tpe::closed_form_cycles(cfg, shape);
  int bad = 0;
  auto check = [&](bool ok, const std::string& what) {
    std::cout << (ok ? "  ok    " : "  FAIL  ") << what << "\n";
    bad += ok ? 0 : 1;
  };
  check(model.done && rtl.done, "both testbenches finished the GEMM");
  check(!tm.empty() && tm == tr, "identical port traces, " + std::to_string(tm.size()) + " vs " +
                                     std::to_string(tr.size()) + " edges (pin_model.trace, pin_rtl.trace)");
  for (size_t i = 0; i < std::min(tm.size(), tr.size()); ++i)
    if (tm[i] != tr[i]) {
      std::cout << "    first difference:\n    model " << tm[i] << "\n    rtl   " << tr[i] << "\n";
      break;
    }
  check(model.bench.result() == want, "pin-level model's C == reference GEMM");
  check(rtl.bench.result() == want, "Verilated RTL's C == reference GEMM");
  check(closed && model.bench.cycles() == *closed && rtl.bench.cycles() == *closed,
        "cycles: model " + std::to_string(model.bench.cycles()) + ", RTL " + std::to_string(rtl.bench.cycles()) +
            ", closed form " + (closed ? std::to_string(*closed) : std::string("none")));
  std::cout << (bad ? "pin-level swap: FAILED\n" : "pin-level swap: PASSED\n");
  return bad ? 1 : 0;
}
