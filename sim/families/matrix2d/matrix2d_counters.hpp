// Indices of the matrix2d family's activity counters, in the order its
// description declares them (models/families/matrix2d/matrix2d_spec.cpp).
#pragma once

namespace tpe::matrix2d {

enum Counter { kMac = 0, kAccReadout = 1, kBroadcastBits = 2, kBroadcastToggleBits = 3, kCounters = 4 };

}  // namespace tpe::matrix2d
