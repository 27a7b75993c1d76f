#include "rtlgen/ir/emit_verilog.hpp"

#include <stdexcept>

#include <fmt/format.h>

namespace tpe::rtl {
namespace {

std::string range(int width) { return width == 1 ? "" : fmt::format("[{}:0] ", width - 1); }

std::string binary(const char* op, const Expr& e) {
  return fmt::format("({} {} {})", emit_expr(e.args[0]), op, emit_expr(e.args[1]));
}

bool driven_by_clocked_block(const Module& m, const std::string& name) {
  for (auto& r : m.regs)
    if (r.reg == name) return true;
  return false;
}

}  // namespace

std::string emit_expr(const ExprP& p) {
  const Expr& e = *p;
  switch (e.op) {
    case Op::Ref: return e.name;
    case Op::Const: return fmt::format("{}'d{}", e.width, e.value);
    case Op::Slice: {
      const Expr& base = *e.args[0];
      if (base.width == 1) return base.name;
      if (e.hi == e.lo) return fmt::format("{}[{}]", base.name, e.hi);
      return fmt::format("{}[{}:{}]", base.name, e.hi, e.lo);
    }
    case Op::Concat: {
      std::string s = "{";
      for (size_t i = 0; i < e.args.size(); ++i) s += (i ? ", " : "") + emit_expr(e.args[i]);
      return s + "}";
    }
    case Op::Repeat: return fmt::format("{{{}{{{}}}}}", e.count, emit_expr(e.args[0]));
    case Op::Add: return binary("+", e);
    case Op::Sub: return binary("-", e);
    case Op::Mul:
      if (e.signed_op) return fmt::format("($signed({}) * $signed({}))", emit_expr(e.args[0]), emit_expr(e.args[1]));
      return binary("*", e);
    case Op::And: return binary("&", e);
    case Op::Or: return binary("|", e);
    case Op::Xor: return binary("^", e);
    case Op::Not: return fmt::format("(~{})", emit_expr(e.args[0]));
    case Op::RedOr: return fmt::format("(|{})", emit_expr(e.args[0]));
    case Op::Eq: return binary("==", e);
    case Op::Mux:
      return fmt::format("({} ? {} : {})", emit_expr(e.args[0]), emit_expr(e.args[1]), emit_expr(e.args[2]));
  }
  throw std::logic_error("emit_expr: unknown op");
}

std::string emit_module(const Module& m, const std::string& banner) {
  std::string out;
  if (!banner.empty()) out += "// " + banner + "\n";
  if (!m.comment.empty()) out += "// " + m.comment + "\n";
  out += fmt::format("module {} (\n", m.name);
  auto ports = m.ports();
  for (size_t i = 0; i < ports.size(); ++i) {
    const Signal& s = *ports[i];
    const char* dir = s.kind == SignalKind::Input ? "input " : "output";
    const char* type = driven_by_clocked_block(m, s.name) ? "reg " : "wire";
    // A port read by nobody on purpose (e.g. a reset the module does not need) carries its waiver.
    if (s.may_be_unused) out += "  /* verilator lint_off UNUSEDSIGNAL */\n";
    out += fmt::format("  {} {} {}{}{}\n", dir, type, range(s.width), s.name, i + 1 < ports.size() ? "," : "");
    if (s.may_be_unused) out += "  /* verilator lint_on UNUSEDSIGNAL */\n";
  }
  out += ");\n";
  bool waived = false;
  for (auto& s : m.signals) {
    if (s.kind == SignalKind::Input || s.kind == SignalKind::Output) continue;
    if (s.may_be_unused != waived) {
      out += s.may_be_unused ? "  /* verilator lint_off UNUSEDSIGNAL */\n" : "  /* verilator lint_on UNUSEDSIGNAL */\n";
      waived = s.may_be_unused;
    }
    out += fmt::format("  {} {}{};\n", s.kind == SignalKind::Reg ? "reg " : "wire", range(s.width), s.name);
  }
  if (waived) out += "  /* verilator lint_on UNUSEDSIGNAL */\n";
  for (auto& a : m.assigns) out += fmt::format("  assign {} = {};\n", a.lhs, emit_expr(a.rhs));
  if (!m.regs.empty()) {
    out += fmt::format("  always @(posedge {}) begin\n", m.clock);
    for (auto& r : m.regs) {
      const std::string update = r.enable ? fmt::format("if ({}) {} <= {};", emit_expr(r.enable), r.reg, emit_expr(r.next))
                                          : fmt::format("{} <= {};", r.reg, emit_expr(r.next));
      if (r.reset_value)
        out += fmt::format("    if ({}) {} <= {}; else {}\n", m.reset, r.reg, emit_expr(r.reset_value), update);
      else
        out += "    " + update + "\n";
    }
    out += "  end\n";
  }
  for (auto& i : m.instances) {
    out += fmt::format("  {} {} (\n", i.module, i.name);
    for (size_t c = 0; c < i.connections.size(); ++c)
      out += fmt::format("    .{}({}){}\n", i.connections[c].port, emit_expr(i.connections[c].expr),
                         c + 1 < i.connections.size() ? "," : "");
    out += "  );\n";
  }
  out += "endmodule\n";
  return out;
}

std::map<std::string, std::string> emit_design(const Design& d, const std::string& banner) {
  std::map<std::string, std::string> files;
  for (auto& m : d.modules) files[m.name] = emit_module(m, banner);
  return files;
}

Design dedupe_modules(const Design& d) {
  // Body text with the name blanked out identifies a module's structure.
  std::map<std::string, std::string> canonical_by_body, rename;
  Design out;
  out.top = d.top;
  for (auto& m : d.modules) {
    Module copy = m;
    for (auto& inst : copy.instances)
      if (rename.count(inst.module)) inst.module = rename[inst.module];
    Module blank = copy;
    blank.name = "_";
    blank.comment.clear();
    const std::string body = emit_module(blank, "");
    auto it = canonical_by_body.find(body);
    if (it != canonical_by_body.end() && m.name != d.top) {
      rename[m.name] = it->second;
      continue;
    }
    canonical_by_body.emplace(body, m.name);
    out.modules.push_back(std::move(copy));
  }
  return out;
}

}  // namespace tpe::rtl
