// Carry-save (3:2) reduction shared by the OPT1 PEs: the word compressor,
// two reduction orders (written once for both hardware terms and the
// analysis of their constant bits), and the low bits of a fed-back carry-save
// accumulator that are zero by construction.
//
// Why the zero analysis: a flip-flop or an output port that is a constant
// only costs area, and OpenSTA 2.0.17's report_power crashes on an output
// port of a hierarchical PE that Yosys has tied to a constant. The PEs leave
// such bits out of their registers and ports, and the read-out restores them.
#pragma once
#include <algorithm>
#include <deque>
#include <string>
#include <utility>
#include <vector>

#include "rtlgen/ir/ir.hpp"

namespace tpe::rtl {

// A word-level 3:2 compressor: x + y + z == s + c (mod 2^width); wires
// `<tag>_s`, `<tag>_maj`, `<tag>_c`.
std::pair<ExprP, ExprP> compress(Module& m, const std::string& tag, const ExprP& x, const ExprP& y, const ExprP& z);

// Trailing zero bits of a compressor's sum and carry from its inputs': the
// sum (XOR) is zero below the fewest; the majority is zero where two inputs
// are, below the second fewest, and the carry is it moved up one bit.
inline std::pair<int, int> compress_zeros(int x, int y, int z, int width) {
  const int median = std::max(std::min(x, y), std::min(std::max(x, y), z));
  return {std::min({x, y, z}), std::min(width, median + 1)};
}

// Reduces terms three to two, oldest first, until two are left: the terms
// that enter first meet first, the last ones see the fewest compressor
// levels. `step(x, y, z)` returns a compressor's sum and carry terms.
template <class T, class Step>
std::pair<T, T> reduce_oldest_first(std::deque<T> terms, Step step) {
  while (terms.size() > 2) {
    const T x = terms[0], y = terms[1], z = terms[2];
    terms.erase(terms.begin(), terms.begin() + 3);
    auto [s, c] = step(x, y, z);
    terms.push_back(s);
    terms.push_back(c);
  }
  return {terms[0], terms[1]};
}

// Reduces terms level by level (a Wallace-style tree of word compressors):
// each level compresses its terms three at a time and passes the rest on.
// A single term is paired with `zero`.
template <class T, class Step>
std::pair<T, T> reduce_by_levels(std::vector<T> terms, const T& zero, Step step) {
  while (terms.size() > 2) {
    std::vector<T> next;
    size_t t = 0;
    for (; t + 3 <= terms.size(); t += 3) {
      auto [s, c] = step(terms[t], terms[t + 1], terms[t + 2]);
      next.push_back(s);
      next.push_back(c);
    }
    for (; t < terms.size(); ++t) next.push_back(terms[t]);
    terms = std::move(next);
  }
  if (terms.size() == 1) terms.push_back(zero);
  return {terms[0], terms[1]};
}

// The low bits of a carry-save accumulator's sum and carry that are zero by
// construction. The accumulator feeds back, so this is the greatest fixed
// point: assume every bit but the top one zero and shrink until consistent.
// `next(s, c)` gives the zeros of the next sum and carry from those fed back.
template <class Next>
std::pair<int, int> feedback_zeros(int width, Next next) {
  int s = width - 1, c = width - 1;  // at least one bit of each stays
  for (;;) {
    const auto [ns, nc] = next(s, c);
    if (ns >= s && nc >= c) return {s, c};
    s = std::min(s, ns);
    c = std::min(c, nc);
  }
}

}  // namespace tpe::rtl
