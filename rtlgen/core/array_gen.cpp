#include "rtlgen/core/array_gen.hpp"

#include <fmt/format.h>

namespace tpe::rtl {

std::string signal_name(const char* prefix, int i) { return fmt::format("{}_{}", prefix, i); }
std::string signal_name(const char* prefix, int i, int j) { return fmt::format("{}_{}_{}", prefix, i, j); }

ExprP lane(const Module& m, const std::string& port, int i, int w) {
  return slice(m.sig(port), (i + 1) * w - 1, i * w);
}

ExprP or_tree(std::vector<ExprP> terms) {
  while (terms.size() > 1) {
    std::vector<ExprP> next;
    for (size_t i = 0; i + 1 < terms.size(); i += 2) next.push_back(bor(terms[i], terms[i + 1]));
    if (terms.size() % 2) next.push_back(terms.back());
    terms = std::move(next);
  }
  return terms[0];
}

void add_row_readout(Module& top, const std::vector<const char*>& acc_names, int rows, int cols, int acc_bits,
                     int row_bits) {
  for (int i = 0; i < rows; ++i) {
    top.add(signal_name("rd_sel", i), 1, SignalKind::Wire);
    top.assign(signal_name("rd_sel", i), eq(top.sig("rd_row"), cst(row_bits, uint64_t(i))));
  }
  // A carry-save half may leave out low bits that are zero by construction
  // (rtlgen/core/carry_save.hpp): its wires are narrower than acc_bits and
  // the zeros are put back in front of the adder.
  std::vector<ExprP> selected;
  std::vector<int> widths;
  for (const char* acc : acc_names) {
    const int w = top.find(signal_name(acc, 0, 0))->width;
    std::vector<ExprP> picked;
    for (int i = 0; i < rows; ++i) {
      std::vector<ExprP> lanes;
      for (int j = cols - 1; j >= 0; --j) lanes.push_back(top.sig(signal_name(acc, i, j)));
      picked.push_back(band(repeat(cols * w, top.sig(signal_name("rd_sel", i))), cat(lanes)));
    }
    const std::string row = std::string("rd_") + acc;
    top.add(row, cols * w, SignalKind::Wire);
    top.assign(row, or_tree(picked));
    selected.push_back(top.sig(row));
    widths.push_back(w);
  }
  const auto column = [&](size_t half, int j) {
    const int w = widths[half];
    const ExprP bits = slice(selected[half], (j + 1) * w - 1, j * w);
    return w == acc_bits ? bits : cat({bits, cst(acc_bits - w, 0)});
  };
  ExprP read_value = selected[0];
  if (selected.size() == 2) {
    std::vector<ExprP> sums;
    for (int j = cols - 1; j >= 0; --j) sums.push_back(add(column(0, j), column(1, j)));
    read_value = cat(sums);
  }
  top.reg("out_valid", top.sig("rd_en"), nullptr, cst(1, 0));
  top.reg("c_vec", read_value, top.sig("rd_en"));
}

}  // namespace tpe::rtl
