#include "rtlgen/ir/compressor_tree.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

namespace tpe::rtl {

int CompressorTree::full_adders() const {
  return int(std::count_if(cells.begin(), cells.end(), [](const CompressorCell& c) { return c.full; }));
}
int CompressorTree::half_adders() const { return int(cells.size()) - full_adders(); }

std::vector<std::vector<int>> operand_columns(int rows, int width) {
  std::vector<std::vector<int>> cols(static_cast<size_t>(width));
  for (int r = 0; r < rows; ++r)
    for (int i = 0; i < width; ++i) cols[size_t(i)].push_back(r * width + i);
  return cols;
}

CompressorTree dadda_tree(const std::vector<std::vector<int>>& columns, int width) {
  if (width < 1 || width > 64) throw std::invalid_argument(fmt::format("dadda_tree: width {} not in 1..64", width));
  CompressorTree t;
  t.width = width;
  std::vector<std::vector<int>> cols(static_cast<size_t>(width));
  std::vector<char> seen;
  for (size_t c = 0; c < columns.size(); ++c)
    for (int id : columns[c]) {
      if (id < 0) throw std::invalid_argument("dadda_tree: negative bit id");
      if (size_t(id) >= seen.size()) seen.resize(size_t(id) + 1, 0);
      if (seen[size_t(id)]++) throw std::invalid_argument(fmt::format("dadda_tree: bit id {} listed twice", id));
      if (int(c) < width) cols[c].push_back(id);
    }
  t.inputs = int(seen.size());
  for (size_t i = 0; i < seen.size(); ++i)
    if (!seen[i]) throw std::invalid_argument(fmt::format("dadda_tree: bit id {} missing", i));
  t.bits = t.inputs;
  t.live.push_back(cols);

  size_t tallest = 0;
  for (const auto& c : cols) tallest = std::max(tallest, c.size());
  std::vector<size_t> targets = {2};
  while (targets.back() * 3 / 2 < tallest) targets.push_back(targets.back() * 3 / 2);
  if (tallest <= 2) targets.clear();
  for (auto d = targets.rbegin(); d != targets.rend(); ++d) {
    const int stage = ++t.stages;
    std::vector<std::vector<int>> next(static_cast<size_t>(width));
    std::vector<int> carries_in;
    for (int c = 0; c < width; ++c) {
      const std::vector<int>& in = cols[size_t(c)];
      std::vector<int> carries_out;
      size_t used = 0, height = in.size() + carries_in.size();
      auto add_cell = [&](bool full) {
        CompressorCell cell;
        cell.full = full;
        for (int i = 0; i < (full ? 3 : 2); ++i) cell.in[size_t(i)] = in[used++];
        cell.column = c;
        cell.stage = stage;
        cell.sum = t.bits++;
        next[size_t(c)].push_back(cell.sum);
        if (c + 1 < width) {
          cell.carry = t.bits++;
          carries_out.push_back(cell.carry);
        }
        t.cells.push_back(cell);
      };
      while (height > *d) {
        const bool full = height - *d >= 2;
        if (in.size() - used < (full ? 3u : 2u))
          throw std::logic_error(fmt::format("dadda_tree: column {} of stage {} too tall for target {}", c, stage, *d));
        add_cell(full);
        height -= full ? 2 : 1;
      }
      next[size_t(c)].insert(next[size_t(c)].end(), in.begin() + long(used), in.end());
      next[size_t(c)].insert(next[size_t(c)].end(), carries_in.begin(), carries_in.end());
      carries_in = std::move(carries_out);
    }
    cols = std::move(next);
    t.live.push_back(cols);
  }
  for (int r = 0; r < 2; ++r) {
    t.rows[size_t(r)].assign(size_t(width), -1);
    for (int c = 0; c < width; ++c)
      if (cols[size_t(c)].size() > size_t(r)) t.rows[size_t(r)][size_t(c)] = cols[size_t(c)][size_t(r)];
  }
  return t;
}

std::vector<uint8_t> evaluate_bits(const CompressorTree& t, const std::vector<uint8_t>& input_bits) {
  std::vector<uint8_t> v(size_t(t.bits), 0);
  std::copy_n(input_bits.begin(), t.inputs, v.begin());
  for (const auto& c : t.cells) {
    const int x = v[size_t(c.in[0])], y = v[size_t(c.in[1])], z = c.full ? v[size_t(c.in[2])] : 0;
    v[size_t(c.sum)] = uint8_t(x ^ y ^ z);
    if (c.carry >= 0) v[size_t(c.carry)] = uint8_t((x & y) | (x & z) | (y & z));
  }
  return v;
}

uint64_t evaluate(const CompressorTree& t, const std::vector<uint8_t>& input_bits) {
  const std::vector<uint8_t> v = evaluate_bits(t, input_bits);
  uint64_t sum = 0;
  for (const auto& row : t.rows)
    for (int c = 0; c < t.width; ++c)
      if (row[size_t(c)] >= 0 && v[size_t(row[size_t(c)])]) sum += uint64_t(1) << c;
  return t.width == 64 ? sum : sum & ((uint64_t(1) << t.width) - 1);
}

std::array<ExprP, 2> emit_compressor_tree(Module& m, const CompressorTree& t, const std::vector<ExprP>& inputs,
                                          const std::string& prefix,
                                          const std::function<ExprP(int, int, const ExprP&)>& after_stage,
                                          int min_stages) {
  if (int(inputs.size()) != t.inputs)
    throw std::invalid_argument(fmt::format("emit_compressor_tree: {} inputs for a tree of {}", inputs.size(), t.inputs));
  std::vector<ExprP> bit(size_t(t.bits));
  std::copy(inputs.begin(), inputs.end(), bit.begin());
  size_t next_cell = 0;
  for (int stage = 1; stage <= std::max(t.stages, min_stages); ++stage) {
    for (; next_cell < t.cells.size() && t.cells[next_cell].stage == stage; ++next_cell) {
      const CompressorCell& c = t.cells[next_cell];
      const ExprP x = bit[size_t(c.in[0])], y = bit[size_t(c.in[1])];
      const std::string s = fmt::format("{}s{}", prefix, next_cell), k = fmt::format("{}c{}", prefix, next_cell);
      m.add(s, 1, SignalKind::Wire);
      if (c.full) {
        const ExprP z = bit[size_t(c.in[2])];
        m.assign(s, bxor(bxor(x, y), z));
        if (c.carry >= 0) m.assign(k, bor(bor(band(x, y), band(x, z)), band(y, z)));
      } else {
        m.assign(s, bxor(x, y));
        if (c.carry >= 0) m.assign(k, band(x, y));
      }
      if (c.carry >= 0) {
        m.add(k, 1, SignalKind::Wire);
        bit[size_t(c.carry)] = m.sig(k);
      }
      bit[size_t(c.sum)] = m.sig(s);
    }
    if (!after_stage) continue;
    const auto& live = t.live[size_t(std::min(stage, t.stages))];
    for (int col = 0; col < t.width; ++col)
      for (int id : live[size_t(col)]) bit[size_t(id)] = after_stage(stage, col, bit[size_t(id)]);
  }
  std::array<ExprP, 2> rows;
  for (int r = 0; r < 2; ++r) {
    std::vector<ExprP> parts;  // most significant first
    for (int c = t.width - 1; c >= 0; --c) {
      const int id = t.rows[size_t(r)][size_t(c)];
      parts.push_back(id >= 0 ? bit[size_t(id)] : cst(1, 0));
    }
    rows[size_t(r)] = cat(parts);
  }
  return rows;
}

}  // namespace tpe::rtl
