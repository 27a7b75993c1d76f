#include "models/pim/hbmpim_operands.hpp"

#include <random>
#include <stdexcept>

#include <fmt/format.h>

#include "models/formats/float_formats.hpp"
#include "models/llm/llama2c_checkpoint.hpp"

namespace tpe::pim {

GemvOperands make_gemv_operands(int n, int k, const std::string& source, uint64_t seed, int batch) {
  GemvOperands ops;
  ops.w = Fp16Matrix(n, k);
  ops.x.resize(size_t(batch) * size_t(k));
  ops.batch = batch;
  const FloatFormat& f = fp16_format();
  if (source == "random") {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u(-1.0, 1.0);
    for (auto& v : ops.w.data) v = uint16_t(encode(f, u(rng)));
    for (auto& v : ops.x) v = uint16_t(encode(f, u(rng)));
    ops.description = fmt::format("random fp16 W {}x{} and {} x vector(s) in [-1, 1), seed {}", n, k, batch, seed);
    return ops;
  }
  if (source == "stories260K" || source == "stories260k") {
    const std::string path = default_stories260k_path();
    const LlamaCheckpoint ck = load_llama2c_checkpoint(path);
    const int dim = ck.header.dim, hidden = ck.header.hidden_dim;
    // W[n][k] = w2[n % dim][k % hidden] of layer (n / dim + k / hidden) mod layers:
    // one layer's down projection (dim x hidden) when N x K fits it.
    for (int r = 0; r < n; ++r)
      for (int c = 0; c < k; ++c) {
        const size_t layer = size_t(r / dim + c / hidden) % ck.layers.size();
        ops.w(r, c) = uint16_t(encode(f, ck.layers[layer].w2(r % dim, c % hidden)));
      }
    const std::vector<float>& emb = ck.token_embedding.data;
    for (int b = 0; b < batch; ++b)
      for (int c = 0; c < k; ++c)
        ops.x[size_t(b) * size_t(k) + size_t(c)] =
            uint16_t(encode(f, emb[((size_t(seed) + size_t(b)) * size_t(dim) + size_t(c)) % emb.size()]));
    ops.description = fmt::format("stories260K w2 (down projection) {}x{} x token embeddings from {}, rounded to fp16 ({})",
                                  n, k, seed, path);
    return ops;
  }
  throw std::invalid_argument(fmt::format("unknown operand source '{}'; allowed: random, stories260K", source));
}

}  // namespace tpe::pim
