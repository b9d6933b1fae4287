#include "model/model_facts.h"

#include "model/checkpoint.h"
#include "model/model_loader.h"
#include "model/safetensors.h"

namespace interlens {

CausalLMFacts causalLMFacts(const CausalLM& model)
{
    return {model.architecture(), model.config().configHash, model.weightsFingerprint(), model.vocabSize(),
            model.device()};
}

std::shared_ptr<const CausalLM> loadSharedCausalLM(const std::string& directory, const ComputeDevice& device)
{
    return loadCausalLM(directory, device);
}

std::string checkpointFingerprint(const std::string& directory)
{
    return Checkpoint(directory).fingerprint();
}

SafetensorsSummary summarizeSafetensors(const std::string& path)
{
    const SafetensorsFile file(path);
    SafetensorsSummary summary;
    for (const std::string& name : file.names()) {
        const SafetensorsEntry& e = file.entry(name);
        int64_t count = 1;
        for (int64_t d : e.shape)
            count *= d;
        summary.elements += count;
        if (summary.firstDtype.empty())
            summary.firstDtype = safetensorsDtypeName(e.dtype);
    }
    return summary;
}

} // namespace interlens
