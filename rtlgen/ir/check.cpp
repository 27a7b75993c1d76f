#include "rtlgen/ir/check.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <stdexcept>

#include <fmt/format.h>

namespace tpe::rtl {
namespace {

const std::set<std::string>& verilog_keywords() {
  static const std::set<std::string> k = {
      "always", "and", "assign", "begin", "buf", "case", "casex", "casez", "default", "defparam", "else", "end",
      "endcase", "endfunction", "endgenerate", "endmodule", "endtask", "for", "forever", "function", "generate",
      "genvar", "if", "initial", "inout", "input", "integer", "localparam", "module", "nand", "negedge", "nor",
      "not", "or", "output", "parameter", "posedge", "real", "reg", "repeat", "signed", "supply0", "supply1",
      "task", "time", "tri", "wait", "while", "wire", "xnor", "xor", "logic", "bit", "byte", "int",
      // The rest of Verilog-2005's reserved words.
      "automatic", "bufif0", "bufif1", "cell", "cmos", "config", "deassign", "design", "disable", "edge",
      "endconfig", "endprimitive", "endspecify", "endtable", "event", "force", "fork", "highz0", "highz1",
      "ifnone", "incdir", "include", "instance", "join", "large", "liblist", "library", "macromodule", "medium",
      "nmos", "noshowcancelled", "notif0", "notif1", "pmos", "primitive", "pull0", "pull1", "pulldown", "pullup",
      "pulsestyle_onevent", "pulsestyle_ondetect", "rcmos", "realtime", "release", "rnmos", "rpmos", "rtran",
      "rtranif0", "rtranif1", "scalared", "showcancelled", "small", "specify", "specparam", "strong0", "strong1",
      "table", "tran", "tranif0", "tranif1", "tri0", "tri1", "triand", "trior", "trireg", "unsigned", "use",
      "uwire", "vectored", "wand", "weak0", "weak1", "wor"};
  return k;
}

bool legal_identifier(const std::string& n) {
  if (n.empty() || !(std::isalpha((unsigned char)n[0]) || n[0] == '_')) return false;
  for (char c : n)
    if (!(std::isalnum((unsigned char)c) || c == '_' || c == '$')) return false;
  return !verilog_keywords().count(n);
}

// Visits every Ref in an expression.
void for_each_ref(const ExprP& e, const std::function<void(const Expr&)>& fn) {
  if (!e) return;
  if (e->op == Op::Ref) fn(*e);
  for (auto& a : e->args) for_each_ref(a, fn);
}

struct BitRange {
  std::string name;
  int hi, lo;
};

// The bits an output connection drives; nullopt-like empty name if not an lvalue.
BitRange lvalue_bits(const ExprP& e) {
  if (e->op == Op::Ref) return {e->name, e->width - 1, 0};
  if (e->op == Op::Slice) return {e->args[0]->name, e->hi, e->lo};
  return {"", 0, 0};
}

bool is_output_port(const Module& m, const std::string& port) {
  const Signal* s = m.find(port);
  return s && s->kind == SignalKind::Output;
}

}  // namespace

std::vector<std::string> check_names(const Design& d) {
  std::vector<std::string> errs;
  std::set<std::string> module_names;
  for (auto& m : d.modules) {
    if (!legal_identifier(m.name)) errs.push_back(fmt::format("module name '{}' is not a legal identifier", m.name));
    if (!module_names.insert(m.name).second) errs.push_back(fmt::format("module {} defined twice", m.name));
    std::set<std::string> names;
    for (auto& s : m.signals) {
      if (!legal_identifier(s.name))
        errs.push_back(fmt::format("module {}: signal name '{}' is not a legal identifier", m.name, s.name));
      if (!names.insert(s.name).second) errs.push_back(fmt::format("module {}: signal {} declared twice", m.name, s.name));
      if (s.width < 1) errs.push_back(fmt::format("module {}: signal {} has width {} (at least 1)", m.name, s.name, s.width));
    }
    auto check_refs = [&](const ExprP& e, const std::string& where) {
      for_each_ref(e, [&](const Expr& r) {
        const Signal* s = m.find(r.name);
        if (!s)
          errs.push_back(fmt::format("module {}: {} reads undeclared signal {}", m.name, where, r.name));
        else if (s->width != r.width)
          errs.push_back(fmt::format("module {}: {} reads {} as {} bits, declared {}", m.name, where, r.name, r.width,
                                     s->width));
      });
    };
    for (auto& a : m.assigns) {
      if (!m.find(a.lhs)) errs.push_back(fmt::format("module {}: assign to undeclared signal {}", m.name, a.lhs));
      check_refs(a.rhs, "assign " + a.lhs);
    }
    for (auto& r : m.regs) {
      if (!m.find(r.reg))
        errs.push_back(fmt::format("module {}: clocked update of undeclared signal {}", m.name, r.reg));
      check_refs(r.next, "register " + r.reg);
      check_refs(r.enable, "register " + r.reg + " enable");
      check_refs(r.reset_value, "register " + r.reg + " reset");
    }
    std::set<std::string> inst_names;
    for (auto& i : m.instances) {
      if (!legal_identifier(i.name))
        errs.push_back(fmt::format("module {}: instance name '{}' is not a legal identifier", m.name, i.name));
      if (!inst_names.insert(i.name).second || names.count(i.name))
        errs.push_back(fmt::format("module {}: instance name {} is not unique", m.name, i.name));
      // Submodules come first so the loop check knows their paths when it
      // reaches the user (and emitters can write files in order).
      if (module_names.count(i.module) == 0 && d.find(i.module))
        errs.push_back(fmt::format("module {}: instance {} of module {}, which is defined after its user", m.name,
                                   i.name, i.module));
      for (auto& c : i.connections) check_refs(c.expr, "instance " + i.name + " port " + c.port);
    }
    for (auto* name : {&m.clock, &m.reset})
      if (!m.regs.empty() && !m.find(*name))
        errs.push_back(fmt::format("module {}: has registers but no {} input", m.name, *name));
  }
  return errs;
}

std::vector<std::string> check_widths(const Design& d) {
  std::vector<std::string> errs;
  for (auto& m : d.modules) {
    for (auto& a : m.assigns) {
      const Signal* s = m.find(a.lhs);
      if (s && s->width != a.rhs->width)
        errs.push_back(fmt::format("module {}: assign {} ({} bits) = expression of {} bits", m.name, a.lhs, s->width,
                                   a.rhs->width));
    }
    for (auto& r : m.regs) {
      const Signal* s = m.find(r.reg);
      if (s && s->width != r.next->width)
        errs.push_back(fmt::format("module {}: register {} ({} bits) <= expression of {} bits", m.name, r.reg,
                                   s->width, r.next->width));
      if (s && r.reset_value && r.reset_value->width != s->width)
        errs.push_back(fmt::format("module {}: register {} reset value is {} bits, not {}", m.name, r.reg,
                                   r.reset_value->width, s->width));
      if (r.enable && r.enable->width != 1)
        errs.push_back(fmt::format("module {}: register {} enable is {} bits, not 1", m.name, r.reg, r.enable->width));
    }
    for (auto& i : m.instances) {
      const Module* sub = d.find(i.module);
      if (!sub) {
        errs.push_back(fmt::format("module {}: instance {} of unknown module {}", m.name, i.name, i.module));
        continue;
      }
      for (auto& c : i.connections) {
        const Signal* p = sub->find(c.port);
        if (!p || (p->kind != SignalKind::Input && p->kind != SignalKind::Output))
          errs.push_back(fmt::format("module {}: instance {} connects {}, which is not a port of {}", m.name, i.name,
                                     c.port, sub->name));
        else if (p->width != c.expr->width)
          errs.push_back(fmt::format("module {}: instance {} port {} is {} bits, connected to {} bits", m.name, i.name,
                                     c.port, p->width, c.expr->width));
      }
    }
  }
  return errs;
}

std::vector<std::string> check_drivers(const Design& d) {
  std::vector<std::string> errs;
  for (auto& m : d.modules) {
    std::map<std::string, std::vector<int>> drivers;  // per bit: how many drivers
    // A width below 1 is reported by check_names; no bits to count here.
    for (auto& s : m.signals) drivers[s.name].assign(size_t(std::max(s.width, 0)), 0);
    auto drive = [&](const BitRange& b, const std::string& by) {
      auto it = drivers.find(b.name);
      if (it == drivers.end()) return;  // reported by check_names
      const Signal* s = m.find(b.name);
      if (s->kind == SignalKind::Input)
        errs.push_back(fmt::format("module {}: input {} is driven by {}", m.name, b.name, by));
      for (int bit = b.lo; bit <= b.hi && bit < int(it->second.size()); ++bit) ++it->second[bit];
    };
    for (auto& a : m.assigns) {
      const Signal* s = m.find(a.lhs);
      if (s && s->kind == SignalKind::Reg)
        errs.push_back(fmt::format("module {}: register {} is assigned combinationally", m.name, a.lhs));
      if (s) drive({a.lhs, s->width - 1, 0}, "an assign");
    }
    for (auto& r : m.regs) {
      const Signal* s = m.find(r.reg);
      if (s && s->kind != SignalKind::Reg && s->kind != SignalKind::Output)
        errs.push_back(fmt::format("module {}: {} is updated in the clocked block but is not a register or output",
                                   m.name, r.reg));
      if (s) drive({r.reg, s->width - 1, 0}, "the clocked block");
    }
    for (auto& i : m.instances) {
      const Module* sub = d.find(i.module);
      if (!sub) continue;
      std::map<std::string, int> seen;
      for (auto& c : i.connections) {
        ++seen[c.port];
        if (!is_output_port(*sub, c.port)) continue;
        BitRange b = lvalue_bits(c.expr);
        if (b.name.empty()) {
          errs.push_back(fmt::format("module {}: instance {} output {} is not connected to a signal", m.name, i.name,
                                     c.port));
          continue;
        }
        const Signal* s = m.find(b.name);
        if (s && s->kind == SignalKind::Reg)
          errs.push_back(fmt::format("module {}: register {} is driven by instance {}", m.name, b.name, i.name));
        drive(b, "instance " + i.name);
      }
      for (auto* p : sub->ports())
        if (seen[p->name] != 1)
          errs.push_back(fmt::format("module {}: instance {} port {} connected {} times", m.name, i.name, p->name,
                                     seen[p->name]));
    }
    for (auto& s : m.signals) {
      if (s.kind == SignalKind::Input) continue;
      auto& bits = drivers[s.name];
      for (int bit = 0; bit < s.width; ++bit) {
        if (bits[bit] == 1) continue;
        errs.push_back(fmt::format("module {}: {}[{}] has {} drivers (needs exactly 1)", m.name, s.name, bit, bits[bit]));
        break;
      }
    }
  }
  return errs;
}

std::vector<std::string> check_comb_loops(const Design& d) {
  std::vector<std::string> errs;
  // For each module: which inputs reach which outputs through logic alone.
  std::map<std::string, std::map<std::string, std::set<std::string>>> comb_paths;
  for (auto& m : d.modules) {
    // Edges: signal -> the signals it combinationally depends on.
    std::map<std::string, std::set<std::string>> deps;
    auto add_deps = [&](const std::string& target, const ExprP& e) {
      for_each_ref(e, [&](const Expr& r) { deps[target].insert(r.name); });
    };
    for (auto& a : m.assigns) add_deps(a.lhs, a.rhs);
    for (auto& i : m.instances) {
      auto sub = comb_paths.find(i.module);
      if (sub == comb_paths.end()) continue;  // unknown module (other pass) or submodule after its user
      std::map<std::string, ExprP> conn;
      for (auto& c : i.connections) conn[c.port] = c.expr;
      for (auto& [out_port, in_ports] : sub->second) {
        auto out = conn.find(out_port);
        if (out == conn.end()) continue;
        BitRange b = lvalue_bits(out->second);
        if (b.name.empty()) continue;
        for (auto& ip : in_ports)
          if (conn.count(ip)) add_deps(b.name, conn[ip]);
      }
    }
    // Depth-first search for a cycle; colour 1 = on the stack, 2 = done.
    std::map<std::string, int> colour;
    std::vector<std::string> stack;
    std::function<bool(const std::string&)> visit = [&](const std::string& n) {
      colour[n] = 1;
      stack.push_back(n);
      for (auto& next : deps[n]) {
        if (colour[next] == 1) {
          std::string loop;
          auto it = std::find(stack.begin(), stack.end(), next);
          for (; it != stack.end(); ++it) loop += *it + " -> ";
          errs.push_back(fmt::format("module {}: combinational loop {}{}", m.name, loop, next));
          return true;
        }
        if (colour[next] == 0 && visit(next)) return true;
      }
      stack.pop_back();
      colour[n] = 2;
      return false;
    };
    for (auto& s : m.signals)
      if (colour[s.name] == 0 && visit(s.name)) break;
    // Record input -> output paths for the parents.
    auto& paths = comb_paths[m.name];
    for (auto& s : m.signals) {
      if (s.kind != SignalKind::Output) continue;
      std::set<std::string> seen;
      std::vector<std::string> work{s.name};
      while (!work.empty()) {
        std::string n = work.back();
        work.pop_back();
        for (auto& dep : deps[n])
          if (seen.insert(dep).second) work.push_back(dep);
      }
      for (auto& dep : seen) {
        const Signal* in = m.find(dep);
        if (in && in->kind == SignalKind::Input) paths[s.name].insert(dep);
      }
    }
  }
  return errs;
}

void check_design(const Design& d) {
  std::vector<std::string> all;
  for (auto* pass : {&check_names, &check_widths, &check_drivers, &check_comb_loops}) {
    auto errs = pass(d);
    all.insert(all.end(), errs.begin(), errs.end());
  }
  // The constant-bit analysis evaluates the design bit by bit, so it runs only
  // on a design the structural checks accept (a negative width would size its
  // bit vectors from garbage).
  if (all.empty()) {
    auto errs = check_constant_outputs(d);
    all.insert(all.end(), errs.begin(), errs.end());
  }
  if (!d.find(d.top)) all.push_back(fmt::format("top module {} is not in the design", d.top));
  if (all.empty()) return;
  std::string msg = fmt::format("design {} fails {} check(s):", d.top, all.size());
  for (auto& e : all) msg += "\n  " + e;
  throw std::runtime_error(msg);
}

}  // namespace tpe::rtl
