// What a fixed-width port holds for a lane value, without a branch per lane.
// The cycle models see exactly what the RTL's ports see: the low `bits` of
// each lane, read signed or unsigned (to_port_value in models/gemm/int_gemm.hpp),
// and accumulators that wrap to acc_bits (wrap_to_accumulator). Both are one
// shift pair: left to drop the high bits, then right (arithmetic when
// signed) to extend back; loops over whole lanes vectorize.
#pragma once
#include <cstdint>

#include "models/engine/engine_config.hpp"

namespace tpe {

class PortLanes {
 public:
  PortLanes(int bits, bool is_signed) : shift_(unsigned(64 - bits)), signed_(is_signed) {}
  explicit PortLanes(const IntFormat& f) : PortLanes(f.bits, f.is_signed) {}

  int64_t operator()(int64_t v) const {
    const uint64_t up = uint64_t(v) << shift_;
    return signed_ ? int64_t(up) >> shift_ : int64_t(up >> shift_);
  }
  // dst[i] = port value of src[i] for i < n; the values fit in To.
  template <class From, class To>
  void convert(const From* src, To* dst, int n) const {
    if constexpr (sizeof(To) == 4) {  // a port of at most 32 bits: shift in 32-bit lanes (SSE2 has no 64-bit sar)
      const unsigned s = shift_ - 32;
      if (signed_)
        for (int i = 0; i < n; ++i) dst[i] = To(int32_t(uint32_t(src[i]) << s) >> s);
      else
        for (int i = 0; i < n; ++i) dst[i] = To((uint32_t(src[i]) << s) >> s);
      return;
    }
    if (signed_)
      for (int i = 0; i < n; ++i) dst[i] = To(int64_t(uint64_t(int64_t(src[i])) << shift_) >> shift_);
    else
      for (int i = 0; i < n; ++i) dst[i] = To((uint64_t(int64_t(src[i])) << shift_) >> shift_);
  }

 private:
  unsigned shift_;
  bool signed_;
};

}  // namespace tpe
