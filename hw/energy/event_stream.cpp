#include "hw/energy/event_stream.hpp"

#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <unistd.h>

#include "models/util/atomic_file.hpp"
#include "sim/core/engine_loop.hpp"
#include "sim/core/engine_sim.hpp"

namespace tpe::hw {

const std::array<const char*, kEventCounters> kEventCounterNames = {
    "mac",         "pe_reg_write_bits", "operand_forward", "acc_readout",  "skew_reg_write_bits",
    "weight_load_bits", "a.read_bits",  "b.read_bits",     "c.read_bits",  "c.write_bits"};

namespace {
constexpr char kMagic[8] = {'T', 'P', 'E', 'E', 'V', 'T', '0', '1'};
constexpr size_t kRecordWords = kEventCounters + 1;

uint32_t narrow(uint64_t v) {
  if (v > 0xffffffffULL) throw std::overflow_error("event stream: a per-cycle delta exceeds 32 bits");
  return uint32_t(v);
}
}  // namespace

EventDeltas EventStream::deltas_of(const ArrayActivity& a, const std::map<std::string, BufferActivity>& b) {
  auto buf = [&](const char* n) {
    auto it = b.find(n);
    return it == b.end() ? BufferActivity{} : it->second;
  };
  return {narrow(a.macs),          narrow(a.pe_reg_write_bits),   narrow(a.operand_forwards),
          narrow(a.acc_readouts),  narrow(a.skew_reg_write_bits), narrow(a.weight_load_bits),
          narrow(buf("a").read_bits), narrow(buf("b").read_bits), narrow(buf("c").read_bits),
          narrow(buf("c").write_bits)};
}

void EventStream::push(const EventDeltas& d, bool run_length) {
  ++cycles;
  if (run_length && !words.empty() && std::memcmp(&words[words.size() - kEventCounters], d.data(),
                                                  sizeof(uint32_t) * kEventCounters) == 0 &&
      words[words.size() - kRecordWords] < 0xffffffffU) {
    ++words[words.size() - kRecordWords];
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
  // Per-edge cumulative counters; the run's window [first_edge, first_edge +
  // cycles) is cut out at the end and anything outside it folded into its
  // first or last cycle, so the stream's totals equal the aggregate trace.
  std::vector<EventDeltas> cum;
  ArrayActivity zero;
  while (!loop.done()) {
    loop.step();
    const ArrayActivity* act = model->activity();
    cum.push_back(EventStream::deltas_of(act ? *act : zero, loop.buffers()));
  }
  const EngineRun run = loop.result();
  if (trace_out) *trace_out = run.activity;
  EventStream s;
  s.config_tag = cfg.tag();
  s.gemm = {a.rows, a.cols, b.cols};
  const uint64_t first = loop.first_edge(), n = run.activity.cycles;
  if (n == 0) return s;
  auto at = [&](int64_t e) { return e < 0 ? EventDeltas{} : cum[std::min<size_t>(size_t(e), cum.size() - 1)]; };
  for (uint64_t c = 0; c < n; ++c) {
    const int64_t e = int64_t(first + c);
    const EventDeltas hi = c + 1 == n ? cum.back() : at(e), lo = c == 0 ? EventDeltas{} : at(e - 1);
    EventDeltas d;
    for (int k = 0; k < kEventCounters; ++k) d[k] = hi[k] - lo[k];
    s.push(d, run_length);
  }
  return s;
}

void write_event_stream(const EventStream& s, const std::string& path) {
  const uint32_t counters = kEventCounters, tag_len = uint32_t(s.config_tag.size());
  const uint64_t records = s.records();
  const uint32_t mkn[3] = {uint32_t(s.gemm.m), uint32_t(s.gemm.k), uint32_t(s.gemm.n)};
  std::string bytes;
  bytes.reserve(8 + 4 + 4 + tag_len + 12 + 8 + 8 + s.words.size() * 4);
  auto put = [&bytes](const void* p, size_t n) { bytes.append(static_cast<const char*>(p), n); };
  put(kMagic, 8);
  put(&counters, 4);
  put(&tag_len, 4);
  put(s.config_tag.data(), tag_len);
  put(mkn, 12);
  put(&s.cycles, 8);
  put(&records, 8);
  put(s.words.data(), s.words.size() * 4);
  write_file_atomically(path, bytes);
}

EventStream read_event_stream(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw std::runtime_error(path + ": cannot open the event stream");
  auto fail = [&](const std::string& why) { return std::runtime_error(path + ": not a tpe-events-v1 stream (" + why + ")"); };
  char magic[8];
  uint32_t counters = 0, tag_len = 0;
  uint64_t records = 0;
  EventStream s;
  if (!f.read(magic, 8) || std::memcmp(magic, kMagic, 8) != 0) throw fail("bad magic");
  if (!f.read(reinterpret_cast<char*>(&counters), 4) || counters != kEventCounters) throw fail("counter count");
  if (!f.read(reinterpret_cast<char*>(&tag_len), 4) || tag_len > 4096) throw fail("config tag length");
  s.config_tag.resize(tag_len);
  if (!f.read(s.config_tag.data(), tag_len)) throw fail("truncated header");
  uint32_t mkn[3];
  if (!f.read(reinterpret_cast<char*>(mkn), 12)) throw fail("truncated header");
  s.gemm = {int(mkn[0]), int(mkn[1]), int(mkn[2])};
  if (!f.read(reinterpret_cast<char*>(&s.cycles), 8) || !f.read(reinterpret_cast<char*>(&records), 8))
    throw fail("truncated header");
  s.words.resize(records * kRecordWords);
  if (!f.read(reinterpret_cast<char*>(s.words.data()), std::streamsize(s.words.size() * 4)))
    throw fail("truncated records");
  return s;
}

EventTotals replay_event_stream(const EventStream& s) {
  EventTotals t;
  const uint32_t* w = s.words.data();
  const uint32_t* end = w + s.words.size();
  // Integer sums per counter; the energy is priced once from the totals.
  uint64_t sum[kEventCounters] = {};
  uint64_t cycles = 0;
  for (; w < end; w += kRecordWords) {
    const uint64_t rep = w[0];
    cycles += rep;
    for (int k = 0; k < kEventCounters; ++k) sum[k] += rep * w[1 + k];
  }
  for (int k = 0; k < kEventCounters; ++k) t.sum[k] = sum[k];
  t.cycles = cycles;
  t.events = cycles * kEventCounters;
  return t;
}

ActivityTrace totals_to_trace(const EventTotals& t) {
  ActivityTrace tr;
  tr.cycles = t.cycles;
  tr.array = {t.sum[0], t.sum[1], t.sum[2], t.sum[3], t.sum[4], t.sum[5]};
  tr.buffers["a"] = {t.sum[6], 0};
  tr.buffers["b"] = {t.sum[7], 0};
  tr.buffers["c"] = {t.sum[8], t.sum[9]};
  return tr;
}

}  // namespace tpe::hw
