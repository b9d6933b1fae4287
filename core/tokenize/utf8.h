#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace interlens {

// Decodes UTF-8 into code points; throws InputError (naming the byte offset) on invalid UTF-8.
std::u32string decodeUtf8(std::string_view text);

// Throws InputError "<what> is not valid UTF-8 (byte N)" unless `text` is valid UTF-8.
void requireValidUtf8(std::string_view text, const std::string& what);

// Appends the UTF-8 encoding of one code point.
void appendUtf8(std::string& out, char32_t cp);

// Length in bytes of the UTF-8 sequence that starts with `leadByte` (1 for stray bytes).
inline size_t utf8SequenceLength(unsigned char leadByte)
{
    return leadByte < 0xC0 ? 1 : leadByte < 0xE0 ? 2 : leadByte < 0xF0 ? 3 : 4;
}

// The code point at byte `pos` of valid UTF-8 text; advances `pos` past it.
char32_t nextCodePoint(std::string_view text, size_t& pos);

// Bytes to text as Rust's String::from_utf8_lossy does (what HF decoders use): every maximal invalid
// subsequence becomes one U+FFFD.
std::string utf8Lossy(std::string_view bytes);

// For every byte of valid UTF-8 text, the index of the code point that contains it; one more entry at the end
// holds the number of code points, so a half-open byte range maps to a half-open code point range.
std::vector<int> codePointIndexOfBytes(std::string_view text);

// Unicode White_Space (what Rust's char::is_whitespace and regex \s accept).
bool isUnicodeWhiteSpace(char32_t cp);

} // namespace interlens
