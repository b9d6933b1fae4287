#include "tokenize/added_vocabulary.h"

#include "common/error.h"
#include "tokenize/json_fields.h"
#include "tokenize/utf8.h"

#include <QChar>

#include <nlohmann/json.hpp>

namespace interlens {

namespace {

// Rust regex \w: letters, marks, numbers, connector punctuation (and the join controls).
bool isWordCharacter(char32_t cp)
{
    if (cp == 0x200C || cp == 0x200D)
        return true;
    switch (QChar::category(cp)) {
    case QChar::Letter_Uppercase:
    case QChar::Letter_Lowercase:
    case QChar::Letter_Titlecase:
    case QChar::Letter_Modifier:
    case QChar::Letter_Other:
    case QChar::Mark_NonSpacing:
    case QChar::Mark_SpacingCombining:
    case QChar::Mark_Enclosing:
    case QChar::Number_DecimalDigit:
    case QChar::Number_Letter:
    case QChar::Number_Other:
    case QChar::Punctuation_Connector:
        return true;
    default:
        return false;
    }
}

char32_t lastCodePoint(std::string_view text)
{
    size_t start = text.size() - 1;
    while (start > 0 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80)
        --start;
    return nextCodePoint(text, start);
}

// Byte offset where the run of whitespace that ends `text` starts.
size_t trailingWhiteSpaceStart(std::string_view text)
{
    size_t end = text.size();
    while (end > 0) {
        size_t start = end - 1;
        while (start > 0 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80)
            --start;
        size_t p = start;
        if (!isUnicodeWhiteSpace(nextCodePoint(text, p)))
            break;
        end = start;
    }
    return end;
}

// Length in bytes of the run of whitespace that starts `text`.
size_t leadingWhiteSpaceLength(std::string_view text)
{
    size_t pos = 0;
    while (pos < text.size()) {
        size_t next = pos;
        if (!isUnicodeWhiteSpace(nextCodePoint(text, next)))
            break;
        pos = next;
    }
    return pos;
}

} // namespace

void AddedVocabulary::Trie::add(std::string_view content, int tokenIndex)
{
    if (content.empty())
        return;
    firstByte[static_cast<unsigned char>(content[0])] = true;
    uint32_t node = 0;
    for (unsigned char b : content) {
        const auto [it, inserted] =
            edges.emplace((uint64_t(node) << 8) | b, static_cast<uint32_t>(tokenAtNode.size()));
        if (inserted)
            tokenAtNode.push_back(-1);
        node = it->second;
    }
    tokenAtNode[node] = tokenIndex;
}

std::pair<int, size_t> AddedVocabulary::Trie::longestAt(std::string_view text, size_t pos) const
{
    std::pair<int, size_t> best{-1, 0};
    if (!firstByte[static_cast<unsigned char>(text[pos])])
        return best;
    uint32_t node = 0;
    for (size_t i = pos; i < text.size(); ++i) {
        const auto it = edges.find((uint64_t(node) << 8) | static_cast<unsigned char>(text[i]));
        if (it == edges.end())
            break;
        node = it->second;
        if (tokenAtNode[node] >= 0)
            best = {tokenAtNode[node], i + 1 - pos};
    }
    return best;
}

AddedVocabulary::AddedVocabulary(const nlohmann::json& addedTokens, const Normalizer* normalizer)
{
    if (!addedTokens.is_array())
        throw InputError("added_tokens must be an array");
    for (size_t i = 0; i < addedTokens.size(); ++i) {
        const auto& entry = addedTokens[i];
        const std::string context = "added_tokens[" + std::to_string(i) + "]";
        AddedToken token;
        token.content = requiredString(entry, "content", context);
        const auto& id = requiredField(entry, "id", context);
        if (!id.is_number_unsigned() || id.get<uint64_t>() >= kMaxTokenId)
            throw InputError(context + ": 'id' must be an integer in 0.." + std::to_string(kMaxTokenId - 1));
        token.id = id.get<uint32_t>();
        token.special = optionalBool(entry, "special", false, context);
        token.lstrip = optionalBool(entry, "lstrip", false, context);
        token.rstrip = optionalBool(entry, "rstrip", false, context);
        token.singleWord = optionalBool(entry, "single_word", false, context);
        token.normalized = optionalBool(entry, "normalized", !token.special, context);
        requireValidUtf8(token.content, context + " content");
        m_indexById[token.id] = m_tokens.size();
        m_idByContent[token.content] = token.id;
        if (token.normalized) {
            NormalizedString pattern(token.content, 0);
            if (normalizer)
                normalizer->normalize(pattern);
            m_normalizedTrie.add(pattern.text(), static_cast<int>(m_tokens.size()));
        } else {
            m_rawTrie.add(token.content, static_cast<int>(m_tokens.size()));
        }
        m_tokens.push_back(std::move(token));
    }
}

std::vector<AddedTokenSegment> AddedVocabulary::split(std::string_view text, bool normalizedTokens) const
{
    // HF AddedVocabulary::find_matches.
    const Trie& trie = normalizedTokens ? m_normalizedTrie : m_rawTrie;
    std::vector<AddedTokenSegment> segments;
    size_t segmentStart = 0;
    size_t pos = 0;
    while (pos < text.size()) {
        const auto [index, length] = trie.longestAt(text, pos);
        if (index < 0) {
            ++pos;
            continue;
        }
        const AddedToken& token = m_tokens[index];
        size_t start = pos;
        size_t stop = pos + length;
        pos = stop;
        if (token.singleWord) {
            const bool spaceBefore = start == 0 || !isWordCharacter(lastCodePoint(text.substr(0, start)));
            size_t after = stop;
            const bool spaceAfter = stop == text.size() || !isWordCharacter(nextCodePoint(text, after));
            if (!spaceBefore || !spaceAfter)
                continue;
        }
        if (token.lstrip)
            start = std::max(trailingWhiteSpaceStart(text.substr(0, start)), segmentStart);
        if (token.rstrip)
            stop += leadingWhiteSpaceLength(text.substr(stop));
        if (segmentStart < start)
            segments.push_back({segmentStart, start, std::nullopt});
        segments.push_back({start, stop, token.id});
        segmentStart = stop;
    }
    if (segmentStart < text.size())
        segments.push_back({segmentStart, text.size(), std::nullopt});
    return segments;
}

const AddedToken* AddedVocabulary::byId(uint32_t id) const
{
    const auto it = m_indexById.find(id);
    return it == m_indexById.end() ? nullptr : &m_tokens[it->second];
}

const AddedToken* AddedVocabulary::byContent(std::string_view content) const
{
    const auto it = m_idByContent.find(content);
    return it == m_idByContent.end() ? nullptr : byId(it->second);
}

bool AddedVocabulary::isSpecial(uint32_t id) const
{
    const AddedToken* token = byId(id);
    return token && token->special;
}

} // namespace interlens
