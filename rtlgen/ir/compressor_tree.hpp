// A deterministic, width-parameterized Dadda compressor tree: reduces a
// matrix of bits (each column holding bits of one weight 2^c) to two rows
// using full adders (3:2) and half adders (2:2) only, so that
// row0 + row1 == the sum of all input bits at their weights (mod 2^width).
//
// Dadda's schedule: stage targets ..., 13, 9, 6, 4, 3, 2 (d_{j+1} =
// floor(1.5 d_j)), starting with the largest target below the tallest
// column; each stage reduces every column, least significant first, to at
// most the target (counting the carries it receives from the column below)
// with as few adders as possible. Carries out of column width-1 are dropped.
//
// The tree is plain data (cells over numbered bits) so it can be evaluated
// in C++ (tests check it exhaustively against integer addition) and emitted
// into a Module as 1-bit wires, with a hook after each stage (pipeline
// registers).
#pragma once
#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "rtlgen/ir/ir.hpp"

namespace tpe::rtl {

struct CompressorCell {
  bool full = true;          // full adder (3 inputs) or half adder (2)
  std::array<int, 3> in{};   // bit ids (in[2] unused by a half adder)
  int sum = -1, carry = -1;  // bit ids it defines; carry = -1 when it would leave the top column
  int column = 0, stage = 0;
};

struct CompressorTree {
  int width = 0;   // result columns: the sum is modulo 2^width
  int inputs = 0;  // bit ids 0..inputs-1 are the inputs
  int bits = 0;    // all bit ids: inputs, then cell outputs in cell order
  int stages = 0;
  std::vector<CompressorCell> cells;                 // stage by stage, least significant column first
  std::vector<std::vector<std::vector<int>>> live;   // live[t][c]: bit ids of column c after stage t (t = 0: inputs)
  std::array<std::vector<int>, 2> rows;              // the result: rows[r][c] a bit id, or -1 for a constant 0

  int full_adders() const;
  int half_adders() const;
};

// `columns[c]` lists the input bit ids of weight 2^c; ids must be 0..n-1,
// each once. Columns at or beyond `width` are dropped (they cannot change the
// result modulo 2^width). Throws std::invalid_argument on a malformed matrix.
CompressorTree dadda_tree(const std::vector<std::vector<int>>& columns, int width);

// The matrix of `rows` operands of `width` bits each: bit i of operand r has id r * width + i.
std::vector<std::vector<int>> operand_columns(int rows, int width);

// The value (0/1) of every bit id for the given input bit values.
std::vector<uint8_t> evaluate_bits(const CompressorTree& t, const std::vector<uint8_t>& input_bits);

// (row0 + row1) mod 2^width for the given input bit values (0/1, one per input id).
uint64_t evaluate(const CompressorTree& t, const std::vector<uint8_t>& input_bits);

// Emits the tree into `m`: every cell output a 1-bit wire named
// "<prefix>s<i>" / "<prefix>c<i>" (sum / carry of cell i). `inputs[id]` are
// 1-bit expressions. After each stage t = 1..max(stages, min_stages), every
// live bit of column c goes through after_stage(t, c, bit) when given (which
// may return a register of it). Returns the two result rows, width bits each.
std::array<ExprP, 2> emit_compressor_tree(
    Module& m, const CompressorTree& t, const std::vector<ExprP>& inputs, const std::string& prefix,
    const std::function<ExprP(int stage, int column, const ExprP& bit)>& after_stage = nullptr, int min_stages = 0);

}  // namespace tpe::rtl
