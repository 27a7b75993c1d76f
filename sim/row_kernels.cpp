#include "row_kernels.hpp"

namespace tpe {

__attribute__((target_clones("avx2", "default"))) void axpy_row(uint64_t* __restrict sum, int32_t a,
                                                                  const int32_t* __restrict w, int n) {
  for (int j = 0; j < n; ++j) sum[j] += uint64_t(int64_t(a) * int64_t(w[j]));
}

}  // namespace tpe
