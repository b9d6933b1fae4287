#pragma once

#include <nlohmann/json_fwd.hpp>

#include <functional>
#include <optional>
#include <string>

namespace interlens {

// What tokenizer_config.json (transformers) says about special tokens.
struct SpecialTokensConfig
{
    // Explicit add_bos_token / add_eos_token; absent when the file does not set them.
    std::optional<bool> addBos;
    std::optional<bool> addEos;
    // bos_token... as strings (transformers writes either "<s>" or {"content": "<s>", ...}).
    std::optional<std::string> bosToken;
    std::optional<std::string> eosToken;
    std::optional<std::string> padToken;
    std::optional<std::string> unkToken;
    // The file sets bos_token / eos_token to null (the model has none: no fallback guessing then).
    bool bosNull = false;
    bool eosNull = false;
};

// Throws InputError "tokenizer_config.json: ..." for fields of the wrong type.
SpecialTokensConfig readSpecialTokensConfig(const nlohmann::json& config);

// The post_processor JSON to use when tokenizer_config.json sets add_bos_token / add_eos_token: as
// transformers' LlamaTokenizerFast.update_post_processor, the single-sequence template becomes [BOS] $A [EOS]
// with the flags deciding each; a ByteLevel step of `original` is kept (it only adjusts offsets). `lookup`
// maps a token to its id. Throws InputError when a flag is true but its token is missing or unknown.
nlohmann::json withBosEosTemplate(const nlohmann::json& original, const SpecialTokensConfig& config,
                                  const std::function<std::optional<int>(const std::string&)>& lookup);

} // namespace interlens
