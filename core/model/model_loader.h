#pragma once

#include "model/causal_lm.h"
#include "model/runtime.h"

#include <memory>
#include <string>
#include <vector>

namespace interlens {

// model_type values loadCausalLM() understands.
const std::vector<std::string>& supportedModelTypes();

// Loads a Hugging Face causal LM folder (config.json + model.safetensors or a sharded index) onto `device`.
// InputError for missing or malformed files, missing/mis-shaped weights and unsupported model types (the
// message lists the supported ones).
std::unique_ptr<CausalLM> loadCausalLM(const std::string& directory, const ComputeDevice& device = {});

} // namespace interlens
