#pragma once

#include "tokenize/normalized_string.h"

#include <nlohmann/json_fwd.hpp>

#include <memory>
#include <vector>

namespace interlens {

// A tokenizer.json "pre_tokenizer": cuts a normalized piece into the words the model tokenizes separately
// (and may rewrite them, as ByteLevel does). Appends the non-empty pieces to `out`.
class PreTokenizer
{
public:
    virtual ~PreTokenizer() = default;
    virtual void split(NormalizedString piece, std::vector<NormalizedString>& out) const = 0;

    // Non-null when this pre-tokenizer is exactly "split on the pattern (Isolated), then map every byte to
    // the byte-level alphabet" (GPT-2's ByteLevel, or Split + ByteLevel(use_regex=false) as in Qwen2 / Llama
    // 3): the tokenizer then runs that on plain byte ranges without building a NormalizedString per piece.
    virtual const Pattern* byteLevelSplitPattern() const { return nullptr; }
    // Building blocks for byteLevelSplitPattern() of a Sequence.
    virtual const Pattern* isolatedSplitPattern() const { return nullptr; }
    virtual bool isPlainByteLevelMap() const { return false; }
};

// Builds the pre-tokenizer described by `config` (nullptr for JSON null). Supported types: Sequence,
// ByteLevel, Split, Metaspace, Digits. Throws InputError naming the type for anything else.
std::unique_ptr<PreTokenizer> makePreTokenizer(const nlohmann::json& config);

} // namespace interlens
