// The llama2.c checkpoint loader: the header is checked against the file's
// length before anything is allocated.
#include <stdexcept>

#include "fuzz/fuzz_common.hpp"
#include "models/llm/llama2c_checkpoint.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    (void)tpe::load_llama2c_checkpoint(tpe::fuzz::scratch_file(data, size));
  } catch (const std::exception&) {
  }
  return 0;
}
