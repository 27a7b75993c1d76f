#include "sim/core/activity.hpp"

#include <nlohmann/json.hpp>

namespace tpe {

nlohmann::json ActivityTrace::to_json() const {
  nlohmann::json bufs = nlohmann::json::object();
  for (auto& [name, b] : buffers) bufs[name] = {{"read_bits", b.read_bits}, {"write_bits", b.write_bits}};
  return {{"cycles", cycles},
          {"array",
           {{"mac", array.macs},
            {"pe_reg_write_bits", array.pe_reg_write_bits},
            {"operand_forward", array.operand_forwards},
            {"acc_readout", array.acc_readouts},
            {"skew_reg_write_bits", array.skew_reg_write_bits},
            {"weight_load_bits", array.weight_load_bits}}},
          {"buffers", bufs}};
}

}  // namespace tpe
