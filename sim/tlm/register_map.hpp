// The register map of the TLM-2.0 GEMM engine (sim/tlm/tlm_gemm_engine.hpp),
// documented for platform software in docs/systemc.md. Every register is 32
// bits wide at a 4-byte aligned byte offset; accesses are single 4-byte
// reads or writes, little-endian. 64-bit addresses and the cycle counter are
// split into LO/HI halves.
#pragma once
#include <cstdint>

#include "models/engine/engine_config.hpp"
#include "models/gemm/int_gemm.hpp"

namespace tpe::tlm_regs {

constexpr uint32_t kIdValue = 0x31455054;  // "TPE1" in little-endian bytes

enum Offset : uint32_t {
  ID = 0x00,            // RO  kIdValue
  CONFIG_COUNT = 0x04,  // RO  number of engine configurations the module was built with
  CONFIG_ID = 0x08,     // RW  which of them the next GEMM runs on (0-based)
  CTRL = 0x0C,          // WO  bit 0 START: begin the programmed GEMM (ignored while BUSY)
  STATUS = 0x10,        // RO  bit 0 BUSY, bit 1 DONE, bit 2 ERROR; write 1 to DONE/ERROR clears them
  IRQ_ENABLE = 0x14,    // RW  bit 0: the interrupt output follows STATUS.DONE
  ERROR_CODE = 0x18,    // RO  why the last GEMM failed (ErrorCode), 0 when it did not
  M = 0x1C,             // RW  rows of A and C
  K = 0x20,             // RW  columns of A, rows of B
  N = 0x24,             // RW  columns of B and C
  A_ADDR_LO = 0x28, A_ADDR_HI = 0x2C,  // RW  byte address of A[0][0] in platform memory
  B_ADDR_LO = 0x30, B_ADDR_HI = 0x34,  // RW  of B[0][0]
  C_ADDR_LO = 0x38, C_ADDR_HI = 0x3C,  // RW  of C[0][0] (written by the engine)
  A_STRIDE = 0x40,      // RW  bytes from one row of A to the next; 0: packed (K elements)
  B_STRIDE = 0x44,      // RW  of B; 0: packed (N elements)
  C_STRIDE = 0x48,      // RW  of C; 0: packed (N elements)
  CYCLES_LO = 0x4C, CYCLES_HI = 0x50,  // RO  clock cycles of the last GEMM (the cycle model's count)
  A_ELEM_BYTES = 0x54,  // RO  bytes per element of A for the selected configuration
  B_ELEM_BYTES = 0x58,  // RO  of B
  C_ELEM_BYTES = 0x5C,  // RO  of C
  GEMM_COUNT = 0x60,    // RO  GEMMs completed since reset
  kSize = 0x64,         // bytes of register space
};

enum Status : uint32_t { BUSY = 1u << 0, DONE = 1u << 1, ERROR = 1u << 2 };

enum ErrorCode : uint32_t {
  NONE = 0,
  BAD_SHAPE = 1,          // M, K or N is 0 or above 2^24
  BAD_CONFIG_ID = 2,      // CONFIG_ID >= CONFIG_COUNT
  MEMORY_ERROR = 3,       // an operand read or result write got an error response
  OPERAND_RANGE = 4,      // an operand does not fit the configuration's format
  CYCLE_BOUND = 5,        // the engine did not finish within its cycle bound (a model bug)
};

// Element sizes in platform memory: operands (2..16 bits) take 1 or 2 bytes,
// two's complement for signed formats, zero-extended for unsigned ones;
// results take 4 bytes when the accumulator has at most 32 bits, else 8,
// the accumulator's value (wrapped to acc_bits) sign-extended when either
// operand format is signed, zero-extended when both are unsigned.
inline uint32_t operand_bytes(const IntFormat& f) { return f.bits <= 8 ? 1 : 2; }
inline uint32_t result_bytes(int acc_bits) { return acc_bits <= 32 ? 4 : 8; }
inline bool result_is_signed(const EngineConfig& cfg) { return product_is_signed(cfg.a, cfg.b); }

}  // namespace tpe::tlm_regs
