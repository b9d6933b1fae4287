#pragma once

// The canonical text of a cache key and its hash: one "name=<byte length>:<bytes>\n" line per field, in the
// order the fields are added, after a header line naming the key's kind and version. The length prefix makes
// the text unambiguous (no two different field lists give the same text, whatever bytes the values hold).
// Used by every key that decides whether a stored result may be reused: the v cache (v_cache.h) and the
// request key (explain/request_key.h).

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace interlens {

class KeyText
{
public:
    explicit KeyText(std::string_view header);

    KeyText& add(std::string_view name, std::string_view value);
    KeyText& add(std::string_view name, const char* value) { return add(name, std::string_view(value)); }
    KeyText& add(std::string_view name, std::int64_t value);
    // Exact: the shortest text that reads back as the same double ("%.17g").
    KeyText& add(std::string_view name, double value);
    KeyText& add(std::string_view name, const std::vector<double>& values);

    const std::string& text() const { return m_text; }
    // Lower-case hex SHA-256 of text() (64 characters).
    std::string sha256() const;

private:
    std::string m_text;
};

// Lower-case hex SHA-256 of `bytes`.
std::string sha256Hex(std::string_view bytes);
// A double as the shortest text that reads back as the same value ("%.17g"); a list joined by ",".
std::string exactText(double value);
std::string exactText(const std::vector<double>& values);

// A setting's value with its type, so that each text formats it its own fixed way: optionText() for the key
// texts (integers in decimal, doubles exactly, lists of doubles joined by ","), JSON numbers and booleans in
// a study's run options (study/study_options.h).
using OptionValue = std::variant<std::string, std::int64_t, double, bool, std::vector<double>>;

// One field of an options struct: its name and how to read its value. Each struct whose fields decide whether
// a stored result may be reused lists them once in such a table (explain/request_key.cpp for the request and
// its solver and baseline options, study/study_options.cpp for a study's run options, v_cache.cpp for the v
// cache's key), and every text of the struct is written from its table.
template <class T> struct OptionField
{
    const char* name;
    std::function<OptionValue(const T&)> value;
};

// The value as key text: strings as they are, integers in decimal, doubles and lists of them as exactText,
// booleans "true"/"false".
std::string optionText(const OptionValue& value);

} // namespace interlens
