#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace interlens {

// GPT-2's byte-level alphabet: every byte is written as a printable character ('Ġ' for a space, 'Ċ' for '\n',
// printable ASCII and Latin-1 as themselves), so vocabularies can hold arbitrary bytes as text.
class ByteLevelAlphabet
{
public:
    static const ByteLevelAlphabet& instance();

    // UTF-8 of the character that stands for each byte.
    const std::string (&byteStrings() const)[256] { return m_byteStrings; }
    // The bytes a byte-level token stands for; nullopt when it holds a character outside the alphabet.
    std::optional<std::string> decode(std::string_view token) const;

private:
    ByteLevelAlphabet();
    std::string m_byteStrings[256];
    int m_byteOfChar[0x180]; // code points used by the alphabet are all below U+0180; -1 elsewhere
};

} // namespace interlens
