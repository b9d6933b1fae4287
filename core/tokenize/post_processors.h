#pragma once

#include "tokenize/encoding.h"

#include <nlohmann/json_fwd.hpp>

#include <memory>
#include <optional>

namespace interlens {

// A tokenizer.json "post_processor": adds special tokens (BOS/EOS) around the encoded sequence and may adjust
// offsets. HF calls it for every encode; `addSpecialTokens` says whether tokens may be added.
class PostProcessor
{
public:
    virtual ~PostProcessor() = default;
    virtual void process(Encoding& encoding, bool addSpecialTokens) const = 0;
    // The special token the processor puts first / last in a single sequence, if any (used for bos/eos ids).
    virtual std::optional<TokenId> leadingSpecialId() const { return std::nullopt; }
    virtual std::optional<TokenId> trailingSpecialId() const { return std::nullopt; }
};

// Builds the post-processor described by `config` (nullptr for JSON null). Supported types:
// TemplateProcessing, ByteLevel, Sequence. Throws InputError naming the type for anything else.
std::unique_ptr<PostProcessor> makePostProcessor(const nlohmann::json& config);

} // namespace interlens
