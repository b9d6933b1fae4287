#include "tokenize/decoders.h"

#include "common/error.h"
#include "tokenize/byte_level.h"
#include "tokenize/json_fields.h"
#include "tokenize/pattern.h"
#include "tokenize/utf8.h"

#include <nlohmann/json.hpp>

namespace interlens {

namespace {

class ByteLevelDecoder final : public Decoder
{
public:
    std::vector<std::string> decodeChain(std::vector<std::string> tokens) const override
    {
        // A token with a character outside the byte alphabet (an added token) contributes its own UTF-8
        // bytes.
        std::string bytes;
        for (const std::string& token : tokens) {
            if (auto decoded = ByteLevelAlphabet::instance().decode(token))
                bytes += *decoded;
            else
                bytes += token;
        }
        return {utf8Lossy(bytes)};
    }
};

class MetaspaceDecoder final : public Decoder
{
public:
    MetaspaceDecoder(char32_t replacement, bool stripFirst)
        : m_replacement(replacement), m_stripFirst(stripFirst)
    {
    }
    std::vector<std::string> decodeChain(std::vector<std::string> tokens) const override
    {
        for (size_t i = 0; i < tokens.size(); ++i) {
            std::string out;
            size_t pos = 0;
            while (pos < tokens[i].size()) {
                const char32_t cp = nextCodePoint(tokens[i], pos);
                if (cp != m_replacement)
                    appendUtf8(out, cp);
                else if (!(i == 0 && m_stripFirst))
                    out += ' ';
            }
            tokens[i] = std::move(out);
        }
        return tokens;
    }

private:
    char32_t m_replacement;
    bool m_stripFirst;
};

class ReplaceDecoder final : public Decoder
{
public:
    ReplaceDecoder(Pattern pattern, std::string content)
        : m_pattern(std::move(pattern)), m_content(std::move(content))
    {
    }
    std::vector<std::string> decodeChain(std::vector<std::string> tokens) const override
    {
        for (std::string& token : tokens) {
            const auto matches = m_pattern.findAll(token);
            if (matches.empty())
                continue;
            std::string out;
            size_t previous = 0;
            for (const ByteRange& m : matches) {
                out.append(token, previous, m.start - previous);
                out += m_content;
                previous = m.end;
            }
            out.append(token, previous, std::string::npos);
            token = std::move(out);
        }
        return tokens;
    }

private:
    Pattern m_pattern;
    std::string m_content;
};

class ByteFallbackDecoder final : public Decoder
{
public:
    // Runs of <0xNN> tokens become the text they encode, or one U+FFFD per byte when that is not valid UTF-8.
    std::vector<std::string> decodeChain(std::vector<std::string> tokens) const override
    {
        std::vector<std::string> out;
        std::string bytes;
        size_t byteCount = 0;
        auto flush = [&] {
            if (byteCount == 0)
                return;
            if (utf8Lossy(bytes) == bytes) {
                out.push_back(bytes);
            } else {
                for (size_t k = 0; k < byteCount; ++k)
                    out.emplace_back("\xEF\xBF\xBD");
            }
            bytes.clear();
            byteCount = 0;
        };
        for (std::string& token : tokens) {
            if (const int byte = byteValue(token); byte >= 0) {
                bytes += static_cast<char>(byte);
                ++byteCount;
                continue;
            }
            flush();
            out.push_back(std::move(token));
        }
        flush();
        return out;
    }

private:
    static int byteValue(const std::string& token)
    {
        if (token.size() != 6 || token.compare(0, 3, "<0x") != 0 || token[5] != '>')
            return -1;
        auto hex = [](char c) {
            return c >= '0' && c <= '9'   ? c - '0'
                   : c >= 'A' && c <= 'F' ? c - 'A' + 10
                   : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                          : -1;
        };
        const int hi = hex(token[3]);
        const int lo = hex(token[4]);
        return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
    }
};

class FuseDecoder final : public Decoder
{
public:
    std::vector<std::string> decodeChain(std::vector<std::string> tokens) const override
    {
        std::string joined;
        for (const std::string& token : tokens)
            joined += token;
        return {joined};
    }
};

class StripDecoder final : public Decoder
{
public:
    StripDecoder(char32_t content, size_t start, size_t stop)
        : m_content(content), m_start(start), m_stop(stop)
    {
    }
    // Removes up to `start` leading and `stop` trailing occurrences of the character from every token.
    std::vector<std::string> decodeChain(std::vector<std::string> tokens) const override
    {
        for (std::string& token : tokens) {
            const std::u32string chars = decodeUtf8(token);
            size_t begin = 0;
            while (begin < m_start && begin < chars.size() && chars[begin] == m_content)
                ++begin;
            size_t end = chars.size();
            for (size_t k = 0; k < m_stop && end > begin && chars[end - 1] == m_content; ++k)
                --end;
            std::string out;
            for (size_t i = begin; i < end; ++i)
                appendUtf8(out, chars[i]);
            token = std::move(out);
        }
        return tokens;
    }

private:
    char32_t m_content;
    size_t m_start;
    size_t m_stop;
};

class SequenceDecoder final : public Decoder
{
public:
    explicit SequenceDecoder(std::vector<std::unique_ptr<Decoder>> steps) : m_steps(std::move(steps)) {}
    std::vector<std::string> decodeChain(std::vector<std::string> tokens) const override
    {
        for (const auto& step : m_steps)
            tokens = step->decodeChain(std::move(tokens));
        return tokens;
    }

private:
    std::vector<std::unique_ptr<Decoder>> m_steps;
};

char32_t singleCharacter(const std::string& text, const std::string& context)
{
    const std::u32string chars = decodeUtf8(text);
    if (chars.size() != 1)
        throw InputError(context + ": expected exactly one character, got '" + text + "'");
    return chars.front();
}

size_t count(const nlohmann::json& config, const char* key, const std::string& context)
{
    const auto& value = requiredField(config, key, context);
    if (!value.is_number_unsigned())
        throw InputError(context + ": field '" + key + "' must be a non-negative integer");
    return value.get<size_t>();
}

} // namespace

std::unique_ptr<Decoder> makeDecoder(const nlohmann::json& config)
{
    if (config.is_null())
        return nullptr;
    const std::string type = requiredString(config, "type", "decoder");
    const std::string context = "decoder " + type;
    if (type == "ByteLevel")
        return std::make_unique<ByteLevelDecoder>();
    if (type == "Metaspace") {
        bool stripFirst = optionalBool(config, "add_prefix_space", true, context);
        if (const auto scheme = config.find("prepend_scheme"); scheme != config.end() && scheme->is_string())
            stripFirst = scheme->get<std::string>() != "never";
        return std::make_unique<MetaspaceDecoder>(
            singleCharacter(requiredString(config, "replacement", context), context), stripFirst);
    }
    if (type == "Replace")
        return std::make_unique<ReplaceDecoder>(
            Pattern::fromJson(requiredField(config, "pattern", context), context),
            requiredString(config, "content", context));
    if (type == "ByteFallback")
        return std::make_unique<ByteFallbackDecoder>();
    if (type == "Fuse")
        return std::make_unique<FuseDecoder>();
    if (type == "Strip")
        return std::make_unique<StripDecoder>(
            singleCharacter(requiredString(config, "content", context), context),
            count(config, "start", context), count(config, "stop", context));
    if (type == "Sequence") {
        const NestingGuard guard(context);
        std::vector<std::unique_ptr<Decoder>> steps;
        for (const auto& step : requiredArray(config, "decoders", context))
            if (auto decoder = makeDecoder(step))
                steps.push_back(std::move(decoder));
        return std::make_unique<SequenceDecoder>(std::move(steps));
    }
    throw InputError("unsupported decoder type '" + type + "'");
}

} // namespace interlens
