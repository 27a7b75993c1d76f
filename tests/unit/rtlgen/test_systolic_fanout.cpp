// Control fan-out of the generated systolic arrays (issue 14 item 4): no
// one-bit control net of the array's own logic (the top and the read-out
// columns) may load more flip-flop enables, multiplexer selects or AND-select
// bits than a PE's own valid bit loads inside the PE. Synthesis keeps the
// hierarchy, so each module's nets are counted in that module. The loads are
// counted here from the IR by a walk written for this test. Instance port
// connections are not counted: a primary input wired to every PE (the WS/IS
// load strobe) is the one broadcast left (docs/architecture.md).
#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>
#include <map>
#include <string>

#include "models/engine/engine_config.hpp"
#include "rtlgen/families/systolic/systolic_gen.hpp"
#include "rtlgen/ir/ir.hpp"

using namespace tpe;
using namespace tpe::rtl;

namespace {

// Gate inputs each one-bit signal of `m` drives: a register enable counts the
// register's bits, a multiplexer select the multiplexer's bits, {n{s}} n bits,
// any other use one.
std::map<std::string, int> one_bit_loads(const Module& m) {
  std::map<std::string, int> loads;
  const auto one_bit = [&](const ExprP& e) {
    if (e->op != Op::Ref) return std::string();
    const Signal* s = m.find(e->name);
    return s && s->width == 1 ? e->name : std::string();
  };
  std::function<void(const ExprP&)> walk = [&](const ExprP& e) {
    if (!e) return;
    if (e->op == Op::Repeat && !one_bit(e->args[0]).empty()) {
      loads[one_bit(e->args[0])] += e->count;
      return;
    }
    if (e->op == Op::Mux && !one_bit(e->args[0]).empty()) {
      loads[one_bit(e->args[0])] += e->width;
      walk(e->args[1]);
      walk(e->args[2]);
      return;
    }
    if (!one_bit(e).empty()) loads[one_bit(e)] += 1;
    for (const ExprP& a : e->args) walk(a);
  };
  for (const Assign& a : m.assigns) walk(a.rhs);
  for (const RegUpdate& r : m.regs) {
    walk(r.next);
    if (r.enable && !one_bit(r.enable).empty())
      loads[one_bit(r.enable)] += m.find(r.reg)->width;
    else
      walk(r.enable);
  }
  return loads;
}

int max_load(const Module& m, std::string* net) {
  int best = 0;
  for (const auto& [n, l] : one_bit_loads(m))
    if (l > best) best = l, *net = n;
  return best;
}

void check_array(const std::string& json) {
  const EngineConfig cfg = parse_engine_config(json, "test");
  const Design d = generate_systolic(cfg);
  // The PE module instantiated at (0,0): its `v_in` (or widest control) load is the bound.
  const Module* top = d.find(d.top);
  REQUIRE(top);
  const auto pe_it = std::find_if(top->instances.begin(), top->instances.end(),
                                  [](const Instance& i) { return i.name == "pe_0_0"; });
  REQUIRE(pe_it != top->instances.end());
  std::string pe_net;
  const int pe_load = max_load(*d.find(pe_it->module), &pe_net);
  INFO(cfg.tag() << ": PE net " << pe_net << " loads " << pe_load);
  REQUIRE(pe_load >= 2 * cfg.a.bits);  // the PE's valid enables its operand registers at least
  for (const Module& m : d.modules) {
    if (m.name == pe_it->module) continue;
    std::string net;
    const int load = max_load(m, &net);
    INFO("module " << m.name << ": net " << net << " loads " << load);
    CHECK(load <= pe_load);
  }
}

}  // namespace

TEST_CASE("systolic fan-out: no control net of a 16x16 array loads more than a PE's valid", "[rtlgen][systolic]") {
  const std::string geom = R"("rows":16,"cols":16,"a":{"bits":8,"signed":true},"b":{"bits":8,"signed":true},"acc_bits":32)";
  for (const char* df : {"os", "ws", "is"})
    for (const char* sched : {"serial", "overlap"})
      check_array(std::string(R"({"family":"systolic","dataflow":")") + df + R"(",)" + geom + R"(,"schedule":")" +
                  sched + "\"}");
  check_array(R"({"family":"systolic","dataflow":"os","pe":"opt1",)" + geom + "}");
  // A tall, narrow array: the skew of the longer side and the read-out of many rows.
  check_array(R"({"family":"systolic","dataflow":"os","rows":32,"cols":4,"a":{"bits":8,"signed":true},"b":{"bits":8,"signed":true},"acc_bits":32})");
}
