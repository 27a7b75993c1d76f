// Small integer helpers shared by the families' descriptions, generators and
// recorders.
#pragma once

namespace tpe {

// Bits needed to index n things: ceil(log2 n), 0 for n <= 1 (an address
// port then still gets one bit, by the caller's max(1, ...)).
inline int ceil_log2(int n) {
  int b = 0;
  while ((1 << b) < n) ++b;
  return b;
}

}  // namespace tpe
