// Indices of the addertree family's activity counters, in the order its
// description declares them (models/families/addertree/addertree_spec.cpp).
#pragma once

namespace tpe::addertree {

enum Counter { kMac = 0, kWeightWriteBits = 1, kInputRegWriteBits = 2, kResultValues = 3, kCounters = 4 };

}  // namespace tpe::addertree
