// The on-disk layout of the synthesis cache (keys: ContentHash,
// models/util/content_hash.hpp):
//   <cache_dir>/<key>/{report.json, netlist.v, stat.txt, *.log, scripts}
// A run is assembled in <cache_dir>/.tmp-<key>-<pid>-<n> and renamed into
// place in one step, so a reader sees either nothing or a complete run.
#pragma once
#include <string>

#include "models/util/atomic_file.hpp"
#include "models/util/content_hash.hpp"

namespace tpe::hw {

using tpe::ContentHash;
using tpe::read_text_file;
using tpe::write_text_file;

// A fresh empty directory next to the cache entries (or under $TMPDIR when
// `cache_dir` is empty).
std::string make_staging_dir(const std::string& cache_dir, const std::string& key);

// Moves a finished staging dir to <cache_dir>/<key>. When another process won
// the race, the staging dir is removed and the existing entry kept. Returns the
// final path.
std::string commit_staging_dir(const std::string& staging, const std::string& cache_dir, const std::string& key);

// Keeps a failed run's logs at <cache_dir>/.failed-<key> (replacing an older
// one) for inspection; returns that path ("" when there is no cache dir and the
// staging dir was removed).
std::string park_failed_dir(const std::string& staging, const std::string& cache_dir, const std::string& key);

}  // namespace tpe::hw
