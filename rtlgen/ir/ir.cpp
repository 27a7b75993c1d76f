#include "rtlgen/ir/ir.hpp"

#include <stdexcept>

#include <fmt/format.h>

namespace tpe::rtl {
namespace {

ExprP make(Op op, int width, std::vector<ExprP> args) {
  auto e = std::make_shared<Expr>();
  e->op = op;
  e->width = width;
  e->args = std::move(args);
  return e;
}

void same_width(const char* op, const ExprP& a, const ExprP& b) {
  if (a->width != b->width) throw std::invalid_argument(fmt::format("{}: operand widths differ ({} vs {})", op, a->width, b->width));
}

}  // namespace

ExprP ref(const std::string& name, int width) {
  if (width < 1) throw std::invalid_argument(fmt::format("ref {}: width {} < 1", name, width));
  auto e = std::make_shared<Expr>();
  e->op = Op::Ref;
  e->width = width;
  e->name = name;
  return e;
}

ExprP cst(int width, uint64_t value) {
  if (width < 1 || width > 64 || (width < 64 && (value >> width) != 0))
    throw std::invalid_argument(fmt::format("constant {} does not fit {} bits", value, width));
  auto e = std::make_shared<Expr>();
  e->op = Op::Const;
  e->width = width;
  e->value = value;
  return e;
}

ExprP slice(const ExprP& e, int hi, int lo) {
  if (e->op != Op::Ref) throw std::invalid_argument("slice: only a signal can be sliced");
  if (lo < 0 || hi < lo || hi >= e->width)
    throw std::invalid_argument(fmt::format("slice {}[{}:{}] outside its {} bits", e->name, hi, lo, e->width));
  auto s = make(Op::Slice, hi - lo + 1, {e});
  auto* m = const_cast<Expr*>(s.get());
  m->hi = hi;
  m->lo = lo;
  return s;
}

ExprP cat(const std::vector<ExprP>& parts) {
  if (parts.empty()) throw std::invalid_argument("cat: no parts");
  if (parts.size() == 1) return parts[0];
  int w = 0;
  for (auto& p : parts) w += p->width;
  return make(Op::Concat, w, parts);
}

ExprP repeat(int count, const ExprP& e) {
  if (count < 1) throw std::invalid_argument(fmt::format("repeat: count {} < 1", count));
  if (count == 1) return e;
  auto r = make(Op::Repeat, count * e->width, {e});
  const_cast<Expr*>(r.get())->count = count;
  return r;
}

ExprP add(const ExprP& a, const ExprP& b) { same_width("add", a, b); return make(Op::Add, a->width, {a, b}); }
ExprP sub(const ExprP& a, const ExprP& b) { same_width("sub", a, b); return make(Op::Sub, a->width, {a, b}); }
ExprP mul(const ExprP& a, const ExprP& b, bool signed_op) {
  same_width("mul", a, b);
  auto m = make(Op::Mul, a->width, {a, b});
  const_cast<Expr*>(m.get())->signed_op = signed_op;
  return m;
}
ExprP band(const ExprP& a, const ExprP& b) { same_width("and", a, b); return make(Op::And, a->width, {a, b}); }
ExprP bor(const ExprP& a, const ExprP& b) { same_width("or", a, b); return make(Op::Or, a->width, {a, b}); }
ExprP bxor(const ExprP& a, const ExprP& b) { same_width("xor", a, b); return make(Op::Xor, a->width, {a, b}); }
ExprP bnot(const ExprP& a) { return make(Op::Not, a->width, {a}); }
ExprP red_or(const ExprP& a) { return a->width == 1 ? a : make(Op::RedOr, 1, {a}); }
ExprP eq(const ExprP& a, const ExprP& b) { same_width("eq", a, b); return make(Op::Eq, 1, {a, b}); }
ExprP mux(const ExprP& s, const ExprP& t, const ExprP& f) {
  if (s->width != 1) throw std::invalid_argument(fmt::format("mux: select is {} bits, not 1", s->width));
  same_width("mux", t, f);
  return make(Op::Mux, t->width, {s, t, f});
}

ExprP extend(const ExprP& e, int width, bool sign) {
  if (width == e->width) return e;
  if (e->op != Op::Ref && e->op != Op::Slice) throw std::invalid_argument("extend: only a signal or a slice");
  const ExprP base = e->op == Op::Ref ? e : e->args[0];
  const int lo = e->op == Op::Ref ? 0 : e->lo;
  if (width < e->width) return slice(base, lo + width - 1, lo);
  const ExprP fill = sign ? slice(base, lo + e->width - 1, lo + e->width - 1) : cst(1, 0);
  return cat({repeat(width - e->width, fill), e});
}

ExprP any_of(const std::vector<ExprP>& bits) {
  if (bits.empty()) return cst(1, 0);
  return red_or(cat(bits));  // one flat reduction, not a deep chain of ORs
}

const Signal* Module::find(const std::string& n) const {
  if (indexed_ > signals.size()) {  // cannot happen with append-only use; be safe
    index_.clear();
    indexed_ = 0;
  }
  for (; indexed_ < signals.size(); ++indexed_) index_.emplace(signals[indexed_].name, indexed_);
  const auto it = index_.find(n);
  if (it == index_.end()) return nullptr;
  const Signal& s = signals[it->second];
  if (s.name == n) return &s;
  // A signal renamed in place (not done by tpe's generators): fall back.
  for (auto& x : signals)
    if (x.name == n) return &x;
  return nullptr;
}

Signal& Module::add(const std::string& n, int width, SignalKind kind, bool may_be_unused) {
  if (find(n)) throw std::invalid_argument(fmt::format("module {}: signal {} declared twice", name, n));
  // A width below 1 has no Verilog range (found by fuzz_ir_checks: it made
  // the driver check allocate a vector of -2 elements).
  if (width < 1) throw std::invalid_argument(fmt::format("module {}: signal {} has width {}; allowed: >= 1", name, n, width));
  signals.push_back({n, width, kind, may_be_unused});
  return signals.back();
}

ExprP Module::sig(const std::string& n) const {
  const Signal* s = find(n);
  if (!s) throw std::invalid_argument(fmt::format("module {}: no signal {}", name, n));
  return ref(n, s->width);
}

std::vector<const Signal*> Module::ports() const {
  std::vector<const Signal*> p;
  for (auto& s : signals)
    if (s.kind == SignalKind::Input || s.kind == SignalKind::Output) p.push_back(&s);
  return p;
}

const Module* Design::find(const std::string& n) const {
  for (auto& m : modules)
    if (m.name == n) return &m;
  return nullptr;
}

}  // namespace tpe::rtl
