// The one integer-GEMM interface. Every integer GEMM inside a quantization
// scheme or an LLM layer goes through an IntGemmEngine, so an engine model
// (SystemC) or its RTL can later stand in for the software reference.
#pragma once
#include <string>

#include "models/engine/engine_config.hpp"
#include "models/formats/matrix.hpp"

namespace tpe {

class IntGemmEngine {
 public:
  virtual ~IntGemmEngine() = default;
  // C[M,N] = A[M,K] x B[K,N], wrapped to `acc_bits` (see int_gemm.hpp).
  virtual ResultMatrix gemm(const OperandMatrix& a, const OperandMatrix& b, const IntFormat& fa,
                            const IntFormat& fb, int acc_bits) = 0;
  virtual const char* name() const = 0;
  // What the GEMMs that follow belong to (e.g. "layer 3 wq"), so an engine
  // that accounts per GEMM (sim/workload/sim_gemm_engine) can attribute
  // them; LlmLinear sets it. The software reference ignores it.
  virtual void set_scope(const std::string& /*scope*/) {}
};

// The bit-exact software reference (int_gemm).
IntGemmEngine& reference_gemm_engine();

}  // namespace tpe
