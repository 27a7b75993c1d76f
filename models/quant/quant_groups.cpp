#include "models/quant/quant_groups.hpp"

#include <stdexcept>

#include <fmt/format.h>

namespace tpe {

GroupLayout make_group_layout(int k, int group_size, const char* param) {
  constexpr int kMax = 1 << 24;
  if (k < 1 || k > kMax)
    throw std::invalid_argument(fmt::format("K = {} is out of range; allowed 1..{}", k, kMax));
  if (group_size < 1 || group_size > kMax)
    throw std::invalid_argument(fmt::format("{} = {} is out of range; allowed 1..{}", param, group_size, kMax));
  return GroupLayout{k, group_size};
}

}  // namespace tpe
