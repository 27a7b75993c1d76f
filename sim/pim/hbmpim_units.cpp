#include "sim/pim/hbmpim_units.hpp"

namespace tpe::pim {

NearBankUnits::NearBankUnits(int units) : grf_b_(size_t(units)) {}

void NearBankUnits::reset() {
  grf_a_ = {};
  for (auto& r : grf_b_) r = {};
}

bool NearBankUnits::execute(UnitOp op, int grf_a, int grf_b, const Burst& host, const std::vector<Burst>& bank,
                            std::vector<Burst>& dq) {
  switch (op) {
    case UnitOp::Reset:
      for (auto& r : grf_b_) r = {};
      return false;
    case UnitOp::WriteGrfA:
      grf_a_[size_t(grf_a)] = host;
      return false;
    case UnitOp::Mac: {
      const Burst& a = grf_a_[size_t(grf_a)];
      for (size_t u = 0; u < grf_b_.size(); ++u) {
        Burst& acc = grf_b_[u][size_t(grf_b)];
        for (size_t l = 0; l < size_t(kLanes); ++l) acc[l] = fp16_mac_bits(bank[u][l], a[l], acc[l]);
      }
      return false;
    }
    case UnitOp::WriteBack:
      for (size_t u = 0; u < grf_b_.size(); ++u) dq[u] = grf_b_[u][size_t(grf_b)];
      return true;
    case UnitOp::Read:
      for (size_t u = 0; u < grf_b_.size(); ++u) dq[u] = bank[u];
      return true;
  }
  return false;
}

}  // namespace tpe::pim
