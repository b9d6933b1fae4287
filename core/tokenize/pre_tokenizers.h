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
};

// Builds the pre-tokenizer described by `config` (nullptr for JSON null). Supported types: Sequence, ByteLevel,
// Split, Metaspace, Digits. Throws InputError naming the type for anything else.
std::unique_ptr<PreTokenizer> makePreTokenizer(const nlohmann::json& config);

} // namespace interlens
