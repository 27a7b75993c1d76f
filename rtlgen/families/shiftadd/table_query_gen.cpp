#include "rtlgen/families/shiftadd/table_query_gen.hpp"

#include <vector>

namespace tpe::rtl {

ExprP table_query(const ExprP& lut, int entry_bits, const ExprP& code, int code_lo) {
  std::vector<ExprP> level;
  const int entries = lut->width / entry_bits;
  for (int e = 0; e < entries; ++e) level.push_back(slice(lut, e * entry_bits + entry_bits - 1, e * entry_bits));
  for (int j = 0; level.size() > 1; ++j) {
    const ExprP sel = slice(code, code_lo + j, code_lo + j);
    std::vector<ExprP> next;
    for (size_t i = 0; i + 1 < level.size(); i += 2) next.push_back(mux(sel, level[i + 1], level[i]));
    level = std::move(next);
  }
  return level[0];
}

}  // namespace tpe::rtl
