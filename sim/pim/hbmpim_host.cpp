#include "sim/pim/hbmpim_host.hpp"

#include <stdexcept>

#include <fmt/format.h>

namespace tpe::pim {

HbmPimHost::HbmPimHost(const HbmPimConfig& cfg, const HbmPimSchedule& s, const Fp16Matrix& w, std::vector<uint16_t> x)
    : s_(s),
      units_(cfg.pim_units()),
      per_pch_(cfg.units_per_pseudo_channel()),
      banks_(preload_hbmpim_banks(cfg, s, w)),
      x_(std::move(x)),
      y_(size_t(s.batch) * size_t(s.n), 0) {
  if (w.rows != s.n || w.cols != s.k || x_.size() != size_t(s.batch) * size_t(s.k))
    throw std::invalid_argument(fmt::format("hbmpim: W {}x{} and {} inputs do not fit the schedule's {}x{} batch {}",
                                            w.rows, w.cols, x_.size(), s.n, s.k, s.batch));
}

void HbmPimHost::inputs(const UnitEvent& e, Burst& host, std::vector<Burst>& bank) const {
  if (e.op == UnitOp::WriteGrfA) {
    const uint16_t* xb = x_.data() + size_t(e.batch) * size_t(s_.k);
    for (int l = 0; l < kLanes; ++l) {
      const int k = e.input_tile * kInputTile + e.grf_a * kLanes + l;
      host[size_t(l)] = k < s_.k ? xb[k] : 0;
    }
  }
  if (e.op == UnitOp::Mac || e.op == UnitOp::Read)
    for (int u = 0; u < units_; ++u)
      bank[size_t(u)] = e.burst < 0 ? Burst{} : banks_.bank[e.parity][size_t(u)][size_t(e.burst)];
}

void HbmPimHost::outputs(const UnitEvent& e, const std::vector<Burst>& dq) {
  if (e.op == UnitOp::WriteBack) {
    for (int u = 0; u < units_; ++u) banks_.bank[e.parity][size_t(u)][size_t(e.burst)] = dq[size_t(u)];
  } else if (e.op == UnitOp::Read && e.burst >= 0) {
    // Unit v of every pseudo-channel: output row j x 8 units + 8u + o.
    const int rows_per_tile = kGrfB * units_;
    for (int u = e.unit; u < units_; u += per_pch_) {
      const int n = e.out_tile * rows_per_tile + kGrfB * u + e.grf_b;
      if (n < s_.n) y_[size_t(e.batch) * size_t(s_.n) + size_t(n)] = lane_tree(dq[size_t(u)].data());
    }
  }
}

}  // namespace tpe::pim
