#include "rtlgen/core/carry_save.hpp"

namespace tpe::rtl {

std::pair<ExprP, ExprP> compress(Module& m, const std::string& tag, const ExprP& x, const ExprP& y, const ExprP& z) {
  const int w = x->width;
  m.add(tag + "_s", w, SignalKind::Wire);
  m.assign(tag + "_s", bxor(x, bxor(y, z)));
  m.add(tag + "_maj", w, SignalKind::Wire, /*may_be_unused=*/true);  // the top bit carries out of the word
  m.assign(tag + "_maj", bor(band(x, y), band(z, bor(x, y))));
  m.add(tag + "_c", w, SignalKind::Wire);
  m.assign(tag + "_c", w == 1 ? cst(1, 0) : cat({slice(m.sig(tag + "_maj"), w - 2, 0), cst(1, 0)}));
  return {m.sig(tag + "_s"), m.sig(tag + "_c")};
}

}  // namespace tpe::rtl
