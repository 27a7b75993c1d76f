#include "sim/core/engine_loop.hpp"

#include <fmt/format.h>

namespace tpe {

EngineLoop::EngineLoop(const EngineConfig& cfg, const OperandMatrix& a, const OperandMatrix& b, ArrayDevice& dev,
                       std::ostream* trace)
    : ctrl_(cfg, a, b), dev_(dev), trace_(trace) {}

void EngineLoop::step() {
  const ArrayOutputs& out = dev_.tick(*to_array_);  // samples the controller's previous decision
  if (to_array_->any_activity() && !started_) {
    started_ = true;
    first_edge_ = edge_;
  }
  if (out.out_valid) last_edge_ = edge_;
  if (started_ && trace_)
    *trace_ << fmt::format("{:>7} | {} | {}\n", edge_ - first_edge_, format_inputs(*to_array_), format_outputs(out));
  to_array_ = &ctrl_.next(from_array_);  // decides from what the array showed after the previous edge
  // Register what the array shows; the row of results only matters when valid.
  from_array_.idle = out.idle;
  from_array_.out_valid = out.out_valid;
  if (out.out_valid) from_array_.c.assign(out.c.begin(), out.c.end());
  ++edge_;
}

EngineRun EngineLoop::result() const {
  EngineRun r = run_without_c();
  r.c = ctrl_.result();
  return r;
}

EngineRun EngineLoop::take_result() {
  EngineRun r = run_without_c();
  r.c = ctrl_.take_result();
  return r;
}

EngineRun EngineLoop::run_without_c() const {
  EngineRun r;
  r.completed = ctrl_.done();
  r.activity.cycles = cycles();
  if (const ArrayActivity* act = dev_.activity()) r.activity.array = *act;
  r.activity.buffers = ctrl_.buffers();
  return r;
}

}  // namespace tpe
