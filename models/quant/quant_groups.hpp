// How a row of K values is cut into quantization groups along K.
// Decision: groups of `size` consecutive k starting at k = 0; when size does
// not divide K the LAST group is shorter (K mod size elements). Padding the
// tail with zeros instead would change the absmax/min of nothing but would
// make every kernel handle phantom columns; a short last group keeps the
// integer sums and scales exactly those of the real data.
#pragma once
#include <string>

namespace tpe {

struct GroupLayout {
  int k = 1;     // row length
  int size = 1;  // nominal group size (>= 1); size >= k means one group

  int count() const { return (k + size - 1) / size; }
  int begin(int g) const { return g * size; }
  int end(int g) const { return begin(g) + size < k ? begin(g) + size : k; }
  int length(int g) const { return end(g) - begin(g); }
  int group_of(int kk) const { return kk / size; }
};

// Throws std::invalid_argument naming `param` if k < 1 or group_size < 1
// ("group_size = 0 is out of range; allowed 1..2^24").
GroupLayout make_group_layout(int k, int group_size, const char* param = "group_size");

}  // namespace tpe
