#include "models/gemm/gemm_operands.hpp"
#include "models/gemm/gemm_limits.hpp"
#include "models/formats/matrix.hpp"

#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>

#include <fmt/format.h>

#include "models/engine/family_registry.hpp"
#include "models/formats/operands.hpp"
#include "models/llm/llama2c_checkpoint.hpp"

namespace tpe {
namespace {

// rows x cols taken from `values` in order, wrapping around.
Matrix<float> fill_from(const std::vector<float>& values, int rows, int cols) {
  Matrix<float> m(rows, cols);
  for (size_t i = 0; i < m.data.size(); ++i) m.data[i] = values[i % values.size()];
  return m;
}

}  // namespace

std::string stories260k_float_operands(const GemmShape& s, Matrix<float>& a, Matrix<float>& b) {
  const std::string path = default_stories260k_path();
  const LlamaCheckpoint ck = load_llama2c_checkpoint(path);
  a = fill_from(ck.token_embedding.data, s.m, s.k);
  // B[k][n] = w1[n][k] (the layer computes x . w1^T). Beyond one layer's
  // 64 x 172, further blocks come from the next layers in turn.
  b = Matrix<float>(s.k, s.n);
  const int hidden = ck.header.hidden_dim;
  for (int k = 0; k < s.k; ++k)
    for (int n = 0; n < s.n; ++n) {
      const size_t layer = size_t(k / ck.header.dim + n / hidden) % ck.layers.size();
      b(k, n) = ck.layers[layer].w1(n % hidden, k % ck.header.dim);
    }
  return path;
}

GemmOperands make_gemm_operands(const EngineConfig& cfg, const GemmShape& s, uint64_t seed, const std::string& source) {
  check_gemm_fits_memory(s);  // before any allocation
  return family_of(cfg).spec->make_operands(cfg, s, seed, source);
}

GemmOperands make_integer_operands(const EngineConfig& cfg, const GemmShape& s, uint64_t seed,
                                   const std::string& source) {
  GemmOperands ops;
  if (source == "random") {
    ops.a = random_operands(s.m, s.k, cfg.a, seed);
    ops.b = random_operands(s.k, s.n, cfg.b, seed ^ 0x9e3779b97f4a7c15ull);
    ops.description = fmt::format("random {} x {} operands, seed {}", cfg.a.tag(), cfg.b.tag(), seed);
    return ops;
  }
  if (source == "stories260K" || source == "stories260k") {
    Matrix<float> a, b;
    const std::string path = stories260k_float_operands(s, a, b);
    ops.a = quantize_symmetric(a, cfg.a);
    ops.b = quantize_symmetric(b, cfg.b);
    ops.description = fmt::format("stories260K token embeddings x w1^T, quantized per tensor to {} x {} ({})",
                                  cfg.a.tag(), cfg.b.tag(), path);
    return ops;
  }
  if (source == "extremes") {
    // The corners of each format: mostly the most negative value (its
    // products are the largest positive ones and wrap narrow accumulators),
    // some of the largest, seeded.
    auto corners = [&](int rows, int cols, const IntFormat& f, uint64_t sd) {
      OperandMatrix m(rows, cols);
      uint64_t x = sd * 0x9e3779b97f4a7c15ull + 1;
      for (auto& v : m.data) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        v = int32_t(x % 4 == 0 ? f.max_value() : f.min_value());
      }
      return m;
    };
    ops.a = corners(s.m, s.k, cfg.a, seed);
    ops.b = corners(s.k, s.n, cfg.b, seed + 1);
    ops.description = fmt::format("extreme {} x {} operands (3/4 the minimum, 1/4 the maximum), seed {}", cfg.a.tag(),
                                  cfg.b.tag(), seed);
    return ops;
  }
  if (source.rfind("normal:", 0) == 0) {
    // round(N(0, sigma^2)) clamped to each format: the seed paper's operand
    // statistics (tpe_paper.md 3.2) for the bit-slice engines.
    const std::string text = source.substr(7);
    double sigma = 0;
    size_t used = 0;
    try {
      sigma = std::stod(text, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != text.size() || !(sigma > 0) || sigma > 1e6)
      throw std::invalid_argument(fmt::format(
          "operand source '{}': SIGMA has value '{}'; allowed: a number in (0, 1e6], e.g. normal:20", source, text));
    auto draw = [&](int rows, int cols, const IntFormat& f, uint64_t sd) {
      std::mt19937_64 rng(sd);
      std::normal_distribution<double> dist(0.0, sigma);
      OperandMatrix m(rows, cols);
      for (auto& v : m.data)
        v = int32_t(std::clamp(std::nearbyint(dist(rng)), double(f.min_value()), double(f.max_value())));
      return m;
    };
    ops.a = draw(s.m, s.k, cfg.a, seed);
    ops.b = draw(s.k, s.n, cfg.b, seed ^ 0x9e3779b97f4a7c15ull);
    ops.description = fmt::format("round(N(0, {}^2)) clamped to {} x {}, seed {}", text, cfg.a.tag(), cfg.b.tag(), seed);
    return ops;
  }
  throw std::invalid_argument(
      fmt::format("unknown operand source '{}'; allowed: random, stories260K, extremes, normal:SIGMA", source));
}

}  // namespace tpe
