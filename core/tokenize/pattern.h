#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace interlens {

// Half-open byte range [start, end) inside a piece of text.
struct ByteRange
{
    size_t start = 0;
    size_t end = 0;
};

// What a Split pre-tokenizer or a Replace normalizer looks for: a literal string or a regular expression.
// Regexes run on PCRE2 in UTF mode with Unicode properties (\p{L}, \s, case folding), which is what the
// Oniguruma expressions of tokenizer.json files need.
class Pattern
{
public:
    static Pattern literal(std::string text);
    // Throws InputError naming `context` when the expression does not compile.
    static Pattern regex(const std::string& expression, const std::string& context);
    // {"String": "..."} or {"Regex": "..."}, as tokenizer.json writes patterns.
    static Pattern fromJson(const nlohmann::json& config, const std::string& context);

    // Non-overlapping matches, left to right, in valid UTF-8 text.
    std::vector<ByteRange> findAll(std::string_view text) const;

private:
    std::string m_literal;
    std::shared_ptr<struct Pcre2Code> m_regex;
};

// HF SplitDelimiterBehavior: what happens to the matches when a piece is split on a pattern.
enum class SplitBehavior { Removed, Isolated, MergedWithPrevious, MergedWithNext, Contiguous };

// Parses "Removed", "Isolated", ...; throws InputError naming `context` otherwise.
SplitBehavior splitBehaviorFromName(const std::string& name, const std::string& context);

// The pieces (non-empty byte ranges, in order) that splitting `text` on `matches` with `behavior` gives;
// `invert` swaps the roles of matches and the text between them, as HF's Split(invert) does.
std::vector<ByteRange> splitPieces(size_t textLength, const std::vector<ByteRange>& matches,
                                   SplitBehavior behavior, bool invert = false);

} // namespace interlens
