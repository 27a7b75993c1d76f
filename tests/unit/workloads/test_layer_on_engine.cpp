// `tpe layer`'s computation: the fast mode (closed-form cycles, no values)
// equals the SystemC cycle model's count on many shapes for every registered
// family that has a closed form (each family's first small matrix config), and
// a layer's totals equal its GEMMs run one by one through simulate_gemm.
#include <catch2/catch.hpp>

#include "models/engine/engine_config.hpp"
#include "models/engine/family_registry.hpp"
#include "models/formats/operands.hpp"
#include "sim/core/engine_sim.hpp"
#include "sim/core/family_sim.hpp"
#include "sim/workload/layer_on_engine.hpp"
#include "workloads/model_catalog.hpp"

using namespace tpe;

TEST_CASE("layer fast mode equals the cycle model on many shapes for every family", "[workload][layer]") {
  register_builtin_families();
  int families_checked = 0;
  for (const std::string& name : registered_families()) {
    const FamilySpec& spec = *find_family(name).spec;
    for (const MatrixCase& mc : spec.test_matrix()) {
      if (mc.full_only) continue;
      const EngineConfig cfg = parse_engine_config(mc.config_json, mc.name);
      if (!spec.closed_form_cycles(cfg, GemmShape{3, 5, 7})) break;  // data-dependent family: no fast mode
      LayerRunOptions sim, fast;
      sim.check_values = true;
      fast.fidelity = SimFidelity::ClosedForm;
      int shapes = 0;
      for (int m : {1, 2, 7, 16})
        for (int k : {1, 3, 17, 40})
          for (int n : {1, 5, 9, 33}) {
            const GemmOp op{"g", "linear", m, k, n, 1, "", ""};
            INFO(cfg.tag() << " " << m << "x" << k << "x" << n);
            CHECK(run_op_on_engine(cfg, op, sim, 7).cycles_each == run_op_on_engine(cfg, op, fast, 7).cycles_each);
            ++shapes;
          }
      CHECK(shapes == 64);
      ++families_checked;
      break;  // one config per family keeps the test short
    }
  }
  CHECK(families_checked >= 4);
}

TEST_CASE("layer totals equal the layer's GEMMs run one by one", "[workload][layer]") {
  register_builtin_families();
  const EngineConfig cfg = parse_engine_config(R"({"family":"systolic","dataflow":"ws","rows":4,"cols":4,
      "a":{"bits":8,"signed":true},"b":{"bits":8,"signed":true},"acc_bits":32})", "<test>");
  PhaseSpec ph;
  ph.phase = Phase::Decode;
  ph.batch = 2;
  ph.ctx = 9;
  const Workload w = make_workload(find_model("stories260K"), ph, "w8a8");
  LayerRunOptions opt;
  opt.seed = 11;
  const LayerOnEngine r = run_layer_on_engine(cfg, w, opt);
  REQUIRE(r.layer.size() == w.layer.size());
  uint64_t total = 0;
  double macs = 0;
  uint64_t seed = 11;
  for (const GemmOp& op : w.layer) {
    // The same operands run directly on the cycle model, count times.
    const OperandMatrix a = random_operands(op.m, op.k, cfg.a, seed), b = random_operands(op.k, op.n, cfg.b, seed + 1);
    seed += 2;
    auto model = make_array_model(cfg);
    const EngineRun run = simulate_gemm(cfg, a, b, {model.get()})[0];
    REQUIRE(run.completed);
    total += run.activity.cycles * uint64_t(op.count);
    macs += double(op.m) * op.k * op.n * double(op.count);
  }
  CHECK(r.layer_cycles() == total);
  CHECK(r.layer_macs() == macs);
  CHECK(r.lm_head.cycles() == *closed_form_cycles(cfg, GemmShape{2, 64, 512}));
}
