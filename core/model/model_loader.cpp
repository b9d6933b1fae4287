#include "model/model_loader.h"

#include "model/architectures.h"
#include "model/checkpoint.h"
#include "model/memory_budget.h"

#include "common/error.h"
#include "common/json_file.h"
#include "common/regular_file.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <map>

namespace interlens {

namespace {

using Builder = std::function<TransformerParts(const ModelConfig&, const WeightLoader&)>;

const std::map<std::string, Builder>& builders()
{
    static const std::map<std::string, Builder> map = {
        {"gpt2", buildGpt2},       {"llama", buildLlama},        {"mistral", buildLlama},
        {"qwen2", buildLlama},     {"gemma", buildGemma},        {"phi", buildPhi},
        {"phi3", buildPhi3},       {"gpt_neox", buildGptNeox},   {"stablelm", buildStableLm},
        {"falcon", buildFalcon},   {"olmo", buildOlmo},          {"olmo2", buildOlmo2},
        {"gemma2", buildGemma2},   {"gemma3_text", buildGemma3}, {"qwen3", buildQwen3},
        {"mixtral", buildMixtral}, {"qwen2_moe", buildQwen2Moe},
    };
    return map;
}

// config.json's model_type when it is readable, so that an unsupported architecture is reported as such
// before readModelConfig() complains about keys that architecture does not have. Anything unreadable is left
// to readModelConfig(), which reports it properly.
std::string peekModelType(const std::string& directory)
{
    nlohmann::json json;
    try {
        json = readJsonFile(directory + "/config.json", nullptr, kMaxConfigBytes);
    } catch (const InputError&) {
        return {};
    }
    if (!json.is_object() || !json.contains("model_type") || !json["model_type"].is_string())
        return {};
    return json["model_type"].get<std::string>();
}

[[noreturn]] void unsupported(const std::string& directory, const std::string& modelType)
{
    std::string list;
    for (const std::string& t : supportedModelTypes())
        list += (list.empty() ? "" : ", ") + t;
    throw InputError(fileMessage(directory + "/config.json",
                                 "unsupported model_type \"" + modelType + "\" (supported: " + list + ")"));
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
    const std::string peeked = peekModelType(directory);
    if (!peeked.empty() && builders().count(peeked) == 0)
        unsupported(directory, peeked);
    const ModelConfig config = readModelConfig(directory);
    const auto it = builders().find(config.modelType);
    if (it == builders().end())
        unsupported(directory, config.modelType);
    const Checkpoint checkpoint(directory);
    const WeightLoader weights(checkpoint, fitToMemory(checkpoint, device));
    TransformerParts parts = it->second(config, weights);
    parts.weightsFingerprint = checkpoint.fingerprint();
    return std::make_unique<TransformerLM>(std::move(parts));
}

} // namespace interlens
