// The Dadda compressor tree generator (rtlgen/ir/compressor_tree) checked
// exhaustively for small widths against integer addition: every input
// combination of operand matrices and of irregular bit matrices (tall
// columns, empty columns, bits beyond the width), and its emitted IR passes
// the design checks.
#include <catch2/catch.hpp>

#include "rtlgen/ir/check.hpp"
#include "rtlgen/ir/compressor_tree.hpp"

using namespace tpe::rtl;

namespace {

// Every input combination: the tree's result equals the weighted bit sum mod 2^width.
void check_exhaustive(const std::vector<std::vector<int>>& columns, int width) {
  const CompressorTree t = dadda_tree(columns, width);
  INFO("columns " << columns.size() << " width " << width << " inputs " << t.inputs);
  REQUIRE(t.inputs <= 16);
  std::vector<int> weight(size_t(t.inputs));
  for (size_t c = 0; c < columns.size(); ++c)
    for (int id : columns[c]) weight[size_t(id)] = int(c);
  const uint64_t mask = (uint64_t(1) << width) - 1;
  std::vector<uint8_t> bits(size_t(t.inputs));
  for (uint64_t x = 0; x < (uint64_t(1) << t.inputs); ++x) {
    uint64_t want = 0;
    for (int i = 0; i < t.inputs; ++i) {
      bits[size_t(i)] = uint8_t((x >> i) & 1);
      if (bits[size_t(i)]) want += uint64_t(1) << weight[size_t(i)];
    }
    REQUIRE(evaluate(t, bits) == (want & mask));
  }
  // The result is two rows: no column left taller than 2.
  for (const auto& col : t.live.back()) REQUIRE(col.size() <= 2);
}

}  // namespace

TEST_CASE("compressor tree: operand sums, exhaustive for small widths", "[rtlgen]") {
  for (int rows = 1; rows <= 8; ++rows)
    for (int w = 1; w <= 4 && rows * w <= 16; ++w) {
      int grow = 0;
      while ((1 << grow) < rows) ++grow;
      for (int width : {w, w + grow, w + grow + 1}) {
        // Operands are w bits; result columns beyond w hold only carries.
        std::vector<std::vector<int>> cols = operand_columns(rows, w);
        check_exhaustive(cols, width);
      }
    }
}

TEST_CASE("compressor tree: irregular bit matrices, exhaustive", "[rtlgen]") {
  // Column heights (bit ids numbered in order), e.g. a Booth matrix with its
  // negation bits in column 0, a single tall column, holes, bits past the width.
  const std::vector<std::vector<int>> shapes = {{6, 3, 3, 2}, {13}, {0, 5, 0, 4, 1}, {2, 2, 2, 2, 2, 2, 2},
                                                {9, 1, 1, 1, 1}, {4, 4, 4, 4}, {1, 2, 3, 4, 5}};
  for (const auto& heights : shapes)
    for (int width : {1, 3, int(heights.size()), int(heights.size()) + 3}) {
      std::vector<std::vector<int>> cols;
      int id = 0;
      for (int h : heights) {
        cols.emplace_back();
        for (int i = 0; i < h; ++i) cols.back().push_back(id++);
      }
      check_exhaustive(cols, width);
    }
}

TEST_CASE("compressor tree: deterministic, Dadda stage count, emitted IR checks", "[rtlgen]") {
  const auto cols = operand_columns(16, 10);
  const CompressorTree a = dadda_tree(cols, 14), b = dadda_tree(cols, 14);
  REQUIRE(a.cells.size() == b.cells.size());
  for (size_t i = 0; i < a.cells.size(); ++i) REQUIRE(a.cells[i].in == b.cells[i].in);
  // 16 rows: targets 13, 9, 6, 4, 3, 2: six stages.
  CHECK(a.stages == 6);
  // An N-row, w-column reduction to two rows needs about (N-2) x w full adders.
  CHECK(a.full_adders() >= 14 * 10 - 14);
  CHECK(a.full_adders() <= 16 * 14);

  Module m;
  m.name = "ct";
  m.add("x", 16 * 10, SignalKind::Input);
  m.add("s", 14, SignalKind::Output);
  std::vector<ExprP> in;
  for (int i = 0; i < 160; ++i) in.push_back(slice(m.sig("x"), i, i));
  const auto rows = emit_compressor_tree(m, a, in, "ct_");
  m.assign("s", add(rows[0], rows[1]));
  Design d;
  d.modules = {m};
  d.top = "ct";
  REQUIRE_NOTHROW(check_design(d));
  CHECK_THROWS_AS(dadda_tree({{0, 0}}, 4), std::invalid_argument);
  CHECK_THROWS_AS(dadda_tree({{1}}, 4), std::invalid_argument);
}
