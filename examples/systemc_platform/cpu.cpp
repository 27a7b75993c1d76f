#include "cpu.hpp"

#include <iostream>

#include "sim/tlm/memory_codec.hpp"
#include "sim/tlm/register_map.hpp"

using namespace sc_core;
using namespace tpe::tlm_regs;

Cpu::Cpu(sc_module_name name, std::vector<tpe::EngineConfig> configs, std::vector<GemmTask> tasks,
         uint64_t engine_base, uint64_t memory_base)
    : sc_module(name), bus("bus"), irq("irq"), configs_(std::move(configs)), tasks_(std::move(tasks)),
      engine_(engine_base), memory_(memory_base) {
  SC_THREAD(software);
}

// A blocking bus access; the CPU is not temporally decoupled: it waits for
// each access's delay before the next.
void Cpu::access(tlm::tlm_command cmd, uint64_t addr, unsigned char* data, unsigned len) {
  tlm::tlm_generic_payload tx;
  tx.set_command(cmd);
  tx.set_address(addr);
  tx.set_data_ptr(data);
  tx.set_data_length(len);
  tx.set_streaming_width(len);
  tx.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
  sc_time delay = SC_ZERO_TIME;
  bus->b_transport(tx, delay);
  if (!tx.is_response_ok()) SC_REPORT_FATAL("cpu", ("bus error: " + tx.get_response_string()).c_str());
  wait(delay);
}

void Cpu::write32(uint64_t addr, uint32_t v) {
  unsigned char b[4];
  store_le(b, v, 4);
  access(tlm::TLM_WRITE_COMMAND, addr, b, 4);
}

uint32_t Cpu::read32(uint64_t addr) {
  unsigned char b[4];
  access(tlm::TLM_READ_COMMAND, addr, b, 4);
  return uint32_t(load_le(b, 4, false));
}

void Cpu::software() {
  if (read32(engine_ + ID) != kIdValue) SC_REPORT_FATAL("cpu", "no tpe engine at the engine's address");
  for (const GemmTask& t : tasks_) {
    const tpe::EngineConfig& cfg = configs_[size_t(t.config_id)];
    // The element sizes come from the engine's registers for the chosen configuration.
    write32(engine_ + CONFIG_ID, uint32_t(t.config_id));
    const unsigned ea = read32(engine_ + A_ELEM_BYTES), eb = read32(engine_ + B_ELEM_BYTES),
                   ec = read32(engine_ + C_ELEM_BYTES);

    // Operands: random values of the configuration's formats, packed rows.
    std::vector<int64_t> a(size_t(t.m) * t.k), b(size_t(t.k) * t.n);
    std::uniform_int_distribution<int64_t> da(cfg.a.min_value(), cfg.a.max_value()),
        db(cfg.b.min_value(), cfg.b.max_value());
    for (auto& v : a) v = da(rng_);
    for (auto& v : b) v = db(rng_);
    const uint64_t a_addr = memory_, b_addr = a_addr + a.size() * ea, c_addr = b_addr + b.size() * eb;
    std::vector<unsigned char> bytes(a.size() * ea);
    for (size_t i = 0; i < a.size(); ++i) store_le(&bytes[i * ea], a[i], ea);
    access(tlm::TLM_WRITE_COMMAND, a_addr, bytes.data(), unsigned(bytes.size()));
    bytes.assign(b.size() * eb, 0);
    for (size_t i = 0; i < b.size(); ++i) store_le(&bytes[i * eb], b[i], eb);
    access(tlm::TLM_WRITE_COMMAND, b_addr, bytes.data(), unsigned(bytes.size()));

    // Program the engine and start it.
    write32(engine_ + M, uint32_t(t.m));
    write32(engine_ + K, uint32_t(t.k));
    write32(engine_ + N, uint32_t(t.n));
    write32(engine_ + A_ADDR_LO, uint32_t(a_addr));
    write32(engine_ + A_ADDR_HI, uint32_t(a_addr >> 32));
    write32(engine_ + B_ADDR_LO, uint32_t(b_addr));
    write32(engine_ + B_ADDR_HI, uint32_t(b_addr >> 32));
    write32(engine_ + C_ADDR_LO, uint32_t(c_addr));
    write32(engine_ + C_ADDR_HI, uint32_t(c_addr >> 32));
    write32(engine_ + A_STRIDE, 0);  // packed rows
    write32(engine_ + B_STRIDE, 0);
    write32(engine_ + C_STRIDE, 0);
    write32(engine_ + IRQ_ENABLE, 1);
    const sc_time start = sc_time_stamp();
    write32(engine_ + CTRL, 1);

    wait(irq.posedge_event());  // the CPU sleeps until the engine interrupts
    const sc_time took = sc_time_stamp() - start;
    const uint32_t status = read32(engine_ + STATUS);
    const uint64_t cycles = read32(engine_ + CYCLES_LO) | (uint64_t(read32(engine_ + CYCLES_HI)) << 32);
    write32(engine_ + STATUS, DONE | ERROR);  // acknowledge: the interrupt falls
    if (status != DONE) {
      std::cout << "  GEMM failed: STATUS " << status << ", ERROR_CODE " << read32(engine_ + ERROR_CODE) << "\n";
      ++failures_;
      continue;
    }

    // Read C and check it against the CPU's own GEMM, wrapped to the accumulator.
    bytes.assign(size_t(t.m) * t.n * ec, 0);
    access(tlm::TLM_READ_COMMAND, c_addr, bytes.data(), unsigned(bytes.size()));
    int wrong = 0;
    for (int r = 0; r < t.m; ++r)
      for (int c = 0; c < t.n; ++c) {
        int64_t sum = 0;
        for (int i = 0; i < t.k; ++i) sum += a[size_t(r) * t.k + i] * b[size_t(i) * t.n + c];
        // Wrapped to acc_bits: two's complement when an operand is signed, else unsigned.
        const bool is_signed = result_is_signed(cfg);
        const int sh = 64 - cfg.acc_bits;
        const int64_t want = !sh ? sum : is_signed ? int64_t(uint64_t(sum) << sh) >> sh : int64_t((uint64_t(sum) << sh) >> sh);
        if (load_le(&bytes[(size_t(r) * t.n + c) * ec], ec, is_signed) != want) ++wrong;
      }
    failures_ += wrong ? 1 : 0;
    ++completed_;
    std::cout << "  " << cfg.tag() << "  GEMM " << t.m << "x" << t.k << "x" << t.n << ": " << cycles
              << " cycles, interrupt " << took << " after START, C "
              << (wrong ? std::to_string(wrong) + " elements WRONG" : std::string("correct")) << "\n";
  }
}
