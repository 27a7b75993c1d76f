#include "models/families/lutgemm/lutgemm_arith.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "models/families/shiftadd/shiftadd_arith.hpp"
#include "models/formats/float_formats.hpp"
#include "models/formats/fp_add.hpp"
#include "models/pim/hbmpim_arith.hpp"

namespace tpe::lutgemm {
namespace {

const Matrix<int32_t>& side_of(const OperandMatrix& b, const char* name, int rows, int cols) {
  const auto it = b.side.find(name);
  if (it == b.side.end())
    throw std::invalid_argument(
        fmt::format("lutgemm: the weight operand has no side tensor '{}' ({} x {} fp16 bit patterns)", name, rows, cols));
  if (it->second.rows != rows || it->second.cols != cols)
    throw std::invalid_argument(fmt::format("lutgemm: side tensor '{}' is {} x {}; a {} x {} B needs {} x {}", name,
                                            it->second.rows, it->second.cols, b.rows, b.cols, rows, cols));
  return it->second;
}

int32_t fp16_bits(float v) { return int32_t(encode(fp16_format(), double(v))); }

}  // namespace

uint16_t add16(uint16_t a, uint16_t b) { return uint16_t(fp_add_bits(fp16_format(), a, b)); }
uint16_t mul16(uint16_t a, uint16_t b) { return pim::fp16_mul_bits(a, b); }

Table fp16_table(const uint16_t x[kGroup]) {
  Table t{};
  for (int p = 0; p < kDirectEntries; ++p) {
    uint16_t v = p & 1 ? x[0] : neg16(x[0]);
    for (int j = 1; j < kGroup; ++j) v = add16(v, (p >> j) & 1 ? x[j] : neg16(x[j]));
    t[size_t(p)] = v;
  }
  for (int s = 6; s < kGroup; ++s) {
    const uint16_t twice = add16(x[s], x[s]);  // fp16(2 x_s)
    for (int p = 1 << s; p < 2 << s; ++p) t[size_t(p)] = add16(t[size_t(p - (1 << s))], twice);
  }
  return t;
}

uint16_t fold(uint16_t y, const uint16_t* alpha, const uint16_t* t, int planes, uint16_t bias, uint16_t t_bias) {
  for (int b = 0; b < planes; ++b) y = add16(y, mul16(alpha[b], t[b]));
  return add16(y, mul16(bias, t_bias));
}

const Matrix<int32_t>& alpha_of(const Arith& ar, const OperandMatrix& b) {
  return side_of(b, kAlphaName, ar.groups(b.rows) * ar.planes, b.cols);
}

const Matrix<int32_t>& bias_of(const Arith& ar, const OperandMatrix& b) {
  return side_of(b, kBiasName, ar.groups(b.rows), b.cols);
}

ResultMatrix lutgemm_gemm(const Arith& ar, const OperandMatrix& a, const OperandMatrix& b) {
  const Matrix<int32_t>& alpha = alpha_of(ar, b);
  const Matrix<int32_t>& bias = bias_of(ar, b);
  const int K = a.cols, KB = (K + kGroup - 1) / kGroup;
  ResultMatrix c(a.rows, b.cols, 0);
  std::vector<Table> tables(static_cast<size_t>(KB));
  std::vector<uint16_t> t(size_t(ar.planes)), al(size_t(ar.planes));
  for (int m = 0; m < a.rows; ++m) {
    for (int kb = 0; kb < KB; ++kb) {
      uint16_t x[kGroup];
      for (int j = 0; j < kGroup; ++j) x[j] = kb * kGroup + j < K ? uint16_t(a(m, kb * kGroup + j)) : 0;
      tables[size_t(kb)] = fp16_table(x);
    }
    for (int n = 0; n < b.cols; ++n) {
      uint16_t y = 0, t_bias = 0;
      std::fill(t.begin(), t.end(), 0);
      for (int kb = 0; kb < KB; ++kb) {
        const Table& table = tables[size_t(kb)];
        for (int pl = 0; pl < ar.planes; ++pl)
          t[size_t(pl)] = add16(t[size_t(pl)], table[size_t(shiftadd::plane_byte(b, pl, kb, n))]);
        t_bias = add16(t_bias, table[kTableSize - 1]);
        if ((kb + 1) % ar.blocks_per_group() != 0 && kb != KB - 1) continue;
        const int g = kb / ar.blocks_per_group();
        for (int pl = 0; pl < ar.planes; ++pl) al[size_t(pl)] = uint16_t(alpha(g * ar.planes + pl, n));
        y = fold(y, al.data(), t.data(), ar.planes, uint16_t(bias(g, n)), t_bias);
        std::fill(t.begin(), t.end(), 0);
        t_bias = 0;
      }
      c(m, n) = y;
    }
  }
  return c;
}

OperandMatrix operands_from_lutgemm(const Arith& ar, const LutGemmWeights& w) {
  if (w.bits != ar.planes || w.groups.count() != ar.groups(w.k) || (w.groups.count() > 1 && w.groups.size != ar.group_size))
    throw std::invalid_argument(fmt::format(
        "lutgemm: weights with {} planes in groups of {} along K = {}; the engine takes {} planes in groups of {}", w.bits,
        w.groups.size, w.k, ar.planes, ar.group_size));
  OperandMatrix b(w.k, w.n, 0);
  for (int k = 0; k < w.k; ++k)
    for (int n = 0; n < w.n; ++n)
      for (int pl = 0; pl < w.bits; ++pl) b(k, n) |= w.bit(n, k, pl) << pl;
  const int G = w.groups.count();
  Matrix<int32_t> alpha(G * w.bits, w.n, 0), bias(G, w.n, 0);
  for (int g = 0; g < G; ++g)
    for (int n = 0; n < w.n; ++n) {
      for (int pl = 0; pl < w.bits; ++pl) alpha(g * w.bits + pl, n) = fp16_bits(w.alpha_at(g, pl, n));
      bias(g, n) = fp16_bits(w.bias_at(g, n));
    }
  b.side[kAlphaName] = std::move(alpha);
  b.side[kBiasName] = std::move(bias);
  return b;
}

OperandMatrix fp16_activations(const Matrix<float>& x) {
  OperandMatrix a(x.rows, x.cols, 0);
  for (int m = 0; m < x.rows; ++m)
    for (int k = 0; k < x.cols; ++k) a(m, k) = fp16_bits(x(m, k));
  return a;
}

}  // namespace tpe::lutgemm
