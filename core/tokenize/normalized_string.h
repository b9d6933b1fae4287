#pragma once

#include "tokenize/pattern.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace interlens {

// Byte span [start, end) in the original input text.
struct OriginalSpan
{
    uint32_t start = 0;
    uint32_t end = 0;
};

// One character of a transformation, with HF's meaning of `change`: 0 replaces the next current character,
// 1 inserts a new one, -n replaces the next character and removes the n after it.
struct CharChange
{
    char32_t ch;
    int change;
};

// A piece of the input on its way through normalizers and pre-tokenizers: the current UTF-8 text and, for
// each of its bytes, the span of the original input it came from. This is HF tokenizers' NormalizedString
// with the alignments kept absolute, so a token's offsets in the original text are read off directly.
class NormalizedString
{
public:
    NormalizedString() = default;
    // `text` is the input slice that starts at byte `originalOffset`; every byte aligns to its whole
    // character.
    NormalizedString(std::string_view text, uint32_t originalOffset);

    const std::string& text() const { return m_text; }
    bool empty() const { return m_text.empty(); }
    // Where this piece starts in the original input (HF offsets_original().0).
    uint32_t originalStart() const { return m_originalStart; }
    // True while the text is still the original slice, byte for byte (nothing transformed it).
    bool isIdentity() const { return m_identity; }

    // The part made of current bytes [start, end).
    NormalizedString slice(size_t start, size_t end) const;
    // The non-empty pieces that splitting on `pattern` with `behavior` gives.
    std::vector<NormalizedString> split(const Pattern& pattern, SplitBehavior behavior,
                                        bool invert = false) const;
    // The original span covered by current bytes [start, end): the first byte's start, the last byte's end
    // (HF).
    OriginalSpan originalSpan(size_t start, size_t end) const;

    // HF transform_range: replaces current bytes [start, end) by `chars`, after dropping `initialRemoved`
    // characters at the start of the range.
    void transformRange(size_t start, size_t end, const std::vector<CharChange>& chars,
                        size_t initialRemoved);
    // HF prepend: the new characters align to the first character. No-op on an empty string.
    void prepend(std::string_view prefix);
    // HF replace: every match of `pattern` becomes `content`.
    void replace(const Pattern& pattern, std::string_view content);
    // Rebuilds the text from `chars`, each a code point and the current byte offset of the character whose
    // alignment it inherits (used by NFC, where composed characters keep their first source character's
    // span).
    void rebuild(const std::vector<std::pair<char32_t, uint32_t>>& chars);
    // Replaces every byte by a string (the byte-level alphabet), aligned like the character the byte belonged
    // to.
    void mapBytes(const std::string (&byteStrings)[256]);

private:
    // The characters transformRange would put in place of current bytes [start, end), appended with their
    // alignments to `text` / `alignments`.
    void appendTransformed(size_t start, size_t end, const std::vector<CharChange>& chars,
                           size_t initialRemoved, std::string& text,
                           std::vector<OriginalSpan>& alignments) const;

    std::string m_text;
    std::vector<OriginalSpan> m_alignments;
    uint32_t m_originalStart = 0;
    bool m_identity = true;
};

} // namespace interlens
