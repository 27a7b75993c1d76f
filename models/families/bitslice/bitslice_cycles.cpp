#include "models/families/bitslice/bitslice_cycles.hpp"

#include <algorithm>
#include <stdexcept>

#include "models/families/bitslice/bitslice_spec.hpp"
#include "models/families/bitslice/digit_encodings.hpp"

namespace tpe::bitslice {

int row_group_cycles(const EngineConfig& cfg, const int32_t* a, int lanes) {
  const Params p = Params::of(cfg);
  if (p.pe == "stripes") return cfg.a.bits;
  if (p.pe == "opt3") {
    // Per digit position (bit weight), one cycle per nonzero EN-T digit of
    // the G lanes, at least one.
    const int D = digit_count(Encoding::EnT, cfg.a);
    std::vector<int> nnz(static_cast<size_t>(D), 0);
    for (int l = 0; l < lanes; ++l) {
      const std::vector<int> d = encode(Encoding::EnT, a[l], cfg.a);
      for (int k = 0; k < D; ++k) nnz[size_t(k)] += d[size_t(k)] != 0;
    }
    int t = 0;
    for (int n : nnz) t += std::max(1, n);
    return t;
  }
  throw std::logic_error("bitslice: no cycle function for PE '" + p.pe + "'");
}

std::vector<std::vector<int>> group_cycles(const EngineConfig& cfg, const OperandMatrix& a) {
  const Params p = Params::of(cfg);
  const int M = a.rows, K = a.cols, R = p.rows, G = p.lanes;
  const int groups = (K + G - 1) / G;
  std::vector<std::vector<int>> out;
  std::vector<int32_t> lanes(static_cast<size_t>(G));
  for (int m0 = 0; m0 < M; m0 += R) {
    std::vector<int> t(size_t(groups), 0);
    for (int g = 0; g < groups; ++g)
      for (int i = 0; i < R; ++i) {  // rows past M are zeros, as the controller pads them
        for (int l = 0; l < G; ++l) {
          const int m = m0 + i, k = g * G + l;
          lanes[size_t(l)] = m < M && k < K ? a(m, k) : 0;
        }
        t[size_t(g)] = std::max(t[size_t(g)], row_group_cycles(cfg, lanes.data(), G));
      }
    out.push_back(std::move(t));
  }
  return out;
}

uint64_t gemm_cycles(const EngineConfig& cfg, const OperandMatrix& a, const OperandMatrix& b) {
  const Params p = Params::of(cfg);
  const uint64_t R = uint64_t(p.rows), C = uint64_t(p.cols), M = uint64_t(a.rows), N = uint64_t(b.cols);
  const uint64_t tiles_n = (N + C - 1) / C;
  const std::vector<std::vector<int>> t = group_cycles(cfg, a);
  uint64_t total = 0;
  for (size_t tm = 0; tm < t.size(); ++tm) {
    const std::vector<int>& g = t[tm];
    uint64_t tile = 0;
    for (size_t i = 0; i + 1 < g.size(); ++i) tile += uint64_t(std::max(g[i], 2));
    tile += uint64_t(g.back()) + 3 + std::min(R, M - tm * R);
    total += tiles_n * tile;
  }
  return total - 1;
}

DigitStats digit_stats(const EngineConfig& cfg, const OperandMatrix& a, const OperandMatrix&) {
  const Params p = Params::of(cfg);
  DigitStats s;
  const Encoding e = p.pe == "stripes" ? Encoding::BitPlanes : Encoding::EnT;
  s.encoding = p.pe == "stripes" ? "bit planes" : "EN-T";
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
  for (int m = 0; m < a.rows; ++m)
    for (int g = 0; g < groups; ++g) {
      for (int l = 0; l < G; ++l) lanes[size_t(l)] = g * G + l < a.cols ? a(m, g * G + l) : 0;
      cycles += uint64_t(row_group_cycles(cfg, lanes.data(), G));
    }
  const double n = double(std::max<size_t>(a.data.size(), 1));
  s.digits_per_operand = double(digits) / n;
  s.cycles_per_operand = double(cycles) / n;
  return s;
}

}  // namespace tpe::bitslice
