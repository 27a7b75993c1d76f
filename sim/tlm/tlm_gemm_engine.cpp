#include "sim/tlm/tlm_gemm_engine.hpp"

#include <stdexcept>

#include "models/engine/family_registry.hpp"
#include "sim/core/engine_loop.hpp"
#include "sim/core/family_sim.hpp"
#include "sim/tlm/memory_codec.hpp"
#include "sim/tlm/register_map.hpp"

namespace tpe {

using namespace sc_core;
using namespace tlm_regs;

TlmGemmEngine::TlmGemmEngine(sc_module_name name, std::vector<EngineConfig> configs, sc_time clock_period)
    : sc_module(name), regs("regs"), mem("mem"), irq("irq"), configs_(std::move(configs)), period_(clock_period) {
  if (configs_.empty()) throw std::invalid_argument("TlmGemmEngine: at least one engine configuration is needed");
  if (period_ == SC_ZERO_TIME) throw std::invalid_argument("TlmGemmEngine: the clock period must be above 0 s");
  for (const EngineConfig& cfg : configs_) family_of(cfg);  // throws naming an unregistered family
  regs.register_b_transport(this, &TlmGemmEngine::reg_transport);
  SC_THREAD(run);
  SC_METHOD(drive_irq);
  sensitive << irq_changed_;
  dont_initialize();
}

void TlmGemmEngine::reg_transport(tlm::tlm_generic_payload& tx, sc_time& delay) {
  const uint64_t addr = tx.get_address();
  if (tx.get_data_length() != 4 || addr % 4 != 0 || tx.get_byte_enable_ptr() || tx.get_streaming_width() != 4) {
    tx.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
    return;
  }
  if (addr >= kSize) {
    tx.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return;
  }
  unsigned char* data = tx.get_data_ptr();
  if (tx.is_read())
    store_le(data, read_reg(uint32_t(addr)), 4);
  else if (tx.is_write())
    write_reg(uint32_t(addr), uint32_t(load_le(data, 4, false)), delay);
  tx.set_response_status(tlm::TLM_OK_RESPONSE);
}

uint32_t TlmGemmEngine::read_reg(uint32_t offset) const {
  const EngineConfig* cfg = config_id_ < configs_.size() ? &configs_[config_id_] : nullptr;
  switch (offset) {
    case ID: return kIdValue;
    case CONFIG_COUNT: return uint32_t(configs_.size());
    case CONFIG_ID: return config_id_;
    case STATUS: return status_;
    case IRQ_ENABLE: return irq_enable_;
    case ERROR_CODE: return error_code_;
    case M: return m_;
    case K: return k_;
    case N: return n_;
    case A_ADDR_LO: return uint32_t(a_addr_);
    case A_ADDR_HI: return uint32_t(a_addr_ >> 32);
    case B_ADDR_LO: return uint32_t(b_addr_);
    case B_ADDR_HI: return uint32_t(b_addr_ >> 32);
    case C_ADDR_LO: return uint32_t(c_addr_);
    case C_ADDR_HI: return uint32_t(c_addr_ >> 32);
    case A_STRIDE: return a_stride_;
    case B_STRIDE: return b_stride_;
    case C_STRIDE: return c_stride_;
    case CYCLES_LO: return uint32_t(cycles_);
    case CYCLES_HI: return uint32_t(cycles_ >> 32);
    case A_ELEM_BYTES: return cfg ? operand_bytes(cfg->a) : 0;
    case B_ELEM_BYTES: return cfg ? operand_bytes(cfg->b) : 0;
    case C_ELEM_BYTES: return cfg ? result_bytes(cfg->acc_bits) : 0;
    case GEMM_COUNT: return gemm_count_;
    default: return 0;  // CTRL reads as 0
  }
}

void TlmGemmEngine::write_reg(uint32_t offset, uint32_t v, const sc_time& delay) {
  // The operand registers are latched at START; writes while BUSY affect the next GEMM only.
  auto set_lo = [](uint64_t& r, uint32_t v) { r = (r & ~uint64_t(0xffffffff)) | v; };
  auto set_hi = [](uint64_t& r, uint32_t v) { r = (r & 0xffffffff) | (uint64_t(v) << 32); };
  switch (offset) {
    case CONFIG_ID: config_id_ = v; break;
    case CTRL:
      if ((v & 1) && !(status_ & BUSY)) {
        status_ = BUSY;  // a new GEMM clears DONE and ERROR
        update_irq();
        start_.notify(delay);  // at the initiator's local time
      }
      break;
    case STATUS:
      status_ &= ~(v & (DONE | ERROR));
      update_irq();
      break;
    case IRQ_ENABLE:
      irq_enable_ = v & 1;
      update_irq();
      break;
    case M: m_ = v; break;
    case K: k_ = v; break;
    case N: n_ = v; break;
    case A_ADDR_LO: set_lo(a_addr_, v); break;
    case A_ADDR_HI: set_hi(a_addr_, v); break;
    case B_ADDR_LO: set_lo(b_addr_, v); break;
    case B_ADDR_HI: set_hi(b_addr_, v); break;
    case C_ADDR_LO: set_lo(c_addr_, v); break;
    case C_ADDR_HI: set_hi(c_addr_, v); break;
    case A_STRIDE: a_stride_ = v; break;
    case B_STRIDE: b_stride_ = v; break;
    case C_STRIDE: c_stride_ = v; break;
    default: break;  // read-only registers ignore writes
  }
}

// Register writes arrive in the initiator's process; the level is driven
// from the engine's own method, one delta cycle later.
void TlmGemmEngine::update_irq() { irq_changed_.notify(SC_ZERO_TIME); }

void TlmGemmEngine::drive_irq() { irq.write((status_ & DONE) && irq_enable_); }

void TlmGemmEngine::run() {
  for (;;) {
    wait(start_);
    qk_.reset();
    const uint32_t error = execute();
    qk_.sync();  // the local time reaches the kernel's before the interrupt
    error_code_ = error;
    status_ = error ? DONE | ERROR : DONE;
    if (!error) ++gemm_count_;
    update_irq();
  }
}

bool TlmGemmEngine::transfer(tlm::tlm_command cmd, uint64_t addr, unsigned char* data, unsigned len) {
  tlm::tlm_generic_payload tx;
  tx.set_command(cmd);
  tx.set_address(addr);
  tx.set_data_ptr(data);
  tx.set_data_length(len);
  tx.set_streaming_width(len);
  tx.set_byte_enable_ptr(nullptr);
  tx.set_dmi_allowed(false);
  tx.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
  sc_time local = qk_.get_local_time();
  mem->b_transport(tx, local);
  qk_.set(local);
  if (qk_.need_sync()) qk_.sync();
  return tx.is_response_ok();
}

bool TlmGemmEngine::fetch(uint64_t base, uint32_t stride, int rows, int cols, const IntFormat& f,
                          OperandMatrix& out, uint32_t& error) {
  const unsigned eb = operand_bytes(f);
  const uint64_t pitch = stride ? stride : uint64_t(cols) * eb;
  std::vector<unsigned char> row(size_t(cols) * eb);
  out = OperandMatrix(rows, cols);
  for (int r = 0; r < rows; ++r) {
    if (!transfer(tlm::TLM_READ_COMMAND, base + uint64_t(r) * pitch, row.data(), unsigned(row.size()))) {
      error = MEMORY_ERROR;
      return false;
    }
    for (int c = 0; c < cols; ++c) {
      const int64_t v = load_le(&row[size_t(c) * eb], eb, f.is_signed);
      if (v < f.min_value() || v > f.max_value()) {
        error = OPERAND_RANGE;
        return false;
      }
      out(r, c) = int32_t(v);
    }
  }
  return true;
}

uint32_t TlmGemmEngine::execute() {
  constexpr uint32_t kMaxDim = 1u << 24;
  if (config_id_ >= configs_.size()) return BAD_CONFIG_ID;
  if (!m_ || !k_ || !n_ || m_ > kMaxDim || k_ > kMaxDim || n_ > kMaxDim) return BAD_SHAPE;
  const EngineConfig& cfg = configs_[config_id_];
  const int M = int(m_), K = int(k_), N = int(n_);
  uint32_t error = NONE;
  OperandMatrix a, b;
  if (!fetch(a_addr_, a_stride_, M, K, cfg.a, a, error) || !fetch(b_addr_, b_stride_, K, N, cfg.b, b, error))
    return error;

  // The GEMM on the cycle model, exactly as simulate_gemm steps it: a reset
  // array, the family's controller, edges until done or the cycle bound.
  // The engine is a closed system while it computes (its operands are
  // local), so it runs ahead in zero kernel time and then accounts for the
  // cycles it took.
  const EngineFamily& fam = family_of(cfg);
  std::unique_ptr<ArrayDevice> dev = fam.sim->make_model(cfg);
  dev->reset();
  EngineLoop loop(cfg, a, b, *dev);
  const uint64_t bound = std::max<uint64_t>(fam.sim->cycle_bound(cfg, GemmShape{M, K, N}), 1);
  for (uint64_t e = 0; e < bound && !loop.done(); ++e) loop.step();
  EngineRun run = loop.take_result();
  cycles_ = run.activity.cycles;
  last_activity_ = run.activity;
  qk_.inc(double(cycles_) * period_);
  if (qk_.need_sync()) qk_.sync();
  if (!run.completed) return CYCLE_BOUND;

  const unsigned eb = result_bytes(cfg.acc_bits);
  const uint64_t pitch = c_stride_ ? c_stride_ : uint64_t(N) * eb;
  std::vector<unsigned char> row(size_t(N) * eb);
  for (int r = 0; r < M; ++r) {
    for (int c = 0; c < N; ++c) store_le(&row[size_t(c) * eb], run.c(r, c), eb);
    if (!transfer(tlm::TLM_WRITE_COMMAND, c_addr_ + uint64_t(r) * pitch, row.data(), unsigned(row.size())))
      return MEMORY_ERROR;
  }
  return NONE;
}

}  // namespace tpe
