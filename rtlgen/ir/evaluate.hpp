// Evaluates a purely combinational module of the IR in C++ (no instances,
// no registers, every signal at most 64 bits wide): the values of its
// outputs for given inputs, with the IR's exact semantics (every operation
// modulo 2^width). Lets a generator's datapath be tested exhaustively on
// small formats in seconds, where a Verilator build per case would take
// minutes; the emitted Verilog of the same module is checked separately.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>

#include "rtlgen/ir/ir.hpp"

namespace tpe::rtl {

class CombEvaluator {
 public:
  // Throws std::invalid_argument naming the module and the reason if it has
  // registers, instances or a signal wider than 64 bits.
  explicit CombEvaluator(const Module& m);
  // inputs: every input port by name. Returns the value of `output` (any
  // wire or output). Throws std::invalid_argument for a missing input.
  uint64_t eval(const std::map<std::string, uint64_t>& inputs, const std::string& output);

 private:
  uint64_t value_of(const Expr& e);
  uint64_t signal(const std::string& name);

  const Module& m_;
  std::unordered_map<std::string, const Signal*> signals_;
  std::unordered_map<std::string, const Expr*> driver_;  // wire/output -> its assignment
  std::unordered_map<std::string, uint64_t> memo_;
  const std::map<std::string, uint64_t>* inputs_ = nullptr;
};

}  // namespace tpe::rtl
