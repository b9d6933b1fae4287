#include "tokenize/byte_level.h"

#include "tokenize/utf8.h"

#include <algorithm>

namespace interlens {

const ByteLevelAlphabet& ByteLevelAlphabet::instance()
{
    static const ByteLevelAlphabet alphabet;
    return alphabet;
}

ByteLevelAlphabet::ByteLevelAlphabet()
{
    std::fill(std::begin(m_byteOfChar), std::end(m_byteOfChar), -1);
    // Printable bytes keep their own code point; the others get U+0100 upwards, in byte order.
    auto printable = [](int b) {
        return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
    };
    char32_t next = 0x100;
    for (int b = 0; b < 256; ++b) {
        const char32_t cp = printable(b) ? static_cast<char32_t>(b) : next++;
        appendUtf8(m_byteStrings[b], cp);
        m_byteOfChar[cp] = b;
    }
}

std::optional<std::string> ByteLevelAlphabet::decode(std::string_view token) const
{
    std::string bytes;
    bytes.reserve(token.size());
    size_t pos = 0;
    while (pos < token.size()) {
        const char32_t cp = nextCodePoint(token, pos);
        if (cp >= std::size(m_byteOfChar) || m_byteOfChar[cp] < 0)
            return std::nullopt;
        bytes += static_cast<char>(m_byteOfChar[cp]);
    }
    return bytes;
}

} // namespace interlens
