#include "models/gemm/gemm_engine.hpp"

#include "models/gemm/int_gemm.hpp"

namespace tpe {
namespace {
class ReferenceGemmEngine final : public IntGemmEngine {
 public:
  ResultMatrix gemm(const OperandMatrix& a, const OperandMatrix& b, const IntFormat& fa, const IntFormat& fb,
                    int acc_bits) override {
    return int_gemm(a, b, fa, fb, acc_bits);
  }
  const char* name() const override { return "reference"; }
};
}  // namespace

IntGemmEngine& reference_gemm_engine() {
  static ReferenceGemmEngine engine;
  return engine;
}

}  // namespace tpe
