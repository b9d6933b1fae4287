#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace interlens::train {

enum class TokenizerKind {
    ByteLevel,     // GPT-2: ByteLevel pre-tokenizer and decoder, 256 byte symbols, <|endoftext|>
    SentencePiece, // Llama 2: Prepend/Replace "▁" normalizer, byte_fallback <0xNN>, <unk> <s> </s>, BOS added
};

TokenizerKind
tokenizerKindFromName(const std::string& name); // "bytelevel" | "sentencepiece"; InputError else
std::string tokenizerKindName(TokenizerKind kind);

// The two files of a Hugging Face tokenizer folder.
struct TrainedTokenizer
{
    nlohmann::json tokenizerJson;
    nlohmann::json tokenizerConfig;
};

// Trains a BPE tokenizer with exactly `vocabSize` entries (special tokens included; fewer when the corpus
// runs out of pairs seen twice) on `lines`. Deterministic: the same lines give the same files.
TrainedTokenizer trainTokenizer(TokenizerKind kind, const std::vector<std::string>& lines, int vocabSize,
                                int modelMaxLength);

// Writes tokenizer.json and tokenizer_config.json into `directory` (created when missing).
void writeTokenizer(const TrainedTokenizer& tokenizer, const std::string& directory);

} // namespace interlens::train
