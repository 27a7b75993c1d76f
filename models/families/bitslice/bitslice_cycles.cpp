#include "models/families/bitslice/bitslice_cycles.hpp"

#include <algorithm>
#include <stdexcept>

#include "models/families/bitslice/bitslice_spec.hpp"
#include "models/families/bitslice/digit_encodings.hpp"

namespace tpe::bitslice {
namespace {

// Per EN-T digit position k, how many of the row's G activations (of slot
// `slot` of `slots`: the lanes l with l mod slots == slot) have a nonzero
// digit k.
std::vector<int> ent_nonzero_by_position(const EngineConfig& cfg, const int32_t* a, int lanes, int slot = 0,
                                         int slots = 1) {
  const int D = digit_count(Encoding::EnT, cfg.a);
  std::vector<int> nnz(static_cast<size_t>(D), 0);
  for (int l = slot; l < lanes; l += slots) {
    const std::vector<int> d = encode(Encoding::EnT, a[l], cfg.a);
    for (int k = 0; k < D; ++k) nnz[size_t(k)] += d[size_t(k)] != 0;
  }
  return nnz;
}

}  // namespace

int issue_slots(const EngineConfig& cfg) {
  return cfg.pe == "opt4e" ? std::min(4, int(cfg.integer("lanes"))) : 1;
}

int row_group_cycles(const EngineConfig& cfg, const int32_t* a, int lanes) {
  const Params p = Params::of(cfg);
  if (p.pe == "stripes") return cfg.a.bits;
  if (p.pe == "opt3") {
    // Per digit position (bit weight), one cycle per nonzero EN-T digit of
    // the G lanes, at least one.
    int t = 0;
    for (int n : ent_nonzero_by_position(cfg, a, lanes)) t += std::max(1, n);
    return t;
  }
  throw std::logic_error("bitslice: no cycle function for PE '" + p.pe + "'");
}

int group_cycles_of(const EngineConfig& cfg, const int32_t* a, const int32_t* b) {
  const Params p = Params::of(cfg);
  const int R = p.rows, C = p.cols, G = p.lanes;
  int t = 0;
  if (p.pe == "laconic") {
    // Every lane of every PE steps through its term pairs; the array waits
    // for the longest, and an all-zero group still takes one cycle.
    const std::vector<uint8_t> ta = nonzero_digit_table(Encoding::Mbe, cfg.a);
    const std::vector<uint8_t> tb = nonzero_digit_table(Encoding::Mbe, cfg.b);
    t = 1;
    for (int i = 0; i < R; ++i)
      for (int j = 0; j < C; ++j)
        for (int l = 0; l < G; ++l)
          t = std::max(t, int(ta[size_t(int64_t(a[i * G + l]) - cfg.a.min_value())]) *
                              int(tb[size_t(int64_t(b[j * G + l]) - cfg.b.min_value())]));
    return t;
  }
  if (p.pe == "opt4c" || p.pe == "opt4e") {
    // The array steps through the digit positions together (the shift by
    // 2k is the column's): per position, the row (OPT4E: the row's slot)
    // with the most nonzero digits sets the cycles, at least one.
    const int D = digit_count(Encoding::EnT, cfg.a), S = issue_slots(cfg);
    std::vector<int> most(static_cast<size_t>(D), 1);
    for (int i = 0; i < R; ++i)
      for (int s = 0; s < S; ++s) {
        const std::vector<int> nnz = ent_nonzero_by_position(cfg, a + i * G, G, s, S);
        for (int k = 0; k < D; ++k) most[size_t(k)] = std::max(most[size_t(k)], nnz[size_t(k)]);
      }
    for (int n : most) t += n;
    return t;
  }
  for (int i = 0; i < R; ++i) t = std::max(t, row_group_cycles(cfg, a + i * G, G));
  return t;
}

std::vector<std::vector<std::vector<int>>> group_cycles(const EngineConfig& cfg, const OperandMatrix& a,
                                                        const OperandMatrix& b) {
  const Params p = Params::of(cfg);
  const int M = a.rows, K = a.cols, N = b.cols, R = p.rows, C = p.cols, G = p.lanes;
  const int groups = (K + G - 1) / G;
  const bool uses_b = p.pe == "laconic";  // opt3, opt4c: the activations' digits alone
  std::vector<std::vector<std::vector<int>>> out;
  std::vector<int32_t> av(static_cast<size_t>(R * G)), bv(static_cast<size_t>(C * G));
  for (int m0 = 0; m0 < M; m0 += R) {
    std::vector<std::vector<int>> row;
    for (int n0 = 0; n0 < N; n0 += C) {
      if (!uses_b && n0 > 0) {  // the weights do not matter: every column tile repeats the first
        row.push_back(row.front());
        continue;
      }
      std::vector<int> t(static_cast<size_t>(groups), 0);
      for (int g = 0; g < groups; ++g) {
        // What the controller feeds: zeros past M, K and N.
        for (int i = 0; i < R; ++i)
          for (int l = 0; l < G; ++l) {
            const int m = m0 + i, k = g * G + l;
            av[size_t(i * G + l)] = m < M && k < K ? a(m, k) : 0;
          }
        for (int j = 0; j < C; ++j)
          for (int l = 0; l < G; ++l) {
            const int n = n0 + j, k = g * G + l;
            bv[size_t(j * G + l)] = n < N && k < K ? b(k, n) : 0;
          }
        t[size_t(g)] = group_cycles_of(cfg, av.data(), bv.data());
      }
      row.push_back(std::move(t));
    }
    out.push_back(std::move(row));
  }
  return out;
}

uint64_t gemm_cycles(const EngineConfig& cfg, const OperandMatrix& a, const OperandMatrix& b) {
  const Params p = Params::of(cfg);
  const uint64_t R = uint64_t(p.rows), M = uint64_t(a.rows);
  const auto t = group_cycles(cfg, a, b);
  uint64_t total = 0;
  for (size_t tm = 0; tm < t.size(); ++tm)
    for (const std::vector<int>& g : t[tm]) {
      uint64_t tile = 0;
      for (size_t i = 0; i + 1 < g.size(); ++i) tile += uint64_t(std::max(g[i], 2));
      tile += uint64_t(g.back()) + 3 + std::min(R, M - tm * R);
      total += tile;
    }
  return total - 1;
}

DigitStats digit_stats(const EngineConfig& cfg, const OperandMatrix& a, const OperandMatrix& b) {
  const Params p = Params::of(cfg);
  DigitStats s;
  const Encoding e = p.pe == "stripes" ? Encoding::BitPlanes : p.pe == "laconic" ? Encoding::Mbe : Encoding::EnT;
  s.encoding = p.pe == "stripes" ? "bit planes" : p.pe == "laconic" ? "MBE" : "EN-T";
  for (const auto& [name, enc] : {std::pair{"bit planes", Encoding::BitPlanes}, std::pair{"EN-T", Encoding::EnT},
                                  std::pair{"MBE", Encoding::Mbe}}) {
    const std::vector<uint8_t> t = nonzero_digit_table(enc, cfg.a);
    uint64_t n = 0;
    for (int32_t v : a.data) n += t[size_t(int64_t(v) - cfg.a.min_value())];
    s.by_encoding[name] = double(n) / double(std::max<size_t>(a.data.size(), 1));
  }
  s.histogram.assign(size_t(digit_count(e, cfg.a)) + 1, 0);
  const std::vector<uint8_t> table = nonzero_digit_table(e, cfg.a);
  uint64_t digits = 0;
  for (int32_t v : a.data) {
    const int d = table[size_t(int64_t(v) - cfg.a.min_value())];
    digits += uint64_t(d);
    ++s.histogram[size_t(d)];
  }
  const int G = p.lanes, groups = (a.cols + G - 1) / G;
  std::vector<int32_t> lanes(static_cast<size_t>(G));
  uint64_t cycles = 0;
  if (p.pe == "laconic") {
    // Per output (m, n) and group: the slowest lane's term pairs, at least
    // one; divided by N below, so it is per activation like the others.
    const std::vector<uint8_t> tb = nonzero_digit_table(Encoding::Mbe, cfg.b);
    for (int m = 0; m < a.rows; ++m)
      for (int n = 0; n < b.cols; ++n)
        for (int g = 0; g < groups; ++g) {
          int t = 1;
          for (int l = 0; l < G && g * G + l < a.cols; ++l) {
            const int k = g * G + l;
            t = std::max(t, int(table[size_t(int64_t(a(m, k)) - cfg.a.min_value())]) *
                                int(tb[size_t(int64_t(b(k, n)) - cfg.b.min_value())]));
          }
          cycles += uint64_t(t);
        }
    cycles /= uint64_t(std::max(1, b.cols));
  } else if (p.pe == "opt4c" || p.pe == "opt4e") {
    // Every row of a tile waits for the array's slowest row at each digit
    // position: a row's cycles are its tile's group cycles.
    const auto t = group_cycles(cfg, a, b);
    for (size_t tm = 0; tm < t.size(); ++tm) {
      const uint64_t rows = uint64_t(std::min(p.rows, a.rows - int(tm) * p.rows));
      for (int g : t[tm].front()) cycles += uint64_t(g) * rows;
    }
  } else {
    for (int m = 0; m < a.rows; ++m)
      for (int g = 0; g < groups; ++g) {
        for (int l = 0; l < G; ++l) lanes[size_t(l)] = g * G + l < a.cols ? a(m, g * G + l) : 0;
        cycles += uint64_t(row_group_cycles(cfg, lanes.data(), G));
      }
  }
  const double n = double(std::max<size_t>(a.data.size(), 1));
  s.digits_per_operand = double(digits) / n;
  s.cycles_per_operand = double(cycles) / n;
  return s;
}

}  // namespace tpe::bitslice
