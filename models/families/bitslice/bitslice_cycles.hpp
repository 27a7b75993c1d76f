// The bitslice family's cycle count, from the operands' digit counts alone
// (never from the cycle model): the reference the model and the RTL are held
// to, exactly. Derivation: docs/families/bitslice.md.
//
// A group (array tile m0.., n0..; k0..k0+G-1) costs T cycles of PE work,
// the maximum over the array's rows of the row's cycles (rows beyond M and
// lanes beyond K hold zeros):
//   stripes: a.bits (one cycle per bit plane, whatever the value);
//   opt3:    sum over the EN-T digit positions k of max(1, the number of the
//            G activations whose digit k is nonzero): one partial product a
//            cycle, a position with none still costs one;
//   opt4c:   sum over the EN-T digit positions k of max(1, the most
//            nonzero digits k of any row's G activations): the whole array
//            is at one digit position at a time (the rows synchronize at
//            every position, so the shift by 2k is shared by a column);
//   opt4e:   as opt4c with S = min(4, G) slots per PE (lane l in slot l mod
//            S): per position the most nonzero digits of any row's slot;
//   laconic: the maximum over the array's PEs and lanes of (nonzero MBE
//            digits of a) x (nonzero MBE digits of w), at least one: each
//            lane steps through its term pairs, the lanes synchronize.
// Consecutive groups of a tile start max(T, 2) edges apart (the controller
// sees `ready` a round trip late and sends at most every other edge); a tile
// of Rt = min(R, M - m0) rows costs sum_{g < last} max(T_g, 2) + T_last + 3 + Rt
// edges from its first load to the next tile's; the GEMM, the sum over tiles
// minus one.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "models/engine/engine_config.hpp"
#include "models/formats/matrix.hpp"

namespace tpe::bitslice {

// Partial products a PE issues per cycle: OPT4E's S = min(4, G) slots
// (lane l in slot l mod S, each slot with its own sparse encoder, the S
// partial products into one compressor), 1 for the others.
int issue_slots(const EngineConfig& cfg);

// Cycles of PE work a row spends on its G activations a[0..G) (zero
// padding included): Stripes and OPT3, whose steps do not depend on the weights.
int row_group_cycles(const EngineConfig& cfg, const int32_t* a, int lanes);

// T of one group: a[i*G+l] the activations of array row i, b[j*G+l] the
// weights of array column j (zeros where the controller pads).
int group_cycles_of(const EngineConfig& cfg, const int32_t* a, const int32_t* b);

// T of every group, [row tile][column tile][group], in schedule order.
std::vector<std::vector<std::vector<int>>> group_cycles(const EngineConfig& cfg, const OperandMatrix& a,
                                                        const OperandMatrix& b);

// The GEMM's cycle count on the engine (what FamilySpec::cycles_for_operands returns).
uint64_t gemm_cycles(const EngineConfig& cfg, const OperandMatrix& a, const OperandMatrix& b);

// Statistics of the encoded operand for reports (`tpe sim --json`): mean
// nonzero digits per operand (before the one-cycle floor of an empty group),
// mean cycles per operand (the PE cycles spent per k, after it), and a
// histogram of the nonzero digits per operand.
struct DigitStats {
  double digits_per_operand = 0;
  double cycles_per_operand = 0;
  std::vector<uint64_t> histogram;  // [d] = operands with d nonzero digits
  std::string encoding;             // "bit planes", "EN-T", "MBE"
  std::map<std::string, double> by_encoding;  // mean nonzero digits of A under each encoding
};
DigitStats digit_stats(const EngineConfig& cfg, const OperandMatrix& a, const OperandMatrix& b);

}  // namespace tpe::bitslice
