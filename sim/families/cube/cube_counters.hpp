// Indices of the cube family's activity counters, in the order its
// description declares them (models/families/cube/cube_spec.cpp).
#pragma once

namespace tpe::cube {

enum Counter { kMac = 0, kAccReadout = 1, kInRegBits = 2, kCounters = 3 };

}  // namespace tpe::cube
