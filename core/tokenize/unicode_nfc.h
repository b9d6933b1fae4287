#pragma once

#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

namespace interlens {

// Unicode Normalization Form C of valid UTF-8 text, keeping track of where each output character came from:
// every output code point is paired with the byte offset (in `text`) of the input character it derives from.
// A composed character derives from its first (starter) character, so "e\u0301" -> {('é', 0)} and the
// absorbed combining mark is covered by nothing, which is how HF tokenizers aligns NFC output.
// Returns an empty vector when the text is already in NFC (the common case, checked cheaply).
//
// The Unicode data (canonical decompositions, combining classes) comes from Qt's QChar tables, so no second
// copy of the Unicode database is shipped; the composition table is derived from them once, on first use.
std::vector<std::pair<char32_t, uint32_t>> nfcWithSources(std::string_view text);

} // namespace interlens
