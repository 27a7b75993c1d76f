#include "models/quant/quant_gemm.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

namespace tpe {

int required_acc_bits(const IntFormat& fa, const IntFormat& fb, int k) {
  const auto mag = [](const IntFormat& f) { return std::max(std::llabs(f.min_value()), std::llabs(f.max_value())); };
  const long double maxsum = (long double)k * (long double)mag(fa) * (long double)mag(fb);
  int bits = 0;
  while (std::ldexp(1.0L, bits) < maxsum + 1) ++bits;  // ceil(log2(maxsum + 1))
  return bits + ((fa.is_signed || fb.is_signed) ? 1 : 0);
}

namespace {

void check_acc(const IntFormat& fa, const IntFormat& fw, int len) {
  const int need = required_acc_bits(fa, fw, len);
  if (need > kSchemeAccBits)
    throw std::invalid_argument(fmt::format("{} x {} dot of length {} needs a {}-bit accumulator; allowed up to {}",
                                            fa.tag(), fw.tag(), len, need, kSchemeAccBits));
}

// W^T restricted to columns `cols`, as the engine's [len][N(+1)] B operand.
OperandMatrix slice_wt(const OperandMatrix& w, const std::vector<int>& cols, bool ones_column) {
  OperandMatrix b(int(cols.size()), w.rows + (ones_column ? 1 : 0), 0);
  for (int i = 0; i < int(cols.size()); ++i) {
    for (int n = 0; n < w.rows; ++n) b(i, n) = w(n, cols[i]);
    if (ones_column) b(i, w.rows) = 1;
  }
  return b;
}

OperandMatrix slice_a(const OperandMatrix& a, const std::vector<int>& cols) {
  OperandMatrix s(a.rows, int(cols.size()), 0);
  for (int m = 0; m < a.rows; ++m)
    for (int i = 0; i < int(cols.size()); ++i) s(m, i) = a(m, cols[i]);
  return s;
}

void check_shapes(const OperandMatrix& a, const OperandMatrix& w) {
  if (a.cols != w.cols)
    throw std::invalid_argument(
        fmt::format("activation K = {} differs from weight K = {}; allowed equal", a.cols, w.cols));
}

}  // namespace

SlicedWeights slice_weights(const OperandMatrix& w, const GroupLayout& groups, bool with_row_sums) {
  SlicedWeights s;
  s.groups = groups;
  s.with_row_sums = with_row_sums;
  s.rows = w.rows;
  for (int g = 0; g < groups.count(); ++g) {
    std::vector<int> cols;
    for (int k = groups.begin(g); k < groups.end(g); ++k) cols.push_back(k);
    s.wt.push_back(slice_wt(w, cols, with_row_sums));
  }
  return s;
}

GroupSums group_gemm(IntGemmEngine& engine, const OperandMatrix& a, const IntFormat& fa, const SlicedWeights& w,
                     const IntFormat& fw) {
  if (w.groups.count() > 0 && w.groups.end(w.groups.count() - 1) != a.cols)
    throw std::invalid_argument(fmt::format("group_gemm: A has K = {} columns, the weights were sliced for K = {}",
                                            a.cols, w.groups.end(w.groups.count() - 1)));
  GroupSums out;
  for (int g = 0; g < w.groups.count(); ++g) {
    std::vector<int> cols;
    for (int k = w.groups.begin(g); k < w.groups.end(g); ++k) cols.push_back(k);
    check_acc(fa, fw, int(cols.size()));
    ResultMatrix r = engine.gemm(slice_a(a, cols), w.wt[size_t(g)], fa, fw, kSchemeAccBits);
    if (!w.with_row_sums) {
      out.dot.push_back(std::move(r));
      continue;
    }
    ResultMatrix d(a.rows, w.rows);
    std::vector<int64_t> rs(static_cast<size_t>(a.rows));
    for (int m = 0; m < a.rows; ++m) {
      for (int n = 0; n < w.rows; ++n) d(m, n) = r(m, n);
      rs[size_t(m)] = r(m, w.rows);
    }
    out.dot.push_back(std::move(d));
    out.row_sum.push_back(std::move(rs));
  }
  return out;
}

GroupSums group_gemm(IntGemmEngine& engine, const OperandMatrix& a, const IntFormat& fa, const OperandMatrix& w,
                     const IntFormat& fw, const GroupLayout& groups, bool with_row_sums) {
  check_shapes(a, w);
  return group_gemm(engine, a, fa, slice_weights(w, groups, with_row_sums), fw);
}

std::vector<ResultMatrix> block_gemm(IntGemmEngine& engine, const OperandMatrix& a,
                                     const std::vector<IntFormat>& fa_per_block, const OperandMatrix& w,
                                     const IntFormat& fw, const std::vector<std::vector<int>>& blocks) {
  check_shapes(a, w);
  if (fa_per_block.size() != blocks.size())
    throw std::invalid_argument(fmt::format("block formats = {} entries for {} blocks; allowed one per block",
                                            fa_per_block.size(), blocks.size()));
  std::vector<ResultMatrix> out;
  for (size_t b = 0; b < blocks.size(); ++b) {
    check_acc(fa_per_block[b], fw, int(blocks[b].size()));
    out.push_back(engine.gemm(slice_a(a, blocks[b]), slice_wt(w, blocks[b], false), fa_per_block[b], fw,
                              kSchemeAccBits));
  }
  return out;
}

}  // namespace tpe
