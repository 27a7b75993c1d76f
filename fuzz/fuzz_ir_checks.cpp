// The Verilog IR's checking passes (names, widths, drivers, combinational
// loops), the de-duplication and the emitter, on designs built from the input
// through the IR's public builders: up to three modules (the later ones may
// instantiate the earlier ones) with signals, assignments, register updates
// and instance connections chosen by the bytes, so names may be illegal,
// duplicated or undeclared, widths may disagree, bits may be driven twice or
// never, and loops may form. The passes must report such problems, not crash.
#include <stdexcept>
#include <string>
#include <vector>

#include "fuzz/fuzz_common.hpp"
#include "rtlgen/ir/check.hpp"
#include "rtlgen/ir/emit_verilog.hpp"
#include "rtlgen/ir/ir.hpp"

namespace {

using namespace tpe::rtl;

struct Bytes {
  const uint8_t* p;
  size_t n;
  uint8_t next() {
    if (!n) return 0;
    --n;
    return *p++;
  }
  bool empty() const { return n == 0; }
};

// A small alphabet: collisions (duplicates, shadowing) are likely, and some
// names are keywords or not identifiers at all.
const char* const kNames[] = {"a", "b", "c", "d", "q", "y", "clk", "rst", "wire", "1x", "a b", "r0", "r1", "s_"};

std::string name_of(uint8_t b) { return kNames[b % (sizeof(kNames) / sizeof(kNames[0]))]; }

ExprP expr(Bytes& in, const Module& m, int depth) {
  const uint8_t op = in.next() % 12;
  const std::string n = name_of(in.next());
  const Signal* s = m.find(n);
  const int w = s ? s->width : 1 + in.next() % 9;
  if (depth > 3 || op == 0) return ref(n, w);
  switch (op) {
    case 1: return cst(1 + in.next() % 16, in.next());
    case 2: {
      const int hi = in.next() % 12, lo = in.next() % 12;
      return slice(ref(n, w), hi, lo);
    }
    case 3: return cat({expr(in, m, depth + 1), expr(in, m, depth + 1)});
    case 4: return repeat(in.next() % 4, expr(in, m, depth + 1));
    case 5: return add(expr(in, m, depth + 1), expr(in, m, depth + 1));
    case 6: return mul(expr(in, m, depth + 1), expr(in, m, depth + 1), in.next() & 1);
    case 7: return bxor(expr(in, m, depth + 1), expr(in, m, depth + 1));
    case 8: return bnot(expr(in, m, depth + 1));
    case 9: return red_or(expr(in, m, depth + 1));
    case 10: return eq(expr(in, m, depth + 1), expr(in, m, depth + 1));
    default: return mux(expr(in, m, depth + 1), expr(in, m, depth + 1), expr(in, m, depth + 1));
  }
}

Module module(Bytes& in, const Design& d, int index) {
  Module m;
  m.name = index == 0 ? "leaf" : index == 1 ? "mid" : (in.next() & 1 ? "top" : "leaf");
  m.add("clk", 1, SignalKind::Input);
  m.add("rst", 1, SignalKind::Input);
  const int signals = in.next() % 8;
  for (int i = 0; i < signals && !in.empty(); ++i) {
    const uint8_t k = in.next();
    try {
      m.add(name_of(in.next()), int(in.next() % 70) - 2, SignalKind(k % 4), k & 4);
    } catch (const std::exception&) {
    }
  }
  const int statements = in.next() % 10;
  for (int i = 0; i < statements && !in.empty(); ++i) {
    try {
      switch (in.next() % 3) {
        case 0: m.assign(name_of(in.next()), expr(in, m, 0)); break;
        case 1: {
          const std::string r = name_of(in.next());
          m.reg(r, expr(in, m, 0), in.next() & 1 ? expr(in, m, 0) : nullptr, in.next() & 1 ? expr(in, m, 0) : nullptr);
          break;
        }
        default: {
          if (d.modules.empty()) break;
          const Module& sub = d.modules[in.next() % d.modules.size()];
          Instance inst{sub.name, "u" + std::to_string(i), {}};
          for (const Signal* p : sub.ports())
            if (in.next() % 4) inst.connections.push_back({p->name, expr(in, m, 1)});
          m.instances.push_back(inst);
        }
      }
    } catch (const std::exception&) {  // a builder refused a width: skip the statement
    }
  }
  return m;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Bytes in{data, size};
  Design d;
  const int modules = 1 + in.next() % 3;
  for (int i = 0; i < modules; ++i) d.modules.push_back(module(in, d, i));
  d.top = d.modules.back().name;
  bool ok = true;
  try {
    check_design(d);
  } catch (const std::runtime_error&) {
    ok = false;
  }
  // Each pass alone must not crash either (check_design stops at nothing,
  // but a pass may see what an earlier one would have reported).
  (void)check_names(d);
  (void)check_widths(d);
  if (ok) {
    // A design that passes is emitted and de-duplicated without error.
    const Design deduped = dedupe_modules(d);
    check_design(deduped);
    (void)emit_design(deduped, "fuzz");
  }
  return 0;
}
