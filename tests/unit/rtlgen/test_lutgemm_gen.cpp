// The lutgemm generator (rtlgen/families/lutgemm): the design passes the
// checking passes; the table unit is 446 fp16 adder instances (the prefix
// tree 4 + 8 + 16 + 32 + 64, then 64 + 64 for -x_6 and -x_7, 2 doublings and
// the 64 + 128 of the recurrence) and nothing else computes; a PE with q
// planes holds q 256:1 mux trees (255 muxes each) and q + 1 fp16 sums,
// multipliers and fold adders. Its values are checked against the reference
// by the co-simulation cases (the IR evaluator takes no instances).
#include <catch2/catch.hpp>

#include <map>

#include "models/engine/engine_config.hpp"
#include "models/engine/family_registry.hpp"
#include "rtlgen/families/lutgemm/lutgemm_gen.hpp"
#include "rtlgen/ir/check.hpp"

using namespace tpe;
using namespace tpe::rtl;

namespace {
int count_ops(const ExprP& e, Op op) {
  if (!e) return 0;
  int n = e->op == op;
  for (const auto& a : e->args) n += count_ops(a, op);
  return n;
}
}  // namespace

TEST_CASE("lutgemm rtl: the design passes the checks, table unit and PE hold the units counted by hand",
          "[lutgemm][rtlgen]") {
  register_builtin_families();
  const EngineConfig cfg = parse_engine_config(
      R"({"family":"lutgemm","rows":2,"cols":3,"a":{"bits":16,"signed":false},"b":{"bits":3,"signed":false},)"
      R"("acc_bits":16})", "test");
  const Design d = generate_lutgemm(cfg);
  REQUIRE_NOTHROW(check_design(d));
  std::map<std::string, const Module*> by_name;
  for (const Module& m : d.modules) by_name[m.name] = &m;
  REQUIRE(by_name.count("lg_table_fp16"));
  REQUIRE(by_name.count("lg_pe_fp16_q3"));
  auto instances_of = [&](const Module& m, const std::string& unit) {
    int n = 0;
    for (const Instance& i : m.instances) n += i.module == unit;
    return n;
  };
  const Module& table = *by_name["lg_table_fp16"];
  CHECK(instances_of(table, "fp_add_e5m10") == 4 + 8 + 16 + 32 + 64 + 64 + 64 + 2 + 64 + 128);
  CHECK(table.instances.size() == 446u);
  int table_arith = 0;
  for (const Assign& a : table.assigns) table_arith += count_ops(a.rhs, Op::Add) + count_ops(a.rhs, Op::Mul);
  CHECK(table_arith == 0);
  const Module& pe = *by_name["lg_pe_fp16_q3"];
  CHECK(instances_of(pe, "fp_add_e5m10") == 2 * 4);  // the sums and the fold chain
  CHECK(instances_of(pe, "fp16_mul_rne") == 4);      // alpha x 3 planes, q_bias
  int muxes = 0;
  for (const Assign& a : pe.assigns) muxes += count_ops(a.rhs, Op::Mux);
  for (const RegUpdate& r : pe.regs) muxes += count_ops(r.next, Op::Mux);
  for (const Instance& i : pe.instances)
    for (const Connection& c : i.connections) muxes += count_ops(c.expr, Op::Mux);  // the sums' first selects
  // 3 mux trees; first selects for y and the 4 sums; fold selects for y and the 4 sums.
  CHECK(muxes == 3 * 255 + 5 + 5);
  // The top: 2 table units, 6 PEs.
  const Module& top = *by_name[d.top];
  CHECK(instances_of(top, "lg_table_fp16") == 2);
  CHECK(instances_of(top, "lg_pe_fp16_q3") == 6);
}
