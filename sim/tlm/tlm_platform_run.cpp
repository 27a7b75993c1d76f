#include "sim/tlm/tlm_platform_run.hpp"

#include <stdexcept>

#include <tlm_utils/simple_initiator_socket.h>

#include "sim/tlm/memory_codec.hpp"
#include "sim/tlm/register_map.hpp"
#include "sim/tlm/tlm_gemm_engine.hpp"
#include "sim/tlm/tlm_memory.hpp"

namespace tpe {
namespace {

using namespace sc_core;
using namespace tlm_regs;

// Where one job's matrices lie in memory. Rows of A and C are padded (a
// non-zero stride register), B is packed (stride 0), so both kinds of
// addressing are exercised.
struct JobLayout {
  uint64_t a = 0, b = 0, c = 0;
  uint32_t a_pitch = 0, c_pitch = 0;
  uint64_t end = 0;
};

uint64_t align64(uint64_t x) { return (x + 63) / 64 * 64; }

JobLayout layout_job(const EngineConfig& cfg, const TlmGemmJob& job, uint64_t base) {
  JobLayout l;
  const uint64_t M = uint64_t(job.a.rows), K = uint64_t(job.a.cols), N = uint64_t(job.b.cols);
  l.a_pitch = uint32_t(K * operand_bytes(cfg.a) + 4);
  l.c_pitch = uint32_t(N * result_bytes(cfg.acc_bits) + 8);
  l.a = align64(base);
  l.b = align64(l.a + M * l.a_pitch);
  l.c = align64(l.b + K * N * operand_bytes(cfg.b));
  l.end = l.c + M * l.c_pitch;
  return l;
}

SC_MODULE(Driver) {
  tlm_utils::simple_initiator_socket<Driver> regs{"regs"}, mem{"mem"};
  sc_in<bool> irq{"irq"};
  const std::vector<EngineConfig>* configs = nullptr;
  const std::vector<TlmGemmJob>* jobs = nullptr;
  const TlmGemmEngine* engine = nullptr;
  std::vector<TlmGemmOutcome> outcomes;
  bool finished = false;

  SC_CTOR(Driver) { SC_THREAD(main); }

  // Blocking accesses, not decoupled: the driver's time is the kernel's.
  void access(tlm_utils::simple_initiator_socket<Driver>& s, tlm::tlm_command cmd, uint64_t addr,
              unsigned char* data, unsigned len) {
    tlm::tlm_generic_payload tx;
    tx.set_command(cmd);
    tx.set_address(addr);
    tx.set_data_ptr(data);
    tx.set_data_length(len);
    tx.set_streaming_width(len);
    tx.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    sc_time delay = SC_ZERO_TIME;
    s->b_transport(tx, delay);
    if (!tx.is_response_ok()) throw std::runtime_error("TLM platform: " + tx.get_response_string());
    wait(delay);
  }
  void write_reg(uint32_t off, uint32_t v) {
    unsigned char b[4];
    store_le(b, v, 4);
    access(regs, tlm::TLM_WRITE_COMMAND, off, b, 4);
  }
  uint32_t read_reg(uint32_t off) {
    unsigned char b[4];
    access(regs, tlm::TLM_READ_COMMAND, off, b, 4);
    return uint32_t(load_le(b, 4, false));
  }
  void write_matrix(uint64_t addr, uint32_t pitch, const OperandMatrix& m, unsigned eb) {
    std::vector<unsigned char> row(size_t(m.cols) * eb);
    for (int r = 0; r < m.rows; ++r) {
      for (int c = 0; c < m.cols; ++c) store_le(&row[size_t(c) * eb], m(r, c), eb);
      access(mem, tlm::TLM_WRITE_COMMAND, addr + uint64_t(r) * pitch, row.data(), unsigned(row.size()));
    }
  }

  void main() {
    uint64_t base = 0;
    for (const TlmGemmJob& job : *jobs) {
      const EngineConfig& cfg = (*configs)[size_t(job.config_id)];
      const JobLayout l = layout_job(cfg, job, base);
      base = l.end;
      const unsigned ea = operand_bytes(cfg.a), eb = operand_bytes(cfg.b), ec = result_bytes(cfg.acc_bits);
      write_matrix(l.a, l.a_pitch, job.a, ea);
      write_matrix(l.b, uint32_t(job.b.cols * eb), job.b, eb);
      write_reg(CONFIG_ID, uint32_t(job.config_id));
      write_reg(M, uint32_t(job.a.rows));
      write_reg(K, uint32_t(job.a.cols));
      write_reg(N, uint32_t(job.b.cols));
      write_reg(A_ADDR_LO, uint32_t(l.a));
      write_reg(A_ADDR_HI, uint32_t(l.a >> 32));
      write_reg(B_ADDR_LO, uint32_t(l.b));
      write_reg(B_ADDR_HI, uint32_t(l.b >> 32));
      write_reg(C_ADDR_LO, uint32_t(l.c));
      write_reg(C_ADDR_HI, uint32_t(l.c >> 32));
      write_reg(A_STRIDE, l.a_pitch);
      write_reg(B_STRIDE, 0);
      write_reg(C_STRIDE, l.c_pitch);
      write_reg(IRQ_ENABLE, 1);

      TlmGemmOutcome out;
      out.start_ns = sc_time_stamp() / sc_time(1, SC_NS);
      write_reg(CTRL, 1);
      wait(irq.posedge_event());
      out.interrupt_ns = sc_time_stamp() / sc_time(1, SC_NS);
      out.status = read_reg(STATUS);
      out.error_code = read_reg(ERROR_CODE);
      out.cycles = read_reg(CYCLES_LO) | (uint64_t(read_reg(CYCLES_HI)) << 32);
      out.activity = engine->last_activity();
      out.c = ResultMatrix(job.a.rows, job.b.cols);
      std::vector<unsigned char> row(size_t(job.b.cols) * ec);
      for (int r = 0; r < job.a.rows; ++r) {
        access(mem, tlm::TLM_READ_COMMAND, l.c + uint64_t(r) * l.c_pitch, row.data(), unsigned(row.size()));
        for (int c = 0; c < job.b.cols; ++c) out.c(r, c) = load_le(&row[size_t(c) * ec], ec, result_is_signed(cfg));
      }
      write_reg(STATUS, DONE | ERROR);  // acknowledge: the interrupt falls
      outcomes.push_back(std::move(out));
    }
    finished = true;
  }
};

}  // namespace

std::vector<TlmGemmOutcome> run_gemms_on_tlm_platform(const std::vector<EngineConfig>& configs,
                                                      const std::vector<TlmGemmJob>& jobs,
                                                      const TlmPlatformOptions& opt) {
  if (sc_get_status() != SC_ELABORATION)
    throw std::logic_error("run_gemms_on_tlm_platform: the SystemC kernel has left elaboration (one platform per process)");
  uint64_t bytes = 0;
  for (const TlmGemmJob& job : jobs) {
    if (job.config_id < 0 || size_t(job.config_id) >= configs.size())
      throw std::invalid_argument("run_gemms_on_tlm_platform: job config_id out of range");
    bytes = layout_job(configs[size_t(job.config_id)], job, bytes).end;
  }
  // The modules live as long as the process, like any elaborated module:
  // the kernel keeps their (suspended) processes to the end.
  auto& memory = *new TlmMemory("tpe_platform_memory", bytes, sc_time(opt.memory_latency_ns, SC_NS));
  auto& engine = *new TlmGemmEngine("tpe_platform_engine", configs, sc_time(opt.clock_period_ns, SC_NS));
  auto& driver = *new Driver("tpe_platform_cpu");
  auto& irq = *new sc_signal<bool>("tpe_platform_irq");
  driver.regs.bind(engine.regs);
  driver.mem.bind(memory.socket);
  engine.mem.bind(memory.socket);
  engine.irq.bind(irq);
  driver.irq.bind(irq);
  driver.configs = &configs;
  driver.jobs = &jobs;
  driver.engine = &engine;
  sc_start();  // returns when the driver is done and nothing is left to do
  if (!driver.finished) throw std::runtime_error("TLM platform: the simulation ended before every GEMM finished");
  return std::move(driver.outcomes);
}

}  // namespace tpe
