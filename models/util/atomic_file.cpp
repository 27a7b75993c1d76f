#include "models/util/atomic_file.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "models/util/output_file.hpp"

namespace tpe {

void write_file_atomically(const std::string& path, const std::string& contents) {
  write_output_file(path, contents);
}

std::string read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_text_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  if (!out) throw std::runtime_error("cannot write " + path);
  out << text;
  out.close();  // the close flushes: a full disk shows here
  if (!out) throw std::runtime_error("write failed: " + path);
}

}  // namespace tpe
