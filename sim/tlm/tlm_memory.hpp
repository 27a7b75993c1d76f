// A plain byte-addressed memory target for TLM-2.0 platforms: any number of
// initiators bind to its socket; each transaction adds a fixed latency to
// the initiator's annotated delay. Accesses beyond its size get
// TLM_ADDRESS_ERROR_RESPONSE. Used by the tpe tool's built-in platform, the
// tests and the example platform.
#pragma once
#include <cstdint>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/multi_passthrough_target_socket.h>

namespace tpe {

class TlmMemory : public sc_core::sc_module {
 public:
  tlm_utils::multi_passthrough_target_socket<TlmMemory> socket;

  TlmMemory(sc_core::sc_module_name name, uint64_t bytes, sc_core::sc_time latency = sc_core::SC_ZERO_TIME);

  // Host-side view of the contents (no simulated time), e.g. to preload.
  std::vector<unsigned char>& bytes() { return data_; }

 private:
  void transport(int initiator, tlm::tlm_generic_payload& tx, sc_core::sc_time& delay);
  unsigned debug(int initiator, tlm::tlm_generic_payload& tx);

  std::vector<unsigned char> data_;
  sc_core::sc_time latency_;
};

}  // namespace tpe
