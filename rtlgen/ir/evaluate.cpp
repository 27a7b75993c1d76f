#include "rtlgen/ir/evaluate.hpp"

#include <stdexcept>

#include <fmt/format.h>

namespace tpe::rtl {

namespace {
uint64_t mask(int width) { return width >= 64 ? ~uint64_t(0) : (uint64_t(1) << width) - 1; }
}  // namespace

CombEvaluator::CombEvaluator(const Module& m) : m_(m) {
  if (!m.regs.empty() || !m.instances.empty())
    throw std::invalid_argument(fmt::format("CombEvaluator: module {} has registers or instances; allowed purely "
                                            "combinational modules", m.name));
  for (const Signal& s : m.signals) {
    signals_[s.name] = &s;
    if (s.width > 64)
      throw std::invalid_argument(
          fmt::format("CombEvaluator: {}.{} is {} bits wide; allowed at most 64", m.name, s.name, s.width));
  }
  for (const Assign& a : m.assigns) driver_[a.lhs] = a.rhs.get();
}

uint64_t CombEvaluator::eval(const std::map<std::string, uint64_t>& inputs, const std::string& output) {
  inputs_ = &inputs;
  memo_.clear();
  return signal(output);
}

uint64_t CombEvaluator::signal(const std::string& name) {
  if (auto it = memo_.find(name); it != memo_.end()) return it->second;
  auto found = signals_.find(name);
  const Signal* s = found == signals_.end() ? nullptr : found->second;
  if (!s) throw std::invalid_argument(fmt::format("CombEvaluator: {} has no signal {}", m_.name, name));
  uint64_t v;
  if (s->kind == SignalKind::Input) {
    auto it = inputs_->find(name);
    if (it == inputs_->end())
      throw std::invalid_argument(fmt::format("CombEvaluator: input {}.{} was not given", m_.name, name));
    v = it->second & mask(s->width);
  } else {
    auto it = driver_.find(name);
    if (it == driver_.end()) throw std::invalid_argument(fmt::format("CombEvaluator: {}.{} has no driver", m_.name, name));
    v = value_of(*it->second);
  }
  memo_[name] = v;
  return v;
}

uint64_t CombEvaluator::value_of(const Expr& e) {
  auto arg = [&](size_t i) { return value_of(*e.args[i]); };
  uint64_t v = 0;
  switch (e.op) {
    case Op::Ref: v = signal(e.name); break;
    case Op::Const: v = e.value; break;
    case Op::Slice: v = arg(0) >> e.lo; break;
    case Op::Concat:
      for (const ExprP& p : e.args) v = (p->width >= 64 ? 0 : v << p->width) | value_of(*p);
      break;
    case Op::Repeat: {
      const uint64_t x = arg(0);
      for (int i = 0; i < e.count; ++i) v = (e.args[0]->width >= 64 ? 0 : v << e.args[0]->width) | x;
      break;
    }
    case Op::Add: v = arg(0) + arg(1); break;
    case Op::Sub: v = arg(0) - arg(1); break;
    case Op::Mul: v = arg(0) * arg(1); break;  // low `width` bits are the same signed or not
    case Op::And: v = arg(0) & arg(1); break;
    case Op::Or: v = arg(0) | arg(1); break;
    case Op::Xor: v = arg(0) ^ arg(1); break;
    case Op::Not: v = ~arg(0); break;
    case Op::RedOr: v = arg(0) != 0; break;
    case Op::Eq: v = arg(0) == arg(1); break;
    case Op::Mux: v = arg(0) ? arg(1) : arg(2); break;
  }
  return v & mask(e.width);
}

}  // namespace tpe::rtl
