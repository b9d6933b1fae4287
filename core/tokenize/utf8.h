#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace interlens {

// Decodes UTF-8 into code points; throws InputError (naming the byte offset) on invalid UTF-8.
std::u32string decodeUtf8(std::string_view text);

// Appends the UTF-8 encoding of one code point.
void appendUtf8(std::string& out, char32_t cp);

} // namespace interlens
