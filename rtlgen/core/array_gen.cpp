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

namespace tpe::rtl {

Module make_readout_column(const std::vector<int>& half_bits, int rows, int acc_bits, int row_bits,
                           bool quiet_select) {
  Module m;
  m.name = fmt::format("rdcol_r{}", rows);
  for (int w : half_bits) m.name += fmt::format("_h{}", w);
  m.name += fmt::format("_acc{}{}", acc_bits, quiet_select ? "_q" : "");
  m.comment = "One column of the row read-out: rd_en loads word rd_row of the column into the output register.";
  m.add("clk", 1, SignalKind::Input);
  m.add("rst", 1, SignalKind::Input, /*may_be_unused=*/true);  // the output register needs none: out_valid says when it counts
  m.add("rd_en", 1, SignalKind::Input);
  m.add("rd_row", row_bits, SignalKind::Input);
  for (size_t h = 0; h < half_bits.size(); ++h)
    for (int i = 0; i < rows; ++i) m.add(fmt::format("x{}_{}", h, i), half_bits[h], SignalKind::Input);
  m.add("c", acc_bits, SignalKind::Output);
  for (int i = 0; i < rows; ++i) {
    m.add(signal_name("sel", i), 1, SignalKind::Wire);
    const ExprP hit = eq(m.sig("rd_row"), cst(row_bits, uint64_t(i)));
    m.assign(signal_name("sel", i), quiet_select ? band(m.sig("rd_en"), hit) : hit);
  }
  ExprP value;
  for (size_t h = 0; h < half_bits.size(); ++h) {
    const int w = half_bits[h];
    std::vector<ExprP> picked;
    for (int i = 0; i < rows; ++i)
      picked.push_back(band(repeat(w, m.sig(signal_name("sel", i))), m.sig(fmt::format("x{}_{}", h, i))));
    const std::string half = fmt::format("pick{}", h);
    m.add(half, w, SignalKind::Wire);
    m.assign(half, or_tree(picked));
    // A narrower carry-save half gets its zero low bits back before the adder.
    const ExprP full = w == acc_bits ? m.sig(half) : cat({m.sig(half), cst(acc_bits - w, 0)});
    value = value ? add(value, full) : full;
  }
  m.reg("c", value, m.sig("rd_en"));
  return m;
}

void add_column_readout(Module& top, const Module& column, const std::vector<const char*>& acc_names, int rows,
                        int cols) {
  const int acc_bits = column.find("c")->width;
  std::vector<ExprP> lanes;
  for (int j = cols - 1; j >= 0; --j) {
    const std::string out = signal_name("rd_c", j);
    top.add(out, acc_bits, SignalKind::Wire);
    Instance col{column.name, signal_name("rdcol", j), {}};
    col.connections = {{"clk", top.sig("clk")}, {"rst", top.sig("rst")}, {"rd_en", top.sig("rd_en")}, {"rd_row", top.sig("rd_row")}};
    for (size_t h = 0; h < acc_names.size(); ++h)
      for (int i = 0; i < rows; ++i)
        col.connections.push_back({fmt::format("x{}_{}", h, i), top.sig(signal_name(acc_names[h], i, j))});
    col.connections.push_back({"c", top.sig(out)});
    top.instances.push_back(std::move(col));
    lanes.push_back(top.sig(out));
  }
  top.assign("c_vec", cat(lanes));
  top.reg("out_valid", top.sig("rd_en"), nullptr, cst(1, 0));
}

}  // namespace tpe::rtl
