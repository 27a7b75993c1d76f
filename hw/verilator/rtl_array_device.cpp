#include "hw/verilator/rtl_array_device.hpp"

#include <dlfcn.h>

#include <stdexcept>

#include <fmt/format.h>

#include "models/gemm/int_gemm.hpp"

namespace tpe::hw {
namespace {

template <class Fn>
Fn symbol(void* lib, const char* name, const std::string& path) {
  void* s = dlsym(lib, name);
  if (!s) throw std::runtime_error(fmt::format("{}: missing symbol {}", path, name));
  return reinterpret_cast<Fn>(s);
}

}  // namespace

RtlArrayDevice::RtlArrayDevice(const EngineConfig& cfg, const std::string& path, uint64_t seed)
    : cfg_(cfg), layout_(PortLayout::of(cfg)), path_(path) {
  // RTLD_LOCAL: every model has its own Vtop symbols, so two can be loaded.
  lib_ = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!lib_) throw std::runtime_error(fmt::format("cannot load Verilated model {}: {}", path, dlerror()));
  auto create = symbol<void* (*)(uint64_t)>(lib_, "tpe_rtl_create", path);
  destroy_ = symbol<void (*)(void*)>(lib_, "tpe_rtl_destroy", path);
  set_ = symbol<void (*)(void*, int, const uint32_t*)>(lib_, "tpe_rtl_set", path);
  get_ = symbol<void (*)(void*, int, uint32_t*)>(lib_, "tpe_rtl_get", path);
  eval_ = symbol<void (*)(void*)>(lib_, "tpe_rtl_eval", path);
  const int n = symbol<int (*)()>(lib_, "tpe_rtl_port_count", path)();
  auto name_of = symbol<const char* (*)(int)>(lib_, "tpe_rtl_port_name", path);
  auto width_of = symbol<int (*)(int)>(lib_, "tpe_rtl_port_width", path);
  auto input_of = symbol<int (*)(int)>(lib_, "tpe_rtl_port_is_input", path);
  for (int i = 0; i < n; ++i) {
    names_.push_back(name_of(i));
    widths_.push_back(width_of(i));
    is_input_.push_back(input_of(i));
  }
  model_ = create(seed);
  clk_ = port("clk", true);
  rst_ = port("rst", true);
  // A data port is written (read) only while the port that qualifies it is set.
  auto gates = [](const std::vector<PortSpec>& ports) {
    std::vector<int> g;
    for (const auto& p : ports) {
      int idx = -1;
      for (size_t i = 0; i < ports.size(); ++i)
        if (!p.gate.empty() && ports[i].name == p.gate) idx = int(i);
      g.push_back(idx);
    }
    return g;
  };
  for (const auto& p : layout_.in) in_ports_.push_back(port(p.name, true));
  for (const auto& p : layout_.out) out_ports_.push_back(port(p.name, false));
  in_gate_ = gates(layout_.in);
  out_gate_ = gates(layout_.out);
  out_ = layout_.make_outputs();
}

RtlArrayDevice::~RtlArrayDevice() {
  if (model_) destroy_(model_);
  if (lib_) dlclose(lib_);
}

RtlArrayDevice::Port RtlArrayDevice::port(const std::string& name, bool input) const {
  for (size_t i = 0; i < names_.size(); ++i)
    if (names_[i] == name) {
      if (bool(is_input_[i]) != input)
        throw std::runtime_error(fmt::format("{}: RTL port {} has the wrong direction", path_, name));
      return Port{int(i), widths_[i]};
    }
  throw std::runtime_error(fmt::format("{}: RTL top has no port {}", path_, name));
}

void RtlArrayDevice::set_value(const Port& p, uint64_t v) {
  uint32_t w[2] = {uint32_t(v), uint32_t(v >> 32)};
  set_(model_, p.id, w);
}

void RtlArrayDevice::set_lanes(const Port& p, const std::vector<int64_t>& lanes, int lane_bits) {
  // Pack lane i at bits [i*w +: w], a lane at a time (it may straddle words).
  words_.assign((p.width + 31) / 32 + 3, 0);
  const uint64_t mask = lane_bits >= 64 ? ~uint64_t(0) : (uint64_t(1) << lane_bits) - 1;
  for (size_t i = 0; i < lanes.size(); ++i) {
    const uint64_t v = uint64_t(lanes[i]) & mask;
    const size_t bit = i * size_t(lane_bits), word = bit / 32, shift = bit % 32;
    words_[word] |= uint32_t(v << shift);
    words_[word + 1] |= uint32_t((v << shift) >> 32);
    if (shift) words_[word + 2] |= uint32_t(v >> (64 - shift));
  }
  set_(model_, p.id, words_.data());
}

void RtlArrayDevice::get_lanes(const Port& p, std::vector<int64_t>& lanes, int w, bool is_signed) {
  words_.assign((p.width + 31) / 32 + 3, 0);
  get_(model_, p.id, words_.data());
  for (size_t i = 0; i < lanes.size(); ++i) {
    const size_t bit = i * size_t(w), word = bit / 32, shift = bit % 32;
    // 96 bits starting at the lane's word always cover a lane of <= 64 bits.
    const unsigned __int128 window = (unsigned __int128)words_[word] | ((unsigned __int128)words_[word + 1] << 32) |
                                     ((unsigned __int128)words_[word + 2] << 64);
    const uint64_t v = uint64_t(window >> shift);
    lanes[i] = wrap_to_accumulator(int64_t(v), w, is_signed);
  }
}

void RtlArrayDevice::watch_nets(const std::string& top_module) {
  auto count = symbol<NetToggleCounter::CountFn>(lib_, "tpe_rtl_var_count", path_);
  auto info = symbol<NetToggleCounter::InfoFn>(lib_, "tpe_rtl_var_info", path_);
  nets_ = std::make_unique<NetToggleCounter>(model_, count, info, "top." + top_module);
  nets_->sample();
}

void RtlArrayDevice::write_wave(const std::string& vcd_path, uint64_t period_ps) {
  auto open = reinterpret_cast<int (*)(void*, const char*)>(dlsym(lib_, "tpe_rtl_trace_open"));
  trace_dump_ = reinterpret_cast<void (*)(void*, uint64_t)>(dlsym(lib_, "tpe_rtl_trace_dump"));
  if (!open || !trace_dump_)
    throw std::logic_error(fmt::format("{}: built without tracing (VerilatorSources::trace)", path_));
  if (!open(model_, vcd_path.c_str())) throw std::runtime_error(fmt::format("{}: cannot write the waveform", vcd_path));
  wave_period_ps_ = period_ps;
  wave_edges_ = 0;
}

void RtlArrayDevice::clock_edge() {
  set_value(clk_, 0);
  eval_(model_);
  if (trace_dump_ && wave_edges_ > 0) trace_dump_(model_, wave_edges_ * wave_period_ps_ - wave_period_ps_ / 2);
  set_value(clk_, 1);
  eval_(model_);
  if (trace_dump_) trace_dump_(model_, wave_edges_++ * wave_period_ps_);
  if (nets_) nets_->sample();
}

void RtlArrayDevice::reset() {
  set_value(rst_, 1);
  for (size_t p = 0; p < in_ports_.size(); ++p)
    if (layout_.in[p].width() == 1) set_value(in_ports_[p], 0);
  clock_edge();
  set_value(rst_, 0);
  if (nets_) {
    // Count the run, not the way out of the random initial state: settle the
    // logic behind rst first.
    eval_(model_);
    nets_->restart();
  }
}

const ArrayOutputs& RtlArrayDevice::tick(const ArrayInputs& in) {
  if (in.port.size() != in_ports_.size())
    throw std::logic_error(fmt::format("{}: {} input port values given, the family declares {}", path_,
                                       in.port.size(), in_ports_.size()));
  for (size_t p = 0; p < in_ports_.size(); ++p) {
    if (in_gate_[p] >= 0 && !in.flag(in_gate_[p])) continue;  // its value does not matter: leave the port as it is
    const PortSpec& s = layout_.in[p];
    if (s.lanes == 1 && s.lane_bits <= 64)
      set_value(in_ports_[p], uint64_t(in.port[p][0]) & (s.lane_bits >= 64 ? ~uint64_t(0) : (uint64_t(1) << s.lane_bits) - 1));
    else
      set_lanes(in_ports_[p], in.port[p], s.lane_bits);
  }
  clock_edge();
  // Ungated outputs first (flags and status), then the data their flags qualify.
  for (int pass = 0; pass < 2; ++pass)
    for (size_t p = 0; p < out_ports_.size(); ++p) {
      if ((out_gate_[p] >= 0) != (pass == 1)) continue;
      if (out_gate_[p] >= 0 && !out_.flag(out_gate_[p])) continue;
      const PortSpec& s = layout_.out[p];
      get_lanes(out_ports_[p], out_.port[p], s.lane_bits, s.is_signed);
    }
  return out_;
}

}  // namespace tpe::hw
