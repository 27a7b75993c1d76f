// One fp16 GEMV on HBM-PIM, reported: shared by `tpe pim` and by `tpe sim`
// on a PIM description (configs/pim/*.json).
#pragma once
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "sim/pim/hbmpim_config.hpp"

namespace tpe::cli {

struct PimReport {
  nlohmann::json json;  // cycles, dram_commands, bank_utilization, speedup_vs_no_pim, ...
  std::string text;     // the same as a table, every figure with its unit
  bool exact = false;   // the units' values equal the reference bit for bit
};

// y_b[n] = W[n x k] x_b[k] for `batch` input vectors; `source`: random or stories260K.
PimReport run_pim_gemv_report(const pim::HbmPimConfig& cfg, int n, int k, int batch, const std::string& source,
                              uint64_t seed);

// Whether a description file is a PIM description (has a "pim" field).
bool is_pim_description(const std::string& path);

}  // namespace tpe::cli
