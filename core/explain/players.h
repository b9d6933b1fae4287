#pragma once

#include "tokenize/encoding.h"

#include <cstdint>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

namespace interlens {

// A word of the prompt (tokenize/word_map.h splitWords(): a maximal run of non-whitespace code points),
// and within it the core that a player masks: the word without leading/trailing punctuation ("season." ->
// "season").
struct PromptWord
{
    std::string text; // the whole whitespace-delimited word, UTF-8
    CharSpan span;    // the word in code points of the prompt
    std::string core; // the word without surrounding punctuation ("" for pure punctuation)
    CharSpan coreSpan;
};

std::vector<PromptWord> splitPromptWords(const std::string& prompt);

// Which words become players. `spec` is either a comma-separated list of words ("Denver,Broncos"; "word#2"
// picks the word's second occurrence) matched against each word's core, then its full text; or "auto:N", N
// random eligible words (not stop words, not punctuation) drawn with `seed`. The result is ordered by
// position (player j
// <-> bit j). Throws InputError for a word not in the prompt (the message lists the prompt's words), a word
// named twice, N larger than the eligible words, or an empty choice.
std::vector<PromptWord> choosePlayers(const std::string& prompt, const std::string& spec, uint32_t seed,
                                      const std::set<std::string>& stopWords);

// Lower-case stop words, one per line ('#' starts a comment). Throws InputError when the file cannot be read.
std::set<std::string> loadStopWords(const std::filesystem::path& file);

// The English stop-word list shipped in resources/stopwords (embedded in the binary at build time).
const std::set<std::string>& englishStopWords();

// For one tokenizer's encoding of the prompt: per player, the indices of the tokens whose offsets overlap the
// player's core span. Tokens the post-processor added (BOS) never belong to a player. Throws InputError when
// a player has no token or two players share one (the words are not tokenized apart under this tokenizer).
std::vector<std::vector<int64_t>> playerTokenSpans(const Encoding& encoding,
                                                   const std::vector<PromptWord>& players);

} // namespace interlens
