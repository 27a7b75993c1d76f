#include "models/llm/llama2c_checkpoint.hpp"

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include <fmt/format.h>

#include "models/util/data_path.hpp"

namespace tpe {
namespace {

class Reader {
 public:
  Reader(std::vector<char> bytes, std::string path) : bytes_(std::move(bytes)), path_(std::move(path)) {}
  void floats(float* out, size_t n, const char* what) {
    const size_t need = n * sizeof(float);
    if (pos_ + need > bytes_.size())
      throw std::runtime_error(fmt::format("{}: truncated checkpoint: {} needs {} bytes at offset {}, file has {}",
                                           path_, what, need, pos_, bytes_.size()));
    std::memcpy(out, bytes_.data() + pos_, need);
    pos_ += need;
  }
  std::vector<float> vec(size_t n, const char* what) {
    std::vector<float> v(n);
    floats(v.data(), n, what);
    return v;
  }
  Matrix<float> mat(int rows, int cols, const char* what) {
    Matrix<float> m(rows, cols);
    floats(m.data.data(), m.data.size(), what);
    return m;
  }
  size_t pos() const { return pos_; }
  void skip(size_t n) { pos_ += n; }
  size_t size() const { return bytes_.size(); }

 private:
  std::vector<char> bytes_;
  std::string path_;
  size_t pos_ = 0;
};

}  // namespace

std::string default_stories260k_path() {
  if (const char* env = std::getenv("TPE_STORIES260K")) return env;
  return data_file("data/stories260K/stories260K.bin");
}

LlamaCheckpoint load_llama2c_checkpoint(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(fmt::format("{}: cannot open checkpoint", path));
  std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (bytes.size() < 7 * sizeof(int32_t))
    throw std::runtime_error(fmt::format("{}: {} bytes is too short for the 28-byte header", path, bytes.size()));
  int32_t h[7];
  std::memcpy(h, bytes.data(), sizeof h);
  LlamaCheckpoint ck;
  LlamaHeader& hd = ck.header;
  hd.dim = h[0];
  hd.hidden_dim = h[1];
  hd.n_layers = h[2];
  hd.n_heads = h[3];
  hd.n_kv_heads = h[4];
  hd.shared_classifier = h[5] > 0;
  hd.vocab_size = std::abs(h[5]);
  hd.seq_len = h[6];
  const char* names[] = {"dim", "hidden_dim", "n_layers", "n_heads", "n_kv_heads", "vocab_size", "seq_len"};
  const int values[] = {hd.dim, hd.hidden_dim, hd.n_layers, hd.n_heads, hd.n_kv_heads, hd.vocab_size, hd.seq_len};
  for (int i = 0; i < 7; ++i)
    if (values[i] <= 0 || values[i] > (1 << 20))
      throw std::runtime_error(
          fmt::format("{}: corrupt header: {} = {}; allowed 1..{}", path, names[i], values[i], 1 << 20));
  if (hd.dim % hd.n_heads != 0 || hd.n_heads % hd.n_kv_heads != 0)
    throw std::runtime_error(fmt::format("{}: corrupt header: dim {} / n_heads {} / n_kv_heads {} do not divide",
                                         path, hd.dim, hd.n_heads, hd.n_kv_heads));
  {
    // The file's size follows from the header: checked before allocating
    // anything, so huge header dimensions are refused, not a bad_alloc.
    const double D = hd.dim, H = hd.hidden_dim, L = hd.n_layers, V = hd.vocab_size,
                 KV = double(hd.dim) * hd.n_kv_heads / hd.n_heads;
    const double floats = V * D + L * (2 * D + 2 * D * D + 2 * KV * D + 3 * H * D) + D +
                          double(hd.seq_len) * double(hd.dim / hd.n_heads / 2) * 2 + (hd.shared_classifier ? 0 : V * D);
    const double want = 28 + 4 * floats;
    if (want != double(bytes.size()))
      throw std::runtime_error(fmt::format(
          "{}: header (dim {}, hidden_dim {}, {} layers, {}/{} heads, vocab {}, seq_len {}) describes a {:.0f}-byte "
          "checkpoint; the file has {} bytes ({})",
          path, hd.dim, hd.hidden_dim, hd.n_layers, hd.n_heads, hd.n_kv_heads, hd.vocab_size, hd.seq_len, want,
          bytes.size(),
          want > double(bytes.size()) ? std::string("truncated")
                                      : fmt::format("{:.0f} trailing bytes", double(bytes.size()) - want)));
  }
  Reader r(std::move(bytes), path);
  r.skip(7 * sizeof(int32_t));
  const int L = hd.n_layers, D = hd.dim, H = hd.hidden_dim, KV = hd.kv_dim();
  ck.token_embedding = r.mat(hd.vocab_size, D, "token_embedding");
  ck.layers.resize(L);
  // The file stores each tensor for all layers before the next tensor.
  for (auto& l : ck.layers) l.rms_att = r.vec(D, "rms_att");
  for (auto& l : ck.layers) l.wq = r.mat(D, D, "wq");
  for (auto& l : ck.layers) l.wk = r.mat(KV, D, "wk");
  for (auto& l : ck.layers) l.wv = r.mat(KV, D, "wv");
  for (auto& l : ck.layers) l.wo = r.mat(D, D, "wo");
  for (auto& l : ck.layers) l.rms_ffn = r.vec(D, "rms_ffn");
  for (auto& l : ck.layers) l.w1 = r.mat(H, D, "w1");
  for (auto& l : ck.layers) l.w2 = r.mat(D, H, "w2");
  for (auto& l : ck.layers) l.w3 = r.mat(H, D, "w3");
  ck.rms_final = r.vec(D, "rms_final");
  // Two unused RoPE tables (seq_len * head_size / 2 floats each).
  const size_t rope = size_t(hd.seq_len) * size_t(hd.head_size() / 2) * sizeof(float) * 2;
  if (r.pos() + rope > r.size())
    throw std::runtime_error(fmt::format("{}: truncated checkpoint: RoPE tables need {} bytes at offset {}, file has {}",
                                         path, rope, r.pos(), r.size()));
  r.skip(rope);
  if (hd.shared_classifier) {
    ck.classifier = ck.token_embedding;
  } else {
    ck.classifier = r.mat(hd.vocab_size, D, "wcls");
  }
  if (r.pos() != r.size())
    throw std::runtime_error(fmt::format("{}: {} trailing bytes after the last tensor: header does not match the file",
                                         path, r.size() - r.pos()));
  return ck;
}

}  // namespace tpe
