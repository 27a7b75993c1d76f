#include "models/llm/llm_attention.hpp"

#include <cmath>

#include "models/llm/llm_ops.hpp"

namespace tpe {

Matrix<float> gqa_attention(const LlmArch& arch, const Matrix<float>& q, const std::vector<RowSlot>& slots) {
  const int hs = arch.head_size(), kv_mul = arch.kv_mul();
  Matrix<float> out(q.rows, arch.dim, 0.f);
  std::vector<float> att;
  for (int r = 0; r < q.rows; ++r) {
    const KvCache& c = *slots[size_t(r)].cache;
    const int pos = slots[size_t(r)].pos;
    att.resize(size_t(pos) + 1);
    for (int h = 0; h < arch.n_heads; ++h) {
      const float* qh = q.row(r) + h * hs;
      const int koff = (h / kv_mul) * hs;
      for (int t = 0; t <= pos; ++t) {
        const float* kt = c.k.row(t) + koff;
        float score = 0.0f;
        for (int i = 0; i < hs; ++i) score += qh[i] * kt[i];
        score /= sqrtf(float(hs));
        att[size_t(t)] = score;
      }
      softmax_inplace(att.data(), pos + 1);
      float* o = out.row(r) + h * hs;
      for (int t = 0; t <= pos; ++t) {
        const float* vt = c.v.row(t) + koff;
        const float a = att[size_t(t)];
        for (int i = 0; i < hs; ++i) o[i] += a * vt[i];
      }
    }
  }
  return out;
}

}  // namespace tpe
