#include "model/model_loader.h"

#include "model/architectures.h"
#include "model/checkpoint.h"

#include "common/error.h"

#include <functional>
#include <map>

namespace interlens {

namespace {

using Builder = std::function<TransformerParts(const ModelConfig&, const WeightLoader&)>;

const std::map<std::string, Builder>& builders()
{
    static const std::map<std::string, Builder> map = {
        {"gpt2", buildGpt2}, {"llama", buildLlama}, {"mistral", buildLlama}, {"qwen2", buildLlama},
        {"gemma", buildGemma}, {"phi", buildPhi}, {"phi3", buildPhi3},
    };
    return map;
}

} // namespace

const std::vector<std::string>& supportedModelTypes()
{
    static const std::vector<std::string> types = [] {
        std::vector<std::string> out;
        for (const auto& [name, builder] : builders())
            out.push_back(name);
        return out;
    }();
    return types;
}

std::unique_ptr<CausalLM> loadCausalLM(const std::string& directory, const ComputeDevice& device)
{
    initRuntime();
    const ModelConfig config = readModelConfig(directory);
    const auto it = builders().find(config.modelType);
    if (it == builders().end()) {
        std::string list;
        for (const std::string& t : supportedModelTypes())
            list += (list.empty() ? "" : ", ") + t;
        throw InputError(fileMessage(directory + "/config.json", "unsupported model_type \"" + config.modelType
                                                                     + "\" (supported: " + list + ")"));
    }
    const Checkpoint checkpoint(directory);
    const WeightLoader weights(checkpoint, device);
    return std::make_unique<TransformerLM>(it->second(config, weights));
}

} // namespace interlens
