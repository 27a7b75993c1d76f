#include "sim/tlm/tlm_memory.hpp"

#include <cstring>

namespace tpe {

TlmMemory::TlmMemory(sc_core::sc_module_name name, uint64_t bytes, sc_core::sc_time latency)
    : sc_module(name), socket("socket"), data_(bytes, 0), latency_(latency) {
  socket.register_b_transport(this, &TlmMemory::transport);
  socket.register_transport_dbg(this, &TlmMemory::debug);
}

void TlmMemory::transport(int initiator, tlm::tlm_generic_payload& tx, sc_core::sc_time& delay) {
  const uint64_t addr = tx.get_address(), len = tx.get_data_length();
  if (tx.get_byte_enable_ptr() || tx.get_streaming_width() < len) {
    tx.set_response_status(tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
    return;
  }
  if (addr > data_.size() || len > data_.size() - addr) {
    tx.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return;
  }
  debug(initiator, tx);
  delay += latency_;
  tx.set_response_status(tlm::TLM_OK_RESPONSE);
}

unsigned TlmMemory::debug(int, tlm::tlm_generic_payload& tx) {
  const uint64_t addr = tx.get_address();
  if (addr >= data_.size()) return 0;
  const unsigned len = unsigned(std::min<uint64_t>(tx.get_data_length(), data_.size() - addr));
  if (tx.is_read())
    std::memcpy(tx.get_data_ptr(), &data_[addr], len);
  else if (tx.is_write())
    std::memcpy(&data_[addr], tx.get_data_ptr(), len);
  return len;
}

}  // namespace tpe
