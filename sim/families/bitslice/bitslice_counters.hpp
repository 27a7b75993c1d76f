// Indices of the bitslice family's activity counters, in the order its
// description declares them (models/families/bitslice/bitslice_spec.cpp).
#pragma once

namespace tpe::bitslice {

enum Counter { kMac = 0, kPeStep = 1, kGroupLoad = 2, kAccReadout = 3, kCounters = 4 };

}  // namespace tpe::bitslice
