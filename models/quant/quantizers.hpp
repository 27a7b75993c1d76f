// Round-to-nearest quantizers shared by the schemes. All scale arithmetic is
// fp32 (what torch does on fp32 tensors): absmax/min/max in fp32, the scale as
// one fp32 division, q = clamp(rne(fp32(x / s)), lo, hi).
//
// Decisions [ours]:
//  * symmetric codes use [-(2^(b-1)-1), 2^(b-1)-1] (the most negative code is
//    never produced; see int_formats.hpp symmetric_qmax);
//  * an all-zero group gets scale 0 and codes 0 (no division happens), so it
//    dequantizes to exact zeros; a scale floor (FlexQ's 1e-5) overrides this;
//  * asymmetric follows llm-awq exactly (pe_arith 2.1): s = max(max-min,1e-5)/(2^b-1),
//    z = clamp(-rne(min/s), 0, 2^b-1), q = clamp(rne(w/s)+z, 0, 2^b-1).
#pragma once
#include <vector>

#include "models/engine/engine_config.hpp"
#include "models/formats/matrix.hpp"
#include "models/quant/quant_groups.hpp"

namespace tpe {

// A row-wise, group-wise quantized matrix: value(r,k) ~ scale(r,g)*(q(r,k) - zero(r,g)).
struct GroupQuant {
  IntFormat fmt;            // the format q lies in (signed for symmetric, unsigned for asymmetric)
  GroupLayout groups;       // along the columns
  OperandMatrix q;          // [rows][K]
  Matrix<float> scale;      // [rows][groups]
  Matrix<int32_t> zero;     // [rows][groups]; all 0 when symmetric
  bool asymmetric = false;

  int rows() const { return q.rows; }
  // fp32 dequantized value: fp32(scale * (q - zero)).
  float dequant(int r, int k) const;
};

struct SymmetricOptions {
  float scale_min = 0.0f;  // the scale is clamped to [scale_min, scale_max] when scale_min > 0
  float scale_max = 0.0f;  // 0 = no upper clamp
};

// Symmetric, `bits` wide, one scale per (row, group): s = absmax/(2^(b-1)-1).
GroupQuant quantize_symmetric_groups(const Matrix<float>& x, int bits, int group_size,
                                     SymmetricOptions opt = {});
// Asymmetric (llm-awq), unsigned `bits`-wide codes with a zero point per (row, group).
GroupQuant quantize_asymmetric_groups(const Matrix<float>& x, int bits, int group_size);
// Symmetric with ONE scale for the whole tensor (absmax over all elements).
GroupQuant quantize_symmetric_tensor(const Matrix<float>& x, int bits);

// Per-token activation quantization (pe_arith 2.2): one symmetric scale per
// row m of X, or per (row, group) when group_size > 0 (FlexQ, COMET).
GroupQuant quantize_per_token(const Matrix<float>& x, int bits, int group_size = 0, SymmetricOptions opt = {});

// Matrix helpers used by every scheme.
Matrix<float> dequantize(const GroupQuant& g);

}  // namespace tpe
