// Indices of the systolic family's activity counters, in the order its
// description declares them (models/families/systolic/systolic_spec.cpp).
#pragma once

namespace tpe::systolic {

enum Counter { kMac = 0, kAccReadout = 1, kSkewBits = 2, kCounters = 3 };

}  // namespace tpe::systolic
