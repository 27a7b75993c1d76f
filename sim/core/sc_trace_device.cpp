#include "sim/core/sc_trace_device.hpp"

#include <stdexcept>

#include "sim/core/array_io.hpp"

namespace tpe {

namespace {
void pack(const std::vector<int64_t>& lanes, int lane_bits, sc_dt::sc_lv_base& bits) {
  for (size_t i = 0; i < lanes.size(); ++i) {
    const int lo = int(i) * lane_bits;
    bits.range(lo + lane_bits - 1, lo) = sc_dt::uint64(lanes[i]);
  }
}
std::vector<int> gates(const std::vector<PortSpec>& ports) {
  std::vector<int> g;
  for (const PortSpec& p : ports) {
    int idx = -1;
    for (size_t i = 0; i < ports.size(); ++i)
      if (!p.gate.empty() && ports[i].name == p.gate) idx = int(i);
    g.push_back(idx);
  }
  return g;
}

// Every bit X: a value that does not matter this cycle.
void unknown(sc_dt::sc_lv_base& bits) {
  for (int i = 0; i < bits.length(); ++i) bits.set_bit(i, sc_dt::Log_X);
}

}  // namespace

ScTraceDevice::ScTraceDevice(ArrayDevice& inner, const EngineConfig& cfg, const std::string& vcd_stem)
    : inner_(inner), layout_(PortLayout::of(cfg)) {
  if (sc_core::sc_get_status() != sc_core::SC_ELABORATION)
    throw std::logic_error("ScTraceDevice: an sc_trace file must be opened before the SystemC kernel starts");
  file_ = sc_core::sc_create_vcd_trace_file(vcd_stem.c_str());
  if (!file_) throw std::runtime_error(vcd_stem + ".vcd: cannot create the model's waveform");
  // The time unit stays the default, 1 ps, as in the RTL waveform.
  sc_core::sc_trace(file_, rst_, "rst");
  in_gate_ = gates(layout_.in);
  out_gate_ = gates(layout_.out);
  auto add = [&](const std::vector<PortSpec>& ports, std::deque<sc_dt::sc_lv_base>& bits, std::deque<bool>& flags) {
    for (const PortSpec& p : ports) {
      bits.emplace_back(std::max(p.width(), 1));
      flags.push_back(false);
      if (p.width() == 1)
        sc_core::sc_trace(file_, flags.back(), p.name);
      else
        sc_core::sc_trace(file_, bits.back(), p.name);
    }
  };
  add(layout_.in, in_bits_, in_flags_);
  add(layout_.out, out_bits_, out_flags_);
}

ScTraceDevice::~ScTraceDevice() {
  if (file_) sc_core::sc_close_vcd_trace_file(file_);
}

void ScTraceDevice::record(const ArrayInputs* in, const ArrayOutputs* out) {
  for (size_t p = 0; p < layout_.in.size(); ++p) {
    if (!in) {
      in_flags_[p] = false;
      in_bits_[p] = 0;
    } else if (layout_.in[p].width() == 1) {
      in_flags_[p] = in->port[p][0] != 0;
    } else if (in_gate_[p] >= 0 && !in->flag(in_gate_[p])) {
      unknown(in_bits_[p]);
    } else {
      pack(in->port[p], layout_.in[p].lane_bits, in_bits_[p]);
    }
  }
  for (size_t p = 0; p < layout_.out.size(); ++p) {
    if (!out) {
      out_flags_[p] = false;
      out_bits_[p] = 0;
    } else if (layout_.out[p].width() == 1) {
      out_flags_[p] = out->port[p][0] != 0;
    } else if (out_gate_[p] >= 0 && !out->flag(out_gate_[p])) {
      unknown(out_bits_[p]);
    } else {
      pack(out->port[p], layout_.out[p].lane_bits, out_bits_[p]);
    }
  }
}

void ScTraceDevice::reset() {
  inner_.reset();
  rst_ = true;
  record(nullptr, nullptr);
}

const ArrayOutputs& ScTraceDevice::tick(const ArrayInputs& in) {
  const ArrayOutputs& out = inner_.tick(in);
  rst_ = false;
  record(&in, &out);
  return out;
}

}  // namespace tpe
