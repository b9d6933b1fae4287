#include "tokenize/normalized_string.h"

#include "tokenize/utf8.h"

#include <algorithm>

namespace interlens {

NormalizedString::NormalizedString(std::string_view text, uint32_t originalOffset)
    : m_text(text), m_originalStart(originalOffset)
{
    m_alignments.resize(text.size());
    size_t i = 0;
    while (i < text.size()) {
        const size_t len = utf8SequenceLength(static_cast<unsigned char>(text[i]));
        const OriginalSpan span{static_cast<uint32_t>(originalOffset + i),
                                static_cast<uint32_t>(originalOffset + i + len)};
        for (size_t k = 0; k < len; ++k)
            m_alignments[i + k] = span;
        i += len;
    }
}

NormalizedString NormalizedString::slice(size_t start, size_t end) const
{
    NormalizedString piece;
    piece.m_text = m_text.substr(start, end - start);
    piece.m_alignments.assign(m_alignments.begin() + start, m_alignments.begin() + end);
    piece.m_originalStart = start < end ? originalSpan(start, end).start : m_originalStart;
    piece.m_identity = m_identity;
    return piece;
}

std::vector<NormalizedString> NormalizedString::split(const Pattern& pattern, SplitBehavior behavior,
                                                      bool invert) const
{
    std::vector<NormalizedString> pieces;
    const auto ranges = splitPieces(m_text.size(), pattern.findAll(m_text), behavior, invert);
    if (ranges.size() == 1 && ranges.front().start == 0 && ranges.front().end == m_text.size()) {
        pieces.push_back(*this);
        return pieces;
    }
    pieces.reserve(ranges.size());
    for (const ByteRange& r : ranges)
        pieces.push_back(slice(r.start, r.end));
    return pieces;
}

OriginalSpan NormalizedString::originalSpan(size_t start, size_t end) const
{
    if (start >= end)
        return {m_originalStart, m_originalStart};
    // HF expand_alignments: the first byte's start and the last byte's end.
    return {m_alignments[start].start, m_alignments[end - 1].end};
}

void NormalizedString::appendTransformed(size_t start, size_t end, const std::vector<CharChange>& chars,
                                         size_t initialRemoved, std::string& text,
                                         std::vector<OriginalSpan>& alignments) const
{
    // Walk the characters being replaced, as HF does, to know which current byte each new character aligns
    // to.
    size_t consumed = start;
    auto skipChar = [&] {
        if (consumed < end)
            consumed += utf8SequenceLength(static_cast<unsigned char>(m_text[consumed]));
    };
    for (size_t k = 0; k < initialRemoved; ++k)
        skipChar();
    for (const CharChange& c : chars) {
        OriginalSpan align;
        if (c.change > 0)
            align =
                consumed >= 1 ? m_alignments[consumed - 1] : OriginalSpan{m_originalStart, m_originalStart};
        else
            align = consumed < m_alignments.size() ? m_alignments[consumed] : m_alignments.back();
        if (c.change <= 0)
            skipChar();
        for (int k = 0; k < -c.change; ++k)
            skipChar();
        const size_t before = text.size();
        appendUtf8(text, c.ch);
        alignments.insert(alignments.end(), text.size() - before, align);
    }
}

void NormalizedString::transformRange(size_t start, size_t end, const std::vector<CharChange>& chars,
                                      size_t initialRemoved)
{
    std::string text;
    std::vector<OriginalSpan> alignments;
    appendTransformed(start, end, chars, initialRemoved, text, alignments);
    m_identity = false;
    m_text.replace(start, end - start, text);
    m_alignments.erase(m_alignments.begin() + start, m_alignments.begin() + end);
    m_alignments.insert(m_alignments.begin() + start, alignments.begin(), alignments.end());
}

void NormalizedString::prepend(std::string_view prefix)
{
    if (m_text.empty() || prefix.empty())
        return;
    size_t pos = 0;
    const char32_t first = nextCodePoint(m_text, pos);
    std::vector<CharChange> chars;
    size_t p = 0;
    while (p < prefix.size())
        chars.push_back({nextCodePoint(prefix, p), chars.empty() ? 0 : 1});
    chars.push_back({first, 1});
    transformRange(0, pos, chars, 0);
}

void NormalizedString::replace(const Pattern& pattern, std::string_view content)
{
    const auto matches = pattern.findAll(m_text);
    if (matches.empty())
        return;
    std::vector<char32_t> contentChars;
    for (size_t p = 0; p < content.size();)
        contentChars.push_back(nextCodePoint(content, p));
    // One pass over the text (a long text with many matches must not be rebuilt once per match).
    std::string text;
    std::vector<OriginalSpan> alignments;
    text.reserve(m_text.size() + matches.size() * content.size());
    alignments.reserve(text.capacity());
    std::vector<CharChange> chars;
    size_t previous = 0;
    for (const ByteRange& m : matches) {
        text.append(m_text, previous, m.start - previous);
        alignments.insert(alignments.end(), m_alignments.begin() + previous, m_alignments.begin() + m.start);
        size_t removed = 0;
        for (size_t i = m.start; i < m.end; i += utf8SequenceLength(static_cast<unsigned char>(m_text[i])))
            ++removed;
        // HF replace: the new characters replace the matched ones one for one, extra ones are insertions and
        // matched characters left over are removed.
        chars.clear();
        for (const char32_t ch : contentChars) {
            if (removed > 0) {
                --removed;
                chars.push_back({ch, 0});
            } else {
                chars.push_back({ch, 1});
            }
        }
        appendTransformed(m.start, m.end, chars, removed, text, alignments);
        previous = m.end;
    }
    text.append(m_text, previous, std::string::npos);
    alignments.insert(alignments.end(), m_alignments.begin() + previous, m_alignments.end());
    m_text = std::move(text);
    m_alignments = std::move(alignments);
    m_identity = false;
}

void NormalizedString::rebuild(const std::vector<std::pair<char32_t, uint32_t>>& chars)
{
    std::string text;
    std::vector<OriginalSpan> alignments;
    text.reserve(m_text.size());
    alignments.reserve(m_text.size());
    for (const auto& [ch, source] : chars) {
        const size_t before = text.size();
        appendUtf8(text, ch);
        alignments.insert(alignments.end(), text.size() - before, m_alignments[source]);
    }
    m_text = std::move(text);
    m_alignments = std::move(alignments);
    m_identity = false;
}

void NormalizedString::mapBytes(const std::string (&byteStrings)[256])
{
    std::string text;
    std::vector<OriginalSpan> alignments;
    text.reserve(m_text.size() * 2);
    alignments.reserve(m_text.size() * 2);
    for (size_t i = 0; i < m_text.size(); ++i) {
        const std::string& mapped = byteStrings[static_cast<unsigned char>(m_text[i])];
        text += mapped;
        alignments.insert(alignments.end(), mapped.size(), m_alignments[i]);
    }
    m_text = std::move(text);
    m_alignments = std::move(alignments);
    m_identity = false;
}

} // namespace interlens
