// The seed paper's OPT1 "compressed accumulation" PE for the OS array
// (../shared/ref/tpe_paper.md 1.2, 2.2), written from its description:
//   - radix-4 Booth (MBE) recoding of a (the multiplier) into digits in
//     {-2,-1,0,1,2}; each partial product d*b is formed exactly from b;
//   - the partial products, shifted by 2 bits per digit and sign-extended to
//     the accumulator, go into ONE carry-save compressor tree together with
//     the fed-back sum and carry (3:2 cells, consecutive triples per level);
//   - the accumulator stays in carry-save form (acc_s, acc_c); the carry-
//     propagate add is moved out of the PE, to the array's read-out.
// Ports: clk rst a_in b_in v_in f_in -> a_out b_out v_out f_out acc_s acc_c.
// acc_s + acc_c (mod 2^acc_bits) equals the baseline PE's accumulator.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "models/engine/engine_config.hpp"
#include "rtlgen/ir/ir.hpp"

namespace tpe::rtl {

Module make_os_opt1_pe(const EngineConfig& cfg);

// The pieces, shared with the WS/IS OPT1 PE (pe_stationary_gen):
// The radix-4 Booth partial products of multiplier x multiplicand, each
// shifted to its bit weight and sign-extended (truncated) to acc_bits, ready
// for the compressor tree. Adds the wires `mult_ext`, `mcand_ext` (the
// extended operands) and pp<k>_* to `m`.
std::vector<ExprP> booth_operands(Module& m, const ExprP& multiplier, const IntFormat& mf, const std::string& mult_ext,
                                  const ExprP& multiplicand, const IntFormat& cf, const std::string& mcand_ext,
                                  int acc_bits);
// Reduces acc_bits-wide operands to a sum and a carry whose sum (mod
// 2^acc_bits) is theirs: 3:2 cells on consecutive triples per level (csa*).
std::pair<ExprP, ExprP> compress_to_two(Module& m, std::vector<ExprP> operands, int acc_bits);

// Number of radix-4 Booth digits for a multiplier of format `f`: an unsigned
// multiplier gets a zero sign bit first.
int booth_digits(const IntFormat& f);

}  // namespace tpe::rtl
