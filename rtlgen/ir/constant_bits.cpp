#include "rtlgen/ir/constant_bits.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>

#include <fmt/format.h>

#include "rtlgen/ir/emit_verilog.hpp"

namespace tpe::rtl {
namespace {

constexpr int X = -1;

KnownBits unknown(int width) { return KnownBits(size_t(width), X); }

class ModuleAnalysis {
 public:
  ModuleAnalysis(const Design& d, const Module& m, const std::map<std::string, std::map<std::string, KnownBits>>& subs)
      : d_(d), m_(m), subs_(subs) {
    for (const auto& s : m.signals) env_[s.name] = unknown(s.width);
  }

  void set_env(const std::map<std::string, KnownBits>& env) { env_ = env; }
  KnownBits eval_expr(const Expr& e) { return eval(e); }

  std::map<std::string, KnownBits> run() {
    // Knowledge only grows from "all unknown" (every rule is monotone), so the
    // loop ends; each pass that changes something fixes at least one bit.
    for (bool changed = true; changed;) {
      changed = false;
      for (const auto& a : m_.assigns) changed |= merge(a.lhs, 0, eval(*a.rhs));
      for (const auto& i : m_.instances) changed |= instance(i);
      for (const auto& r : m_.regs) changed |= reg(r);
    }
    return env_;
  }

 private:
  bool merge(const std::string& name, int lo, const KnownBits& bits) {
    auto it = env_.find(name);
    if (it == env_.end()) return false;  // undeclared: check_names reports it
    bool changed = false;
    for (size_t b = 0; b < bits.size() && lo + b < it->second.size(); ++b)
      if (bits[b] != X && it->second[lo + b] == X) {
        it->second[lo + b] = bits[b];
        changed = true;
      }
    return changed;
  }

  bool instance(const Instance& i) {
    auto sub = subs_.find(i.module);
    if (sub == subs_.end()) return false;
    bool changed = false;
    for (const auto& c : i.connections) {
      auto port = sub->second.find(c.port);
      if (port == sub->second.end() || !c.expr) continue;
      const Expr& e = *c.expr;
      // Outputs connect to a Ref or a Slice of a Ref; inputs are not written.
      if (e.op == Op::Ref && is_output_of(i.module, c.port)) changed |= merge(e.name, 0, port->second);
      if (e.op == Op::Slice && is_output_of(i.module, c.port)) changed |= merge(e.args[0]->name, e.lo, port->second);
    }
    return changed;
  }

  bool is_output_of(const std::string& module, const std::string& port) const {
    const Module* sub = d_.find(module);
    const Signal* s = sub ? sub->find(port) : nullptr;
    return s && s->kind == SignalKind::Output;
  }

  bool reg(const RegUpdate& r) {
    KnownBits next = eval(*r.next);
    if (r.reset_value) {
      const KnownBits rst = eval(*r.reset_value);
      for (size_t b = 0; b < next.size(); ++b)
        if (b >= rst.size() || rst[b] != next[b]) next[b] = X;
    }
    return merge(r.reg, 0, next);
  }

  KnownBits eval(const Expr& e) {
    const int w = e.width;
    switch (e.op) {
      case Op::Ref: {
        auto it = env_.find(e.name);
        return it == env_.end() ? unknown(w) : it->second;
      }
      case Op::Const: {
        KnownBits k(size_t(w), 0);
        for (int b = 0; b < w && b < 64; ++b) k[b] = int((e.value >> b) & 1u);
        return k;
      }
      case Op::Slice: {
        const KnownBits a = eval(*e.args[0]);
        return KnownBits(a.begin() + e.lo, a.begin() + e.hi + 1);
      }
      case Op::Concat: {
        KnownBits k;
        for (auto it = e.args.rbegin(); it != e.args.rend(); ++it) {
          const KnownBits p = eval(**it);
          k.insert(k.end(), p.begin(), p.end());
        }
        return k;
      }
      case Op::Repeat: {
        const KnownBits p = eval(*e.args[0]);
        KnownBits k;
        for (int i = 0; i < e.count; ++i) k.insert(k.end(), p.begin(), p.end());
        return k;
      }
      case Op::Add:
      case Op::Sub: {
        const KnownBits a = eval(*e.args[0]);
        KnownBits b = eval(*e.args[1]);
        int carry = 0;
        if (e.op == Op::Sub) {  // a - b = a + ~b + 1
          for (int& v : b) v = v == X ? X : 1 - v;
          carry = 1;
        }
        KnownBits k(size_t(w), X);
        for (int i = 0; i < w; ++i) {
          if (a[i] == X || b[i] == X || carry == X) {
            // A bit is still known when the other two of the three are 0
            // and this one is known (x + 0 + 0), else unknown and so is the carry.
            const int n_zero = (a[i] == 0) + (b[i] == 0) + (carry == 0);
            if (n_zero == 2) {
              k[i] = a[i] != 0 ? a[i] : b[i] != 0 ? b[i] : carry;
              carry = 0;
            } else {
              carry = n_zero == 3 ? 0 : X;
            }
            continue;
          }
          const int s = a[i] + b[i] + carry;
          k[i] = s & 1;
          carry = s >> 1;
        }
        return k;
      }
      case Op::Mul: {
        // Only the trailing zeros are kept: tz(a) + tz(b) low bits of the product are 0.
        const KnownBits a = eval(*e.args[0]), b = eval(*e.args[1]);
        auto tz = [](const KnownBits& v) {
          int n = 0;
          while (n < int(v.size()) && v[n] == 0) ++n;
          return n;
        };
        KnownBits k(size_t(w), X);
        const bool zero = tz(a) == int(a.size()) || tz(b) == int(b.size());
        for (int i = 0; i < w; ++i)
          if (zero || i < tz(a) + tz(b)) k[i] = 0;
        return k;
      }
      case Op::And:
      case Op::Or:
      case Op::Xor: {
        const KnownBits a = eval(*e.args[0]), b = eval(*e.args[1]);
        KnownBits k(size_t(w), X);
        for (int i = 0; i < w; ++i) {
          if (e.op == Op::And) k[i] = (a[i] == 0 || b[i] == 0) ? 0 : (a[i] == 1 && b[i] == 1) ? 1 : X;
          if (e.op == Op::Or) k[i] = (a[i] == 1 || b[i] == 1) ? 1 : (a[i] == 0 && b[i] == 0) ? 0 : X;
          if (e.op == Op::Xor) k[i] = (a[i] == X || b[i] == X) ? X : a[i] ^ b[i];
        }
        return k;
      }
      case Op::Not: {
        KnownBits k = eval(*e.args[0]);
        for (int& v : k) v = v == X ? X : 1 - v;
        return k;
      }
      case Op::RedOr: {
        const KnownBits a = eval(*e.args[0]);
        bool all_zero = true;
        for (int v : a) {
          if (v == 1) return {1};
          all_zero &= v == 0;
        }
        return {all_zero ? 0 : X};
      }
      case Op::Eq: {
        const KnownBits a = eval(*e.args[0]), b = eval(*e.args[1]);
        bool all_known = true;
        for (size_t i = 0; i < a.size(); ++i) {
          if (a[i] != X && b[i] != X && a[i] != b[i]) return {0};
          all_known &= a[i] != X && b[i] != X;
        }
        return {all_known ? 1 : X};
      }
      case Op::Mux: {
        const KnownBits s = eval(*e.args[0]);
        const KnownBits t = eval(*e.args[1]), f = eval(*e.args[2]);
        if (s[0] == 1) return t;
        if (s[0] == 0) return f;
        KnownBits k(size_t(w), X);
        for (int i = 0; i < w; ++i) k[i] = t[i] == f[i] ? t[i] : X;
        return k;
      }
    }
    return unknown(w);
  }

 private:
  const Design& d_;
  const Module& m_;
  const std::map<std::string, std::map<std::string, KnownBits>>& subs_;
  std::map<std::string, KnownBits> env_;
};

}  // namespace

std::map<std::string, std::map<std::string, KnownBits>> constant_bits(const Design& d) {
  std::map<std::string, std::map<std::string, KnownBits>> result;
  for (const auto& m : d.modules) result[m.name] = ModuleAnalysis(d, m, result).run();  // submodules first
  return result;
}

std::vector<std::string> check_constant_outputs(const Design& d) {
  std::vector<std::string> errs;
  const auto known = constant_bits(d);
  for (const auto& m : d.modules) {
    if (m.name == d.top) continue;
    for (const auto& s : m.signals) {
      if (s.kind != SignalKind::Output) continue;
      const KnownBits& k = known.at(m.name).at(s.name);
      std::string bits;
      for (size_t b = 0; b < k.size(); ++b)
        if (k[b] != X) bits += fmt::format("{}{}={}", bits.empty() ? "" : ", ", b, k[b]);
      if (!bits.empty())
        errs.push_back(fmt::format(
            "module {}: output {} has constant bits ({}); a submodule port must not be tied to a constant "
            "(OpenSTA 2.0.17 crashes on it): leave those bits off the port and restore them in the user",
            m.name, s.name, bits));
    }
  }
  return errs;
}

}  // namespace tpe::rtl

namespace tpe::rtl {
namespace {

// `base`, or `base_2`, `base_3`, ... when a signal of `m` has that name
// (a second round can narrow a port again).
std::string fresh(const Module& m, const std::string& base) {
  std::string name = base;
  for (int i = 2; m.find(name); ++i) name = base + "_" + std::to_string(i);
  return name;
}

// `e` with every reference to `from` replaced by one to `to` (same width).
ExprP rename_refs(const ExprP& e, const std::string& from, const std::string& to) {
  if (!e) return e;
  if (e->op == Op::Ref) return e->name == from ? ref(to, e->width) : e;
  bool changed = false;
  std::vector<ExprP> args;
  for (const auto& a : e->args) {
    args.push_back(rename_refs(a, from, to));
    changed |= args.back() != a;
  }
  if (!changed) return e;
  auto copy = std::make_shared<Expr>(*e);
  copy->args = std::move(args);
  return copy;
}

void rename_in_module(Module& m, const std::string& from, const std::string& to) {
  for (auto& a : m.assigns) {
    if (a.lhs == from) a.lhs = to;
    a.rhs = rename_refs(a.rhs, from, to);
  }
  for (auto& r : m.regs) {
    if (r.reg == from) r.reg = to;
    r.next = rename_refs(r.next, from, to);
    r.enable = rename_refs(r.enable, from, to);
    r.reset_value = rename_refs(r.reset_value, from, to);
  }
  for (auto& i : m.instances)
    for (auto& c : i.connections) c.expr = rename_refs(c.expr, from, to);
}

// Runs of equal kind (live, or one constant value), most significant first:
// {kind, hi, lo} with kind X for live bits.
std::vector<std::array<int, 3>> runs(const KnownBits& k) {
  std::vector<std::array<int, 3>> out;
  for (int b = int(k.size()) - 1; b >= 0; --b) {
    if (!out.empty() && out.back()[0] == k[b])
      out.back()[2] = b;
    else
      out.push_back({k[b], b, b});
  }
  return out;
}

ExprP joined(const std::vector<ExprP>& parts) { return parts.size() == 1 ? parts[0] : cat(parts); }

// The live bits of a value of known bits `k` held in `full`.
ExprP live_bits(const KnownBits& k, const ExprP& full) {
  std::vector<ExprP> parts;
  for (const auto& [kind, hi, lo] : runs(k))
    if (kind == X) parts.push_back(hi == full->width - 1 && lo == 0 ? full : slice(full, hi, lo));
  return joined(parts);
}

// The whole value again: the constants of `k` around the live bits, which
// arrive packed, least significant first, in `live` (null: none).
ExprP restore(const KnownBits& k, const ExprP& live) {
  std::vector<ExprP> parts;
  int top = live ? live->width - 1 : -1;
  for (const auto& [kind, hi, lo] : runs(k)) {
    const int n = hi - lo + 1;
    if (kind == X) {
      parts.push_back(n == live->width ? live : slice(live, top, top - n + 1));
      top -= n;
    } else {
      parts.push_back(cst(n, kind ? (n >= 64 ? ~0ull : (1ull << n) - 1) : 0));
    }
  }
  return joined(parts);
}

}  // namespace

Design hoist_constant_outputs(Design d) {
  for (size_t mi = 0; mi < d.modules.size(); ++mi) {
    if (d.modules[mi].name == d.top) continue;
    // Analysed after the modules below were rewritten: their restored
    // constants are what can make this module's outputs constant.
    const auto known = constant_bits(d).at(d.modules[mi].name);
    Module& m = d.modules[mi];
    std::vector<std::pair<std::string, KnownBits>> hoisted;
    for (size_t si = 0; si < m.signals.size(); ++si) {
      const Signal s = m.signals[si];
      if (s.kind != SignalKind::Output) continue;
      const KnownBits& k = known.at(s.name);
      const int live = int(std::count(k.begin(), k.end(), X));
      if (live == s.width) continue;
      const std::string full = fresh(m, s.name + "_full");
      rename_in_module(m, s.name, full);
      bool registered = false;
      for (const auto& r : m.regs) registered |= r.reg == full;
      // The constant bits of the full value are read by nobody now.
      m.signals.push_back({full, s.width, registered ? SignalKind::Reg : SignalKind::Wire, true});
      if (live == 0) {
        m.signals.erase(m.signals.begin() + long(si));
        --si;
      } else {
        m.signals[si].width = live;
        m.assign(s.name, live_bits(k, ref(full, s.width)));
      }
      hoisted.push_back({s.name, k});
    }
    if (hoisted.empty()) continue;
    // Every user receives the live bits and restores the constants.
    for (auto& u : d.modules) {
      for (auto& inst : u.instances) {
        if (inst.module != m.name) continue;
        for (const auto& [port, k] : hoisted) {
          for (size_t ci = 0; ci < inst.connections.size(); ++ci) {
            Connection& c = inst.connections[ci];
            if (c.port != port) continue;
            if (!c.expr || c.expr->op != Op::Ref)
              throw std::logic_error(fmt::format(
                  "module {}: instance {} connects {}.{}, which has constant bits, to part of a signal; connect "
                  "it to a whole wire so the constants can be restored",
                  u.name, inst.name, m.name, port));
            const std::string target = c.expr->name;
            const int live = int(std::count(k.begin(), k.end(), X));
            ExprP live_ref;
            if (live > 0) {
              const std::string wire = fresh(u, inst.name + "_" + port + "_live");
              u.add(wire, live, SignalKind::Wire);
              live_ref = u.sig(wire);
              c.expr = live_ref;
            } else {
              inst.connections.erase(inst.connections.begin() + long(ci));
              --ci;
            }
            u.assign(target, restore(k, live_ref));
          }
        }
      }
    }
  }
  return d;
}

Design sink_constant_inputs(Design d) {
  // Users come after their submodules: walk from the top down, so a constant
  // sunk into a module can be sunk further into its own submodules.
  for (size_t mi = d.modules.size(); mi-- > 0;) {
    if (d.modules[mi].name == d.top) continue;
    const auto known = constant_bits(d);
    const std::string name = d.modules[mi].name;
    // Per input port: the bits every instance drives with the same constant.
    std::map<std::string, KnownBits> common;
    bool used = false;
    for (const auto& u : d.modules)
      for (const auto& inst : u.instances) {
        if (inst.module != name) continue;
        ModuleAnalysis a(d, u, known);
        a.set_env(known.at(u.name));
        for (const auto& c : inst.connections) {
          const Signal* port = d.modules[mi].find(c.port);
          if (!port || port->kind != SignalKind::Input || !c.expr) continue;
          const KnownBits k = a.eval_expr(*c.expr);
          auto it = common.find(c.port);
          if (!used || it == common.end()) {
            if (!used) common[c.port] = k;
            continue;
          }
          for (size_t b = 0; b < k.size(); ++b)
            if (it->second[b] != k[b]) it->second[b] = X;
        }
        used = true;
      }
    if (!used) continue;
    Module& m = d.modules[mi];
    std::vector<std::pair<std::string, KnownBits>> sunk;
    for (const auto& entry : common) {
      // Named, not a structured binding: a lambda below captures the port
      // (C++17 lets no lambda capture a structured binding; clang refuses it).
      const std::string& port = entry.first;
      const auto& k = entry.second;
      if (std::count(k.begin(), k.end(), X) == long(k.size())) continue;
      const int width = int(k.size()), live = int(std::count(k.begin(), k.end(), X));
      const std::string full = fresh(m, port + "_full");
      rename_in_module(m, port, full);
      m.signals.push_back({full, width, SignalKind::Wire, false});
      auto pos = std::find_if(m.signals.begin(), m.signals.end(), [&](const Signal& s) { return s.name == port; });
      ExprP live_ref;
      if (live == 0) {
        m.signals.erase(pos);
      } else {
        pos->width = live;
        live_ref = ref(port, live);
      }
      m.assign(full, restore(k, live_ref));
      sunk.push_back({port, k});
    }
    if (sunk.empty()) continue;
    const std::string mname = m.name;
    for (auto& u : d.modules)
      for (auto& inst : u.instances) {
        if (inst.module != mname) continue;
        for (const auto& [port, k] : sunk)
          for (size_t ci = 0; ci < inst.connections.size(); ++ci) {
            Connection& c = inst.connections[ci];
            if (c.port != port) continue;
            // The whole value stays computed in the user (its constant bits read by nobody).
            const std::string wire = fresh(u, inst.name + "_" + port + "_full");
            u.add(wire, int(k.size()), SignalKind::Wire, true);
            u.assign(wire, c.expr);
            if (std::count(k.begin(), k.end(), X) == 0) {
              inst.connections.erase(inst.connections.begin() + long(ci));
              --ci;
            } else {
              c.expr = live_bits(k, u.sig(wire));
            }
          }
      }
  }
  return d;
}

Design remove_constant_ports(Design d) {
  const Design hoisted = hoist_constant_outputs(d);
  if (emit_design(hoisted, "") == emit_design(d, "")) return d;  // no pattern: unchanged
  Design cur = hoisted;
  for (int round = 0; round < 8; ++round) {
    Design next = hoist_constant_outputs(sink_constant_inputs(cur));
    if (emit_design(next, "") == emit_design(cur, "")) return cur;
    cur = std::move(next);
  }
  return cur;
}

}  // namespace tpe::rtl
