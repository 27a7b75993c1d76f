// Real LLM shapes from their published HF config.json files
// (../shared/ref/pe_arith.md section 7 lists the sources).
#pragma once
#include <string>
#include <vector>

#include "models/llm/llm_arch.hpp"

namespace tpe {

const std::vector<LlmArch>& model_catalog();
// Case-insensitive, ignoring '-', '_' and '.' ("llama2-7b" finds "Llama-2-7B").
// Throws std::invalid_argument naming the unknown model and the known ones.
const LlmArch& find_model(const std::string& name);

}  // namespace tpe
