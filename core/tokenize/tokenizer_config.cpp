#include "tokenize/tokenizer_config.h"

#include "common/error.h"

#include <nlohmann/json.hpp>

namespace interlens {

namespace {

constexpr const char* kContext = "tokenizer_config.json";

std::optional<bool> flag(const nlohmann::json& config, const char* key)
{
    const auto it = config.find(key);
    if (it == config.end() || it->is_null())
        return std::nullopt;
    if (!it->is_boolean())
        throw InputError(std::string(kContext) + ": '" + key + "' must be true or false");
    return it->get<bool>();
}

std::optional<std::string> tokenName(const nlohmann::json& config, const char* key, bool* isNull = nullptr)
{
    const auto it = config.find(key);
    if (it == config.end())
        return std::nullopt;
    if (it->is_null()) {
        if (isNull)
            *isNull = true;
        return std::nullopt;
    }
    if (it->is_string())
        return it->get<std::string>();
    if (it->is_object() && it->contains("content") && (*it)["content"].is_string())
        return (*it)["content"].get<std::string>();
    throw InputError(std::string(kContext) + ": '" + key + "' must be a string or {\"content\": ...}");
}

nlohmann::json specialItem(const std::string& token)
{
    return {{"SpecialToken", {{"id", token}, {"type_id", 0}}}};
}

} // namespace

SpecialTokensConfig readSpecialTokensConfig(const nlohmann::json& config)
{
    if (!config.is_object())
        throw InputError(std::string(kContext) + ": expected a JSON object at the top level");
    SpecialTokensConfig result;
    result.addBos = flag(config, "add_bos_token");
    result.addEos = flag(config, "add_eos_token");
    result.bosToken = tokenName(config, "bos_token", &result.bosNull);
    result.eosToken = tokenName(config, "eos_token", &result.eosNull);
    result.padToken = tokenName(config, "pad_token");
    result.unkToken = tokenName(config, "unk_token");
    return result;
}

namespace {

// The "type" of a post-processor step, or "" when absent or not a string (json::value() would throw
// type_error, an internal error, on {"type": 5}); makePostProcessor then reports the bad type properly.
std::string stepType(const nlohmann::json& step)
{
    if (!step.is_object())
        return {};
    const auto it = step.find("type");
    return it != step.end() && it->is_string() ? it->get<std::string>() : std::string();
}

} // namespace

nlohmann::json withBosEosTemplate(const nlohmann::json& original, const SpecialTokensConfig& config,
                                  const std::function<std::optional<int>(const std::string&)>& lookup)
{
    nlohmann::json single = nlohmann::json::array();
    nlohmann::json specialTokens = nlohmann::json::object();
    auto add = [&](const std::optional<std::string>& token, const char* field) {
        if (!token)
            throw InputError(std::string(kContext) + ": add_" + field + " is true but " + field +
                             " is not set");
        const auto id = lookup(*token);
        if (!id)
            throw InputError(std::string(kContext) + ": " + field + " '" + *token +
                             "' is not a token of tokenizer.json");
        specialTokens[*token] = {{"id", *token},
                                 {"ids", nlohmann::json::array({*id})},
                                 {"tokens", nlohmann::json::array({*token})}};
        single.push_back(specialItem(*token));
    };
    if (config.addBos.value_or(false))
        add(config.bosToken, "bos_token");
    single.push_back({{"Sequence", {{"id", "A"}, {"type_id", 0}}}});
    if (config.addEos.value_or(false))
        add(config.eosToken, "eos_token");
    const nlohmann::json templ = {
        {"type", "TemplateProcessing"}, {"single", single}, {"special_tokens", specialTokens}};

    if (original.is_object() && original.contains("type") && !original["type"].is_string())
        throw InputError("tokenizer.json: post_processor: field \"type\" must be a string, got " +
                         original["type"].dump().substr(0, 40));
    // Keep the steps that only touch offsets (ByteLevel); the template replaces any other one.
    nlohmann::json steps = nlohmann::json::array();
    if (stepType(original) == "ByteLevel")
        steps.push_back(original);
    if (stepType(original) == "Sequence" && original.contains("processors") &&
        original["processors"].is_array())
        for (const auto& step : original["processors"])
            if (stepType(step) == "ByteLevel")
                steps.push_back(step);
    if (steps.empty())
        return templ;
    steps.push_back(templ);
    return {{"type", "Sequence"}, {"processors", steps}};
}

} // namespace interlens
