#include "sim/core/activity.hpp"

#include <stdexcept>

#include <nlohmann/json.hpp>

namespace tpe {

uint64_t ActivityTrace::counter(const std::string& name) const {
  for (size_t i = 0; i < counter_names.size(); ++i)
    if (counter_names[i] == name) return counters[i];
  throw std::out_of_range("activity trace has no counter '" + name + "'");
}

nlohmann::json ActivityTrace::to_json() const {
  nlohmann::json bufs = nlohmann::json::object(), array = nlohmann::json::object();
  for (auto& [name, b] : buffers) bufs[name] = {{"read_bits", b.read_bits}, {"write_bits", b.write_bits}};
  for (size_t i = 0; i < counter_names.size(); ++i) array[counter_names[i]] = counters[i];
  return {{"cycles", cycles}, {"array", array}, {"buffers", bufs}};
}

}  // namespace tpe
