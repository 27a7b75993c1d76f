// Whole-file reads and writes. write_file_atomically writes through the one
// output writer (models/util/output_file.hpp): a reader sees the old file or
// the complete new one, never half a file. (Whole cache directories that are
// staged and renamed into place in one step are handled by their caches.)
#pragma once
#include <string>

namespace tpe {

// Writes `contents` to `path` through an OutputFile: a temporary beside it,
// every write, the fsync and the close checked, then renamed onto `path`.
// Throws std::runtime_error naming `path`; the target is then untouched.
void write_file_atomically(const std::string& path, const std::string& contents);

// Reads a whole file; throws std::runtime_error naming it when unreadable.
std::string read_text_file(const std::string& path);

// Plain (non-atomic) write, for files inside a staging directory that is
// itself moved into place; throws std::runtime_error naming the file.
void write_text_file(const std::string& path, const std::string& text);

}  // namespace tpe
