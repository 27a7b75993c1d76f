#include "hw/energy/event_stream.hpp"

#include "models/gemm/gemm_limits.hpp"
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <unistd.h>

#include <fmt/format.h>

#include "models/util/output_file.hpp"
#include "sim/core/engine_loop.hpp"
#include "sim/core/engine_sim.hpp"
#include "sim/core/family_sim.hpp"
#include "models/engine/family_registry.hpp"
#include <algorithm>
#include <map>

namespace tpe::hw {

const std::vector<std::string> kBufferEventCounters = {"a.read_bits", "b.read_bits", "c.read_bits", "c.write_bits"};

namespace {
constexpr char kMagic[8] = {'T', 'P', 'E', 'E', 'V', 'T', '0', '2'};
constexpr uint32_t kMaxCounters = 256, kMaxNamesBytes = 1 << 16;

uint32_t narrow(uint64_t v) {
  if (v > 0xffffffffULL) throw std::overflow_error("event stream: a per-cycle delta exceeds 32 bits");
  return uint32_t(v);
}

// Cumulative counters after an edge: the array's, then the buffers'.
void cumulative(const std::vector<uint64_t>* array, size_t n_array, const std::map<std::string, BufferActivity>& b,
                std::vector<uint32_t>& out) {
  out.clear();
  for (size_t i = 0; i < n_array; ++i) out.push_back(narrow(array ? (*array)[i] : 0));
  auto buf = [&](const char* n) {
    auto it = b.find(n);
    return it == b.end() ? BufferActivity{} : it->second;
  };
  out.push_back(narrow(buf("a").read_bits));
  out.push_back(narrow(buf("b").read_bits));
  out.push_back(narrow(buf("c").read_bits));
  out.push_back(narrow(buf("c").write_bits));
}
}  // namespace

void EventStream::push(const std::vector<uint32_t>& d, bool run_length) {
  ++cycles;
  const size_t n = counters();
  if (run_length && !words.empty() && std::memcmp(&words[words.size() - n], d.data(), sizeof(uint32_t) * n) == 0 &&
      words[words.size() - n - 1] < 0xffffffffU) {
    ++words[words.size() - n - 1];
    return;
  }
  words.push_back(1);
  words.insert(words.end(), d.begin(), d.end());
}

EventStream record_event_stream(const EngineConfig& cfg, const OperandMatrix& a, const OperandMatrix& b,
                                ActivityTrace* trace_out, bool run_length) {
  auto model = make_array_model(cfg);
  model->reset();
  EngineLoop loop(cfg, a, b, *model);
  EventStream s;
  s.config_tag = cfg.tag();
  s.gemm = {a.rows, a.cols, b.cols};
  const auto specs = family_of(cfg).spec->counters(cfg);
  for (const auto& c : specs) s.counter_names.push_back(c.name);
  s.counter_names.insert(s.counter_names.end(), kBufferEventCounters.begin(), kBufferEventCounters.end());
  const size_t n = s.counters();
  // Per-edge cumulative counters; the run's window [first_edge, first_edge +
  // cycles) is cut out at the end and anything outside it folded into its
  // first or last cycle, so the stream's totals equal the aggregate trace.
  std::vector<uint32_t> cum, row;
  while (!loop.done()) {
    loop.step();
    cumulative(model->counters(), specs.size(), loop.buffers(), row);
    cum.insert(cum.end(), row.begin(), row.end());
  }
  const EngineRun run = loop.result();
  if (trace_out) *trace_out = run.activity;
  const uint64_t first = loop.first_edge(), cycles = run.activity.cycles, edges = cum.size() / n;
  if (cycles == 0) return s;
  auto at = [&](int64_t e, size_t k) -> uint32_t {
    return e < 0 ? 0 : cum[std::min<size_t>(size_t(e), edges - 1) * n + k];
  };
  std::vector<uint32_t> d(n);
  for (uint64_t c = 0; c < cycles; ++c) {
    const int64_t e = int64_t(first + c);
    for (size_t k = 0; k < n; ++k) {
      const uint32_t hi = c + 1 == cycles ? cum[(edges - 1) * n + k] : at(e, k), lo = c == 0 ? 0 : at(e - 1, k);
      d[k] = hi - lo;
    }
    s.push(d, run_length);
  }
  return s;
}

void write_event_stream(const EventStream& s, std::ostream& out) {
  std::string names;
  for (const auto& n : s.counter_names) names += n + "\n";
  std::string bytes(kMagic, 8);
  auto put = [&](const void* p, size_t n) { bytes.append(reinterpret_cast<const char*>(p), n); };
  const uint32_t counters = uint32_t(s.counters()), names_len = uint32_t(names.size()),
                 tag_len = uint32_t(s.config_tag.size());
  const uint64_t records = s.records();
  put(&counters, 4);
  put(&names_len, 4);
  bytes += names;
  put(&tag_len, 4);
  bytes += s.config_tag;
  const uint32_t mkn[3] = {uint32_t(s.gemm.m), uint32_t(s.gemm.k), uint32_t(s.gemm.n)};
  put(mkn, 12);
  put(&s.cycles, 8);
  put(&records, 8);
  out.write(bytes.data(), std::streamsize(bytes.size()));
  out.write(reinterpret_cast<const char*>(s.words.data()), std::streamsize(s.words.size() * 4));
}

void write_event_stream(const EventStream& s, const std::string& path) {
  OutputFile f(path);
  write_event_stream(s, f.stream());
  f.commit();
}

EventStream read_event_stream(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw std::runtime_error(path + ": cannot open the event stream");
  auto fail = [&](const std::string& why) { return std::runtime_error(path + ": not a tpe-events-v2 stream (" + why + ")"); };
  char magic[8];
  uint32_t counters = 0, names_len = 0, tag_len = 0;
  uint64_t records = 0;
  EventStream s;
  if (!f.read(magic, 8) || std::memcmp(magic, kMagic, 8) != 0) throw fail("bad magic");
  if (!f.read(reinterpret_cast<char*>(&counters), 4) || counters == 0 || counters > kMaxCounters)
    throw fail("counter count");
  if (!f.read(reinterpret_cast<char*>(&names_len), 4) || names_len > kMaxNamesBytes) throw fail("counter names length");
  std::string names(names_len, '\0');
  if (!f.read(names.data(), names_len)) throw fail("truncated header");
  for (size_t pos = 0, nl; (nl = names.find('\n', pos)) != std::string::npos; pos = nl + 1)
    s.counter_names.push_back(names.substr(pos, nl - pos));
  if (s.counter_names.size() != counters) throw fail("counter names do not match the counter count");
  if (!f.read(reinterpret_cast<char*>(&tag_len), 4) || tag_len > 4096) throw fail("config tag length");
  s.config_tag.resize(tag_len);
  if (!f.read(s.config_tag.data(), tag_len)) throw fail("truncated header");
  uint32_t mkn[3];
  if (!f.read(reinterpret_cast<char*>(mkn), 12)) throw fail("truncated header");
  s.gemm = {int(mkn[0]), int(mkn[1]), int(mkn[2])};
  if (!f.read(reinterpret_cast<char*>(&s.cycles), 8) || !f.read(reinterpret_cast<char*>(&records), 8))
    throw fail("truncated header");
  for (uint32_t d : mkn)
    if (d < 1 || d > uint32_t(kMaxGemmDim))
      throw fail(fmt::format("GEMM dimension {} in the header; allowed 1..{}", d, kMaxGemmDim));
  // The header's record count must match the file's length exactly, checked
  // before allocating: a bogus count (2^62) or trailing bytes are refused.
  const uint64_t header = uint64_t(f.tellg());
  f.seekg(0, std::ios::end);
  const uint64_t length = uint64_t(f.tellg()), body = length - header;
  const uint64_t record_bytes = 4ull * (counters + 1);
  if (body % record_bytes != 0 || records != body / record_bytes)
    throw fail(fmt::format("the header says {} records of {} bytes after a {}-byte header, the file has {} bytes ({})",
                           records, record_bytes, header, length,
                           records > body / record_bytes ? "truncated records" : "trailing bytes"));
  f.seekg(std::streamoff(header));
  s.words.resize(records * (counters + 1));
  if (!f.read(reinterpret_cast<char*>(s.words.data()), std::streamsize(s.words.size() * 4)))
    throw fail("truncated records");
  // The records' repeat counts add up to the header's cycle count.
  uint64_t cycles = 0;
  for (size_t r = 0; r < s.words.size(); r += counters + 1) cycles += s.words[r];
  if (cycles != s.cycles)
    throw fail(fmt::format("the records cover {} cycles, the header says {}", cycles, s.cycles));
  return s;
}

EventTotals replay_event_stream(const EventStream& s) {
  EventTotals t;
  const size_t n = s.counters(), rec = n + 1;
  t.counter_names = s.counter_names;
  // Integer sums per counter; the energy is priced once from the totals.
  std::vector<uint64_t> sum(n, 0);
  uint64_t cycles = 0;
  const uint32_t* w = s.words.data();
  const uint32_t* end = w + s.words.size();
  for (; w < end; w += rec) {
    const uint64_t rep = w[0];
    cycles += rep;
    for (size_t k = 0; k < n; ++k) sum[k] += rep * w[1 + k];
  }
  t.sum = std::move(sum);
  t.cycles = cycles;
  t.events = cycles * n;
  return t;
}

ActivityTrace totals_to_trace(const EventTotals& t) {
  ActivityTrace tr;
  tr.cycles = t.cycles;
  const size_t n_array = t.counter_names.size() - kBufferEventCounters.size();
  for (size_t k = 0; k < n_array; ++k) {
    tr.counter_names.push_back(t.counter_names[k]);
    tr.counters.push_back(t.sum[k]);
  }
  tr.buffers["a"] = {t.sum[n_array], 0};
  tr.buffers["b"] = {t.sum[n_array + 1], 0};
  tr.buffers["c"] = {t.sum[n_array + 2], t.sum[n_array + 3]};
  return tr;
}

}  // namespace tpe::hw
