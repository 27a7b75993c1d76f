// The TLM engine's error paths, through its sockets: a bad configuration id,
// a zero dimension, an operand outside its format and an address beyond the
// memory each end the GEMM with STATUS = DONE | ERROR, the documented
// ERROR_CODE and the interrupt; acknowledging lowers the interrupt; the
// register file answers bad accesses with TLM error responses.
#include <catch2/catch.hpp>

#include <tlm_utils/simple_initiator_socket.h>

#include "models/engine/engine_config.hpp"
#include "sim/tlm/memory_codec.hpp"
#include "sim/tlm/register_map.hpp"
#include "sim/tlm/tlm_gemm_engine.hpp"
#include "sim/tlm/tlm_memory.hpp"

using namespace tpe;
using namespace tpe::tlm_regs;
using namespace sc_core;

namespace {

struct Prober : sc_module {
  tlm_utils::simple_initiator_socket<Prober> regs{"regs"}, mem{"mem"};
  sc_in<bool> irq{"irq"};
  std::vector<std::pair<uint32_t, uint32_t>> outcomes;  // (STATUS, ERROR_CODE) per GEMM
  std::vector<bool> irq_after_ack;
  tlm::tlm_response_status misaligned = tlm::TLM_OK_RESPONSE, beyond = tlm::TLM_OK_RESPONSE;
  bool finished = false;

  SC_HAS_PROCESS(Prober);
  explicit Prober(sc_module_name n) : sc_module(n) { SC_THREAD(main); }

  tlm::tlm_response_status access(tlm_utils::simple_initiator_socket<Prober>& s, tlm::tlm_command cmd, uint64_t addr,
                                  unsigned char* data, unsigned len) {
    tlm::tlm_generic_payload tx;
    tx.set_command(cmd);
    tx.set_address(addr);
    tx.set_data_ptr(data);
    tx.set_data_length(len);
    tx.set_streaming_width(len);
    sc_time d = SC_ZERO_TIME;
    s->b_transport(tx, d);
    wait(d);
    return tx.get_response_status();
  }
  void w(uint32_t off, uint32_t v) {
    unsigned char b[4];
    store_le(b, v, 4);
    REQUIRE(access(regs, tlm::TLM_WRITE_COMMAND, off, b, 4) == tlm::TLM_OK_RESPONSE);
  }
  uint32_t r(uint32_t off) {
    unsigned char b[4];
    REQUIRE(access(regs, tlm::TLM_READ_COMMAND, off, b, 4) == tlm::TLM_OK_RESPONSE);
    return uint32_t(load_le(b, 4, false));
  }
  void gemm(uint32_t config_id, uint32_t m, uint32_t k, uint32_t n, uint64_t a_addr) {
    w(CONFIG_ID, config_id);
    w(M, m);
    w(K, k);
    w(N, n);
    w(A_ADDR_LO, uint32_t(a_addr));
    w(B_ADDR_LO, 0x100);
    w(C_ADDR_LO, 0x200);
    w(IRQ_ENABLE, 1);
    w(CTRL, 1);
    wait(irq.posedge_event());
    outcomes.push_back({r(STATUS), r(ERROR_CODE)});
    w(STATUS, DONE | ERROR);
    wait(SC_ZERO_TIME);  // the interrupt is driven one delta cycle after the acknowledge
    wait(SC_ZERO_TIME);
    irq_after_ack.push_back(irq.read());
  }
  void main() {
    unsigned char b[4] = {0, 0, 0, 0};
    misaligned = access(regs, tlm::TLM_READ_COMMAND, 2, b, 4);
    beyond = access(regs, tlm::TLM_READ_COMMAND, kSize, b, 4);
    gemm(1, 2, 2, 2, 0);            // CONFIG_ID beyond CONFIG_COUNT (1)
    gemm(0, 2, 0, 2, 0);            // K = 0
    unsigned char big = 0x7f;       // 127 does not fit a signed 4-bit format
    access(mem, tlm::TLM_WRITE_COMMAND, 0, &big, 1);
    gemm(0, 1, 1, 1, 0);
    gemm(0, 2, 2, 2, 1 << 20);      // A beyond the 4 KiB memory
    big = 0x07;                     // 7 fits: a good GEMM after the failures
    access(mem, tlm::TLM_WRITE_COMMAND, 0, &big, 1);
    unsigned char minus3 = 0xfd;    // B[0][0] = -3
    access(mem, tlm::TLM_WRITE_COMMAND, 0x100, &minus3, 1);
    gemm(0, 1, 1, 1, 0);
    finished = true;
  }
};

}  // namespace

TEST_CASE("TLM engine: errors set STATUS.ERROR, ERROR_CODE and the interrupt", "[sim][tlm]") {
  const EngineConfig cfg = parse_engine_config(R"({"family":"systolic","dataflow":"os","rows":2,"cols":2,
      "a":{"bits":4,"signed":true},"b":{"bits":4,"signed":true},"acc_bits":16})", "<test>");
  TlmMemory memory("memory", 4096);
  TlmGemmEngine engine("engine", {cfg}, sc_time(1, SC_NS));
  Prober cpu("cpu");
  sc_signal<bool> irq("irq");
  cpu.regs.bind(engine.regs);
  cpu.mem.bind(memory.socket);
  engine.mem.bind(memory.socket);
  engine.irq.bind(irq);
  cpu.irq.bind(irq);
  sc_start();
  REQUIRE(cpu.finished);
  CHECK(cpu.misaligned == tlm::TLM_BURST_ERROR_RESPONSE);
  CHECK(cpu.beyond == tlm::TLM_ADDRESS_ERROR_RESPONSE);
  using P = std::pair<uint32_t, uint32_t>;
  const uint32_t failed = DONE | ERROR;
  CHECK(cpu.outcomes == std::vector<P>{{failed, BAD_CONFIG_ID}, {failed, BAD_SHAPE}, {failed, OPERAND_RANGE},
                                       {failed, MEMORY_ERROR}, {DONE, NONE}});
  CHECK(cpu.irq_after_ack == std::vector<bool>(5, false));
  // The good GEMM wrote C[0][0] = 7 x -3 as a 4-byte two's complement value.
  CHECK(load_le(&memory.bytes()[0x200], 4, true) == -21);
}
