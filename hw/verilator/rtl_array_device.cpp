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
    : cfg_(cfg), result_signed_(product_is_signed(cfg.a, cfg.b)), path_(path) {
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
  const bool os = cfg.dataflow == Dataflow::OutputStationary;
  clk_ = port("clk", true, true);
  rst_ = port("rst", true, true);
  in_valid_ = port("in_valid", true, true);
  a_vec_ = port("a_vec", true, true);
  in_first_ = port("in_first", true, os);
  b_vec_ = port("b_vec", true, os);
  rd_en_ = port("rd_en", true, os);
  rd_row_ = port("rd_row", true, os);
  p_vec_ = port("p_vec", true, !os);
  w_load_ = port("w_load", true, !os);
  w_vec_ = port("w_vec", true, !os);
  out_valid_ = port("out_valid", false, true);
  c_vec_ = port("c_vec", false, true);
  idle_ = port("idle", false, true);
  out_.c.assign(cfg.cols, 0);
}

RtlArrayDevice::~RtlArrayDevice() {
  if (model_) destroy_(model_);
  if (lib_) dlclose(lib_);
}

RtlArrayDevice::Port RtlArrayDevice::port(const std::string& name, bool input, bool required) const {
  for (size_t i = 0; i < names_.size(); ++i)
    if (names_[i] == name) {
      if (bool(is_input_[i]) != input)
        throw std::runtime_error(fmt::format("RTL port {} has the wrong direction", name));
      return Port{int(i), widths_[i]};
    }
  if (required) throw std::runtime_error(fmt::format("RTL top has no port {}", name));
  return Port{};
}

void RtlArrayDevice::set_value(const Port& p, uint64_t v) {
  if (p.id < 0) return;
  uint32_t w[2] = {uint32_t(v), uint32_t(v >> 32)};
  set_(model_, p.id, w);
}

void RtlArrayDevice::set_bit(const Port& p, bool v) { set_value(p, v ? 1 : 0); }

void RtlArrayDevice::set_lanes(const Port& p, const std::vector<int64_t>& lanes, int lane_bits) {
  if (p.id < 0) return;
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

bool RtlArrayDevice::get_bit(const Port& p) {
  uint32_t w[2] = {0, 0};
  get_(model_, p.id, w);
  return w[0] & 1;
}

void RtlArrayDevice::get_lanes(const Port& p, std::vector<int64_t>& lanes) {
  words_.assign((p.width + 31) / 32 + 3, 0);
  get_(model_, p.id, words_.data());
  const int w = cfg_.acc_bits;
  for (size_t i = 0; i < lanes.size(); ++i) {
    const size_t bit = i * size_t(w), word = bit / 32, shift = bit % 32;
    // 96 bits starting at the lane's word always cover a lane of <= 64 bits.
    const unsigned __int128 window = (unsigned __int128)words_[word] | ((unsigned __int128)words_[word + 1] << 32) |
                                     ((unsigned __int128)words_[word + 2] << 64);
    const uint64_t v = uint64_t(window >> shift);
    lanes[i] = wrap_to_accumulator(int64_t(v), w, result_signed_);
  }
}

void RtlArrayDevice::watch_nets(const std::string& top_module) {
  auto count = symbol<NetToggleCounter::CountFn>(lib_, "tpe_rtl_var_count", path_);
  auto info = symbol<NetToggleCounter::InfoFn>(lib_, "tpe_rtl_var_info", path_);
  nets_ = std::make_unique<NetToggleCounter>(model_, count, info, "top." + top_module);
  nets_->sample();
}

void RtlArrayDevice::clock_edge() {
  set_bit(clk_, false);
  eval_(model_);
  set_bit(clk_, true);
  eval_(model_);
  if (nets_) nets_->sample();
}

void RtlArrayDevice::reset() {
  set_bit(rst_, true);
  set_bit(in_valid_, false);
  set_bit(in_first_, false);
  set_bit(rd_en_, false);
  set_bit(w_load_, false);
  clock_edge();
  set_bit(rst_, false);
  if (nets_) {
    // Count the run, not the way out of the random initial state: settle the
    // logic behind rst first.
    eval_(model_);
    nets_->restart();
  }
}

const ArrayOutputs& RtlArrayDevice::tick(const ArrayInputs& in) {
  set_bit(in_valid_, in.in_valid);
  if (in.in_valid) {
    set_lanes(a_vec_, in.a, cfg_.a.bits);
    set_lanes(b_vec_, in.b, cfg_.b.bits);
    set_lanes(p_vec_, in.psum, cfg_.acc_bits);
  }
  set_bit(in_first_, in.in_first);
  set_bit(w_load_, in.w_load);
  if (in.w_load) set_lanes(w_vec_, in.w, cfg_.b.bits);
  set_bit(rd_en_, in.rd_en);
  if (in.rd_en) set_value(rd_row_, uint64_t(in.rd_row));
  clock_edge();
  out_.out_valid = get_bit(out_valid_);
  out_.idle = get_bit(idle_);
  if (out_.out_valid) get_lanes(c_vec_, out_.c);
  return out_;
}

}  // namespace tpe::hw
