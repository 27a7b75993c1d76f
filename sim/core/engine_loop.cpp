#include "sim/core/engine_loop.hpp"

#include <fmt/format.h>

#include "models/engine/family_registry.hpp"
#include "sim/core/family_sim.hpp"

namespace tpe {

EngineLoop::EngineLoop(const EngineConfig& cfg, const OperandMatrix& a, const OperandMatrix& b, ArrayDevice& dev,
                       std::ostream* trace)
    : ctrl_(make_controller(cfg, a, b)),
      dev_(dev),
      trace_(trace),
      layout_(PortLayout::of(cfg)),
      nothing_(layout_.make_inputs()),
      from_array_(layout_.make_outputs()) {
  for (const auto& c : family_of(cfg).spec->counters(cfg)) counter_names_.push_back(c.name);
}

void EngineLoop::step() {
  const ArrayOutputs& out = dev_.tick(*to_array_);  // samples the controller's previous decision
  if (!started_ && layout_.any_strobe(*to_array_)) {
    started_ = true;
    first_edge_ = edge_;
  }
  const bool valid = layout_.out_valid < 0 || out.flag(layout_.out_valid);
  if (valid && layout_.out_valid >= 0) last_edge_ = edge_;
  if (started_ && trace_)
    *trace_ << fmt::format("{:>7} | {} | {}\n", edge_ - first_edge_, layout_.format_inputs(*to_array_),
                           layout_.format_outputs(out));
  to_array_ = &ctrl_->next(from_array_);  // decides from what the array showed after the previous edge
  // Register what the array shows; result lanes only matter when valid.
  for (size_t p = 0; p < out.port.size(); ++p) {
    const bool data = layout_.out[p].role == PortRole::Data;
    if (!data || valid) std::copy(out.port[p].begin(), out.port[p].end(), from_array_.port[p].begin());
  }
  ++edge_;
}

EngineRun EngineLoop::result() const {
  EngineRun r = run_without_c();
  r.c = ctrl_->result();
  return r;
}

EngineRun EngineLoop::take_result() {
  EngineRun r = run_without_c();
  r.c = ctrl_->take_result();
  return r;
}

EngineRun EngineLoop::run_without_c() const {
  EngineRun r;
  r.completed = ctrl_->done();
  r.activity.cycles = cycles();
  r.activity.counter_names = counter_names_;
  if (const std::vector<uint64_t>* c = dev_.counters())
    r.activity.counters = *c;
  else
    r.activity.counters.assign(counter_names_.size(), 0);
  r.activity.buffers = ctrl_->buffers();
  return r;
}

}  // namespace tpe
