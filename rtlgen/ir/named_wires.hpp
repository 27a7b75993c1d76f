// Small helpers for generators that build a datapath out of IR expressions:
// a named wire per intermediate value (the IR slices only signals), one bit
// of a signal, zero extension. Intermediate wires may leave bits unread.
#pragma once
#include <string>

#include "rtlgen/ir/ir.hpp"

namespace tpe::rtl {

struct Wires {
  Module& m;
  ExprP operator()(const std::string& name, const ExprP& e) {
    m.add(name, e->width, SignalKind::Wire, true);
    m.assign(name, e);
    return m.sig(name);
  }
};

inline ExprP bit(const ExprP& e, int i) { return slice(e, i, i); }
inline ExprP zext(const ExprP& e, int w) { return e->width == w ? e : cat({cst(w - e->width, 0), e}); }

}  // namespace tpe::rtl
