#include "sim/workload/layer_on_engine.hpp"

#include <chrono>

#include <fmt/format.h>

#include "models/engine/family_registry.hpp"
#include "models/gemm/gemm_operands.hpp"
#include "sim/core/engine_sim.hpp"
#include "sim/core/family_sim.hpp"

namespace tpe {

double OpOnEngine::dram_bytes(const EngineConfig& cfg) const {
  const double a = double(op.m) * op.k * cfg.a.bits, b = double(op.k) * op.n * cfg.b.bits,
               c = double(op.m) * op.n * cfg.acc_bits;
  return (a + b + c) / 8.0 * double(op.count);
}

uint64_t LayerOnEngine::layer_cycles() const {
  uint64_t c = 0;
  for (const OpOnEngine& o : layer) c += o.cycles();
  return c;
}

double LayerOnEngine::layer_macs() const {
  double m = 0;
  for (const OpOnEngine& o : layer) m += o.op.macs();
  return m;
}

ActivityTrace scaled(const ActivityTrace& t, uint64_t n) {
  ActivityTrace s = t;
  s.cycles *= n;
  for (uint64_t& c : s.counters) c *= n;
  for (auto& [k, b] : s.buffers) {
    b.read_bits *= n;
    b.write_bits *= n;
  }
  return s;
}

OpOnEngine run_op_on_engine(const EngineConfig& cfg, const GemmOp& op, const LayerRunOptions& opt, uint64_t seed) {
  OpOnEngine r;
  r.op = op;
  const GemmShape s{op.m, op.k, op.n};
  if (opt.fidelity == SimFidelity::ClosedForm) {
    const std::optional<uint64_t> c = closed_form_cycles(cfg, s);
    if (!c)
      throw std::invalid_argument(fmt::format(
          "--fast: family '{}' has no closed-form cycle count (its cycles depend on the values); drop --fast to run "
          "the cycle model",
          cfg.family));
    r.cycles_each = *c;
    r.activity.cycles = *c;
    r.activity.counter_names = {"mac"};
    r.activity.counters = {uint64_t(s.macs())};
    if (cfg.memory) r.memory = run_memory_stage(cfg, s, *c);
    return r;
  }
  using Clock = std::chrono::steady_clock;
  auto since = [](Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); };
  auto t = Clock::now();
  const GemmOperands ops = make_gemm_operands(cfg, s, seed, "random");
  const OperandMatrix &a = ops.a, &b = ops.b;
  r.operand_seconds = since(t);
  t = Clock::now();
  auto model = make_array_model(cfg);
  EngineRun run = simulate_gemm(cfg, a, b, {model.get()})[0];
  r.sim_seconds = since(t);
  t = Clock::now();
  if (!run.completed)
    throw std::runtime_error(fmt::format("{} {}: the cycle model hit its cycle bound", op.name, s.str()));
  if (opt.check_values) {
    if (run.c != engine_reference(cfg, a, b))
      throw std::runtime_error(fmt::format("{} {}: the cycle model differs from the reference", op.name, s.str()));
    r.values_checked = true;
  }
  r.check_seconds = since(t);
  r.cycles_each = run.activity.cycles;
  r.memory = run.memory;
  r.activity = std::move(run.activity);
  return r;
}

LayerOnEngine run_layer_on_engine(const EngineConfig& cfg, const Workload& w, const LayerRunOptions& opt) {
  LayerOnEngine r;
  uint64_t seed = opt.seed;
  for (const GemmOp& op : w.layer) {
    r.layer.push_back(run_op_on_engine(cfg, op, opt, seed));
    seed += 2;
  }
  if (opt.lm_head) r.lm_head = run_op_on_engine(cfg, w.lm_head, opt, seed);
  return r;
}

}  // namespace tpe
