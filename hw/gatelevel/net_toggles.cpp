#include "hw/gatelevel/net_toggles.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace tpe::hw {

NetToggleCounter::NetToggleCounter(void* model, CountFn count, InfoFn info, const std::string& top_scope) {
  const int n = count(model);
  size_t prev = 0, bits = 0;
  for (int i = 0; i < n; ++i) {
    const char *scope = nullptr, *name = nullptr;
    int width = 0, lsb = 0, bytes = 0;
    const void* data = nullptr;
    info(model, i, &scope, &name, &width, &lsb, &bytes, &data);
    const std::string s = scope;
    if (s != top_scope && s.rfind(top_scope + ".", 0) != 0) continue;
    Var v;
    // "top.array.pe_0_0" -> "pe_0_0"; nested instances "a.b" -> "a/b".
    v.path = s.size() > top_scope.size() ? s.substr(top_scope.size() + 1) : "";
    for (char& c : v.path)
      if (c == '.') c = '/';
    v.name = name;
    v.width = width;
    v.lsb = lsb;
    v.bytes = bytes;
    v.data = static_cast<const uint8_t*>(data);
    v.prev_offset = prev;
    v.count_offset = bits;
    prev += size_t(bytes);
    bits += size_t(width);
    vars_.push_back(v);
  }
  if (vars_.empty())
    throw std::runtime_error("net toggles: the Verilated model shows no public nets under " + top_scope +
                             " (was it built with the public_flat_rw config?)");
  prev_.assign(prev, 0);
  counts_.assign(bits, 0);
}

void NetToggleCounter::sample() {
  if (first_) {
    for (const Var& v : vars_) std::memcpy(&prev_[v.prev_offset], v.data, size_t(v.bytes));
    first_ = false;
    return;
  }
  ++cycles_;
  for (const Var& v : vars_) {
    uint8_t* old = &prev_[v.prev_offset];
    if (std::memcmp(old, v.data, size_t(v.bytes)) == 0) continue;
    for (int b = 0; b < v.bytes; ++b) {
      uint8_t diff = uint8_t(old[b] ^ v.data[b]);
      while (diff) {
        const int bit = b * 8 + __builtin_ctz(diff);
        diff = uint8_t(diff & (diff - 1));
        if (bit < v.width) ++counts_[v.count_offset + size_t(bit)];
      }
      old[b] = v.data[b];
    }
  }
}

void NetToggleCounter::restart() {
  std::fill(counts_.begin(), counts_.end(), 0);
  cycles_ = 0;
  first_ = true;
  sample();
}

std::unordered_map<std::string, uint64_t> NetToggleCounter::toggles_by_net() const {
  std::unordered_map<std::string, uint64_t> out;
  out.reserve(counts_.size());
  for (const Var& v : vars_) {
    const std::string prefix = v.path.empty() ? "" : v.path + "/";
    if (v.width == 1 && v.lsb == 0) {
      out[prefix + v.name] = counts_[v.count_offset];
      continue;
    }
    for (int i = 0; i < v.width; ++i)
      out[prefix + v.name + "[" + std::to_string(v.lsb + i) + "]"] = counts_[v.count_offset + size_t(i)];
  }
  return out;
}

}  // namespace tpe::hw
