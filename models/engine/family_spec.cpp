// The defaults of FamilySpec's arithmetic: an engine that computes plain
// integer GEMMs on integer operands.
#include "models/engine/family_spec.hpp"

#include "models/gemm/int_gemm.hpp"

namespace tpe {

ResultMatrix FamilySpec::reference_result(const EngineConfig& cfg, const OperandMatrix& a,
                                          const OperandMatrix& b) const {
  return int_gemm(a, b, cfg.a, cfg.b, cfg.acc_bits);
}

GemmOperands FamilySpec::make_operands(const EngineConfig& cfg, const GemmShape& shape, uint64_t seed,
                                       const std::string& source) const {
  return make_integer_operands(cfg, shape, seed, source);
}

}  // namespace tpe
