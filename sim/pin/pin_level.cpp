#include "sim/pin/pin_level.hpp"

#include <fmt/format.h>

#include "models/engine/family_registry.hpp"
#include "models/gemm/int_gemm.hpp"
#include "sim/core/family_sim.hpp"

namespace tpe {

void pin_pack(const std::vector<int64_t>& lanes, int lane_bits, sc_dt::sc_bv_base& bits) {
  for (size_t i = 0; i < lanes.size(); ++i) {
    const int lo = int(i) * lane_bits;
    bits.range(lo + lane_bits - 1, lo) = sc_dt::uint64(lanes[i]);
  }
}

void pin_unpack(const sc_dt::sc_bv_base& bits, int lane_bits, bool is_signed, std::vector<int64_t>& lanes) {
  for (size_t i = 0; i < lanes.size(); ++i) {
    const int lo = int(i) * lane_bits;
    lanes[i] = wrap_to_accumulator(int64_t(bits.range(lo + lane_bits - 1, lo).to_uint64()), lane_bits, is_signed);
  }
}

PinLevelCore::PinLevelCore(const std::string& config_json)
    : cfg_(parse_engine_config(config_json, "pin-level module")),
      layout_(PortLayout::of(cfg_)),
      dev_(make_array_model(cfg_)),
      in_(layout_.make_inputs()),
      zeros_(layout_.make_outputs()) {}

void PinLevelCore::reset() {
  dev_->reset();
  out_ = &zeros_;
}

void PinLevelCore::tick() { out_ = &dev_->tick(in_); }

PinBench::PinBench(const std::string& config_json, const OperandMatrix& a, const OperandMatrix& b)
    : cfg_(parse_engine_config(config_json, "pin-level bench")),
      layout_(PortLayout::of(cfg_)),
      a_(a),
      b_(b),
      ctrl_(make_controller(cfg_, a_, b_)),
      nothing_(layout_.make_inputs()),
      applied_(nothing_),
      seen_(layout_.make_outputs()),
      registered_(layout_.make_outputs()) {}

bool PinBench::edge() {
  if (edge_ > 0) {
    // What the array showed after the previous edge, for the line of that edge.
    const uint64_t e = edge_ - 1;
    if (!started_ && layout_.any_strobe(applied_)) {
      started_ = true;
      first_edge_ = e;
    }
    const bool valid = layout_.out_valid < 0 || seen_.flag(layout_.out_valid);
    if (valid && layout_.out_valid >= 0) last_edge_ = e;
    if (started_)
      trace_.push_back(fmt::format("{:>7} | {} | {}", e - first_edge_, layout_.format_inputs(applied_),
                                   layout_.format_outputs(seen_)));
    for (size_t p = 0; p < seen_.port.size(); ++p)
      if (layout_.out[p].role != PortRole::Data || valid) registered_.port[p] = seen_.port[p];
  }
  if (ctrl_->done()) return true;
  // registered_ after edge t-1 is what EngineLoop hands the controller at edge t.
  applied_ = *next_;
  next_ = &ctrl_->next(registered_);
  ++edge_;
  return false;
}

}  // namespace tpe
