// The event stream reader of `tpe energy --events` (tpe-events-v2): header
// against file length before allocation, then the replay of the records.
#include <stdexcept>

#include "fuzz/fuzz_common.hpp"
#include "hw/energy/event_stream.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    const tpe::hw::EventStream s = tpe::hw::read_event_stream(tpe::fuzz::scratch_file(data, size));
    const tpe::hw::EventTotals t = tpe::hw::replay_event_stream(s);
    (void)tpe::hw::totals_to_trace(t);
  } catch (const std::exception&) {
  }
  return 0;
}
