#include "tokenize/word_map.h"

#include "tokenize/utf8.h"

#include <QChar>

#include <algorithm>

namespace interlens {

namespace {

bool isSplitSpace(char32_t cp)
{
    return isUnicodeWhiteSpace(cp) || (cp >= 0x1C && cp <= 0x1F);
}

bool isPunctuation(char32_t cp)
{
    switch (QChar::category(cp)) {
    case QChar::Punctuation_Connector:
    case QChar::Punctuation_Dash:
    case QChar::Punctuation_Open:
    case QChar::Punctuation_Close:
    case QChar::Punctuation_InitialQuote:
    case QChar::Punctuation_FinalQuote:
    case QChar::Punctuation_Other:
        return true;
    default:
        return false;
    }
}

// `word` without leading and trailing punctuation.
std::string stripPunctuation(std::string_view word)
{
    const std::u32string chars = decodeUtf8(word);
    size_t begin = 0;
    size_t end = chars.size();
    while (begin < end && isPunctuation(chars[begin]))
        ++begin;
    while (end > begin && isPunctuation(chars[end - 1]))
        --end;
    std::string out;
    for (size_t i = begin; i < end; ++i)
        appendUtf8(out, chars[i]);
    return out;
}

bool overlaps(const CharSpan& token, const CharSpan& word)
{
    if (token.start == token.end)
        return word.start <= token.start && token.start < word.end;
    return token.start < word.end && token.end > word.start;
}

} // namespace

std::vector<Word> splitWords(std::string_view text)
{
    requireValidUtf8(text, "prompt");
    std::vector<Word> words;
    size_t pos = 0;
    int index = 0;
    bool inWord = false;
    while (pos < text.size()) {
        const size_t start = pos;
        const char32_t cp = nextCodePoint(text, pos);
        if (isSplitSpace(cp)) {
            inWord = false;
        } else {
            if (!inWord)
                words.push_back({std::string(), {index, index}, {}});
            inWord = true;
            words.back().text.append(text.substr(start, pos - start));
            words.back().span.end = index + 1;
        }
        ++index;
    }
    return words;
}

WordMap buildWordMap(std::string_view text, const Encoding& encoding)
{
    WordMap map;
    map.words = splitWords(text);
    // Spans never go backwards, but tokens can share or overlap spans, so each token is tested against the
    // words near it: the first word that could overlap it is found by binary search.
    for (size_t t = 0; t < encoding.size(); ++t) {
        const CharSpan& span = encoding.offsets[t];
        int hits = 0;
        if (!(t < encoding.specialTokensMask.size() && encoding.specialTokensMask[t])) {
            auto it = std::upper_bound(map.words.begin(), map.words.end(), span.start,
                                       [](int position, const Word& w) { return position < w.span.end; });
            for (; it != map.words.end() && it->span.start <= std::max(span.start, span.end - 1); ++it) {
                if (overlaps(span, it->span)) {
                    it->tokens.push_back(static_cast<int>(t));
                    ++hits;
                }
            }
        }
        if (hits == 0)
            map.unassignedTokens.push_back(static_cast<int>(t));
        else if (hits > 1)
            map.multiWordTokens.push_back(static_cast<int>(t));
    }
    return map;
}

std::vector<int> WordMap::find(std::string_view word) const
{
    std::vector<int> exact;
    for (size_t i = 0; i < words.size(); ++i)
        if (words[i].text == word)
            exact.push_back(static_cast<int>(i));
    if (!exact.empty())
        return exact;
    std::vector<int> loose;
    for (size_t i = 0; i < words.size(); ++i) {
        const std::string stripped = stripPunctuation(words[i].text);
        if (!stripped.empty() && stripped == word)
            loose.push_back(static_cast<int>(i));
    }
    return loose;
}

int WordMap::wordAt(int position) const
{
    const auto it = std::upper_bound(words.begin(), words.end(), position,
                                     [](int p, const Word& w) { return p < w.span.end; });
    return it != words.end() && it->span.start <= position ? static_cast<int>(it - words.begin()) : -1;
}

} // namespace interlens
