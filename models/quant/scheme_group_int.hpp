// Integer-activation, group-wise integer-weight schemes with a per-group
// integer core and an fp32 epilogue (pe_arith 1.3 second bullet, 2.2, 2.5):
//   w4a8       W int4 symmetric G=128, X int8 per token
//   w4a8-asym  W uint4 + zero point (llm-awq) G=128, X int8 per token
//   w6a6       FlexQ: W int6 symmetric G=128, X int6 per token per group of 128
//   w6a8       FlexQ down_proj: as w6a6 with X int8
// Integer core: for each weight group g one engine.gemm gives
//   I_g[m][n] = sum_{k in g} qa*qw   and   R_g[m] = sum_{k in g} qa (only with a zero point)
// (int32, exact by pe_arith 1.2: 19 bits for 4x8 at G=128). Epilogue, all fp32,
// g ascending (pe_arith marks the order [ours]):
//   per-token activations:   acc = 0; acc += s_w[n,g] * fp32(I_g - z[n,g]*R_g); y = s_a[m] * acc
//   per-group activations:   acc = 0; acc += fp32(s_a[m,g] * s_w[n,g]) * fp32(I_g - z*R_g); y = acc
// fp32(int) is a round-to-nearest conversion (exact below 2^24).
#pragma once
#include <memory>
#include <string>

#include "models/quant/quant_scheme.hpp"

namespace tpe {

struct GroupIntConfig {
  std::string name;
  int wbits = 4;            // 2..8
  int wgroup = 128;         // >= 1
  bool wasym = false;       // llm-awq asymmetric weights with zero points
  int abits = 8;            // 2..8
  int agroup = 0;           // 0 = per token; otherwise must equal wgroup
  float scale_min = 0.0f;   // FlexQ clamps weight and activation scales to [1e-5, 1e4]
  float scale_max = 0.0f;
};

// Validates (throws naming the field, value and allowed range).
std::unique_ptr<LinearScheme> make_group_int_scheme(const GroupIntConfig& cfg);

std::unique_ptr<LinearScheme> make_w4a8_scheme(bool asymmetric);
std::unique_ptr<LinearScheme> make_flexq_scheme(int abits);  // w6a6 (6) or w6a8 (8)

}  // namespace tpe
