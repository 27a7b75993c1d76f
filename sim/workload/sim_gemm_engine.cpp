#include "sim/workload/sim_gemm_engine.hpp"

#include <regex>

#include <fmt/format.h>

#include "models/engine/family_registry.hpp"
#include "models/gemm/int_gemm.hpp"
#include "sim/core/engine_sim.hpp"
#include "sim/core/family_sim.hpp"

namespace tpe {

std::string engine_format_problem(const EngineConfig& cfg, const IntFormat& fa, const IntFormat& fb, int acc_bits) {
  if (!family_of(cfg).spec->computes_integer_gemm())
    return fmt::format("the '{}' family does not compute plain integer GEMMs (its operands are coded or floating "
                       "point), so an LLM's integer GEMMs cannot run on it",
                       cfg.family);
  auto fits = [](const IntFormat& f, const IntFormat& e) {
    return f.min_value() >= e.min_value() && f.max_value() <= e.max_value();
  };
  if (!fits(fa, cfg.a))
    return fmt::format("activations (A) in {} do not fit the engine's A format {}", fa.tag(), cfg.a.tag());
  if (!fits(fb, cfg.b))
    return fmt::format("weights (B) in {} do not fit the engine's B format {}", fb.tag(), cfg.b.tag());
  if (cfg.acc_bits < acc_bits)
    return fmt::format("the scheme accumulates in {} bits, the engine's accumulator has only {}", acc_bits,
                       cfg.acc_bits);
  return "";
}

SimGemmEngine::SimGemmEngine(const EngineConfig& cfg, SimFidelity fidelity) : cfg_(cfg), fidelity_(fidelity) {}

std::vector<GemmRecord> SimGemmEngine::take_records() {
  std::vector<GemmRecord> r;
  r.swap(records_);
  return r;
}

ResultMatrix SimGemmEngine::gemm(const OperandMatrix& a, const OperandMatrix& b, const IntFormat& fa,
                                 const IntFormat& fb, int acc_bits) {
  const std::string problem = engine_format_problem(cfg_, fa, fb, acc_bits);
  if (!problem.empty())
    throw EngineFormatError(fmt::format("engine {} cannot run the GEMM {}x{}x{} of '{}' bit-exactly: {}", cfg_.tag(),
                                        a.rows, a.cols, b.cols, scope_.empty() ? "?" : scope_, problem));
  GemmRecord rec;
  rec.scope = scope_;
  rec.shape = GemmShape{a.rows, a.cols, b.cols};
  rec.fa = fa;
  rec.fb = fb;
  rec.macs = rec.shape.macs();
  ResultMatrix expect = int_gemm(a, b, fa, fb, acc_bits);
  if (fidelity_ == SimFidelity::ClosedForm) {
    const std::optional<uint64_t> c = family_of(cfg_).spec->cycles_for_operands(cfg_, a, b);
    if (!c)
      throw std::runtime_error(fmt::format("family '{}' has no closed-form cycle count for {}: use the cycle model",
                                           cfg_.family, rec.shape.str()));
    rec.cycles = *c;
    rec.activity.cycles = *c;
    rec.activity.counter_names = {"mac"};
    rec.activity.counters = {uint64_t(rec.macs)};
    records_.push_back(std::move(rec));
    return expect;
  }
  auto model = make_array_model(cfg_);
  std::vector<ArrayDevice*> devices{model.get()};
  if (second_) devices.push_back(second_);
  std::vector<EngineRun> runs = simulate_gemm(cfg_, a, b, devices);
  EngineRun& run = runs[0];
  if (second_) {
    if (!runs[1].completed || runs[1].c != runs[0].c || runs[1].activity.cycles != runs[0].activity.cycles)
      throw std::runtime_error(fmt::format("{}: the second device (RTL) disagrees with the cycle model of {} on GEMM "
                                           "{}: {} cycles vs {}, values {}",
                                           scope_, cfg_.tag(), rec.shape.str(), runs[1].activity.cycles,
                                           runs[0].activity.cycles, runs[1].c == runs[0].c ? "equal" : "differ"));
    rec.second_device_checked = true;
  }
  if (!run.completed)
    throw std::runtime_error(fmt::format("{}: the cycle model of {} hit its cycle bound on GEMM {}", scope_,
                                         cfg_.tag(), rec.shape.str()));
  // The engine wraps to its own (wider or equal) accumulator; the low
  // acc_bits bits are the same, so wrapping again gives the scheme's value.
  const bool sgn = product_is_signed(fa, fb);
  for (int64_t& v : run.c.data) v = wrap_to_accumulator(v, acc_bits, sgn);
  if (run.c != expect)
    throw std::runtime_error(fmt::format("{}: the cycle model of {} differs from the reference on GEMM {}", scope_,
                                         cfg_.tag(), rec.shape.str()));
  rec.cycles = run.activity.cycles;
  rec.activity = std::move(run.activity);
  records_.push_back(std::move(rec));
  return expect;
}

int scope_layer(const std::string& scope) {
  static const std::regex re(R"(layer (\d+) .*)");
  std::smatch m;
  return std::regex_match(scope, m, re) ? std::stoi(m[1]) : -1;
}

std::string scope_kind(const std::string& scope) {
  const size_t sp = scope.rfind(' ');
  return sp == std::string::npos ? scope : scope.substr(sp + 1);
}

void accumulate(ActivityTrace& a, const ActivityTrace& b) {
  if (a.counter_names.empty() && a.cycles == 0) {
    a = b;
    return;
  }
  if (a.counter_names != b.counter_names)
    throw std::logic_error("accumulate: activity traces of different counter sets");
  a.cycles += b.cycles;
  for (size_t i = 0; i < a.counters.size(); ++i) a.counters[i] += b.counters[i];
  for (const auto& [k, v] : b.buffers) {
    a.buffers[k].read_bits += v.read_bits;
    a.buffers[k].write_bits += v.write_bits;
  }
}

}  // namespace tpe
