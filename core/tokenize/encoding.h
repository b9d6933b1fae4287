#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace interlens {

using TokenId = std::int32_t;

// Half-open range [start, end) of Unicode code points (not bytes, not UTF-16 units) in the encoded text.
struct CharSpan
{
    int start = 0;
    int end = 0;
    bool operator==(const CharSpan&) const = default;
};

// The result of Tokenizer::encode: one entry per token in each vector.
struct Encoding
{
    std::vector<TokenId> ids;
    // The code points of the text each token covers, as HF reports them: every byte-level or byte-fallback
    // piece of a character spans the whole character; tokens added by the post-processor (BOS...) span [0,
    // 0).
    std::vector<CharSpan> offsets;
    std::vector<std::string> tokens;
    // True for tokens the post-processor added (HF special_tokens_mask); special tokens typed in the text are
    // ordinary tokens here.
    std::vector<bool> specialTokensMask;

    size_t size() const { return ids.size(); }
};

} // namespace interlens
