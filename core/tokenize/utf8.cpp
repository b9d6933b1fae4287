#include "tokenize/utf8.h"

#include "common/error.h"

namespace interlens {

namespace {

// Number of bytes that form a valid (possibly incomplete) prefix of a UTF-8 sequence at `i`, and whether the
// sequence is complete. The accepted second-byte ranges exclude overlong forms, surrogates and values >
// U+10FFFF.
struct SequenceCheck
{
    size_t validPrefix = 0;
    bool complete = false;
};

SequenceCheck checkSequence(std::string_view s, size_t i)
{
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80)
        return {1, true};
    size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (b0 >= 0xC2 && b0 <= 0xDF)
        len = 2;
    else if (b0 == 0xE0) {
        len = 3;
        lo = 0xA0;
    } else if ((b0 >= 0xE1 && b0 <= 0xEC) || b0 == 0xEE || b0 == 0xEF)
        len = 3;
    else if (b0 == 0xED) {
        len = 3;
        hi = 0x9F;
    } else if (b0 == 0xF0) {
        len = 4;
        lo = 0x90;
    } else if (b0 >= 0xF1 && b0 <= 0xF3)
        len = 4;
    else if (b0 == 0xF4) {
        len = 4;
        hi = 0x8F;
    } else
        return {0, false};
    for (size_t k = 1; k < len; ++k) {
        if (i + k >= s.size())
            return {k, false};
        const auto b = static_cast<unsigned char>(s[i + k]);
        const bool ok = k == 1 ? (b >= lo && b <= hi) : (b >= 0x80 && b <= 0xBF);
        if (!ok)
            return {k, false};
    }
    return {len, true};
}

} // namespace

std::u32string decodeUtf8(std::string_view s)
{
    requireValidUtf8(s, "text");
    std::u32string out;
    out.reserve(s.size());
    size_t i = 0;
    while (i < s.size())
        out.push_back(nextCodePoint(s, i));
    return out;
}

void requireValidUtf8(std::string_view text, const std::string& what)
{
    size_t i = 0;
    while (i < text.size()) {
        if (static_cast<unsigned char>(text[i]) < 0x80) {
            ++i;
            continue;
        }
        const SequenceCheck check = checkSequence(text, i);
        if (!check.complete)
            throw InputError(what + " is not valid UTF-8 (byte " + std::to_string(i) + ")");
        i += check.validPrefix;
    }
}

char32_t nextCodePoint(std::string_view s, size_t& pos)
{
    const auto b0 = static_cast<unsigned char>(s[pos]);
    const size_t len = utf8SequenceLength(b0);
    char32_t cp = len == 1 ? b0 : len == 2 ? (b0 & 0x1F) : len == 3 ? (b0 & 0x0F) : (b0 & 0x07);
    for (size_t k = 1; k < len; ++k)
        cp = (cp << 6) | (static_cast<unsigned char>(s[pos + k]) & 0x3F);
    pos += len;
    return cp;
}

void appendUtf8(std::string& out, char32_t cp)
{
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

std::string utf8Lossy(std::string_view bytes)
{
    std::string out;
    out.reserve(bytes.size());
    size_t i = 0;
    while (i < bytes.size()) {
        const SequenceCheck check = checkSequence(bytes, i);
        if (check.complete) {
            out.append(bytes.substr(i, check.validPrefix));
            i += check.validPrefix;
        } else {
            out += "\xEF\xBF\xBD";
            i += check.validPrefix > 0 ? check.validPrefix : 1;
        }
    }
    return out;
}

std::vector<int> codePointIndexOfBytes(std::string_view text)
{
    std::vector<int> index(text.size() + 1);
    int cp = 0;
    size_t i = 0;
    while (i < text.size()) {
        const size_t len = utf8SequenceLength(static_cast<unsigned char>(text[i]));
        for (size_t k = 0; k < len && i + k < text.size(); ++k)
            index[i + k] = cp;
        i += len;
        ++cp;
    }
    index[text.size()] = cp;
    return index;
}

bool isUnicodeWhiteSpace(char32_t cp)
{
    return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
           (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F ||
           cp == 0x3000;
}

} // namespace interlens
