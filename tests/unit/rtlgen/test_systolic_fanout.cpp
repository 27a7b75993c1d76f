// Control fan-out of the generated systolic arrays (issue 14 item 4): no
// one-bit control net of the array's own logic (the top and the read-out
// columns) may load more flip-flop enables, multiplexer selects or AND-select
// bits than a PE's own valid bit loads inside the PE. Synthesis keeps the
// hierarchy, so each module's nets are counted in that module. The loads are
// counted here from the IR by a walk written for this test. The first test
// does not follow instance port connections; the hierarchical ones below do
// (a net wired to an instance's port loads what that port loads inside it),
// so primary inputs are counted too: the WS/IS load strobe wired to every
// PE is the one broadcast left in the systolic arrays (docs/architecture.md),
// and every other family's worst one-bit net is measured and reported.
#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "models/engine/engine_config.hpp"
#include "models/engine/family_registry.hpp"
#include "rtlgen/core/family_rtl.hpp"
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

// Gate inputs a one-bit signal `net` of module `m` loads, following instance
// connections down the hierarchy: a net wired straight to an instance's port
// loads what that port loads inside the instance; inside any other
// expression of a connection it counts one gate. Memoized per (module, port).
class HierarchicalLoads {
 public:
  explicit HierarchicalLoads(const Design& d) : d_(d) {}
  int load(const Module& m, const std::string& net) {
    const auto key = std::make_pair(m.name, net);
    if (auto it = memo_.find(key); it != memo_.end()) return it->second;
    auto own = own_.find(m.name);
    if (own == own_.end()) own = own_.emplace(m.name, one_bit_loads(m)).first;
    int total = own->second.count(net) ? own->second.at(net) : 0;
    for (const Instance& inst : m.instances)
      for (const Connection& c : inst.connections) {
        if (!c.expr) continue;
        if (c.expr->op == Op::Ref && c.expr->name == net) {
          const Module* sub = d_.find(inst.module);
          total += sub ? load(*sub, c.port) : 1;
        } else if (mentions(c.expr, net)) {
          total += 1;
        }
      }
    memo_[key] = total;
    return total;
  }

 private:
  static bool mentions(const ExprP& e, const std::string& net) {
    if (!e) return false;
    if (e->op == Op::Ref) return e->name == net;
    return std::any_of(e->args.begin(), e->args.end(), [&](const ExprP& a) { return mentions(a, net); });
  }
  const Design& d_;
  std::map<std::pair<std::string, std::string>, int> memo_;
  std::map<std::string, std::map<std::string, int>> own_;
};

// The worst one-bit net of the top (primary inputs included), by its
// hierarchical load; clk and rst are distributed by the clock and reset
// trees, not by logic, and are left out.
struct Worst {
  std::string net;
  int load = 0;
};
Worst worst_net(const Design& d, HierarchicalLoads& loads, const std::string& skip = "") {
  const Module& top = *d.find(d.top);
  Worst w;
  for (const Signal& s : top.signals) {
    if (s.width != 1 || s.name == "clk" || s.name == "rst" || s.name == skip) continue;
    const int l = loads.load(top, s.name);
    if (l > w.load) w = {s.name, l};
  }
  return w;
}

// One PE's worth: the largest load any one-bit input of the PE has inside it.
int pe_unit(const Design& d, const std::string& pe_module, HierarchicalLoads& loads) {
  const Module* pe = d.find(pe_module);
  REQUIRE(pe);
  int unit = 0;
  for (const Signal& s : pe->signals)
    if (s.kind == SignalKind::Input && s.width == 1 && s.name != "clk" && s.name != "rst")
      unit = std::max(unit, loads.load(*pe, s.name));
  return unit;
}

}  // namespace

TEST_CASE("systolic fan-out through the hierarchy: every top net, primary inputs included, within a row of PEs",
          "[rtlgen][systolic]") {
  register_builtin_families();
  const std::string geom = R"("rows":16,"cols":16,"a":{"bits":8,"signed":true},"b":{"bits":4,"signed":true},"acc_bits":32)";
  for (const char* df : {"os", "ws", "is"})
    for (const char* sched : {"serial", "overlap"}) {
      const EngineConfig cfg = parse_engine_config(std::string(R"({"family":"systolic","dataflow":")") + df + R"(",)" +
                                                       geom + R"(,"schedule":")" + sched + "\"}",
                                                   "test");
      const Design d = family_of(cfg).rtl->generate(cfg);
      HierarchicalLoads loads(d);
      const int unit = pe_unit(d, family_of(cfg).rtl->pe_module(cfg), loads);
      // The held operand's load strobe enters every PE's held (WS/IS: shadow)
      // register: R x C PEs x its bits (w = b, 4 bits; IS holds a, 8 bits).
      const std::string strobe = df == std::string("ws") ? "w_load" : df == std::string("is") ? "a_load" : "";
      if (!strobe.empty()) {
        const int held_bits = df == std::string("ws") ? 4 : 8;
        CHECK(loads.load(*d.find(d.top), strobe) == 16 * 16 * held_bits);
      }
      const Worst w = worst_net(d, loads, strobe);
      INFO(cfg.tag() << ": worst net " << w.net << " loads " << w.load << ", one PE's worth " << unit);
      CHECK(w.load <= 16 * unit);
    }
}

TEST_CASE("matrix2d fan-out through the hierarchy: every top net within a row of PEs, rd_en pinned",
          "[rtlgen][matrix2d]") {
  register_builtin_families();
  const int R = 16, C = 16, ACC = 32;
  const std::string geom = R"("rows":16,"cols":16,"a":{"bits":8,"signed":true},"b":{"bits":8,"signed":true},"acc_bits":32)";
  for (const char* pe : {"baseline", "opt1"})
    for (const char* sched : {"serial", "overlap"}) {
      const EngineConfig cfg = parse_engine_config(std::string(R"({"family":"matrix2d","pe":")") + pe + R"(",)" + geom +
                                                       R"(,"schedule":")" + sched + "\"}",
                                                   "test");
      const Design d = family_of(cfg).rtl->generate(cfg);
      HierarchicalLoads loads(d);
      const int unit = pe_unit(d, family_of(cfg).rtl->pe_module(cfg), loads);
      // The clear of the accumulator is the PE's widest one-bit input: at
      // least one accumulator word of multiplexer selects.
      CHECK(unit >= ACC);
      // rd_en, a primary input, enables every column's output register and
      // gates its R row selects (the quiet read-out tree), plus out_valid:
      // C x (acc_bits + R) + 1, the one broadcast left (docs/architecture.md).
      CHECK(loads.load(*d.find(d.top), "rd_en") == C * (ACC + R) + 1);
      const Worst w = worst_net(d, loads, "rd_en");
      INFO(cfg.tag() << ": worst net " << w.net << " loads " << w.load << ", one PE's worth " << unit);
      CHECK(w.load <= C * unit);
      CHECK(w.load >= unit);  // a row's copy of the first flag does drive its row
    }
}

TEST_CASE("control fan-out of every family: the worst one-bit net of its largest make-test matrix array",
          "[rtlgen][families]") {
  register_builtin_families();
  for (const std::string& name : registered_families()) {
    const FamilySpec& spec = *find_family(name).spec;
    std::optional<EngineConfig> biggest;
    for (const MatrixCase& c : spec.test_matrix()) {
      if (c.full_only) continue;
      const EngineConfig cfg = parse_engine_config(c.config_json, c.name);
      if (!biggest || spec.pe_count(cfg) > spec.pe_count(*biggest)) biggest = cfg;
    }
    REQUIRE(biggest);
    const Design d = family_of(*biggest).rtl->generate(*biggest);
    HierarchicalLoads loads(d);
    const Worst w = worst_net(d, loads);
    // Reported, not bounded: the broadcast families (matrix2d, cube, adder
    // tree, bit-slice) drive rows or the whole array by design; the figures
    // are in docs/architecture.md ("Control fan-out").
    WARN(biggest->tag() << ": worst one-bit net " << w.net << " loads " << w.load << " gate inputs over "
                        << spec.pe_count(*biggest) << " PEs");
    CHECK(w.load >= 1);
  }
}

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
