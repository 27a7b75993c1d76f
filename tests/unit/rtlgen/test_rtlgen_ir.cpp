// The RTL IR, its checking passes, the Verilog emitter, de-duplication and
// the systolic generator's top-level structure. Expected texts and widths are
// written out by hand / computed here, never produced by the code under test.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "models/engine/engine_config.hpp"
#include "models/families/systolic/systolic_spec.hpp"
#include "rtlgen/core/generate.hpp"
#include "rtlgen/ir/check.hpp"
#include "rtlgen/ir/emit_verilog.hpp"
#include "rtlgen/ir/ir.hpp"

using namespace tpe;
using tpe::systolic::Dataflow;
using namespace tpe::rtl;

namespace {

bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

std::string joined(const std::vector<std::string>& errs) {
  std::string s;
  for (auto& e : errs) s += "  " + e + "\n";
  return s;
}

// True when one message contains every needle.
bool has_error(const std::vector<std::string>& errs, const std::vector<std::string>& needles) {
  for (auto& e : errs) {
    bool all = true;
    for (auto& n : needles) all = all && contains(e, n);
    if (all) return true;
  }
  return false;
}

// Message of check_design's exception, or "" if the design passes.
std::string design_error(const Design& d) {
  try {
    check_design(d);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}

// Combinational pass-through: y = a (W bits).
Module comb_buf(const std::string& name, int w) {
  Module m;
  m.name = name;
  m.comment = "combinational buffer";
  m.add("a", w, SignalKind::Input);
  m.add("y", w, SignalKind::Output);
  m.assign("y", m.sig("a"));
  return m;
}

// Registered pass-through: y <= a every clock.
Module reg_buf(const std::string& name, int w) {
  Module m;
  m.name = name;
  m.add("clk", 1, SignalKind::Input);
  m.add("rst", 1, SignalKind::Input);
  m.add("a", w, SignalKind::Input);
  m.add("y", w, SignalKind::Output);
  m.reg("y", m.sig("a"));
  return m;
}

// A top with input i[3:0] and output o[3:0], no body.
Module top4() {
  Module t;
  t.name = "top";
  t.add("clk", 1, SignalKind::Input);
  t.add("rst", 1, SignalKind::Input);
  t.add("i", 4, SignalKind::Input);
  t.add("o", 4, SignalKind::Output);
  return t;
}

Design design_of(std::vector<Module> mods) {
  Design d;
  d.modules = std::move(mods);
  d.top = d.modules.back().name;
  return d;
}

// The hand-built registered adder used by the golden-text test.
Module golden_adder() {
  Module m;
  m.name = "add8_reg";
  m.comment = "Registered 8-bit adder with a valid flag.";
  m.add("clk", 1, SignalKind::Input);
  m.add("rst", 1, SignalKind::Input);
  m.add("en", 1, SignalKind::Input);
  m.add("x", 8, SignalKind::Input);
  m.add("y", 8, SignalKind::Input);
  m.add("sum", 8, SignalKind::Output);
  m.add("valid", 1, SignalKind::Output);
  m.add("nz", 1, SignalKind::Output);
  m.add("s", 8, SignalKind::Wire);
  m.add("cnt", 4, SignalKind::Reg);
  m.add("low", 2, SignalKind::Wire, /*may_be_unused=*/true);
  m.assign("s", add(m.sig("x"), m.sig("y")));
  m.assign("nz", red_or(m.sig("s")));
  m.assign("low", slice(m.sig("s"), 1, 0));
  m.reg("sum", m.sig("s"), m.sig("en"));
  m.reg("valid", m.sig("en"), nullptr, cst(1, 0));
  m.reg("cnt", add(m.sig("cnt"), cst(4, 1)), m.sig("en"), cst(4, 0));
  return m;
}

}  // namespace

// ---------------------------------------------------------------- (a) golden text

TEST_CASE("rtlgen: emit_module of a hand-built registered adder matches the golden text", "[rtlgen]") {
  const Module m = golden_adder();
  const std::string expected =
      "// Generated for a test. Do not edit.\n"
      "// Registered 8-bit adder with a valid flag.\n"
      "module add8_reg (\n"
      "  input  wire clk,\n"
      "  input  wire rst,\n"
      "  input  wire en,\n"
      "  input  wire [7:0] x,\n"
      "  input  wire [7:0] y,\n"
      "  output reg  [7:0] sum,\n"
      "  output reg  valid,\n"
      "  output wire nz\n"
      ");\n"
      "  wire [7:0] s;\n"
      "  reg  [3:0] cnt;\n"
      "  /* verilator lint_off UNUSEDSIGNAL */\n"
      "  wire [1:0] low;\n"
      "  /* verilator lint_on UNUSEDSIGNAL */\n"
      "  assign s = (x + y);\n"
      "  assign nz = (|s);\n"
      "  assign low = s[1:0];\n"
      "  always @(posedge clk) begin\n"
      "    if (en) sum <= s;\n"
      "    if (rst) valid <= 1'd0; else valid <= en;\n"
      "    if (rst) cnt <= 4'd0; else if (en) cnt <= (cnt + 4'd1);\n"
      "  end\n"
      "endmodule\n";
  CHECK(emit_module(m, "Generated for a test. Do not edit.") == expected);
  // The module is also clean for every checking pass.
  Design d = design_of({m});
  CHECK(design_error(d) == "");
}

TEST_CASE("rtlgen: emit_module without banner or comment and with an instance", "[rtlgen]") {
  Module sub = golden_adder();
  Module top;
  top.name = "wrap";
  top.add("clk", 1, SignalKind::Input);
  top.add("rst", 1, SignalKind::Input);
  top.add("go", 1, SignalKind::Input);
  top.add("ab", 16, SignalKind::Input);
  top.add("total", 8, SignalKind::Output);
  top.add("flags", 2, SignalKind::Output);
  top.instances.push_back({"add8_reg",
                           "u_add",
                           {{"clk", top.sig("clk")},
                            {"rst", top.sig("rst")},
                            {"en", top.sig("go")},
                            {"x", slice(top.sig("ab"), 15, 8)},
                            {"y", slice(top.sig("ab"), 7, 0)},
                            {"sum", top.sig("total")},
                            {"valid", slice(top.sig("flags"), 1, 1)},
                            {"nz", slice(top.sig("flags"), 0, 0)}}});
  const std::string expected =
      "module wrap (\n"
      "  input  wire clk,\n"
      "  input  wire rst,\n"
      "  input  wire go,\n"
      "  input  wire [15:0] ab,\n"
      "  output wire [7:0] total,\n"
      "  output wire [1:0] flags\n"
      ");\n"
      "  add8_reg u_add (\n"
      "    .clk(clk),\n"
      "    .rst(rst),\n"
      "    .en(go),\n"
      "    .x(ab[15:8]),\n"
      "    .y(ab[7:0]),\n"
      "    .sum(total),\n"
      "    .valid(flags[1]),\n"
      "    .nz(flags[0])\n"
      "  );\n"
      "endmodule\n";
  CHECK(emit_module(top, "") == expected);
  Design d = design_of({sub, top});
  CHECK(design_error(d) == "");
  auto files = emit_design(d, "B");
  REQUIRE(files.size() == 2);
  REQUIRE(files.count("wrap") == 1);
  REQUIRE(files.count("add8_reg") == 1);
  CHECK(files["wrap"] == "// B\n" + expected);
  CHECK(files["add8_reg"].rfind("// B\n// Registered 8-bit adder with a valid flag.\nmodule add8_reg (\n", 0) == 0);
}

TEST_CASE("rtlgen: emit_expr spells every operator", "[rtlgen]") {
  const ExprP a = ref("a", 4), b = ref("b", 4), s = ref("s", 1), w = ref("w", 8);
  CHECK(emit_expr(a) == "a");
  CHECK(emit_expr(cst(4, 9)) == "4'd9");
  CHECK(emit_expr(cst(64, ~uint64_t(0))) == "64'd18446744073709551615");
  CHECK(emit_expr(slice(w, 7, 4)) == "w[7:4]");
  CHECK(emit_expr(slice(w, 3, 3)) == "w[3]");
  CHECK(emit_expr(slice(s, 0, 0)) == "s");  // a 1-bit signal cannot be indexed portably
  CHECK(emit_expr(cat({a, b, s})) == "{a, b, s}");
  CHECK(emit_expr(repeat(3, s)) == "{3{s}}");
  CHECK(emit_expr(add(a, b)) == "(a + b)");
  CHECK(emit_expr(sub(a, b)) == "(a - b)");
  CHECK(emit_expr(mul(a, b, false)) == "(a * b)");
  CHECK(emit_expr(mul(a, b, true)) == "($signed(a) * $signed(b))");
  CHECK(emit_expr(band(a, b)) == "(a & b)");
  CHECK(emit_expr(bor(a, b)) == "(a | b)");
  CHECK(emit_expr(bxor(a, b)) == "(a ^ b)");
  CHECK(emit_expr(bnot(a)) == "(~a)");
  CHECK(emit_expr(red_or(a)) == "(|a)");
  CHECK(emit_expr(eq(a, b)) == "(a == b)");
  CHECK(emit_expr(mux(s, a, b)) == "(s ? a : b)");
  CHECK(emit_expr(mux(eq(a, cst(4, 0)), bnot(b), add(a, b))) == "((a == 4'd0) ? (~b) : (a + b))");
  // extend: sign and zero extension, truncation.
  CHECK(emit_expr(extend(a, 7, true)) == "{{3{a[3]}}, a}");
  CHECK(emit_expr(extend(a, 6, false)) == "{{2{1'd0}}, a}");
  CHECK(emit_expr(extend(a, 5, false)) == "{1'd0, a}");
  CHECK(emit_expr(extend(a, 2, true)) == "a[1:0]");
  CHECK(emit_expr(extend(slice(w, 7, 4), 6, true)) == "{{2{w[7]}}, w[7:4]}");
  CHECK(emit_expr(extend(slice(w, 7, 4), 2, true)) == "w[5:4]");
  CHECK(emit_expr(any_of({})) == "1'd0");
  CHECK(emit_expr(any_of({s})) == "s");
  CHECK(emit_expr(any_of({s, slice(w, 0, 0)})) == "(|{s, w[0]})");
}

TEST_CASE("rtlgen: builders compute result widths", "[rtlgen]") {
  const ExprP a = ref("a", 4), w = ref("w", 8), s = ref("s", 1);
  CHECK(cat({a, w, s})->width == 13);
  CHECK(repeat(5, a)->width == 20);
  CHECK(slice(w, 6, 2)->width == 5);
  CHECK(eq(a, a)->width == 1);
  CHECK(red_or(w)->width == 1);
  CHECK(mux(s, w, w)->width == 8);
  CHECK(extend(a, 11, true)->width == 11);
  CHECK(extend(a, 3, false)->width == 3);
  CHECK(mul(w, w, true)->width == 8);
}

// ---------------------------------------------------------------- (b) checking passes

TEST_CASE("rtlgen: a clean hierarchical design passes every pass", "[rtlgen]") {
  Module t = top4();
  t.add("w", 4, SignalKind::Wire);
  t.instances.push_back({"buf4", "u", {{"a", t.sig("i")}, {"y", t.sig("w")}}});
  t.assign("o", bxor(t.sig("w"), t.sig("i")));
  Design d = design_of({comb_buf("buf4", 4), t});
  CHECK(check_names(d).empty());
  CHECK(check_widths(d).empty());
  CHECK(check_drivers(d).empty());
  CHECK(check_comb_loops(d).empty());
  CHECK(design_error(d) == "");
}

TEST_CASE("rtlgen: check_drivers catches a wire driven by an assign and an instance", "[rtlgen]") {
  Module t = top4();
  t.add("w", 4, SignalKind::Wire);
  t.assign("w", t.sig("i"));
  t.instances.push_back({"buf4", "u", {{"a", t.sig("i")}, {"y", t.sig("w")}}});
  t.assign("o", t.sig("w"));
  Design d = design_of({comb_buf("buf4", 4), t});
  auto errs = check_drivers(d);
  INFO(joined(errs));
  CHECK(has_error(errs, {"module top", "w[0]", "2 drivers"}));
  CHECK(errs.size() == 1);
  const std::string msg = design_error(d);
  CHECK(contains(msg, "design top fails"));
  CHECK(contains(msg, "w[0] has 2 drivers"));
}

TEST_CASE("rtlgen: check_drivers catches an undriven output bit", "[rtlgen]") {
  Module t = top4();
  // A 3-bit buffer drives o[2:0]; o[3] is left floating.
  t.instances.push_back({"buf3", "u", {{"a", slice(t.sig("i"), 2, 0)}, {"y", slice(t.sig("o"), 2, 0)}}});
  Design d = design_of({comb_buf("buf3", 3), t});
  auto errs = check_drivers(d);
  INFO(joined(errs));
  CHECK(has_error(errs, {"module top", "o[3]", "0 drivers"}));
  CHECK_FALSE(has_error(errs, {"o[2]"}));
  // Driving the last bit too makes it clean.
  t.instances.push_back({"buf1", "u1", {{"a", slice(t.sig("i"), 3, 3)}, {"y", slice(t.sig("o"), 3, 3)}}});
  Design ok = design_of({comb_buf("buf3", 3), comb_buf("buf1", 1), t});
  CHECK(design_error(ok) == "");
}

TEST_CASE("rtlgen: check_drivers catches an undriven wire and an output driven twice by overlapping slices", "[rtlgen]") {
  Module t = top4();
  t.add("w", 2, SignalKind::Wire);
  t.instances.push_back({"buf3", "u0", {{"a", slice(t.sig("i"), 2, 0)}, {"y", slice(t.sig("o"), 2, 0)}}});
  t.instances.push_back({"buf2", "u1", {{"a", t.sig("w")}, {"y", slice(t.sig("o"), 3, 2)}}});
  Design d = design_of({comb_buf("buf3", 3), comb_buf("buf2", 2), t});
  auto errs = check_drivers(d);
  INFO(joined(errs));
  CHECK(has_error(errs, {"module top", "o[2]", "2 drivers"}));
  CHECK(has_error(errs, {"module top", "w[0]", "0 drivers"}));
}

TEST_CASE("rtlgen: check_drivers catches an input driven inside the module", "[rtlgen]") {
  SECTION("by an assign") {
    Module t = top4();
    t.assign("o", t.sig("i"));
    t.assign("i", cst(4, 3));
    auto errs = check_drivers(design_of({t}));
    INFO(joined(errs));
    CHECK(has_error(errs, {"module top", "input i", "driven by an assign"}));
  }
  SECTION("by an instance output") {
    Module t = top4();
    t.assign("o", t.sig("i"));
    t.instances.push_back({"buf4", "u", {{"a", t.sig("o")}, {"y", t.sig("i")}}});
    auto errs = check_drivers(design_of({comb_buf("buf4", 4), t}));
    INFO(joined(errs));
    CHECK(has_error(errs, {"module top", "input i", "instance u"}));
  }
  SECTION("by the clocked block") {
    Module t = top4();
    t.assign("o", t.sig("i"));
    t.reg("i", cst(4, 0));
    auto errs = check_drivers(design_of({t}));
    INFO(joined(errs));
    CHECK(has_error(errs, {"module top", "input i", "clocked block"}));
    CHECK(has_error(errs, {"module top", "i is updated in the clocked block but is not a register or output"}));
  }
}

TEST_CASE("rtlgen: check_widths catches a width mismatch in an assign", "[rtlgen]") {
  Module t = top4();
  t.add("wide", 8, SignalKind::Wire);
  t.assign("wide", cat({t.sig("i"), t.sig("i")}));
  t.assign("o", t.sig("wide"));  // 4 bits = 8 bits
  auto errs = check_widths(design_of({t}));
  INFO(joined(errs));
  REQUIRE(errs.size() == 1);
  CHECK(has_error(errs, {"module top", "assign o", "4 bits", "8 bits"}));
}

TEST_CASE("rtlgen: check_widths catches width mismatches in registers", "[rtlgen]") {
  Module t = top4();
  t.add("r", 4, SignalKind::Reg);
  t.reg("r", cat({t.sig("i"), t.sig("i")}), slice(t.sig("i"), 1, 0), cst(3, 0));
  t.assign("o", t.sig("r"));
  auto errs = check_widths(design_of({t}));
  INFO(joined(errs));
  CHECK(has_error(errs, {"module top", "register r", "4 bits", "8 bits"}));
  CHECK(has_error(errs, {"module top", "register r reset value is 3 bits"}));
  CHECK(has_error(errs, {"module top", "register r enable is 2 bits"}));
}

TEST_CASE("rtlgen: check_widths catches a width mismatch in an instance connection", "[rtlgen]") {
  Module t = top4();
  t.add("w8", 8, SignalKind::Wire);
  t.assign("w8", cat({t.sig("i"), t.sig("i")}));
  t.instances.push_back({"buf4", "u", {{"a", t.sig("w8")}, {"y", t.sig("o")}}});
  auto errs = check_widths(design_of({comb_buf("buf4", 4), t}));
  INFO(joined(errs));
  REQUIRE(errs.size() == 1);
  CHECK(has_error(errs, {"module top", "instance u", "port a", "4 bits", "8 bits"}));
}

TEST_CASE("rtlgen: check_widths catches a connection to a name that is not a port", "[rtlgen]") {
  Module t = top4();
  t.instances.push_back({"buf4", "u", {{"a", t.sig("i")}, {"y", t.sig("o")}, {"z", t.sig("i")}}});
  auto errs = check_widths(design_of({comb_buf("buf4", 4), t}));
  INFO(joined(errs));
  CHECK(has_error(errs, {"module top", "instance u", "connects z", "not a port of buf4"}));
}

TEST_CASE("rtlgen: an instance of an unknown module is reported", "[rtlgen]") {
  Module t = top4();
  t.instances.push_back({"no_such_mod", "u", {{"a", t.sig("i")}, {"y", t.sig("o")}}});
  Design d = design_of({t});
  auto errs = check_widths(d);
  INFO(joined(errs));
  CHECK(has_error(errs, {"module top", "instance u", "unknown module no_such_mod"}));
  CHECK(contains(design_error(d), "unknown module no_such_mod"));
}

TEST_CASE("rtlgen: check_drivers catches a port connected twice or not at all", "[rtlgen]") {
  SECTION("twice") {
    Module t = top4();
    t.instances.push_back({"buf4", "u", {{"a", t.sig("i")}, {"a", t.sig("i")}, {"y", t.sig("o")}}});
    auto errs = check_drivers(design_of({comb_buf("buf4", 4), t}));
    INFO(joined(errs));
    REQUIRE(errs.size() == 1);
    CHECK(has_error(errs, {"module top", "instance u", "port a", "connected 2 times"}));
  }
  SECTION("not connected") {
    Module t = top4();
    t.instances.push_back({"buf4", "u", {{"y", t.sig("o")}}});
    t.add("unused", 1, SignalKind::Wire);
    t.assign("unused", red_or(t.sig("i")));
    auto errs = check_drivers(design_of({comb_buf("buf4", 4), t}));
    INFO(joined(errs));
    REQUIRE(errs.size() == 1);
    CHECK(has_error(errs, {"module top", "instance u", "port a", "connected 0 times"}));
  }
  SECTION("an output connected to an expression that is not a signal") {
    Module t = top4();
    t.assign("o", t.sig("i"));
    t.instances.push_back({"buf4", "u", {{"a", t.sig("i")}, {"y", bnot(t.sig("i"))}}});
    auto errs = check_drivers(design_of({comb_buf("buf4", 4), t}));
    INFO(joined(errs));
    CHECK(has_error(errs, {"module top", "instance u", "output y", "not connected to a signal"}));
  }
}

TEST_CASE("rtlgen: check_drivers catches a register driven combinationally", "[rtlgen]") {
  SECTION("by an assign") {
    Module t = top4();
    t.add("r", 4, SignalKind::Reg);
    t.assign("r", t.sig("i"));
    t.assign("o", t.sig("r"));
    auto errs = check_drivers(design_of({t}));
    INFO(joined(errs));
    CHECK(has_error(errs, {"module top", "register r", "assigned combinationally"}));
  }
  SECTION("by an instance") {
    Module t = top4();
    t.add("r", 4, SignalKind::Reg);
    t.instances.push_back({"buf4", "u", {{"a", t.sig("i")}, {"y", t.sig("r")}}});
    t.assign("o", t.sig("r"));
    auto errs = check_drivers(design_of({comb_buf("buf4", 4), t}));
    INFO(joined(errs));
    CHECK(has_error(errs, {"module top", "register r", "driven by instance u"}));
  }
  SECTION("a wire updated in the clocked block") {
    Module t = top4();
    t.add("w", 4, SignalKind::Wire);
    t.reg("w", t.sig("i"));
    t.assign("o", t.sig("w"));
    auto errs = check_drivers(design_of({t}));
    INFO(joined(errs));
    CHECK(has_error(errs, {"module top", "w is updated in the clocked block", "not a register"}));
  }
}

TEST_CASE("rtlgen: check_comb_loops catches a loop through two assigns", "[rtlgen]") {
  Module t = top4();
  t.add("w1", 4, SignalKind::Wire);
  t.add("w2", 4, SignalKind::Wire);
  t.assign("w1", bxor(t.sig("w2"), t.sig("i")));
  t.assign("w2", t.sig("w1"));
  t.assign("o", t.sig("w2"));
  Design d = design_of({t});
  CHECK(check_drivers(d).empty());
  auto errs = check_comb_loops(d);
  INFO(joined(errs));
  REQUIRE(errs.size() == 1);
  CHECK(has_error(errs, {"module top", "combinational loop", "w1", "w2"}));
  CHECK(contains(design_error(d), "combinational loop"));
}

TEST_CASE("rtlgen: check_comb_loops catches a loop through a combinational submodule", "[rtlgen]") {
  Module t = top4();
  t.add("w", 4, SignalKind::Wire);
  t.add("back", 4, SignalKind::Wire);
  t.assign("w", bxor(t.sig("back"), t.sig("i")));
  t.instances.push_back({"pass4", "u", {{"a", t.sig("w")}, {"y", t.sig("back")}}});
  t.assign("o", t.sig("w"));
  Design d = design_of({comb_buf("pass4", 4), t});
  CHECK(check_drivers(d).empty());
  CHECK(check_widths(d).empty());
  auto errs = check_comb_loops(d);
  INFO(joined(errs));
  REQUIRE(errs.size() == 1);
  CHECK(has_error(errs, {"module top", "combinational loop", "w", "back"}));
  CHECK(contains(design_error(d), "module top: combinational loop"));
}

TEST_CASE("rtlgen: check_comb_loops follows combinational paths through two levels of hierarchy", "[rtlgen]") {
  // mid instantiates pass4; its own output therefore depends on its input.
  Module mid;
  mid.name = "mid";
  mid.add("a", 4, SignalKind::Input);
  mid.add("y", 4, SignalKind::Output);
  mid.add("t", 4, SignalKind::Wire);
  mid.assign("t", bnot(mid.sig("a")));
  mid.instances.push_back({"pass4", "p", {{"a", mid.sig("t")}, {"y", mid.sig("y")}}});
  Module t = top4();
  t.add("w", 4, SignalKind::Wire);
  t.add("back", 4, SignalKind::Wire);
  t.assign("w", bxor(t.sig("back"), t.sig("i")));
  t.instances.push_back({"mid", "m", {{"a", t.sig("w")}, {"y", t.sig("back")}}});
  t.assign("o", t.sig("w"));
  Design d = design_of({comb_buf("pass4", 4), mid, t});
  auto errs = check_comb_loops(d);
  INFO(joined(errs));
  CHECK(has_error(errs, {"module top", "combinational loop"}));
}

TEST_CASE("rtlgen: a path through a registered submodule is not a loop", "[rtlgen]") {
  Module t = top4();
  t.add("w", 4, SignalKind::Wire);
  t.add("back", 4, SignalKind::Wire);
  t.assign("w", bxor(t.sig("back"), t.sig("i")));
  t.instances.push_back(
      {"rbuf4", "u", {{"clk", t.sig("clk")}, {"rst", t.sig("rst")}, {"a", t.sig("w")}, {"y", t.sig("back")}}});
  t.assign("o", t.sig("w"));
  Design d = design_of({reg_buf("rbuf4", 4), t});
  auto errs = check_comb_loops(d);
  INFO(joined(errs));
  CHECK(errs.empty());
  CHECK(design_error(d) == "");
}

TEST_CASE("rtlgen: a feedback through a register in the same module is not a loop", "[rtlgen]") {
  Module t = top4();
  t.add("r", 4, SignalKind::Reg);
  t.add("nxt", 4, SignalKind::Wire);
  t.assign("nxt", add(t.sig("r"), t.sig("i")));
  t.reg("r", t.sig("nxt"), nullptr, cst(4, 0));
  t.assign("o", t.sig("r"));
  Design d = design_of({t});
  CHECK(check_comb_loops(d).empty());
  CHECK(design_error(d) == "");
}

TEST_CASE("rtlgen: check_names rejects illegal identifiers and Verilog keywords", "[rtlgen]") {
  SECTION("signal names") {
    for (const char* bad : {"2bad", "a-b", "has space", "", "wire", "module", "reg", "always", "logic"}) {
      Module t = top4();
      t.add(bad, 1, SignalKind::Wire);
      t.assign(bad, cst(1, 0));
      t.assign("o", t.sig("i"));
      auto errs = check_names(design_of({t}));
      INFO("name '" << bad << "'\n" << joined(errs));
      CHECK(has_error(errs, {"module top", std::string("signal name '") + bad + "'", "not a legal identifier"}));
    }
  }
  SECTION("legal names pass") {
    for (const char* good : {"_x", "a1", "wire_", "x$y", "Module", "pe_0_1"}) {
      Module t = top4();
      t.add(good, 1, SignalKind::Wire);
      t.assign(good, cst(1, 0));
      t.assign("o", t.sig("i"));
      auto errs = check_names(design_of({t}));
      INFO("name '" << good << "'\n" << joined(errs));
      CHECK(errs.empty());
    }
  }
  SECTION("module names") {
    Module m = comb_buf("input", 4);
    auto errs = check_names(design_of({m}));
    INFO(joined(errs));
    CHECK(has_error(errs, {"module name 'input'", "not a legal identifier"}));
  }
}

TEST_CASE("rtlgen: check_names catches duplicates, undeclared reads and missing clock", "[rtlgen]") {
  SECTION("a signal declared twice (bypassing Module::add)") {
    Module t = top4();
    t.assign("o", t.sig("i"));
    t.signals.push_back({"i", 4, SignalKind::Wire, false});
    auto errs = check_names(design_of({t}));
    INFO(joined(errs));
    CHECK(has_error(errs, {"module top", "signal i declared twice"}));
  }
  SECTION("Module::add refuses a duplicate") { CHECK_THROWS_AS(top4().add("i", 1, SignalKind::Wire), std::invalid_argument); }
  // Found by fuzz_ir_checks (crash-2aeda65f...): a signal of width -2 made
  // check_drivers allocate a vector of -2 ints (std::length_error). The
  // builder refuses it; a design that holds one anyway gets a message.
  SECTION("a width below 1: refused by Module::add, reported by the checks") {
    CHECK_THROWS_WITH(top4().add("w", 0, SignalKind::Wire), Catch::Contains("signal w has width 0; allowed: >= 1"));
    CHECK_THROWS_AS(top4().add("w", -2, SignalKind::Wire), std::invalid_argument);
    Module t = top4();
    t.assign("o", t.sig("i"));
    t.signals.push_back({"neg", -2, SignalKind::Wire, false});
    std::vector<std::string> errs;
    REQUIRE_NOTHROW(errs = check_names(design_of({t})));
    CHECK(has_error(errs, {"module top", "signal neg has width -2"}));
    CHECK_NOTHROW(check_drivers(design_of({t})));
    CHECK_THROWS_WITH(check_design(design_of({t})), Catch::Contains("signal neg has width -2"));
  }
  SECTION("reads of an undeclared signal or at the wrong width") {
    Module t = top4();
    t.assign("o", bxor(ref("ghost", 4), ref("i", 4)));
    t.add("x", 1, SignalKind::Wire);
    t.assign("x", red_or(ref("o", 3)));
    auto errs = check_names(design_of({t}));
    INFO(joined(errs));
    CHECK(has_error(errs, {"module top", "assign o", "undeclared signal ghost"}));
    CHECK(has_error(errs, {"module top", "assign x", "reads o as 3 bits, declared 4"}));
  }
  SECTION("duplicate instance names and a module defined twice") {
    Module t = top4();
    t.instances.push_back({"buf2", "u", {{"a", slice(t.sig("i"), 1, 0)}, {"y", slice(t.sig("o"), 1, 0)}}});
    t.instances.push_back({"buf2", "u", {{"a", slice(t.sig("i"), 3, 2)}, {"y", slice(t.sig("o"), 3, 2)}}});
    auto errs = check_names(design_of({comb_buf("buf2", 2), comb_buf("buf2", 2), t}));
    INFO(joined(errs));
    CHECK(has_error(errs, {"module top", "instance name u is not unique"}));
    CHECK(has_error(errs, {"module buf2 defined twice"}));
  }
  SECTION("registers without a clock input") {
    Module m;
    m.name = "noclk";
    m.add("a", 1, SignalKind::Input);
    m.add("y", 1, SignalKind::Output);
    m.reg("y", m.sig("a"));
    auto errs = check_names(design_of({m}));
    INFO(joined(errs));
    CHECK(has_error(errs, {"module noclk", "no clk input"}));
    CHECK(has_error(errs, {"module noclk", "no rst input"}));
  }
}

TEST_CASE("rtlgen: check_design reports a top that is not in the design", "[rtlgen]") {
  Design d = design_of({comb_buf("buf4", 4)});
  d.top = "missing_top";
  CHECK(contains(design_error(d), "top module missing_top is not in the design"));
}

// Gaps the checking passes once had (each found by these tests, then fixed).
TEST_CASE("rtlgen: an assign or register update of an undeclared signal is reported",
          "[rtlgen]") {
  Module t = top4();
  t.assign("o", t.sig("i"));
  t.assign("ghost", t.sig("i"));      // lhs never declared
  t.reg("ghost_r", t.sig("i"));        // register never declared
  const std::string msg = design_error(design_of({t}));
  INFO(msg);
  CHECK(contains(msg, "ghost"));
  CHECK(contains(msg, "ghost_r"));
}

TEST_CASE("rtlgen: illegal instance names are reported", "[rtlgen]") {
  Module t = top4();
  t.instances.push_back({"buf4", "1 bad-name", {{"a", t.sig("i")}, {"y", t.sig("o")}}});
  auto errs = check_names(design_of({comb_buf("buf4", 4), t}));
  INFO(joined(errs));
  CHECK(has_error(errs, {"module top", "1 bad-name"}));
}

TEST_CASE("rtlgen: every Verilog-2005 keyword is refused as a name", "[rtlgen]") {
  for (const char* kw : {"event", "fork", "join", "unsigned", "edge", "force", "wand", "specify", "primitive"}) {
    Module t = top4();
    t.add(kw, 1, SignalKind::Wire);
    t.assign(kw, cst(1, 0));
    t.assign("o", t.sig("i"));
    auto errs = check_names(design_of({t}));
    INFO("keyword " << kw);
    CHECK(has_error(errs, {"module top", std::string("'") + kw + "'"}));
  }
}

TEST_CASE("rtlgen: a submodule listed after its user is reported", "[rtlgen]") {
  Module t = top4();
  t.add("w", 4, SignalKind::Wire);
  t.add("back", 4, SignalKind::Wire);
  t.assign("w", bxor(t.sig("back"), t.sig("i")));
  t.instances.push_back({"pass4", "u", {{"a", t.sig("w")}, {"y", t.sig("back")}}});
  t.assign("o", t.sig("w"));
  Design d;
  d.modules = {t, comb_buf("pass4", 4)};  // user first: the order is an error
  d.top = "top";
  CHECK_FALSE(design_error(d).empty());
}

// ---------------------------------------------------------------- (c) dedupe_modules

TEST_CASE("rtlgen: dedupe_modules merges modules identical but for their names", "[rtlgen]") {
  Module buf_a = comb_buf("buf_a", 4);
  Module buf_b = comb_buf("buf_b", 4);
  buf_b.comment = "a different comment does not matter";
  Module inv;  // same ports, different body: kept
  inv.name = "inv_c";
  inv.add("a", 4, SignalKind::Input);
  inv.add("y", 4, SignalKind::Output);
  inv.assign("y", bnot(inv.sig("a")));
  Module t = top4();
  t.add("w0", 4, SignalKind::Wire);
  t.add("w1", 4, SignalKind::Wire);
  t.instances.push_back({"buf_a", "u0", {{"a", t.sig("i")}, {"y", t.sig("w0")}}});
  t.instances.push_back({"buf_b", "u1", {{"a", t.sig("w0")}, {"y", t.sig("w1")}}});
  t.instances.push_back({"inv_c", "u2", {{"a", t.sig("w1")}, {"y", t.sig("o")}}});
  Design d = design_of({buf_a, buf_b, inv, t});
  REQUIRE(design_error(d) == "");

  Design out = dedupe_modules(d);
  CHECK(out.top == "top");
  std::vector<std::string> names;
  for (auto& m : out.modules) names.push_back(m.name);
  CHECK(names == std::vector<std::string>{"buf_a", "inv_c", "top"});
  const Module* top = out.find("top");
  REQUIRE(top);
  REQUIRE(top->instances.size() == 3);
  CHECK(top->instances[0].module == "buf_a");
  CHECK(top->instances[1].module == "buf_a");  // rewritten from buf_b
  CHECK(top->instances[2].module == "inv_c");
  CHECK(design_error(out) == "");
  const std::string text = emit_module(*top, "");
  CHECK(contains(text, "  buf_a u1 (\n"));
  CHECK_FALSE(contains(text, "buf_b"));
  // The input design is untouched.
  CHECK(d.modules.size() == 4);
  CHECK(d.find("top")->instances[1].module == "buf_b");
}

TEST_CASE("rtlgen: dedupe_modules merges parents that become identical after renaming", "[rtlgen]") {
  auto wrapper = [](const std::string& name, const std::string& inner) {
    Module m;
    m.name = name;
    m.add("a", 4, SignalKind::Input);
    m.add("y", 4, SignalKind::Output);
    m.instances.push_back({inner, "p", {{"a", m.sig("a")}, {"y", m.sig("y")}}});
    return m;
  };
  Module t = top4();
  t.add("w", 4, SignalKind::Wire);
  t.instances.push_back({"wrap_a", "u0", {{"a", t.sig("i")}, {"y", t.sig("w")}}});
  t.instances.push_back({"wrap_b", "u1", {{"a", t.sig("w")}, {"y", t.sig("o")}}});
  Design d = design_of({comb_buf("buf_a", 4), comb_buf("buf_b", 4), wrapper("wrap_a", "buf_a"),
                        wrapper("wrap_b", "buf_b"), t});
  REQUIRE(design_error(d) == "");
  Design out = dedupe_modules(d);
  std::vector<std::string> names;
  for (auto& m : out.modules) names.push_back(m.name);
  CHECK(names == std::vector<std::string>{"buf_a", "wrap_a", "top"});
  CHECK(out.find("top")->instances[1].module == "wrap_a");
  CHECK(out.find("wrap_a")->instances[0].module == "buf_a");
  CHECK(design_error(out) == "");
}

TEST_CASE("rtlgen: dedupe_modules keeps modules that differ in width, port name or body", "[rtlgen]") {
  Module b4 = comb_buf("b4", 4);
  Module b5 = comb_buf("b5", 5);
  Module b4z;
  b4z.name = "b4z";
  b4z.add("a", 4, SignalKind::Input);
  b4z.add("z", 4, SignalKind::Output);
  b4z.assign("z", b4z.sig("a"));
  Design d;
  d.modules = {b4, b5, b4z};
  d.top = "b4z";
  Design out = dedupe_modules(d);
  REQUIRE(out.modules.size() == 3);
  CHECK(out.modules[0].name == "b4");
  CHECK(out.modules[1].name == "b5");
  CHECK(out.modules[2].name == "b4z");
}

TEST_CASE("rtlgen: dedupe_modules never renames the top", "[rtlgen]") {
  Design d;
  d.modules = {comb_buf("first", 4), comb_buf("the_top", 4)};
  d.top = "the_top";
  Design out = dedupe_modules(d);
  CHECK(out.find("the_top") != nullptr);
  CHECK(out.top == "the_top");
}

// ---------------------------------------------------------------- (d) builders

TEST_CASE("rtlgen: expression builders throw on misuse", "[rtlgen]") {
  const ExprP a4 = ref("a", 4), b5 = ref("b", 5), w8 = ref("w", 8), s1 = ref("s", 1);
  auto msg_of = [](auto&& fn) -> std::string {
    try {
      fn();
    } catch (const std::invalid_argument& e) {
      return e.what();
    }
    return "(no exception)";
  };
  SECTION("binary operators of different widths") {
    CHECK(contains(msg_of([&] { add(a4, b5); }), "add"));
    CHECK(contains(msg_of([&] { add(a4, b5); }), "4 vs 5"));
    CHECK(contains(msg_of([&] { sub(a4, b5); }), "sub"));
    CHECK(contains(msg_of([&] { mul(a4, b5, true); }), "mul"));
    CHECK(contains(msg_of([&] { band(a4, b5); }), "and"));
    CHECK(contains(msg_of([&] { bor(a4, b5); }), "or"));
    CHECK(contains(msg_of([&] { bxor(a4, b5); }), "xor"));
    CHECK(contains(msg_of([&] { eq(a4, b5); }), "eq"));
    CHECK(contains(msg_of([&] { mux(s1, a4, b5); }), "mux"));
    CHECK_NOTHROW(add(a4, ref("c", 4)));
  }
  SECTION("slice out of range or of a non-signal") {
    CHECK(contains(msg_of([&] { slice(w8, 8, 0); }), "slice w[8:0] outside its 8 bits"));
    CHECK(contains(msg_of([&] { slice(w8, 3, 4); }), "slice"));
    CHECK(contains(msg_of([&] { slice(w8, 2, -1); }), "slice"));
    CHECK(contains(msg_of([&] { slice(add(w8, w8), 1, 0); }), "slice"));
    CHECK(contains(msg_of([&] { slice(slice(w8, 7, 4), 1, 0); }), "slice"));
    CHECK_NOTHROW(slice(w8, 7, 0));
    CHECK_NOTHROW(slice(w8, 0, 0));
  }
  SECTION("constants that do not fit") {
    CHECK(contains(msg_of([&] { cst(4, 16); }), "does not fit 4 bits"));
    CHECK(contains(msg_of([&] { cst(1, 2); }), "does not fit"));
    CHECK(contains(msg_of([&] { cst(0, 0); }), "does not fit"));
    CHECK(contains(msg_of([&] { cst(65, 0); }), "does not fit"));
    CHECK_NOTHROW(cst(4, 15));
    CHECK_NOTHROW(cst(64, ~uint64_t(0)));
  }
  SECTION("mux with a select wider than one bit") {
    CHECK(contains(msg_of([&] { mux(ref("sel", 2), a4, a4); }), "mux: select is 2 bits"));
    CHECK(contains(msg_of([&] { mux(a4, w8, w8); }), "select is 4 bits"));
  }
  SECTION("other misuse") {
    CHECK(contains(msg_of([&] { ref("x", 0); }), "ref x"));
    CHECK(contains(msg_of([&] { cat({}); }), "cat"));
    CHECK(contains(msg_of([&] { repeat(0, a4); }), "repeat"));
    CHECK(contains(msg_of([&] { extend(add(a4, a4), 8, true); }), "extend"));
    Module m;
    m.name = "m";
    CHECK(contains(msg_of([&] { m.sig("nope"); }), "module m: no signal nope"));
  }
}

// ---------------------------------------------------------------- (e) generated designs

namespace {

EngineConfig make_cfg(Dataflow df, int rows, int cols, IntFormat a, IntFormat b, int acc) {
  return systolic::make_config(df, rows, cols, a, b, acc);
}

int ceil_log2_at_least_1(int n) {
  int bits = 0;
  long long reach = 1;
  while (reach < n) {
    reach *= 2;
    ++bits;
  }
  return bits < 1 ? 1 : bits;
}

struct Port {
  std::string dir;
  int width;
};

// Parses the ANSI port list of `module_name` from emitted text.
std::vector<std::pair<std::string, Port>> parse_ports(const std::string& text, const std::string& module_name) {
  std::vector<std::pair<std::string, Port>> ports;
  std::istringstream in(text);
  std::string line;
  bool inside = false;
  static const std::regex port_re(R"(^  (input |output) (wire|reg ) (?:\[(\d+):0\] )?([A-Za-z_][A-Za-z0-9_$]*),?$)");
  while (std::getline(in, line)) {
    if (line == "module " + module_name + " (") {
      inside = true;
      continue;
    }
    if (!inside) continue;
    if (line == ");") break;
    std::smatch m;
    REQUIRE(std::regex_match(line, m, port_re));
    std::string dir = m[1].str();
    if (dir.back() == ' ') dir.pop_back();
    ports.push_back({m[4].str(), {dir, m[3].matched ? std::stoi(m[3].str()) + 1 : 1}});
  }
  return ports;
}

}  // namespace

TEST_CASE("rtlgen: generate_rtl designs pass the checks and have the expected structure", "[rtlgen]") {
  const IntFormat i8{8, true}, u8{8, false}, i4{4, true}, u4{4, false}, u3{3, false};
  const EngineConfig cfgs[] = {
      make_cfg(Dataflow::OutputStationary, 4, 4, i8, i8, 32),
      make_cfg(Dataflow::WeightStationary, 4, 4, i8, i8, 32),
      make_cfg(Dataflow::OutputStationary, 1, 1, i8, i8, 32),
      make_cfg(Dataflow::WeightStationary, 1, 1, i4, i4, 16),
      make_cfg(Dataflow::OutputStationary, 3, 5, u8, i4, 20),
      make_cfg(Dataflow::WeightStationary, 3, 5, u4, u4, 12),
      make_cfg(Dataflow::OutputStationary, 5, 3, u4, u3, 9),
      make_cfg(Dataflow::WeightStationary, 2, 7, i8, u8, 24),
      make_cfg(Dataflow::OutputStationary, 1, 6, i4, u4, 10),
      make_cfg(Dataflow::InputStationary, 4, 4, i8, i8, 32),
      make_cfg(Dataflow::InputStationary, 3, 5, u8, i4, 20),
      make_cfg(Dataflow::InputStationary, 1, 1, i4, u4, 10),
  };
  for (const EngineConfig& cfg : cfgs) {
    const int R = int(cfg.integer("rows")), C = int(cfg.integer("cols")), AB = cfg.a.bits, BB = cfg.b.bits,
              ACC = cfg.acc_bits;
    const std::string df = cfg.text("dataflow");
    const bool os = df == "os", is = df == "is";
    const std::string top_name = "systolic_" + df + "_" + std::to_string(R) + "x" + std::to_string(C) + "_" +
                                 (cfg.a.is_signed ? "i" : "u") + std::to_string(AB) + (cfg.b.is_signed ? "i" : "u") +
                                 std::to_string(BB) + "_acc" + std::to_string(ACC);
    const std::string pe_name = "pe_" + df + "_" + (cfg.a.is_signed ? "i" : "u") + std::to_string(AB) +
                                (cfg.b.is_signed ? "i" : "u") + std::to_string(BB) + "_acc" + std::to_string(ACC);
    INFO("config " << top_name);

    GeneratedRtl g = generate_rtl(cfg);
    CHECK(g.top == top_name);
    CHECK(g.design.top == top_name);
    CHECK_NOTHROW(check_design(g.design));
    CHECK(check_names(g.design).empty());
    CHECK(check_widths(g.design).empty());
    CHECK(check_drivers(g.design).empty());
    CHECK(check_comb_loops(g.design).empty());

    // One PE module and the top, one file each; OS adds its read-out column
    // module, one instance per column (docs/architecture.md, "Control fan-out").
    REQUIRE(g.files.size() == (os ? 3u : 2u));
    REQUIRE(g.files.count(top_name + ".v") == 1);
    REQUIRE(g.files.count(pe_name + ".v") == 1);
    const std::string& text = g.files.at(top_name + ".v");
    CHECK(contains(text, "// Generated by tpe rtlgen for " + top_name + ". Do not edit.\n"));

    // Exactly R*C PE instance lines, one per grid position.
    std::istringstream in(text);
    std::string line;
    int pe_lines = 0, other_instances = 0;
    std::set<std::pair<int, int>> seen;
    static const std::regex inst_re(R"(^  ([A-Za-z_][A-Za-z0-9_]*) pe_(\d+)_(\d+) \($)");
    static const std::regex any_inst_re(R"(^  [A-Za-z_][A-Za-z0-9_$]* [A-Za-z_][A-Za-z0-9_$]* \($)");
    while (std::getline(in, line)) {
      std::smatch m;
      if (std::regex_match(line, m, inst_re)) {
        ++pe_lines;
        CHECK(m[1].str() == pe_name);
        const int i = std::stoi(m[2].str()), j = std::stoi(m[3].str());
        CHECK(i < R);
        CHECK(j < C);
        seen.insert({i, j});
      } else if (std::regex_match(line, any_inst_re)) {
        ++other_instances;
      }
    }
    CHECK(pe_lines == R * C);
    CHECK(int(seen.size()) == R * C);
    CHECK(other_instances == (os ? C : 0));

    // Top-level ports, in order, with widths computed here.
    std::vector<std::pair<std::string, Port>> expected;
    if (os) {
      expected = {{"clk", {"input", 1}},       {"rst", {"input", 1}},
                  {"in_valid", {"input", 1}},  {"in_first", {"input", 1}},
                  {"a_vec", {"input", R * AB}}, {"b_vec", {"input", C * BB}},
                  {"rd_en", {"input", 1}},     {"rd_row", {"input", ceil_log2_at_least_1(R)}},
                  {"out_valid", {"output", 1}}, {"c_vec", {"output", C * ACC}},
                  {"idle", {"output", 1}}};
    } else if (is) {  // columns of B streamed into the rows, rows of A^T loaded into the columns
      expected = {{"clk", {"input", 1}},       {"rst", {"input", 1}},
                  {"in_valid", {"input", 1}},  {"b_vec", {"input", R * BB}},
                  {"p_vec", {"input", C * ACC}}, {"a_load", {"input", 1}},
                  {"a_vec", {"input", C * AB}}, {"out_valid", {"output", 1}},
                  {"c_vec", {"output", C * ACC}}, {"idle", {"output", 1}}};
    } else {
      expected = {{"clk", {"input", 1}},       {"rst", {"input", 1}},
                  {"in_valid", {"input", 1}},  {"a_vec", {"input", R * AB}},
                  {"p_vec", {"input", C * ACC}}, {"w_load", {"input", 1}},
                  {"w_vec", {"input", C * BB}}, {"out_valid", {"output", 1}},
                  {"c_vec", {"output", C * ACC}}, {"idle", {"output", 1}}};
    }
    const auto got = parse_ports(text, top_name);
    REQUIRE(got.size() == expected.size());
    for (size_t k = 0; k < got.size(); ++k) {
      INFO("port " << expected[k].first);
      CHECK(got[k].first == expected[k].first);
      CHECK(got[k].second.dir == expected[k].second.dir);
      CHECK(got[k].second.width == expected[k].second.width);
    }

    // The PE's operand and accumulator ports.
    const auto pe_ports = parse_ports(g.files.at(pe_name + ".v"), pe_name);
    std::map<std::string, int> pw;
    for (auto& [n, p] : pe_ports) pw[n] = p.width;
    CHECK(pw["a_in"] == AB);
    CHECK(pw["a_out"] == AB);
    if (is) {  // a held (a_in/a_out shift it down), b streamed
      CHECK(pw["b_in"] == BB);
      CHECK(pw["b_out"] == BB);
      CHECK(pw["a_load"] == 1);
      CHECK(pw["ps_in"] == ACC);
      CHECK(pw["ps_out"] == ACC);
    } else if (os) {
      CHECK(pw["b_in"] == BB);
      CHECK(pw["acc"] == ACC);
    } else {
      CHECK(pw["w_in"] == BB);
      CHECK(pw["ps_in"] == ACC);
      CHECK(pw["ps_out"] == ACC);
    }

    // Deterministic: the same config gives the same text and hash.
    GeneratedRtl again = generate_rtl(cfg);
    CHECK(again.files == g.files);
    CHECK(again.content_hash == g.content_hash);
  }
}

TEST_CASE("rtlgen: generate_rtl hashes differ between configs", "[rtlgen]") {
  const IntFormat i8{8, true}, u8{8, false};
  const auto h1 = generate_rtl(make_cfg(Dataflow::OutputStationary, 2, 2, i8, i8, 32)).content_hash;
  const auto h2 = generate_rtl(make_cfg(Dataflow::OutputStationary, 2, 2, u8, i8, 32)).content_hash;
  const auto h3 = generate_rtl(make_cfg(Dataflow::WeightStationary, 2, 2, i8, i8, 32)).content_hash;
  CHECK(h1 != h2);
  CHECK(h1 != h3);
  CHECK(h2 != h3);
}
