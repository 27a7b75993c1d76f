// Shared by the libFuzzer targets (fuzz/README.md). An input a reader refuses
// with an exception is the expected outcome; a crash, a sanitizer report, an
// uncaught exception of another kind or a hang is a finding.
#pragma once
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <string>

namespace tpe::fuzz {

// The loaders that take a path (checkpoint, event stream) read this file:
// one per process in /dev/shm (memory), rewritten for every input.
inline std::string scratch_file(const uint8_t* data, size_t size) {
  static const std::string path = "/dev/shm/tpe-fuzz-" + std::to_string(::getpid()) + ".bin";
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) std::abort();
  if (size && std::fwrite(data, 1, size, f) != size) std::abort();
  std::fclose(f);
  return path;
}

inline std::string text(const uint8_t* data, size_t size) { return std::string(reinterpret_cast<const char*>(data), size); }

}  // namespace tpe::fuzz
