#include "sim/families/hbmpim/hbmpim_model.hpp"

#include <stdexcept>

#include <fmt/format.h>

#include "sim/families/hbmpim/hbmpim_spec.hpp"

namespace tpe::hbmpim {

HbmPimModel::HbmPimModel(const EngineConfig& cfg)
    : layout_(PortLayout::of(cfg)),
      units_(device_of(cfg).pim_units()),
      regs_(units_),
      bank_bursts_(size_t(units_)),
      dq_bursts_(size_t(units_)),
      out_(layout_.make_outputs()) {
  cmd_valid_ = layout_.input("cmd_valid");
  data_valid_ = layout_.input("data_valid");
  op_ = layout_.input("op");
  grf_a_ = layout_.input("grf_a");
  grf_b_ = layout_.input("grf_b");
  host_ = layout_.input("host_burst");
  bank_ = layout_.input("bank_burst");
  out_valid_ = layout_.output("out_valid");
  dq_ = layout_.output("dq");
  reset();
}

void HbmPimModel::reset() {
  regs_.reset();
  counts_.assign(kCounters, 0);
  out_ = layout_.make_outputs();
}

const ArrayOutputs& HbmPimModel::tick(const ArrayInputs& in) {
  out_.set(out_valid_, 0);
  if (in.flag(cmd_valid_)) ++counts_[kDramCommands];
  if (!in.flag(data_valid_)) return out_;
  const int64_t op = in.port[size_t(op_)][0];
  if (op < 0 || op >= pim::kUnitOps) throw std::invalid_argument(fmt::format("hbmpim: op {} is not a unit op", op));
  const std::vector<int64_t>& host = in.port[size_t(host_)];
  const std::vector<int64_t>& bank = in.port[size_t(bank_)];
  for (size_t l = 0; l < size_t(pim::kLanes); ++l) host_burst_[l] = uint16_t(host[l]);
  for (size_t u = 0; u < size_t(units_); ++u)
    for (size_t l = 0; l < size_t(pim::kLanes); ++l) bank_bursts_[u][l] = uint16_t(bank[u * pim::kLanes + l]);
  const auto uop = pim::UnitOp(op);
  const bool drives = regs_.execute(uop, int(in.port[size_t(grf_a_)][0]), int(in.port[size_t(grf_b_)][0]),
                                    host_burst_, bank_bursts_, dq_bursts_);
  if (uop == pim::UnitOp::Mac) counts_[kMac] += uint64_t(units_) * pim::kLanes;
  if (uop == pim::UnitOp::WriteGrfA) ++counts_[kGrfAWrites];
  if (uop == pim::UnitOp::WriteBack) counts_[kWritebacks] += uint64_t(units_);
  if (uop == pim::UnitOp::Read) counts_[kReads] += uint64_t(units_);
  if (drives) {
    out_.set(out_valid_, 1);
    std::vector<int64_t>& dq = out_.port[size_t(dq_)];
    for (size_t u = 0; u < size_t(units_); ++u)
      for (size_t l = 0; l < size_t(pim::kLanes); ++l) dq[u * pim::kLanes + l] = dq_bursts_[u][l];
  }
  return out_;
}

}  // namespace tpe::hbmpim
