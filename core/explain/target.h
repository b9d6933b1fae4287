#pragma once

#include "tokenize/tokenizer.h"

#include <string>

namespace interlens {

// The token a model is asked to predict after the prompt.
struct TargetToken
{
    TokenId id = -1;
    std::string token; // the tokenizer's string for it
};

// The first token of `word` as the continuation of `prompt` under this tokenizer: encode(prompt + " " + word)
// and take the first token that reaches past the prompt. That applies each tokenizer's own leading-space rule
// (GPT-2's "Ġword", SentencePiece's "▁word") without special cases. Throws InputError when the word is empty
// or contains whitespace, or when the continuation changes how the prompt itself is tokenized.
TargetToken targetTokenForWord(const Tokenizer& tokenizer, const std::string& prompt,
                               const std::string& word);

} // namespace interlens
