#pragma once

#include "tokenize/normalized_string.h"

#include <nlohmann/json_fwd.hpp>

#include <memory>

namespace interlens {

// A tokenizer.json "normalizer": rewrites a piece of text before pre-tokenization, keeping alignments.
class Normalizer
{
public:
    virtual ~Normalizer() = default;
    virtual void normalize(NormalizedString& text) const = 0;
};

// Builds the normalizer described by `config` (nullptr for JSON null). Supported types: Sequence, Prepend,
// Replace, NFC. Throws InputError naming the type for anything else.
std::unique_ptr<Normalizer> makeNormalizer(const nlohmann::json& config);

} // namespace interlens
