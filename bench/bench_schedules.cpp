// Cycles of the systolic and 2-D matrix arrays under the serial tile schedule (the seed
// paper's baseline: feed a tile, drain, read it out, then the next) and the
// overlapped one ("schedule":"overlap": the read-out of a tile overlaps the
// next tile's feed), beside the ideal, in one run (issue 14). Every figure is
// a SystemC model run checked against the reference GEMM and against the
// family's closed form; a configuration without the overlapped schedule
// shows "-" (the description is refused, and the bench says why).
// Usage: bench_schedules [--quick]   (--quick: the 16x16 256^3 rows only)
#include <cstring>
#include <optional>

#include <fmt/format.h>

#include "models/engine/family_registry.hpp"
#include "models/families/matrix2d/matrix2d_spec.hpp"
#include "models/families/systolic/systolic_spec.hpp"
#include "models/gemm/gemm_operands.hpp"
#include "models/gemm/int_gemm.hpp"
#include "sim/core/engine_sim.hpp"
#include "sim/core/systemc_kernel.hpp"

using namespace tpe;
using systolic::Dataflow;
using systolic::Schedule;

namespace {

struct Case {
  Dataflow df;  // systolic arrays
  int rows, cols;
  GemmShape shape;
  const char* what;
  bool matrix2d = false;  // the 2-D matrix (broadcast) array instead of a systolic one
  std::string name() const {
    return matrix2d ? fmt::format("matrix2d {}x{}", rows, cols)
                    : fmt::format("{} {}x{}", systolic::dataflow_name(df), rows, cols);
  }
};

// One model run; throws when it disagrees with the reference or the closed form.
uint64_t simulated_cycles(const EngineConfig& cfg, const GemmShape& s) {
  const GemmOperands ops = make_gemm_operands(cfg, s, 1, "random");
  auto model = make_array_model(cfg);
  const EngineRun run = simulate_gemm(cfg, ops.a, ops.b, {model.get()})[0];
  if (!run.completed || run.c != int_gemm(ops.a, ops.b, cfg.a, cfg.b, cfg.acc_bits))
    throw std::runtime_error(cfg.tag() + " " + s.str() + ": the model disagrees with the reference");
  if (run.activity.cycles != *closed_form_cycles(cfg, s))
    throw std::runtime_error(cfg.tag() + " " + s.str() + ": the model disagrees with the closed form");
  return run.activity.cycles;
}

std::optional<EngineConfig> config_of(const Case& c, Schedule sched, std::string* why) {
  try {
    if (c.matrix2d)
      return matrix2d::make_config(c.rows, c.cols, {8, true}, {8, true}, 32, "baseline",
                                   sched == Schedule::Overlap ? "overlap" : "serial");
    return systolic::make_config(c.df, c.rows, c.cols, {8, true}, {8, true}, 32, "baseline", sched);
  } catch (const ConfigError& e) {
    *why = e.what();
    return std::nullopt;
  }
}

}  // namespace

int main(int argc, char** argv) {
  register_builtin_families();
  quiet_systemc_kernel();
  const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
  std::vector<Case> cases = {
      {Dataflow::OutputStationary, 16, 16, {256, 256, 256}, "square GEMM"},
      {Dataflow::WeightStationary, 16, 16, {256, 256, 256}, "square GEMM"},
      {Dataflow::InputStationary, 16, 16, {256, 256, 256}, "square GEMM"},
      {Dataflow::OutputStationary, 16, 16, {256, 256, 256}, "square GEMM", true},
  };
  if (!quick) {
    const std::vector<Case> more = {
        {Dataflow::OutputStationary, 32, 32, {128, 4096, 128}, "long K"},
        {Dataflow::WeightStationary, 32, 32, {128, 4096, 128}, "long K"},
        {Dataflow::OutputStationary, 16, 16, {1, 4096, 4096}, "GEMV (one decoded token)"},
        {Dataflow::WeightStationary, 16, 16, {1, 4096, 4096}, "GEMV (one decoded token)"},
        {Dataflow::InputStationary, 16, 16, {1, 4096, 4096}, "GEMV (one decoded token)"},
        {Dataflow::OutputStationary, 16, 16, {64, 64, 172}, "stories260K FFN-up, 64 tokens"},
        {Dataflow::OutputStationary, 16, 16, {64, 172, 64}, "stories260K FFN-down, 64 tokens"},
        {Dataflow::OutputStationary, 16, 16, {64, 64, 64}, "stories260K attention q/k/v/o, 64 tokens"},
        {Dataflow::WeightStationary, 16, 16, {64, 64, 172}, "stories260K FFN-up, 64 tokens"},
        {Dataflow::InputStationary, 16, 16, {64, 64, 172}, "stories260K FFN-up, 64 tokens"},
        {Dataflow::InputStationary, 16, 16, {1, 64, 172}, "stories260K FFN-up, one decoded token"},
        {Dataflow::OutputStationary, 32, 32, {128, 4096, 128}, "long K", true},
        {Dataflow::OutputStationary, 16, 16, {1, 4096, 4096}, "GEMV (one decoded token)", true},
        {Dataflow::OutputStationary, 16, 16, {64, 64, 172}, "stories260K FFN-up, 64 tokens", true},
        {Dataflow::OutputStationary, 16, 16, {64, 172, 64}, "stories260K FFN-down, 64 tokens", true},
        {Dataflow::OutputStationary, 16, 16, {64, 64, 64}, "stories260K attention q/k/v/o, 64 tokens", true},
    };
    cases.insert(cases.end(), more.begin(), more.end());
  }
  fmt::print("Systolic and 2-D matrix int8 arrays, cycles per GEMM (SystemC model, equal to the closed form, bit-exact)\n");
  fmt::print("ideal = M*K*N / (R*C) cycles (every PE busy every cycle); util = ideal / cycles\n\n");
  fmt::print("| array | GEMM M x K x N | workload | serial (cycles) | overlap (cycles) | ideal (cycles) | serial util | overlap util |\n");
  fmt::print("|---|---|---|---|---|---|---|---|\n");
  std::vector<std::string> notes;
  try {
    for (const Case& c : cases) {
      std::string why;
      const auto serial = config_of(c, Schedule::Serial, &why);
      const auto overlap = config_of(c, Schedule::Overlap, &why);
      const uint64_t ideal =
          (uint64_t(c.shape.m) * c.shape.k * c.shape.n + uint64_t(c.rows) * c.cols - 1) / (uint64_t(c.rows) * c.cols);
      const uint64_t s = simulated_cycles(*serial, c.shape);
      const std::optional<uint64_t> o = overlap ? std::optional<uint64_t>(simulated_cycles(*overlap, c.shape)) : std::nullopt;
      if (!overlap && notes.empty()) notes.push_back(why);
      fmt::print("| {} | {} | {} | {} | {} | {} | {:.1f} % | {} |\n", c.name(), c.shape.str(), c.what, s, o ? std::to_string(*o) : "-", ideal, 100.0 * double(ideal) / double(s),
                 o ? fmt::format("{:.1f} %", 100.0 * double(ideal) / double(*o)) : "-");
    }
  } catch (const std::exception& e) {
    fmt::print(stderr, "bench_schedules: {}\n", e.what());
    return 1;
  }
  for (const std::string& n : notes) fmt::print("\n-: {}\n", n);
  return 0;
}
