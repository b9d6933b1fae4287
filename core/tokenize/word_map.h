#pragma once

#include "tokenize/encoding.h"

#include <string>
#include <string_view>
#include <vector>

namespace interlens {

// One whitespace-separated word of a prompt and the tokens that carry it.
struct Word
{
    std::string text;
    CharSpan span;           // code points of the prompt
    std::vector<int> tokens; // indices into the encoding whose offsets overlap `span`, ascending
};

// The word -> token map the explainer builds players from.
struct WordMap
{
    std::vector<Word> words;
    // Tokens that overlap no word (whitespace-only tokens, tokens the post-processor added): background.
    std::vector<int> unassignedTokens;
    // Tokens that overlap more than one word (none for the fixture tokenizers); the words they join should
    // become one player.
    std::vector<int> multiWordTokens;

    // Indices of the words equal to `word`. When none is, the words equal to it once the prompt word's
    // leading and trailing punctuation is ignored ("Paris" finds "Paris,"); empty when neither matches.
    std::vector<int> find(std::string_view word) const;
    // Index of the word that contains code point `position`, or -1.
    int wordAt(int position) const;
};

// Words are maximal runs of non-whitespace code points (whitespace as Python's str.split() sees it: Unicode
// White_Space plus U+001C..U+001F), with code-point spans. Throws InputError for invalid UTF-8.
std::vector<Word> splitWords(std::string_view text);

// Maps every word of `text` to the tokens of `encoding` (the encoding of `text`) that overlap it:
// tok.start < word.end && tok.end > word.start, a zero-length span counting as the point word.start <= s <
// end. Tokens added by the post-processor (special mask) never belong to a word.
WordMap buildWordMap(std::string_view text, const Encoding& encoding);

} // namespace interlens
