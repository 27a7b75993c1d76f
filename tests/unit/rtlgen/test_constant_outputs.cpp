// The constant-output guard (rtlgen/ir/constant_bits): submodule output bits
// that are constants whatever the inputs are found, hoisted into the user,
// and refused by check_design if a design still has them. Designs are built
// by hand here; the expected bits and texts are written out by hand.
#include <catch2/catch.hpp>

#include <string>

#include "models/engine/engine_config.hpp"
#include "rtlgen/core/generate.hpp"
#include "rtlgen/ir/check.hpp"
#include "rtlgen/ir/constant_bits.hpp"
#include "rtlgen/ir/emit_verilog.hpp"

using namespace tpe;
using namespace tpe::rtl;

namespace {

// A module named `name` with its clock and reset ports.
Module clocked(const std::string& name) {
  Module m;
  m.name = name;
  for (const char* port : {"clk", "rst"}) m.add(port, 1, SignalKind::Input);
  return m;
}

// sub: p = {x, 2'b00} (a shifted value: bits 1..0 are zero by construction),
// r <= {x, 1'b1} registered (bit 0 is a constant flip-flop), q = x.
Module sub_module() {
  Module m = clocked("sub");
  m.add("x", 2, SignalKind::Input);
  m.add("p", 4, SignalKind::Output);
  m.add("r", 3, SignalKind::Output);
  m.add("q", 2, SignalKind::Output);
  m.assign("p", cat({m.sig("x"), cst(2, 0)}));
  m.reg("r", cat({m.sig("x"), cst(1, 1)}));
  m.assign("q", m.sig("x"));
  return m;
}

Design two_level() {
  Design d;
  d.modules.push_back(sub_module());
  Module t = clocked("top");
  t.add("x", 2, SignalKind::Input);
  t.add("y", 9, SignalKind::Output);
  t.add("w", 4, SignalKind::Wire);
  t.add("v", 3, SignalKind::Wire);
  t.add("u", 2, SignalKind::Wire);
  t.instances.push_back({"sub", "s0",
                         {{"clk", t.sig("clk")}, {"rst", t.sig("rst")}, {"x", t.sig("x")}, {"p", t.sig("w")},
                          {"r", t.sig("v")}, {"q", t.sig("u")}}});
  t.assign("y", cat({t.sig("w"), t.sig("v"), t.sig("u")}));
  d.modules.push_back(t);
  d.top = "top";
  return d;
}

}  // namespace

TEST_CASE("constant bits: shifted and registered constants of a submodule are found", "[rtlgen]") {
  const auto k = constant_bits(two_level());
  CHECK(k.at("sub").at("p") == KnownBits{0, 0, -1, -1});
  CHECK(k.at("sub").at("r") == KnownBits{1, -1, -1});
  CHECK(k.at("sub").at("q") == KnownBits{-1, -1});
  // Through the instance into the user.
  CHECK(k.at("top").at("w") == KnownBits{0, 0, -1, -1});
  const auto errs = check_constant_outputs(two_level());
  REQUIRE(errs.size() == 2);
  CHECK(errs[0].find("module sub: output p has constant bits (0=0, 1=0)") != std::string::npos);
  CHECK(errs[1].find("module sub: output r has constant bits (0=1)") != std::string::npos);
  CHECK_THROWS_WITH(check_design(two_level()), Catch::Contains("output p has constant bits"));
}

TEST_CASE("constant bits: hoisting keeps the live bits on the port and restores the constants in the user",
          "[rtlgen]") {
  const Design h = hoist_constant_outputs(two_level());
  CHECK_NOTHROW(check_design(h));
  const auto files = emit_design(h, "");
  const std::string& sub = files.at("sub");
  CHECK(sub.find("output wire [1:0] p") != std::string::npos);
  CHECK(sub.find("output wire [1:0] r") != std::string::npos);
  CHECK(sub.find("assign p = p_full[3:2];") != std::string::npos);
  CHECK(sub.find("assign r = r_full[2:1];") != std::string::npos);
  CHECK(sub.find("r_full <= {x, 1'd1};") != std::string::npos);
  const std::string& top = files.at("top");
  CHECK(top.find("assign w = {s0_p_live, 2'd0};") != std::string::npos);
  CHECK(top.find("assign v = {s0_r_live, 1'd1};") != std::string::npos);
  CHECK(top.find(".q(u)") != std::string::npos);  // a port without constants is untouched
}

TEST_CASE("constant bits: a design without the pattern is returned unchanged", "[rtlgen]") {
  Design d = two_level();
  d.modules[0].assigns[0].rhs = cat({d.modules[0].sig("x"), d.modules[0].sig("x")});
  d.modules[0].regs[0].next = cat({d.modules[0].sig("x"), d.modules[0].sig("rst")});
  REQUIRE(check_constant_outputs(d).empty());
  CHECK(emit_design(hoist_constant_outputs(d), "b") == emit_design(d, "b"));
}

TEST_CASE("constant bits: every generated OPT1 and lmul design is clean, their PE ports narrowed", "[rtlgen]") {
  // The designs OpenSTA crashed on (docs/synthesis.md): the carry outputs of
  // the OPT1 PEs have two zero low bits, the L-Mul product twenty.
  const char* ws = R"({"family":"systolic","dataflow":"ws","pe":"opt1","rows":2,"cols":2,)"
                   R"("a":{"bits":8,"signed":true},"b":{"bits":8,"signed":true},"acc_bits":32})";
  const GeneratedRtl g = generate_rtl(parse_engine_config(ws, "ws"));
  const std::string pe = g.files.at("pe_ws_opt1_i8i8_acc32.v");
  CHECK(pe.find("output wire [29:0] ps_c_out") != std::string::npos);
  // The two zero bits the next PE received are sunk into it as well: a
  // constant entering a port crashes OpenSTA too.
  CHECK(pe.find("input  wire [29:0] ps_c_in") != std::string::npos);
  CHECK(pe.find("assign ps_c_in_full = {ps_c_in, 2'd0};") != std::string::npos);
  const char* lm = R"({"family":"lmul","pe":"baseline","rows":1,"cols":1,"format":"e4m3",)"
                   R"("a":{"bits":8,"signed":false},"b":{"bits":8,"signed":false},"acc_bits":32})";
  const GeneratedRtl l = generate_rtl(parse_engine_config(lm, "lmul"));
  CHECK(l.files.at("lmul_mul_e4m3.v").find("output wire [11:0] p") != std::string::npos);
  CHECK(l.files.at("fp_add_e8m23.v").find("input  wire [11:0] y") != std::string::npos);
  CHECK(check_constant_outputs(l.design).empty());
}
