// A small hardware IR: modules with ports, wires and registers, continuous
// assignments, clocked register updates and instances. Expressions are
// explicitly sized (no implicit Verilog width rules), so the width check is
// exact and the emitted Verilog means the same to every tool.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace tpe::rtl {

enum class Op {
  Ref,     // a whole signal
  Const,   // width-bit constant (value < 2^64)
  Slice,   // args[0][hi:lo]; args[0] must be a Ref
  Concat,  // {args[0], args[1], ...}: args[0] is the most significant
  Repeat,  // {count{args[0]}}
  Add, Sub, Mul,  // operands and result of one width; modulo 2^width
  And, Or, Xor, Not,
  RedOr,   // |args[0] -> 1 bit
  Eq,      // args[0] == args[1] -> 1 bit
  Mux,     // args[0] ? args[1] : args[2]
};

struct Expr;
using ExprP = std::shared_ptr<const Expr>;

struct Expr {
  Op op;
  int width;
  std::string name;        // Ref
  uint64_t value = 0;      // Const
  int hi = 0, lo = 0;      // Slice
  int count = 0;           // Repeat
  bool signed_op = false;  // Mul: emitted as $signed() * $signed() (same bits, lets synthesis trim sign copies)
  std::vector<ExprP> args;
};

// Expression builders. They check widths as they build and throw
// std::invalid_argument on a mismatch, naming the operation.
ExprP ref(const std::string& name, int width);
ExprP cst(int width, uint64_t value);
ExprP slice(const ExprP& e, int hi, int lo);
ExprP cat(const std::vector<ExprP>& parts);
ExprP repeat(int count, const ExprP& e);
ExprP add(const ExprP& a, const ExprP& b);
ExprP sub(const ExprP& a, const ExprP& b);
ExprP mul(const ExprP& a, const ExprP& b, bool signed_op);
ExprP band(const ExprP& a, const ExprP& b);
ExprP bor(const ExprP& a, const ExprP& b);
ExprP bxor(const ExprP& a, const ExprP& b);
ExprP bnot(const ExprP& a);
ExprP red_or(const ExprP& a);
ExprP eq(const ExprP& a, const ExprP& b);
ExprP mux(const ExprP& sel, const ExprP& if_true, const ExprP& if_false);
// Sign- or zero-extends (or truncates) a Ref or Slice to `width` bits.
ExprP extend(const ExprP& e, int width, bool sign);
// OR of a list of 1-bit expressions (a constant 0 for an empty list).
ExprP any_of(const std::vector<ExprP>& bits);

enum class SignalKind { Input, Output, Wire, Reg };

struct Signal {
  std::string name;
  int width = 1;
  SignalKind kind = SignalKind::Wire;
  bool may_be_unused = false;  // some bits are read by nobody (e.g. edge-of-array forwards); waives the lint
};

struct Assign {
  std::string lhs;  // a whole Wire or Output
  ExprP rhs;
};

// In the module's single clocked block: if (reset) reg <= reset_value (when
// given); else if (enable) reg <= next (enable may be null: always).
struct RegUpdate {
  std::string reg;
  ExprP next;
  ExprP enable;       // 1 bit or null
  ExprP reset_value;  // null: the register has no reset (data registers)
};

struct Connection {
  std::string port;
  ExprP expr;  // inputs: any expression; outputs: a Ref or a Slice of a Ref
};

struct Instance {
  std::string module;
  std::string name;
  std::vector<Connection> connections;
};

struct Module {
  std::string name;
  std::string comment;  // what it is, emitted above the module
  std::string clock = "clk", reset = "rst";
  std::vector<Signal> signals;  // ports first, in port order
  std::vector<Assign> assigns;
  std::vector<RegUpdate> regs;
  std::vector<Instance> instances;

  const Signal* find(const std::string& n) const;
  Signal& add(const std::string& n, int width, SignalKind kind, bool may_be_unused = false);
  ExprP sig(const std::string& n) const;  // ref() to a declared signal
  void assign(const std::string& lhs, const ExprP& rhs) { assigns.push_back({lhs, rhs}); }
  void reg(const std::string& r, const ExprP& next, const ExprP& enable = nullptr, const ExprP& reset_value = nullptr) {
    regs.push_back({r, next, enable, reset_value});
  }
  std::vector<const Signal*> ports() const;

 private:
  // find() by name in constant time: a 256x256 array's top has hundreds of
  // thousands of signals, and a linear search per declaration and per
  // reference made `tpe gen` quadratic (minutes). Signals are only ever
  // appended, so the index is extended lazily to cover new ones; it maps a
  // name to its first declaration, as the linear search did.
  mutable std::unordered_map<std::string, size_t> index_;
  mutable size_t indexed_ = 0;
};

struct Design {
  std::string top;
  std::vector<Module> modules;  // submodules before their users
  const Module* find(const std::string& name) const;
};

}  // namespace tpe::rtl
