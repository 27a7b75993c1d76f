// Engine substitution: a bit-plane (popcount) engine written here, computing
//   sum_k a*w = sum_i sum_j c_i c_j 2^(i+j) popc(a_i & w_j)
// with c = -1 for the MSB plane of a signed operand (FlexQ's binary tensor-core
// identity, pe_arith 2.5), must give every integer scheme exactly the same
// output as the reference engine -- proving the schemes depend on nothing but
// the engine's integer results.
#include <catch2/catch.hpp>

#include "models/quant/quant_scheme.hpp"
#include "tests/unit/models/quant_test_data.hpp"

using namespace tpe;

namespace {
class BitPlaneEngine final : public IntGemmEngine {
 public:
  int calls = 0;
  ResultMatrix gemm(const OperandMatrix& a, const OperandMatrix& b, const IntFormat& fa, const IntFormat& fb,
                    int) override {
    ++calls;
    const int M = a.rows, K = a.cols, N = b.cols;
    // Planes packed as 64-bit words along K.
    const int words = (K + 63) / 64;
    auto planes = [&](auto get, int rows, const IntFormat& f) {
      std::vector<uint64_t> p(size_t(rows) * size_t(f.bits) * size_t(words), 0);
      for (int r = 0; r < rows; ++r)
        for (int k = 0; k < K; ++k) {
          const uint32_t bits = uint32_t(get(r, k));  // two's complement
          for (int i = 0; i < f.bits; ++i)
            if ((bits >> i) & 1) p[(size_t(r) * size_t(f.bits) + size_t(i)) * size_t(words) + size_t(k / 64)] |= uint64_t(1) << (k % 64);
        }
      return p;
    };
    const auto pa = planes([&](int r, int k) { return a(r, k); }, M, fa);
    const auto pb = planes([&](int r, int k) { return b(k, r); }, N, fb);
    ResultMatrix c(M, N, 0);
    for (int m = 0; m < M; ++m)
      for (int n = 0; n < N; ++n) {
        int64_t sum = 0;
        for (int i = 0; i < fa.bits; ++i)
          for (int j = 0; j < fb.bits; ++j) {
            int64_t pop = 0;
            for (int w = 0; w < words; ++w)
              pop += __builtin_popcountll(pa[(size_t(m) * size_t(fa.bits) + size_t(i)) * size_t(words) + size_t(w)] &
                                          pb[(size_t(n) * size_t(fb.bits) + size_t(j)) * size_t(words) + size_t(w)]);
            const int ci = fa.is_signed && i == fa.bits - 1 ? -1 : 1;
            const int cj = fb.is_signed && j == fb.bits - 1 ? -1 : 1;
            sum += ci * cj * (pop << (i + j));
          }
        c(m, n) = sum;
      }
    return c;
  }
  const char* name() const override { return "bitplane"; }
};
}  // namespace

TEST_CASE("quant integer schemes give identical outputs on a bit-plane popcount engine", "[quant]") {
  const Matrix<float> x = tpe_test::gaussian(3, 300, 123, {7, 211}, 15.0f);
  const Matrix<float> w = tpe_test::gaussian(9, 300, 124);
  for (const char* name : {"w8a8", "w8a8-llmint8", "w4a8", "w4a8-asym", "w4a4-comet", "w6a6", "w6a8", "ternary"}) {
    INFO(name);
    auto p = find_scheme(name).prepare(w);
    BitPlaneEngine bp;
    const Matrix<float> got = p->forward(x, bp);
    CHECK(bp.calls > 0);
    CHECK(got == p->forward(x, reference_gemm_engine()));
  }
}
