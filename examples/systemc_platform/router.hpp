// A simple address router (a bus without arbitration timing): each target
// owns an address window; a transaction is forwarded to the target whose
// window holds its address, with the address made relative to the window.
// Any number of initiators bind to `from`; targets bind to `to` in the
// order their windows were added.
#pragma once
#include <cstdint>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/multi_passthrough_initiator_socket.h>
#include <tlm_utils/multi_passthrough_target_socket.h>

class Router : public sc_core::sc_module {
 public:
  tlm_utils::multi_passthrough_target_socket<Router> from;
  tlm_utils::multi_passthrough_initiator_socket<Router> to;

  explicit Router(sc_core::sc_module_name name) : sc_module(name), from("from"), to("to") {
    from.register_b_transport(this, &Router::transport);
  }

  // Target number i (the i-th binding of `to`) answers [base, base + size).
  void add_window(uint64_t base, uint64_t size) { windows_.push_back({base, size}); }

 private:
  struct Window {
    uint64_t base, size;
  };

  void transport(int, tlm::tlm_generic_payload& tx, sc_core::sc_time& delay) {
    const uint64_t addr = tx.get_address();
    for (size_t i = 0; i < windows_.size(); ++i) {
      const Window& w = windows_[i];
      if (addr >= w.base && addr - w.base < w.size) {
        tx.set_address(addr - w.base);
        to[int(i)]->b_transport(tx, delay);
        tx.set_address(addr);  // the initiator sees its own address again
        return;
      }
    }
    tx.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
  }

  std::vector<Window> windows_;
};
