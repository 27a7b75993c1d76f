#include "sim/families/hbmpim/hbmpim_controller.hpp"

#include <stdexcept>

#include "sim/families/hbmpim/hbmpim_spec.hpp"

namespace tpe::hbmpim {
HbmPimController::HbmPimController(const EngineConfig& cfg, const OperandMatrix& a, const OperandMatrix& b)
    : GemmController(cfg, a, b), dev_(device_of(cfg)), units_(dev_.pim_units()), bank_(size_t(units_)), dq_bursts_(size_t(units_)) {
  sched_ = pim::hbmpim_schedule(dev_, N_, K_, M_, true);
  host_ = std::make_unique<pim::HbmPimHost>(dev_, sched_, weights_of(b), inputs_of(a));
  cmd_valid_ = layout_.input("cmd_valid");
  data_valid_ = layout_.input("data_valid");
  op_ = layout_.input("op");
  grf_a_ = layout_.input("grf_a");
  grf_b_ = layout_.input("grf_b");
  host_port_ = layout_.input("host_burst");
  bank_port_ = layout_.input("bank_burst");
  out_valid_ = layout_.output("out_valid");
  dq_ = layout_.output("dq");
}

const ArrayInputs& HbmPimController::next(const ArrayOutputs& out) {
  in_.set(cmd_valid_, 0);
  in_.set(data_valid_, 0);
  if (done_) return in_;
  const pim::UnitEvent* answered = nullptr;
  if (pending_.take(out, out_valid_, "hbmpim units' data bus", answered)) {
    const pim::UnitEvent& e = *answered;
    const std::vector<int64_t>& dq = out.port[size_t(dq_)];
    for (size_t u = 0; u < size_t(units_); ++u)
      for (size_t l = 0; l < size_t(pim::kLanes); ++l) dq_bursts_[u][l] = uint16_t(dq[u * pim::kLanes + l]);
    host_->outputs(e, dq_bursts_);
    if (e.op == pim::UnitOp::WriteBack) buf_c_->write_bits += uint64_t(units_) * 256;
  }
  const bool issued_all = next_cmd_ == sched_.command_cycles.size() && next_event_ == sched_.events.size();
  if (issued_all) {
    if (pending_.empty()) {
      const std::vector<uint16_t>& y = host_->y();
      for (size_t i = 0; i < y.size(); ++i) c_.data[i] = int64_t(y[i]);
      done_ = true;
    }
    return in_;
  }
  if (next_cmd_ < sched_.command_cycles.size() && sched_.command_cycles[next_cmd_] == cycle_) {
    in_.set(cmd_valid_, 1);
    ++next_cmd_;
  }
  if (next_event_ < sched_.events.size() && sched_.events[next_event_].cycle == cycle_) {
    const pim::UnitEvent& e = sched_.events[next_event_++];
    // A result is read only after its write-back came back from the units.
    if (e.op == pim::UnitOp::Read && e.burst >= 0 && !pending_.empty() && pending_.back()->op == pim::UnitOp::WriteBack)
      throw std::logic_error("hbmpim: a result read overtook its write-back");
    host_->inputs(e, host_burst_, bank_);
    in_.set(data_valid_, 1);
    in_.set(op_, int(e.op));
    in_.set(grf_a_, e.grf_a);
    in_.set(grf_b_, e.grf_b);
    if (e.op == pim::UnitOp::WriteGrfA) {
      std::vector<int64_t>& h = in_.port[size_t(host_port_)];
      for (size_t l = 0; l < size_t(pim::kLanes); ++l) h[l] = host_burst_[l];
      buf_a_->read_bits += 256;
    }
    if (e.op == pim::UnitOp::Mac || e.op == pim::UnitOp::Read) {
      std::vector<int64_t>& bk = in_.port[size_t(bank_port_)];
      for (size_t u = 0; u < size_t(units_); ++u)
        for (size_t l = 0; l < size_t(pim::kLanes); ++l) bk[u * pim::kLanes + l] = bank_[u][l];
      if (e.op == pim::UnitOp::Mac) buf_b_->read_bits += uint64_t(units_) * 256;
    }
    if (e.op == pim::UnitOp::WriteBack || e.op == pim::UnitOp::Read) pending_.push(&e);
  }
  ++cycle_;
  return in_;
}

}  // namespace tpe::hbmpim
