#pragma once

// What layers above core/model need of models without parsing libtorch's headers: a loaded CausalLM's
// identity and device as plain values, a loader whose result can be held where CausalLM is only declared, and
// facts about a checkpoint's files.

#include "common/compute_device.h"

#include <cstdint>
#include <memory>
#include <string>

namespace interlens {

class CausalLM;

struct CausalLMFacts
{
    std::string architecture;       // HF architecture class
    std::string configHash;         // config().configHash
    std::string weightsFingerprint; // CausalLM::weightsFingerprint()
    int64_t vocabSize = 0;
    ComputeDevice device;
};

CausalLMFacts causalLMFacts(const CausalLM& model);

// loadCausalLM() (model_loader.h) into a shared_ptr whose deleter is bound here.
std::shared_ptr<const CausalLM> loadSharedCausalLM(const std::string& directory, const ComputeDevice& device);

// Checkpoint(directory).fingerprint() (model/checkpoint.h): the weights' identity without loading them.
std::string checkpointFingerprint(const std::string& directory);

struct SafetensorsSummary
{
    int64_t elements = 0;   // summed over every tensor of the file
    std::string firstDtype; // safetensors name of the first tensor's dtype ("F32", ...); "" for no tensors
};

// Reads one .safetensors file's header. InputError for unreadable or malformed files.
SafetensorsSummary summarizeSafetensors(const std::string& path);

} // namespace interlens
