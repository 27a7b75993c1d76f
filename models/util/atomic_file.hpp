// Whole-file reads and writes. write_file_atomically is the one
// temp-file-then-rename writer of tpe: a reader sees the old file or the
// complete new one, never half a file. (Whole cache directories that are
// staged and renamed into place in one step are handled by their caches.)
#pragma once
#include <string>

namespace tpe {

// Writes `contents` to `<path>.tmp-<pid>` in the same directory, checks the
// stream after flush and close, then renames it onto `path`. On failure
// removes the temporary and throws std::runtime_error naming `path`.
void write_file_atomically(const std::string& path, const std::string& contents);

// Reads a whole file; throws std::runtime_error naming it when unreadable.
std::string read_text_file(const std::string& path);

// Plain (non-atomic) write, for files inside a staging directory that is
// itself moved into place; throws std::runtime_error naming the file.
void write_text_file(const std::string& path, const std::string& text);

}  // namespace tpe
