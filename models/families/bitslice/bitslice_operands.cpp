#include "models/families/bitslice/bitslice_operands.hpp"

#include <algorithm>
#include <random>
#include <stdexcept>

#include <fmt/format.h>

#include "models/families/bitslice/digit_encodings.hpp"

namespace tpe::bitslice {
namespace {

Encoding encoding_of(const EngineConfig& cfg) {
  return cfg.pe == "stripes" ? Encoding::BitPlanes : cfg.pe == "laconic" ? Encoding::Mbe : Encoding::EnT;
}

// The values of f with the most nonzero digits under e.
std::vector<int32_t> densest_values(Encoding e, const IntFormat& f) {
  const std::vector<uint8_t> t = nonzero_digit_table(e, f);
  const uint8_t most = *std::max_element(t.begin(), t.end());
  std::vector<int32_t> out;
  for (size_t x = 0; x < t.size(); ++x)
    if (t[x] == most) out.push_back(int32_t(f.min_value() + int64_t(x)));
  return out;
}

OperandMatrix draw_from(const std::vector<int32_t>& values, int rows, int cols, std::mt19937_64& rng) {
  OperandMatrix m(rows, cols);
  for (auto& v : m.data) v = values[size_t(rng() % values.size())];
  return m;
}

// Outliers into normal operands m: column `channel` (if any) gets
// magnitudes in [max/2, max] of either sign, about one other value in 200
// a format extreme.
void add_outliers(OperandMatrix& m, const IntFormat& f, uint64_t seed, int channel) {
  std::mt19937_64 rng(seed);
  const int64_t hi = f.max_value(), lo = f.min_value();
  for (int r = 0; r < m.rows; ++r)
    for (int c = 0; c < m.cols; ++c) {
      if (c == channel) {  // the outlier channel: large magnitudes, either sign
        const int64_t mag = hi / 2 + int64_t(rng() % uint64_t(hi - hi / 2 + 1));
        m(r, c) = int32_t(f.is_signed && rng() % 2 ? -mag : mag);
      } else if (rng() % 200 == 0) {  // a stray extreme
        m(r, c) = int32_t(rng() % 2 ? hi : lo);
      }
    }
}

}  // namespace

GemmOperands make_bitslice_operands(const EngineConfig& cfg, const GemmShape& s, uint64_t seed,
                                    const std::string& source) {
  GemmOperands ops;
  if (source == "dense_digits") {
    const Encoding e = encoding_of(cfg);
    std::mt19937_64 rng(seed);
    ops.a = draw_from(densest_values(e, cfg.a), s.m, s.k, rng);
    if (cfg.pe == "laconic") {
      ops.b = draw_from(densest_values(e, cfg.b), s.k, s.n, rng);
    } else {
      std::vector<int32_t> all;
      for (int64_t v = cfg.b.min_value(); v <= cfg.b.max_value(); ++v) all.push_back(int32_t(v));
      ops.b = draw_from(all, s.k, s.n, rng);
    }
    ops.description = fmt::format("{} x {} operands with every {} digit nonzero, seed {}", cfg.a.tag(), cfg.b.tag(),
                                  e == Encoding::BitPlanes ? "bit-plane" : e == Encoding::Mbe ? "MBE" : "EN-T", seed);
    return ops;
  }
  if (source.rfind("outliers:", 0) == 0) {
    // The shared normal:SIGMA source (which checks SIGMA), then the outliers.
    const std::string text = source.substr(9);
    try {
      ops = make_integer_operands(cfg, s, seed, "normal:" + text);
    } catch (const std::invalid_argument&) {
      throw std::invalid_argument(fmt::format(
          "operand source '{}': SIGMA has value '{}'; allowed: a number in (0, 1e6], e.g. outliers:20", source, text));
    }
    const int channel = int(seed % uint64_t(std::max(1, s.k)));
    add_outliers(ops.a, cfg.a, seed + 11, channel);
    add_outliers(ops.b, cfg.b, seed + 12, -1);
    ops.description = fmt::format("round(N(0, {}^2)) clamped to {} x {}, outlier channel k = {} and stray extremes, "
                                  "seed {}",
                                  text, cfg.a.tag(), cfg.b.tag(), channel, seed);
    return ops;
  }
  try {
    return make_integer_operands(cfg, s, seed, source);
  } catch (const std::invalid_argument& e) {
    if (std::string(e.what()).rfind("unknown operand source", 0) != 0) throw;
    throw std::invalid_argument(fmt::format(
        "unknown operand source '{}'; allowed: random, stories260K, extremes, normal:SIGMA, and for the bitslice "
        "family dense_digits, outliers:SIGMA",
        source));
  }
}

}  // namespace tpe::bitslice
