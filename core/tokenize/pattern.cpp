#include "tokenize/pattern.h"

#include "common/error.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <nlohmann/json.hpp>

#include <algorithm>

namespace interlens {

struct Pcre2Code
{
    pcre2_code* code = nullptr;
    ~Pcre2Code() { pcre2_code_free(code); }
};

Pattern Pattern::literal(std::string text)
{
    Pattern p;
    p.m_literal = std::move(text);
    return p;
}

Pattern Pattern::regex(const std::string& expression, const std::string& context)
{
    int errorCode = 0;
    PCRE2_SIZE errorOffset = 0;
    auto compiled = std::make_shared<Pcre2Code>();
    compiled->code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(expression.data()), expression.size(),
                                   PCRE2_UTF | PCRE2_UCP, &errorCode, &errorOffset, nullptr);
    if (!compiled->code) {
        PCRE2_UCHAR message[256];
        pcre2_get_error_message(errorCode, message, sizeof(message));
        throw InputError(context + ": invalid regex at offset " + std::to_string(errorOffset) + ": " +
                         reinterpret_cast<const char*>(message));
    }
    // JIT is an optimisation only; the interpreter gives the same matches where it is unavailable.
    pcre2_jit_compile(compiled->code, PCRE2_JIT_COMPLETE);
    Pattern p;
    p.m_regex = std::move(compiled);
    return p;
}

Pattern Pattern::fromJson(const nlohmann::json& config, const std::string& context)
{
    if (config.is_object() && config.contains("String") && config["String"].is_string())
        return literal(config["String"].get<std::string>());
    if (config.is_object() && config.contains("Regex") && config["Regex"].is_string())
        return regex(config["Regex"].get<std::string>(), context);
    throw InputError(context + ": pattern must be {\"String\": ...} or {\"Regex\": ...}");
}

std::vector<ByteRange> Pattern::findAll(std::string_view text) const
{
    std::vector<ByteRange> matches;
    if (!m_regex) {
        if (m_literal.empty())
            return matches;
        for (size_t pos = text.find(m_literal); pos != std::string_view::npos;
             pos = text.find(m_literal, pos + m_literal.size()))
            matches.push_back({pos, pos + m_literal.size()});
        return matches;
    }
    std::unique_ptr<pcre2_match_data, decltype(&pcre2_match_data_free)> data(
        pcre2_match_data_create_from_pattern(m_regex->code, nullptr), &pcre2_match_data_free);
    const auto* subject = reinterpret_cast<PCRE2_SPTR>(text.data());
    size_t offset = 0;
    while (offset <= text.size()) {
        // The text was validated once on entry; re-checking it at every offset would make matching quadratic.
        int rc =
            pcre2_match(m_regex->code, subject, text.size(), offset, PCRE2_NO_UTF_CHECK, data.get(), nullptr);
        if (rc ==
            PCRE2_ERROR_JIT_STACKLIMIT) // very long runs can exhaust the JIT stack; the interpreter copes
            rc = pcre2_match(m_regex->code, subject, text.size(), offset, PCRE2_NO_UTF_CHECK | PCRE2_NO_JIT,
                             data.get(), nullptr);
        if (rc == PCRE2_ERROR_NOMATCH)
            break;
        if (rc < 0) {
            PCRE2_UCHAR message[256];
            pcre2_get_error_message(rc, message, sizeof(message));
            throw InputError(std::string("regex matching failed: ") + reinterpret_cast<const char*>(message));
        }
        const PCRE2_SIZE* ovector = pcre2_get_ovector_pointer(data.get());
        const size_t start = ovector[0];
        const size_t end = ovector[1];
        if (end == start) {
            // An empty match splits nothing; step over one code point as Oniguruma's iterator does.
            if (start >= text.size())
                break;
            offset = start + 1;
            while (offset < text.size() && (static_cast<unsigned char>(text[offset]) & 0xC0) == 0x80)
                ++offset;
            continue;
        }
        matches.push_back({start, end});
        offset = end;
    }
    return matches;
}

SplitBehavior splitBehaviorFromName(const std::string& name, const std::string& context)
{
    if (name == "Removed")
        return SplitBehavior::Removed;
    if (name == "Isolated")
        return SplitBehavior::Isolated;
    if (name == "MergedWithPrevious")
        return SplitBehavior::MergedWithPrevious;
    if (name == "MergedWithNext")
        return SplitBehavior::MergedWithNext;
    if (name == "Contiguous")
        return SplitBehavior::Contiguous;
    throw InputError(context + ": unknown split behavior '" + name + "'");
}

std::vector<ByteRange> splitPieces(size_t textLength, const std::vector<ByteRange>& matches,
                                   SplitBehavior behavior, bool invert)
{
    // The whole text as alternating (range, isMatch) parts, as HF's Pattern::find_matches returns it.
    struct Part
    {
        ByteRange range;
        bool isMatch;
    };
    std::vector<Part> parts;
    size_t previous = 0;
    for (const ByteRange& m : matches) {
        if (m.start > previous)
            parts.push_back({{previous, m.start}, invert});
        parts.push_back({m, !invert});
        previous = m.end;
    }
    if (previous < textLength || parts.empty())
        parts.push_back({{previous, textLength}, invert});

    std::vector<Part> merged;
    switch (behavior) {
    case SplitBehavior::Removed:
        for (const Part& p : parts)
            if (!p.isMatch)
                merged.push_back(p);
        break;
    case SplitBehavior::Isolated:
        merged = parts;
        break;
    case SplitBehavior::MergedWithPrevious: {
        bool previousMatch = false;
        for (const Part& p : parts) {
            if (p.isMatch && !previousMatch && !merged.empty())
                merged.back().range.end = p.range.end;
            else
                merged.push_back(p);
            previousMatch = p.isMatch;
        }
        break;
    }
    case SplitBehavior::MergedWithNext: {
        bool previousMatch = false;
        for (auto it = parts.rbegin(); it != parts.rend(); ++it) {
            if (it->isMatch && !previousMatch && !merged.empty())
                merged.back().range.start = it->range.start;
            else
                merged.push_back(*it);
            previousMatch = it->isMatch;
        }
        std::reverse(merged.begin(), merged.end());
        break;
    }
    case SplitBehavior::Contiguous: {
        bool previousMatch = false;
        for (const Part& p : parts) {
            if (p.isMatch == previousMatch && !merged.empty())
                merged.back().range.end = p.range.end;
            else
                merged.push_back(p);
            previousMatch = p.isMatch;
        }
        break;
    }
    }
    std::vector<ByteRange> pieces;
    pieces.reserve(merged.size());
    for (const Part& p : merged)
        if (p.range.end > p.range.start)
            pieces.push_back(p.range);
    return pieces;
}

} // namespace interlens
