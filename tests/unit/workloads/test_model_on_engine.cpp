// A whole llama2.c model (stories260K, real weights) with every integer GEMM
// on an engine's SystemC cycle model: the generated tokens equal those of the
// same scheme on the software reference (greedy_decode), every GEMM's cycles
// equal the family's closed form, and the MACs of a step equal the model's
// linear-layer MACs counted from its shapes (independently of the engine).
#include <catch2/catch.hpp>

#include "models/engine/engine_config.hpp"
#include "models/engine/family_registry.hpp"
#include "models/llm/llama2c_checkpoint.hpp"
#include "models/llm/llm_model.hpp"
#include "models/quant/quant_scheme.hpp"
#include "sim/workload/model_on_engine.hpp"

using namespace tpe;

namespace {

const char* kSystolic = R"({"family":"systolic","dataflow":"os","rows":4,"cols":4,
    "a":{"bits":8,"signed":true},"b":{"bits":8,"signed":true},"acc_bits":32})";
const char* kCube = R"({"family":"cube","x":2,"y":2,"z":4,
    "a":{"bits":8,"signed":true},"b":{"bits":8,"signed":true},"acc_bits":32})";

const LlamaCheckpoint& checkpoint() {
  static const LlamaCheckpoint ck = load_llama2c_checkpoint(default_stories260k_path());
  return ck;
}

// One token's linear-layer MACs from the architecture alone (M = 1).
double step_linear_macs(const LlmArch& a) {
  const double per_layer = double(a.dim) * a.dim * 2 + double(a.dim) * a.kv_dim() * 2 + double(a.dim) * a.hidden_dim * 3;
  return per_layer * a.n_layers + double(a.dim) * a.vocab_size;
}

void check_scheme_on_engine(const char* config_json, const std::string& scheme_name, int steps, bool exact_macs) {
  register_builtin_families();
  const EngineConfig cfg = parse_engine_config(config_json, "<test>");
  const LlmModel model(checkpoint(), find_scheme(scheme_name), "stories260K");
  const GreedyRun ref = greedy_decode(model, steps, reference_gemm_engine());
  SimGemmEngine engine(cfg, SimFidelity::CycleModel);
  const EngineModelRun run = greedy_decode_on_engine(model, steps, engine);
  INFO(cfg.tag() << " scheme " << scheme_name);
  CHECK(run.tokens == ref.tokens);
  CHECK(run.stopped_at_bos == ref.stopped_at_bos);
  REQUIRE(run.tokens.size() >= 3);  // the run did generate text
  const FamilySpec& spec = *family_of(cfg).spec;
  for (const EngineStep& st : run.steps) {
    REQUIRE(!st.gemms.empty());
    for (const GemmRecord& g : st.gemms) {
      CHECK(g.cycles == *spec.closed_form_cycles(cfg, g.shape));
      // The array's "mac" counter includes the MACs of padded rows (M = 1 on a
      // 4-row array), so it is at least the GEMM's MACs.
      CHECK(g.activity.macs() >= uint64_t(g.shape.macs()));
    }
    if (exact_macs) CHECK(st.macs() == step_linear_macs(model.arch()));
  }
}

}  // namespace

TEST_CASE("run-model on systolic OS 4x4: w8a8 tokens equal the reference", "[workload][engine]") {
  check_scheme_on_engine(kSystolic, "w8a8", 4, true);
}

TEST_CASE("run-model on systolic OS 4x4: w4a8 and ternary tokens equal the reference", "[workload][engine]") {
  check_scheme_on_engine(kSystolic, "w4a8", 3, false);
  check_scheme_on_engine(kSystolic, "ternary", 3, false);
}

TEST_CASE("run-model on cube 2x2x4: w8a8 tokens equal the reference", "[workload][engine]") {
  check_scheme_on_engine(kCube, "w8a8", 3, true);
}

TEST_CASE("closed-form fidelity gives the cycle model's counts on a model step", "[workload][engine]") {
  register_builtin_families();
  const EngineConfig cfg = parse_engine_config(kSystolic, "<test>");
  const LlmModel model(checkpoint(), find_scheme("w8a8"), "stories260K");
  SimGemmEngine sim(cfg, SimFidelity::CycleModel), fast(cfg, SimFidelity::ClosedForm);
  const EngineModelRun a = greedy_decode_on_engine(model, 2, sim), b = greedy_decode_on_engine(model, 2, fast);
  CHECK(a.tokens == b.tokens);
  REQUIRE(a.steps.size() == b.steps.size());
  for (size_t i = 0; i < a.steps.size(); ++i) CHECK(a.steps[i].cycles() == b.steps[i].cycles());
}

TEST_CASE("an engine refuses formats it cannot run, naming them", "[workload][engine]") {
  register_builtin_families();
  const EngineConfig cfg = parse_engine_config(R"({"family":"systolic","dataflow":"os","rows":2,"cols":2,
      "a":{"bits":4,"signed":true},"b":{"bits":8,"signed":true},"acc_bits":32})", "<test>");
  CHECK(engine_format_problem(cfg, IntFormat{8, true}, IntFormat{8, true}, 32) ==
        "activations (A) in i8 do not fit the engine's A format i4");
  CHECK(engine_format_problem(cfg, IntFormat{4, true}, IntFormat{4, false}, 32).empty());
  CHECK(engine_format_problem(cfg, IntFormat{3, false}, IntFormat{8, false}, 32) ==
        "weights (B) in u8 do not fit the engine's B format i8");
  CHECK(engine_format_problem(cfg, IntFormat{4, true}, IntFormat{8, true}, 40) ==
        "the scheme accumulates in 40 bits, the engine's accumulator has only 32");
  SimGemmEngine e(cfg, SimFidelity::CycleModel);
  e.set_scope("layer 0 wq");
  OperandMatrix a(1, 2, 100), b(2, 1, 1);
  CHECK_THROWS_WITH(e.gemm(a, b, IntFormat{8, true}, IntFormat{8, true}, 32),
                    Catch::Contains("cannot run the GEMM 1x2x1 of 'layer 0 wq'"));
}
